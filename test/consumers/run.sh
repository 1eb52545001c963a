#!/usr/bin/env bash
# Proves the packages this build produced work the way their users consume them: an npm app, a
# Python app (fresh virtual environment), a Java app (Maven) and a Go app (Go modules) each install
# the freshly built package plus aws-cdk-lib from their own registry, synthesize the seed's setup,
# and the four sets of templates are compared. Run after `npx projen package-all` (the build does it).
set -euo pipefail
# Each consumer accepts a reviewed-access file, as a developer does, which the library refuses where
# CI is set: these apps stand for a developer's machine.
unset CI
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The newest aws-cdk-lib that npm, PyPI and Maven Central all serve here, which the Go module proxy
# serves too (as github.com/aws/aws-cdk-go/awscdk/v2): the same in all four.
CDK_VERSION=2.263.0
out="$root/test-reports/consumers"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"
started=$SECONDS
# The minimal app of the README and docs/rest-and-http-apis.md, in each language, exactly as written
# there; each consumer runs it too, into $out/minimal-<language> (App() writes to CDK_OUTDIR).
npx ts-node --project tsconfig.dev.json test/consumers/readme-apps.ts "$work/minimal"

echo "== npm consumer"
mkdir -p "$work/npm" && cp test/consumers/typescript/app.js "$work/npm/"
(cd "$work/npm" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
  "aws-cdk-lib@$CDK_VERSION" constructs@10 "$root"/dist/js/cdk-scoped-cognito-api@*.jsii.tgz \
  && node app.js "$out/typescript" \
  && cp "$work/minimal/readme-app.js" . && CDK_OUTDIR="$out/minimal-typescript" node readme-app.js >/dev/null)

echo "== Python consumer"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$root"/dist/python/*.whl "aws-cdk-lib==$CDK_VERSION"
"$work/venv/bin/python" test/consumers/python/app.py "$out/python"
CDK_OUTDIR="$out/minimal-python" "$work/venv/bin/python" "$work/minimal/readme-app.py" >/dev/null

echo "== Java consumer"
# Maven keeps what it resolved from dist/java in its local repository: drop that copy, so the jar
# of this build is used and not one from an earlier build with the same version.
rm -rf "${HOME}/.m2/repository/io/github/scopedcognitoapi/cdk-scoped-cognito-api"
cp -r test/consumers/java "$work/java"
cp "$work/minimal/MinimalApp.java" "$work/java/src/main/java/"
mvn --batch-mode --quiet -f "$work/java/pom.xml" -Dcdk.version="$CDK_VERSION" -Dlibrary.repo="file://$root/dist/java" \
  compile exec:java -Dexec.args="$out/java"
CDK_OUTDIR="$out/minimal-java" mvn --batch-mode --quiet -f "$work/java/pom.xml" -Dcdk.version="$CDK_VERSION" \
  -Dlibrary.repo="file://$root/dist/java" -Dconsumer.main=MinimalApp exec:java >/dev/null

echo "== Go consumer"
# The module this build produced (dist/go) stands in for the published one through a replace
# directive in a copy of go.mod; aws-cdk-go comes from the Go module proxy, checked against the
# committed go.sum. The module's go.mod asks for awscdk 2.240.0 at least (its floor), so minimal
# version selection takes CDK_VERSION. Only the awscdk packages the app and the library import are
# compiled; the build cache ($HOME/.cache/go-build) is reused by the next run on the same machine.
# jsii-runtime-go may print "Runtime process exited abnormally: waitid: no child processes" at the
# end: two waits of its own on its node process race; the app still exits 0.
go_started=$SECONDS
cp -r test/consumers/go "$work/go"
(cd "$work/go" \
  && go mod edit -require="github.com/aws/aws-cdk-go/awscdk/v2@v$CDK_VERSION" \
    -replace="github.com/scopedcognitoapi/cdk-scoped-cognito-api-go/cdkscopedcognitoapi=$root/dist/go/cdkscopedcognitoapi" \
  && go mod download && echo "   modules ready after $((SECONDS - go_started)) s" \
  && go build -mod=mod -o consumer . && echo "   compiled after $((SECONDS - go_started)) s" \
  && ./consumer "$out/go" \
  && cp -r "$work/minimal/minimal" . && go build -mod=mod -o minimal-app ./minimal \
  && CDK_OUTDIR="$out/minimal-go" ./minimal-app >/dev/null)
echo
echo "== Go consumer took $((SECONDS - go_started)) s"

echo "== consumers took $((SECONDS - started)) s"
npx ts-node --project tsconfig.dev.json test/consumers/compare-templates.ts "$out"
