/**
 * The HTTP example's API (its maps and settings), deployed: every route called as every caller, as
 * its access matrix says.   On an account: test/integ/run.sh --force (deploys, asserts, destroys)
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { callEveryRoute, disposable } from './call-every-route';
import { HTTP_EXAMPLE } from '../../example/http-app';
import { ScopedCognitoHttpApi } from '../../src';

const app = new App();
const stack = new Stack(app, 'IntegScopedCognitoHttpApi');
const api = new ScopedCognitoHttpApi(stack, 'Api', HTTP_EXAMPLE);
const test = new IntegTest(app, 'ScopedCognitoHttpApi', {
  testCases: [stack],
  // Compare asset hashes too: a change of the trigger's code or map changes the snapshot.
  diffAssets: true,
});
callEveryRoute(test, stack, api, api.httpApi.apiEndpoint, 'HTTP');
disposable(stack);
app.synth();
