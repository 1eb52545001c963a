/**
 * What every integration test asserts, on a deployed API: users in each group and in no group,
 * signed in for real and refreshed once; each machine client's client-credentials token; an ID
 * token; no token. Every route is called with each, and the status it must answer is derived from
 * the construct's `accessMatrix()`, never written by hand. The scope claim of each user's access
 * token must be the user's group scopes with the SDK sign-in's and the base scopes; with
 * `Enforcement.LAMBDA_AUTHORIZER`, which runs no trigger, the SDK sign-in's alone.
 *
 * The same users can also sign in through Cognito's endpoint in a replica's Region
 * (`signInEveryCallerIn`), for the APIs deployed there.
 */
import { ExpectedResult, IApiCall, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Annotations, CfnResource, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Enforcement, RouteAccess, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../../src';

/** A throwaway password for the test users, who live only as long as the test's pool. */
const PASSWORD = 'Integ-Test-Passw0rd!';

/** Who calls, and with which token (undefined: none). */
export interface Caller {
  readonly name: string;
  readonly kind: 'group' | 'noGroup' | 'machine' | 'idToken' | 'noToken';
  readonly token?: string;
}

/** A test user of the pool: its name, its group (none: undefined), and the last step of its sign-in in the pool's Region. */
interface TestUser {
  readonly name: string;
  readonly group?: string;
  readonly signedIn: IApiCall;
}

/** Every caller of a pool, signed in in the pool's Region, and the users among them. */
export interface PoolCallers {
  readonly callers: Caller[];
  readonly users: TestUser[];
}

/**
 * The status API Gateway answers `caller` on `row`'s route, from the matrix: 200 from the
 * placeholder integrations where it lets the caller through; 401 without a token; otherwise a REST
 * API's Cognito authorizer answers 401 to a token without one of the route's scopes (an ID token
 * among them: a method with scopes takes access tokens only), and an HTTP API's JWT authorizer 403
 * (an ID token has no `scope`). These are the statuses the README's walkthrough shows.
 *
 * With `Enforcement.LAMBDA_AUTHORIZER` the generated authorizer answers instead: a REST API's
 * refuses a token that does not verify as an access token of the pool (an ID token) with 401 and a
 * verified caller without one of the route's scopes with a `Deny` policy (403); an HTTP API's
 * refuses both with 403. Without a token API Gateway answers 401 without calling it.
 */
export function expectedStatus(row: RouteAccess, caller: Caller, kind: 'REST' | 'HTTP', enforcement: Enforcement = Enforcement.ACCESS_TOKEN_SCOPES): number {
  if (row.isPublic) return 200;
  if (caller.kind === 'noToken') return 401;
  const allowed = (caller.kind === 'group' && row.groups.includes(caller.name))
    || (caller.kind === 'noGroup' && row.signedInWithoutGroup)
    || (caller.kind === 'machine' && row.machineClients.includes(caller.name));
  if (allowed) return 200;
  if (enforcement === Enforcement.LAMBDA_AUTHORIZER) return kind === 'REST' && caller.kind === 'idToken' ? 401 : 403;
  return kind === 'REST' ? 401 : 403;
}

/** The URL of a route, its parameters filled in. */
function routeUrl(baseUrl: string, path: string): string {
  const filled = path.replace(/\{[^}]+\+\}/g, 'a/b').replace(/\{[^}]+\}/g, 'example-id');
  return `${baseUrl.replace(/\/$/, '')}${filled}`;
}

/**
 * Lets integ-runner destroy what the test deploys: the construct retains the pool, its groups and
 * the log groups by design, and protects the pool from deletion. The account's API Gateway
 * CloudWatch setting and its role stay: other APIs of the account and region may log through them.
 */
