/**
 * The Lite example: the REST example's groups, routes and machine client on the Lite feature plan.
 * With `Enforcement.LAMBDA_AUTHORIZER` the pool runs no Pre Token Generation trigger; a generated
 * Lambda authorizer verifies each access token and grants a user its groups' scopes (a machine
 * client its token's). Who can call what is the same as the REST example's, for the same maps.
 */
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeNagFindings, LITE_NAG_FINDINGS } from './nag-findings';
import { Enforcement, ScopedCognitoApi, ScopedCognitoApiProps } from '../src';

/**
 * The Lite example's maps and settings (the integration tests deploy them too): the REST example's
 * groups, routes and sign-in flows, written out as in the consumers (test/example.test.ts holds
 * them equal). Its `reporting` client has the same scopes but no claims, which only a trigger can
 * add to a token; and there is no trigger event version, as there is no trigger.
 */
export const LITE_EXAMPLE: ScopedCognitoApiProps = {
  enforcement: Enforcement.LAMBDA_AUTHORIZER,
  groupScopes: {
    Admin: ['api/admin'],
    ReadOnly: ['api/readonly'],
  },
  routeScopes: {
    'GET /admin': ['api/admin'],
    'GET /readonly': ['api/readonly'],
  },
  machineClients: [{ name: 'reporting', scopes: ['api/readonly'] }],
  authFlows: { userSrp: true, adminUserPassword: true },
  writeAccessMatrix: true,
};

export class LiteExampleStack extends Stack {
  public readonly api: ScopedCognitoApi;

  constructor(scope: Construct, id: string, props?: StackProps & { readonly reviewedAccess?: string }) {
    super(scope, id, props);
    this.api = new ScopedCognitoApi(this, 'Api', { ...LITE_EXAMPLE, reviewedAccess: props?.reviewedAccess });
    acknowledgeNagFindings(this, LITE_NAG_FINDINGS);
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ReportingClientId', { value: this.api.scopedUserPool.machineClient('reporting').userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', { value: this.api.scopedUserPool.tokenEndpoint! });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
  }
}
