// Loaded with `node -r` before an integration test app: `aws-cdk-lib` resolves to the release the
// integration tests run on ($SCOPED_COGNITO_INTEG_MODULES, installed by run.sh) instead of the
// project's own, so one copy serves the library, the app and @aws-cdk/integ-tests-alpha.
const Module = require('module');

const modules = process.env.SCOPED_COGNITO_INTEG_MODULES;
if (!modules) throw new Error('SCOPED_COGNITO_INTEG_MODULES is not set: run the integration tests with test/integ/run.sh');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  if (request === 'aws-cdk-lib' || request.startsWith('aws-cdk-lib/')) {
    return resolve.call(this, request, parent, isMain, { ...options, paths: [modules] });
  }
  return resolve.call(this, request, parent, isMain, options);
};