export function disposable(stack: Stack): void {
  const resources = stack.node.findAll().filter((c): c is CfnResource => c instanceof CfnResource);
  const accounts = resources.filter((r): r is apigateway.CfnAccount => r instanceof apigateway.CfnAccount);
  const loggingRoles = new Set(accounts.map((account) => stack.resolve(account.cloudWatchRoleArn)?.['Fn::GetAtt']?.[0]));
  for (const resource of resources) {
    if (resource instanceof apigateway.CfnAccount || loggingRoles.has(stack.getLogicalId(resource))) continue;
    resource.applyRemovalPolicy(RemovalPolicy.DESTROY);
    if (resource instanceof cognito.CfnUserPool) resource.deletionProtection = 'INACTIVE';
  }
  // Turned off on purpose: the test deletes what it deployed.
  for (const id of ['poolDeletionProtectionOff', 'poolNotRetained', 'groupsNotRetained']) {
    Annotations.of(stack).acknowledgeWarning(`cdk-scoped-cognito-api:${id}`, 'a disposable test stack, deleted after the test');
  }
  // The test watches its own calls; nobody is paged for a stack that lives for one run.
  Annotations.of(stack).acknowledgeWarning('cdk-scoped-cognito-api:alarmsWithoutAction', 'a disposable test stack, deleted after the test');
}

/** Signs a user in for real (creating it, and adding it to `group`), and refreshes its access token once. */
function signedInUser(test: IntegTest, pool: ScopedUserPool, name: string, group?: string) {
  const userPoolId = pool.userPool.userPoolId;
  const clientId = pool.userPoolClient.userPoolClientId;
  const cognitoCall = (command: string, parameters: object, outputPaths?: string[]) =>
    test.assertions.awsApiCall('CognitoIdentityProvider', command, { UserPoolId: userPoolId, ...parameters }, outputPaths);
  const signIn = (outputPaths: string[]) => cognitoCall('AdminInitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: name, PASSWORD },
  }, outputPaths);

  const steps: IApiCall[] = [
    cognitoCall('AdminCreateUser', { Username: name, MessageAction: 'SUPPRESS' }, ['User.Username']),
    cognitoCall('AdminSetUserPassword', { Username: name, Password: PASSWORD, Permanent: true }),
    ...(group ? [cognitoCall('AdminAddUserToGroup', { Username: name, GroupName: group })] : []),
  ];
  // A custom resource answers at most 4 KB, and a token takes up to about 2 KB: a sign-in per token.
  const access = signIn(['AuthenticationResult.AccessToken']);
  const refresh = signIn(['AuthenticationResult.RefreshToken']);
  const id = signIn(['AuthenticationResult.IdToken']);
  steps.reduce((previous, next) => previous.next(next)).next(access).next(refresh).next(id);
  const refreshed = cognitoCall('AdminInitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refresh.getAttString('AuthenticationResult.RefreshToken') },
  }, ['AuthenticationResult.AccessToken']);
  return {
    accessToken: access.getAttString('AuthenticationResult.AccessToken'),
    refreshedAccessToken: refreshed.getAttString('AuthenticationResult.AccessToken'),
    idToken: id.getAttString('AuthenticationResult.IdToken'),
    signedIn: refreshed,
  };
}

/**
 * A machine client's access token from the domain's token endpoint (client credentials, every
 * scope it allows), once the domain is active (a new one may take a minute).
 */
function machineToken(test: IntegTest, pool: ScopedUserPool, name: string): string {
  const client = pool.machineClient(name);
  const domainActive = test.assertions.awsApiCall('CognitoIdentityProvider', 'DescribeUserPoolDomain', { Domain: pool.domain!.domainName })
    .expect(ExpectedResult.objectLike({ DomainDescription: { Status: 'ACTIVE' } }));
  domainActive.waitForAssertions();
  const describe = test.assertions.awsApiCall('CognitoIdentityProvider', 'DescribeUserPoolClient', {
    UserPoolId: pool.userPool.userPoolId,
    ClientId: client.userPoolClientId,
  }, ['UserPoolClient.ClientSecret']);
  domainActive.next(describe);
  const secret = describe.getAttString('UserPoolClient.ClientSecret');
  const token = test.assertions.httpApiCall(pool.tokenEndpoint!, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `Basic ${Fn.base64(`${client.userPoolClientId}:${secret}`)}`,
    },
    body: 'grant_type=client_credentials',
  });
  return token.getAttString('body.access_token');
}

