// The example app as an npm user writes it, against the package tarball this build produced.
// Synthesizes both example stacks (REST and HTTP API) into the folder given as the first argument.
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const { ScopedCognitoApi, ScopedCognitoHttpApi } = require('cdk-scoped-cognito-api');

class ExampleStack extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    const api = new ScopedCognitoApi(this, 'Api', {
      groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] },
      routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
      machineClients: [{ name: 'reporting', scopes: ['api/readonly'], claims: { team: 'finance' } }],
      triggerEventVersion: cognito.LambdaVersion.V3_0,
      authFlows: { userSrp: true, adminUserPassword: true },
      writeAccessMatrix: true,
    });
    new cdk.CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new cdk.CfnOutput(this, 'ClientId', { value: api.userPoolClient.userPoolClientId });
    new cdk.CfnOutput(this, 'ReportingClientId', { value: api.scopedUserPool.machineClient('reporting').userPoolClientId });
    new cdk.CfnOutput(this, 'TokenEndpoint', { value: api.scopedUserPool.tokenEndpoint });
    new cdk.CfnOutput(this, 'ApiUrl', { value: api.restApi.url });
  }
}

class HttpExampleStack extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    const api = new ScopedCognitoHttpApi(this, 'Api', {
      groupScopes: { Admin: ['orders/read', 'orders/write'], ReadOnly: ['orders/read'] },
      machineClients: [{ name: 'billing', scopes: ['orders/read', 'invoices/write'] }],
      routeScopes: {
        'GET /orders': ['orders/read'],
        'GET /orders/{id}': ['orders/read'],
        'POST /orders': ['orders/write'],
        'DELETE /orders/{id}': ['orders/write'],
        'POST /invoices': ['invoices/write'],
      },
      publicRoutes: ['GET /health'],
      writeAccessMatrix: true,
    });
    new cdk.CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new cdk.CfnOutput(this, 'ClientId', { value: api.userPoolClient.userPoolClientId });
    new cdk.CfnOutput(this, 'BillingClientId', { value: api.scopedUserPool.machineClient('billing').userPoolClientId });
    new cdk.CfnOutput(this, 'TokenEndpoint', { value: api.scopedUserPool.tokenEndpoint });
    new cdk.CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
  }
}

const app = new cdk.App({ outdir: process.argv[2] });
new ExampleStack(app, 'ScopedCognitoApiExample');
new HttpExampleStack(app, 'ScopedCognitoHttpApiExample');
app.synth();
