/**
 * The REST example's API (its maps and settings), deployed: every route called as every caller, as
 * its access matrix says.   On an account: test/integ/run.sh --force (deploys, asserts, destroys)
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { callEveryRoute, disposable } from './call-every-route';
import { REST_EXAMPLE } from '../../example/app';
import { ScopedCognitoApi } from '../../src';

const app = new App();
const stack = new Stack(app, 'IntegScopedCognitoRestApi');
const api = new ScopedCognitoApi(stack, 'Api', REST_EXAMPLE);
const test = new IntegTest(app, 'ScopedCognitoRestApi', {
  testCases: [stack],
  // Compare asset hashes too: a change of the trigger's code or map changes the snapshot.
  diffAssets: true,
  // The machine-client IDs parameter is now named after its stack: updating a stack deployed with
  // the older name replaces it once, which loses nothing (its value is the clients' IDs).
  allowDestroy: ['AWS::SSM::Parameter'],
});
callEveryRoute(test, stack, api, api.restApi.url, 'REST');
disposable(stack);
app.synth();