/** A function that answers the sorted `scope` claim of the access token it is given (signature not checked: the API checks that). */
function scopeReader(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'ScopeReader', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline([
      'exports.handler = async ({ token }) => {',
      "  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());",
      "  return (claims.scope || '').split(' ').filter(Boolean).sort().join(' ');",
      '};',
    ].join('\n')),
  });
}

/**
 * The sorted scope claim a user's access token must hold: Cognito's SDK sign-in scope, the base
 * scopes and the group's scopes, nothing more, nothing less (with the authorizer, Cognito's scope
 * alone: the authorizer grants the groups' scopes, the token carries none).
 */
function expectedScope(pool: ScopedUserPool, group?: string): string {
  const byAuthorizer = pool.enforcement === Enforcement.LAMBDA_AUTHORIZER;
  const added = byAuthorizer ? [] : [...pool.baseScopes, ...(group ? pool.groupScopes[group] : [])];
  return [...new Set(['aws.cognito.signin.user.admin', ...added])].sort().join(' ');
}

/**
 * Signs every caller of `pool` in, in the pool's Region: a user in each group and one in no group
 * (each access token refreshed once, and both checked for the expected scope claim), each machine
 * client's token, an ID token, and no token.
 */
export function signInEveryCaller(test: IntegTest, stack: Stack, pool: ScopedUserPool): PoolCallers {
  const groups = Object.keys(pool.groupScopes).sort();
  const reader = scopeReader(stack);
  const callers: Caller[] = [];
  const users: TestUser[] = [];
  let idToken: string | undefined;
  for (const group of [...groups, undefined]) {
    const name = group ? `integ-${group.toLowerCase()}` : 'integ-no-group';
    const user = signedInUser(test, pool, name, group);
    const expected = expectedScope(pool, group);
    for (const token of [user.accessToken, user.refreshedAccessToken]) {
      test.assertions.invokeFunction({ functionName: reader.functionName, payload: JSON.stringify({ token }) })
        .expect(ExpectedResult.objectLike({ Payload: JSON.stringify(expected) }));
    }
    callers.push(group ? { name: group, kind: 'group', token: user.refreshedAccessToken } : { name: '(no group)', kind: 'noGroup', token: user.refreshedAccessToken });
    users.push({ name, group, signedIn: user.signedIn });
    idToken ??= user.idToken;
  }
  // Both kinds accept every machine client of the pool (an HTTP API lists them all in its audience).
  for (const name of Object.keys(pool.machineClientScopes).sort()) {
    callers.push({ name, kind: 'machine', token: machineToken(test, pool, name) });
  }
  callers.push({ name: 'ID token', kind: 'idToken', token: idToken }, { name: 'no token', kind: 'noToken' });
  return { callers, users };
}

/**
 * A function that signs a user in through Cognito's endpoint in a given Region (`InitiateAuth`,
 * `USER_PASSWORD_AUTH`: a client's own call, with no AWS credentials), refreshes once when asked, and
 * answers one token, or the sorted scope claim of the access token. Its answers stay small: a
 * custom resource answers at most 4 KB, and the three tokens of a sign-in take more.
 */
function regionalSignIn(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'RegionalSignIn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    timeout: Duration.seconds(30),
    code: lambda.Code.fromInline([
      'exports.handler = async ({ region, clientId, username, password, answer }) => {',
      '  const initiateAuth = async (AuthFlow, AuthParameters) => {',
      '    const response = await fetch(`https://cognito-idp.${region}.amazonaws.com/`, {',
      "      method: 'POST',",
      "      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },",
      '      body: JSON.stringify({ AuthFlow, ClientId: clientId, AuthParameters }),',
      '    });',
      '    const body = await response.json();',
      '    if (!response.ok) throw new Error(`${AuthFlow} in ${region}: ${response.status} ${body.__type}: ${body.message}`);',
      '    return body.AuthenticationResult;',
      '  };',
      "  const signedIn = await initiateAuth('USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password });",
      "  if (answer === 'idToken') return signedIn.IdToken;",
      "  const tokens = answer.startsWith('refreshed') ? await initiateAuth('REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: signedIn.RefreshToken }) : signedIn;",
      "  if (!answer.endsWith('Scope')) return tokens.AccessToken;",
      "  const claims = JSON.parse(Buffer.from(tokens.AccessToken.split('.')[1], 'base64url').toString());",
      "  return (claims.scope || '').split(' ').filter(Boolean).sort().join(' ');",
      '};',
    ].join('\n')),
  });
}

