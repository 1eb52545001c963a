// The example app as an npm user writes it, against the package tarball this build produced.
// Synthesizes the four example stacks (REST API, HTTP API, an HTTP API on the REST stack's pool, and
// the REST API's maps on the Lite plan) into the folder given as the first argument,
// and writes there what accessMatrix() and accessMatrixMarkdown() returned to this language.
const { writeFileSync } = require('fs');
const { join } = require('path');
const cdk = require('aws-cdk-lib');
const cognito = require('aws-cdk-lib/aws-cognito');
const { Enforcement, ScopedCognitoApi, ScopedCognitoHttpApi } = require('cdk-scoped-cognito-api');

class ExampleStack extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    const api = this.api = new ScopedCognitoApi(this, 'Api', {
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
    const api = this.api = new ScopedCognitoHttpApi(this, 'Api', {
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
      authFlows: { userSrp: true, adminUserPassword: true },
      writeAccessMatrix: true,
    });
    new cdk.CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new cdk.CfnOutput(this, 'ClientId', { value: api.userPoolClient.userPoolClientId });
    new cdk.CfnOutput(this, 'BillingClientId', { value: api.scopedUserPool.machineClient('billing').userPoolClientId });
    new cdk.CfnOutput(this, 'TokenEndpoint', { value: api.scopedUserPool.tokenEndpoint });
    new cdk.CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
  }
}

class SharedPoolExampleStack extends cdk.Stack {
  constructor(scope, id, scopedUserPool) {
    super(scope, id);
    const api = this.api = new ScopedCognitoHttpApi(this, 'Api', {
      scopedUserPool,
      routeScopes: { 'GET /reports': ['api/readonly', 'api/admin'], 'DELETE /reports/{id}': ['api/admin'] },
      writeAccessMatrix: true,
    });
    new cdk.CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
  }
}

// The REST example's maps on the Lite plan: no trigger, a generated Lambda authorizer enforces them.
class LiteExampleStack extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    const api = this.api = new ScopedCognitoApi(this, 'Api', {
      enforcement: Enforcement.LAMBDA_AUTHORIZER,
      groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] },
      routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
      machineClients: [{ name: 'reporting', scopes: ['api/readonly'] }],
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

const app = new cdk.App({ outdir: process.argv[2] });
const rest = new ExampleStack(app, 'ScopedCognitoApiExample');
const stacks = [
  rest,
  new HttpExampleStack(app, 'ScopedCognitoHttpApiExample'),
  new LiteExampleStack(app, 'ScopedCognitoLiteApiExample'),
  new SharedPoolExampleStack(app, 'ScopedCognitoSharedPoolExample', rest.api.scopedUserPool),
];
app.synth();

/** Route access rows in the shape every consumer writes. */
const plain = (rows) => rows.map((row) => ({
  api: row.api,
  route: row.route,
  scopes: row.scopes,
  groups: row.groups,
  signedInWithoutGroup: row.signedInWithoutGroup,
  machineClients: row.machineClients,
  isPublic: row.isPublic,
}));

const matrices = {};
for (const stack of stacks) {
  matrices[stack.stackName] = {
    files: stack.api.accessMatrixFiles,
    rows: plain(stack.api.accessMatrix()),
    markdown: stack.api.accessMatrixMarkdown(),
  };
}
writeFileSync(join(process.argv[2], 'access-matrix-from-api.json'), JSON.stringify(matrices, null, 2));
// The REST stack's pool, which the third stack's API shares: one matrix over both APIs.
const pool = rest.api.scopedUserPool;
writeFileSync(
  join(process.argv[2], 'pool-access-matrix-from-api.json'),
  JSON.stringify({ rows: plain(pool.accessMatrix()), markdown: pool.accessMatrixMarkdown() }, null, 2),
);

// Access under review (reviewedAccess): a missing file fails synth, an accept writes it, the same
// maps then pass, and a widened group fails with the change in words. Every consumer writes the
// same record of it, reviewed-access-run.json.
const reviewed = join(process.argv[2], 'reviewed-access', 'orders.txt');
const synthReviewed = (context, readOnlyScopes) => {
  const reviewApp = new cdk.App({ context });
  new ScopedCognitoApi(new cdk.Stack(reviewApp, 'Reviewed'), 'Api', {
    groupScopes: { Admin: ['api/admin'], ReadOnly: readOnlyScopes },
    routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
    reviewedAccess: reviewed,
  });
  try {
    reviewApp.synth();
    return '';
  } catch (error) {
    return String(error.message);
  }
};
const missing = synthReviewed({}, ['api/readonly']);
const accepted = synthReviewed({ 'cdk-scoped-cognito-api:acceptAccess': 'true' }, ['api/readonly']);
const unchanged = synthReviewed({}, ['api/readonly']);
const drift = synthReviewed({}, ['api/readonly', 'api/admin']);
writeFileSync(join(process.argv[2], 'reviewed-access-run.json'), JSON.stringify({
  missing: missing.includes('does not exist'),
  accepted: accepted === '',
  unchanged: unchanged === '',
  // Each change line once, as every consumer writes them.
  drift: [...new Set(drift.split('\n').map((line) => line.trim()).filter((line) => /^[+~-] /.test(line)))],
  file: require('fs').readFileSync(reviewed, 'utf8'),
}, null, 2));
