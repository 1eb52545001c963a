// The example app as an npm user writes it, against the package tarball this build produced.
// Synthesizes the seed's setup into the folder given as the first argument.
const cdk = require('aws-cdk-lib');
const { ScopedCognitoApi } = require('cdk-scoped-cognito-api');

class ExampleStack extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    const api = new ScopedCognitoApi(this, 'Api', {
      groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] },
      routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
      authFlows: { userSrp: true, adminUserPassword: true },
    });
    new cdk.CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new cdk.CfnOutput(this, 'ClientId', { value: api.userPoolClient.userPoolClientId });
    new cdk.CfnOutput(this, 'ApiUrl', { value: api.restApi.url });
  }
}

const app = new cdk.App({ outdir: process.argv[2] });
new ExampleStack(app, 'ScopedCognitoApiExample');
app.synth();