/**
 * The callers of `pool` for the APIs in a replica's Region: the same users, signed in through
 * Cognito's endpoint in `region` once the replica has them (replication is eventually consistent:
 * each user's first sign-in there is retried until its access token holds the expected scopes, which
 * the replica's own trigger adds), their access token refreshed there once; the machine clients'
 * tokens of the pool's Region (its domain is the pool's: tokens of either Region carry the one
 * issuer); an ID token of the replica; and no token.
 */
export function signInEveryCallerIn(test: IntegTest, stack: Stack, pool: ScopedUserPool, region: string, home: PoolCallers): Caller[] {
  const signIn = regionalSignIn(stack);
  const answer = (user: TestUser, what: 'accessTokenScope' | 'refreshedAccessTokenScope' | 'refreshedAccessToken' | 'idToken') =>
    test.assertions.invokeFunction({
      functionName: signIn.functionName,
      payload: JSON.stringify({ region, clientId: pool.userPoolClient.userPoolClientId, username: user.name, password: PASSWORD, answer: what }),
    });
  const callers: Caller[] = [];
  let idToken: string | undefined;
  for (const user of home.users) {
    const expected = { Payload: JSON.stringify(expectedScope(pool, user.group)) };
    const replicated = answer(user, 'accessTokenScope').expect(ExpectedResult.objectLike(expected))
      .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
    const refreshedScope = answer(user, 'refreshedAccessTokenScope').expect(ExpectedResult.objectLike(expected));
    const refreshed = answer(user, 'refreshedAccessToken');
    const id = answer(user, 'idToken');
    user.signedIn.next(replicated).next(refreshedScope).next(refreshed).next(id);
    const token = refreshed.getAttString('Payload');
    callers.push(user.group ? { name: user.group, kind: 'group', token } : { name: '(no group)', kind: 'noGroup', token });
    idToken ??= id.getAttString('Payload');
  }
  callers.push(...home.callers.filter((caller) => caller.kind === 'machine'));
  callers.push({ name: 'ID token', kind: 'idToken', token: idToken }, { name: 'no token', kind: 'noToken' });
  return callers;
}

/** Calls every route of `rows` (an API's access matrix, at `baseUrl`) as every caller, expecting what the matrix says. */
export function callRoutes(test: IntegTest, rows: RouteAccess[], baseUrl: string, kind: 'REST' | 'HTTP', callers: Caller[], enforcement: Enforcement): void {
  for (const row of rows) {
    const [method, path] = row.route.split(' ');
    for (const caller of callers) {
      test.assertions.httpApiCall(routeUrl(baseUrl, path), {
        method: method === 'ANY' ? 'GET' : method,
        headers: caller.token === undefined ? {} : { authorization: caller.token },
      }).expect(ExpectedResult.objectLike({ status: expectedStatus(row, caller, kind, enforcement) }));
    }
  }
}

/**
 * Calls every route of `api` (at `baseUrl`) as every caller, expecting what the access matrix says,
 * and checks the scope claim of each user's token.
 */
export function callEveryRoute(test: IntegTest, stack: Stack, api: ScopedCognitoApi | ScopedCognitoHttpApi, baseUrl: string, kind: 'REST' | 'HTTP'): void {
  const { callers } = signInEveryCaller(test, stack, api.scopedUserPool);
  callRoutes(test, api.accessMatrix(), baseUrl, kind, callers, api.scopedUserPool.enforcement);
}
