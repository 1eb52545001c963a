/**
 * The HTTP API example: the same kind of maps guarding an API Gateway HTTP API. Users in
 * Admin may call everything under /orders, ReadOnly users may read; the `billing` service
 * (a machine client) may read orders and post invoices; GET /health is public.
 */
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledgeNagFindings, HTTP_NAG_FINDINGS, PUBLIC_ROUTE_NAG_FINDING } from './nag-findings';
import { ScopedCognitoHttpApi, ScopedCognitoHttpApiProps } from '../src';

/** The HTTP example's maps and settings (the integration tests deploy them too). */
export const HTTP_EXAMPLE: ScopedCognitoHttpApiProps = {
  groupScopes: {
    Admin: ['orders/read', 'orders/write'],
    ReadOnly: ['orders/read'],
  },
  machineClients: [{ name: 'billing', scopes: ['orders/read', 'invoices/write'] }],
  routeScopes: {
    'GET /orders': ['orders/read'],
    'GET /orders/{id}': ['orders/read'],
    'POST /orders': ['orders/write'],
    'DELETE /orders/{id}': ['orders/write'],
    'POST /invoices': ['invoices/write'],
  },
  publicRoutes: ['GET /health'],
  // Lets the integration test (and `aws cognito-idp admin-initiate-auth`) sign users in.
  authFlows: { userSrp: true, adminUserPassword: true },
  writeAccessMatrix: true,
};

export class HttpExampleStack extends Stack {
  public readonly api: ScopedCognitoHttpApi;

  constructor(scope: Construct, id: string, props?: StackProps & { readonly reviewedAccess?: string }) {
    super(scope, id, props);
    this.api = new ScopedCognitoHttpApi(this, 'Api', { ...HTTP_EXAMPLE, reviewedAccess: props?.reviewedAccess });
    acknowledgeNagFindings(this, HTTP_NAG_FINDINGS);
    acknowledgeNagFindings(this.api.routeFor('GET /health'), [PUBLIC_ROUTE_NAG_FINDING]);
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'BillingClientId', { value: this.api.scopedUserPool.machineClient('billing').userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', { value: this.api.scopedUserPool.tokenEndpoint! });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
  }
}
