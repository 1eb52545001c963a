#!/usr/bin/env bash
# The library's peer floor is aws-cdk-lib 2.189.1, but it builds and tests on a current release,
# and jsii compiles against that one: an API newer than the floor would pass every other check and
# break users who stay on the floor. This compiles src/ and lambda-src/ against the floor and runs
# the construct and handler tests with the floor's aws-cdk-lib loaded in place of the current one.
# (cdk-nag 3 and the example's acknowledgments need 2.257+, so security.test.ts and
# example.test.ts run on the current release only.)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
floor=$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^\\^/, '')")
lib="$root/.floor/node_modules/aws-cdk-lib"

installed=$(node -p "try { require('$lib/package.json').version } catch { '' }")
if [ "$installed" != "$floor" ]; then
  rm -rf .floor && mkdir -p .floor
  # No peers: the floor must load the project's own `constructs`, found up the folder tree.
  (cd .floor && echo '{ "name": "floor", "private": true }' > package.json && npm install --no-audit --no-fund --silent --legacy-peer-deps "aws-cdk-lib@$floor")
fi
echo "== aws-cdk-lib $(node -p "require('$lib/package.json').version") (the peer floor)"

# In .floor/, so that the type roots (node_modules/@types) are found up the folder tree.
cat > .floor/tsconfig.json <<EOF
{
  "extends": "$root/tsconfig.dev.json",
  "compilerOptions": {
    "noEmit": true,
    "paths": { "aws-cdk-lib": ["$lib"], "aws-cdk-lib/*": ["$lib/*"] }
  },
  "include": ["$root/src/**/*.ts", "$root/lambda-src/**/*.ts"]
}
EOF
npx tsc -p .floor/tsconfig.json
echo "src/ and lambda-src/ compile against it"

npx jest --ci --coverage=false --reporters=default \
  --moduleNameMapper="{\"^aws-cdk-lib(/.*)?\$\": \"$lib\$1\"}" \
  --testPathIgnorePatterns '/node_modules/' 'test/security\.test\.ts' 'test/example\.test\.ts' \
  --setupFiles "$root/test/floor/check-floor.ts"
