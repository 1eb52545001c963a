/**
 * The Lite example's API (the REST example's maps on the Lite plan, Enforcement.LAMBDA_AUTHORIZER),
 * deployed: no trigger, a generated Lambda authorizer, and every route called as every caller, as its
 * access matrix says.   On an account: test/integ/run.sh --force (deploys, asserts, destroys)
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { callEveryRoute, disposable } from './call-every-route';
import { LITE_EXAMPLE } from '../../example/lite-app';
import { ScopedCognitoApi } from '../../src';

const app = new App();
const stack = new Stack(app, 'IntegScopedCognitoLiteApi');
const api = new ScopedCognitoApi(stack, 'Api', LITE_EXAMPLE);
const test = new IntegTest(app, 'ScopedCognitoLiteApi', {
  testCases: [stack],
  // Compare asset hashes too: a change of the authorizer's code or map changes the snapshot.
  diffAssets: true,
});
callEveryRoute(test, stack, api, api.restApi.url, 'REST');
disposable(stack);
app.synth();
