#!/usr/bin/env bash
# The integration tests (test/integ/integ.*.ts) with integ-runner. Without arguments, as CI runs it,
# with no AWS account: integ-runner's snapshot mode synthesizes each test app and compares its test
# stacks with the committed snapshot (a difference fails: integ-runner would deploy to check it,
# and there are no credentials). integ-runner does not compare the assertion stacks, so they are
# then synthesized again and compared too (same-assertions.js): a change to what the tests assert
# fails as well. `--update` only rewrites them, after a change meant to alter what the
# tests deploy or assert; commit the result. On an account: `test/integ/run.sh --force` deploys each
# test, runs its assertions and destroys it (README, "Verify on your account").
#
# integ-runner reads cloud assemblies of schema 53 at most: the tests synthesize with aws-cdk-lib
# 2.245.0 (installed in .integ/, loaded through use-integ-cdk.js), the release
# @aws-cdk/integ-tests-alpha 2.245.0-alpha.0 (the project's dev dependency) is built for.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
cdk=2.245.0
runner=2.197.10
dir="$root/.integ"

installed=$(node -p "try { require('$dir/node_modules/aws-cdk-lib/package.json').version + ' ' + require('$dir/node_modules/@aws-cdk/integ-runner/package.json').version } catch { '' }")
if [ "$installed" != "$cdk $runner" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && echo '{ "name": "integ", "private": true }' > package.json \
    && npm install --no-audit --no-fund --silent --legacy-peer-deps "aws-cdk-lib@$cdk" "@aws-cdk/integ-runner@$runner")
fi

export SCOPED_COGNITO_INTEG_MODULES="$dir/node_modules"
export TS_NODE_PROJECT="$root/tsconfig.dev.json"
app="node -r $root/test/integ/use-integ-cdk.js -r ts-node/register/transpile-only {filePath}"
runner() {
  "$dir/node_modules/.bin/integ-runner" --directory test/integ --language typescript --app "$app" "$@"
}
rewrite() {
  runner --dry-run --force --update-on-failed
}

case "${1:-}" in
  --update) rewrite ;;
  "")
    runner
    # The assertions: rewrite the snapshots, compare, and put them back whatever happens.
    saved=$(mktemp -d)
    cp -R test/integ/*.snapshot "$saved/"
    restore() { rm -rf test/integ/*.snapshot && cp -R "$saved"/*.snapshot test/integ/ && rm -rf "$saved"; }
    trap restore EXIT
    if ! rewrite > "$saved/rewrite.log" 2>&1; then
      cat "$saved/rewrite.log" >&2
      echo "The integration tests did not synthesize (above)." >&2
      exit 1
    fi
    if ! node test/integ/same-assertions.js "$saved" test/integ; then
      echo "The integration tests' assertions changed: run test/integ/run.sh --update, review the snapshots and commit them." >&2
      exit 1
    fi
    ;;
  *) runner "$@" ;;
esac
