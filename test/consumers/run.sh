#!/usr/bin/env bash
# Proves the packages this build produced work the way their users consume them: an npm app, a
# Python app (fresh virtual environment) and a Java app (Maven) each install the freshly built
# package plus aws-cdk-lib from their own registry, synthesize the seed's setup, and the three
# templates are compared. Run after `npx projen package-all` (the build does it).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
# The newest aws-cdk-lib that npm, PyPI and Maven Central all serve here: the same in all three.
CDK_VERSION=2.263.0
out="$root/test-reports/consumers"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$out" && mkdir -p "$out"
started=$SECONDS

echo "== npm consumer"
mkdir -p "$work/npm" && cp test/consumers/typescript/app.js "$work/npm/"
(cd "$work/npm" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
  "aws-cdk-lib@$CDK_VERSION" constructs@10 "$root"/dist/js/cdk-scoped-cognito-api@*.jsii.tgz \
  && node app.js "$out/typescript")

echo "== Python consumer"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$root"/dist/python/*.whl "aws-cdk-lib==$CDK_VERSION"
"$work/venv/bin/python" test/consumers/python/app.py "$out/python"

echo "== Java consumer"
# Maven keeps what it resolved from dist/java in its local repository: drop that copy, so the jar
# of this build is used and not one from an earlier build with the same version.
rm -rf "${HOME}/.m2/repository/io/github/scopedcognitoapi/cdk-scoped-cognito-api"
cp -r test/consumers/java "$work/java"
mvn --batch-mode --quiet -f "$work/java/pom.xml" -Dcdk.version="$CDK_VERSION" -Dlibrary.repo="file://$root/dist/java" \
  compile exec:java -Dexec.args="$out/java"

echo "== consumers took $((SECONDS - started)) s"
npx ts-node --project tsconfig.dev.json test/consumers/compare-templates.ts "$out"
