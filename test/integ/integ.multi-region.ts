/**
 * Multi-Region: one pool (the REST example's maps, the default enforcement, its machine client), its
 * replica made by ScopedUserPoolReplica in a second Region, and a REST and an HTTP API in each Region
 * on that pool, deployed: every route of the four APIs called as every caller, as each access matrix
 * says. Tokens for the primary's APIs are issued in the primary, those for the replica's APIs by
 * signing in through Cognito's endpoint in the replica's Region (the machine clients' tokens come from
 * the pool's domain, in the primary).
 *
 * Five stacks, deployed in this order: the multi-Region KMS key (primary Region), its replica key
 * (replica Region), the pool and the primary's APIs, the replica and the replica's APIs, and the
 * assertions (primary Region). The Regions are literal, as a replica needs:
 * SCOPED_COGNITO_INTEG_PRIMARY_REGION (default us-east-1) and SCOPED_COGNITO_INTEG_REPLICA_REGION
 * (default us-west-2); leave them unset for the snapshot. The account is the deploying credentials'
 * (the stacks name none), so the snapshot does not depend on who synthesizes it.
 *   On an account: docs/try-it-on-your-account.md, "The two-Region test" (deploys, asserts, destroys)
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { callRoutes, disposable, signInEveryCaller, signInEveryCallerIn } from './call-every-route';
import { REST_EXAMPLE } from '../../example/app';
import { IssuerType, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool, ScopedUserPoolReplica } from '../../src';

const primaryRegion = process.env.SCOPED_COGNITO_INTEG_PRIMARY_REGION || 'us-east-1';
const replicaRegion = process.env.SCOPED_COGNITO_INTEG_REPLICA_REGION || 'us-west-2';

/**
 * The key's policy, the same for both halves: the account administers it (and its IAM policies
 * may grant its use: CloudFormation's role creates the pool), and Cognito uses it for this
 * account's pools (the statements of Cognito's "Data encryption" guide, not readable where this
 * test was written, are the first thing to check if the pool fails to create).
 */
function keyPolicy(stack: Stack): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({ sid: 'AccountAdministers', principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'CognitoEncryptsThisAccountsPools',
        principals: [new iam.ServicePrincipal('cognito-idp.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    ],
  });
}

const app = new App();
const keyStack = new Stack(app, 'IntegScopedCognitoMultiRegionKey', { env: { region: primaryRegion } });
const key = new kms.CfnKey(keyStack, 'PoolKey', {
  description: 'The integration test pool\'s multi-Region key (cdk-scoped-cognito-api), deleted with the test',
  multiRegion: true,
  keyPolicy: keyPolicy(keyStack),
  pendingWindowInDays: 7,
});
const replicaKeyStack = new Stack(app, 'IntegScopedCognitoMultiRegionReplicaKey', { env: { region: replicaRegion }, crossRegionReferences: true });
new kms.CfnReplicaKey(replicaKeyStack, 'PoolKey', {
  description: 'The replica of the integration test pool\'s multi-Region key (cdk-scoped-cognito-api), deleted with the test',
  primaryKeyArn: key.attrArn,
  keyPolicy: keyPolicy(replicaKeyStack),
  pendingWindowInDays: 7,
});

const primary = new Stack(app, 'IntegScopedCognitoMultiRegionPrimary', { env: { region: primaryRegion } });
// Both halves of the key exist before the pool's stack makes the replica.
primary.addDependency(replicaKeyStack);
const pool = new ScopedUserPool(primary, 'Pool', {
  groupScopes: REST_EXAMPLE.groupScopes!,
  machineClients: REST_EXAMPLE.machineClients,
  triggerEventVersion: REST_EXAMPLE.triggerEventVersion,
  // USER_PASSWORD_AUTH: the replica's users sign in through its Region's endpoint, as a client would.
  authFlows: { ...REST_EXAMPLE.authFlows, userPassword: true },
  issuer: IssuerType.UPDATED,
  encryptionKey: kms.Key.fromKeyArn(primary, 'PoolKey', key.attrArn),
});
const routes = { scopedUserPool: pool, routeScopes: REST_EXAMPLE.routeScopes };
const primaryRest = new ScopedCognitoApi(primary, 'RestApi', routes);
const primaryHttp = new ScopedCognitoHttpApi(primary, 'HttpApi', routes);

const secondary = new Stack(app, 'IntegScopedCognitoMultiRegionReplica', { env: { region: replicaRegion }, crossRegionReferences: true });
new ScopedUserPoolReplica(secondary, 'Replica', { scopedUserPool: pool });
const replicaRest = new ScopedCognitoApi(secondary, 'RestApi', routes);
const replicaHttp = new ScopedCognitoHttpApi(secondary, 'HttpApi', routes);

const stacks = [keyStack, replicaKeyStack, primary, secondary];
// The assertions call Cognito's administrator API in the pool's Region: they live there, and read the replica's API URLs across Regions.
const assertions = new Stack(app, 'IntegScopedCognitoMultiRegionAssertions', { env: { region: primaryRegion }, crossRegionReferences: true });
const test = new IntegTest(app, 'ScopedCognitoMultiRegion', {
  testCases: stacks,
  assertionStack: assertions,
  // Compare asset hashes too: a change of the trigger's code or map changes the snapshot.
  diffAssets: true,
  // The update workflow deploys the committed snapshot first, which names the default Regions, not those chosen.
  stackUpdateWorkflow: false,
});
const home = signInEveryCaller(test, primary, pool);
const away = signInEveryCallerIn(test, primary, pool, replicaRegion, home);
callRoutes(test, primaryRest.accessMatrix(), primaryRest.restApi.url, 'REST', home.callers, pool.enforcement);
callRoutes(test, primaryHttp.accessMatrix(), primaryHttp.httpApi.apiEndpoint, 'HTTP', home.callers, pool.enforcement);
callRoutes(test, replicaRest.accessMatrix(), replicaRest.restApi.url, 'REST', away, pool.enforcement);
callRoutes(test, replicaHttp.accessMatrix(), replicaHttp.httpApi.apiEndpoint, 'HTTP', away, pool.enforcement);
stacks.forEach(disposable);
app.synth();
