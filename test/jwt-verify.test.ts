/**
 * End to end with a real verifier, without an AWS account. For every principal (a user in each
 * group, a user in no group, each machine client) and each way it gets a token (sign-in and refresh
 * through every client the API accepts, client credentials), the test mints an RS256 access token
 * shaped like Cognito's, with the `scope` claim the shipped trigger bundle and Cognito's rule give
 * (test/token-oracle.ts), serves the signing key as a JWKS on loopback, and has awslabs'
 * aws-jwt-verify check the token against each route's scopes as the template states them (any of,
 * as API Gateway checks). Who passes must be exactly what `accessMatrix()` says, for the example
 * app and for random maps; an ID token and no token pass no scoped route.
 */
import { createSign, generateKeyPairSync, KeyObject, randomUUID } from 'crypto';
import { mkdtempSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import * as fc from 'fast-check';
import { REST_EXAMPLE } from '../example/app';
import { HTTP_EXAMPLE } from '../example/http-app';
import { SharedPoolExampleStack } from '../example/shared-pool-app';
import { RouteAccess, ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { cognitoProvidersOf, jwtConfigurationOf, routesOf } from './template-oracle';
import { clientsOf, machineToken, PossibleToken, TemplateClient, userTokens, verified } from './token-oracle';
import { STRICT_CONTEXT } from './util';

type Template = { Resources: Record<string, { Type: string; Properties?: any }>; Outputs?: Record<string, any> };

const REGION = 'eu-west-1';
/** What deployment would make of the pool's logical ID. */
const POOL_ID = `${REGION}_Example42`;
const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;

// ----- a signing key, its JWKS on loopback, and a verifier that fetches it from there ------------

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'example-kid-1';
let server: Server;
let jwksCache: SimpleJwksCache;

beforeAll(async () => {
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] });
  server = createServer((request, response) => {
    const found = request.url === `/${POOL_ID}/.well-known/jwks.json`;
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(found ? jwks : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const loopback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The verifier asks for Cognito's JWKS URI; the fetcher takes it from the loopback server.
  jwksCache = new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        const response = await fetch(uri.replace(`https://cognito-idp.${REGION}.amazonaws.com`, loopback));
        if (!response.ok) throw new Error(`JWKS: ${response.status}`);
        return response.arrayBuffer();
      },
    },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function sign(claims: object, key: KeyObject = privateKey): string {
  const unsigned = `${base64url(JSON.stringify({ kid: KID, alg: 'RS256' }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** An access token as Cognito shapes it: a user's, or a machine client's (no username, `sub` the client). */
function accessToken(token: PossibleToken, clientIds: Map<string, string>, groups?: string[], key?: KeyObject): string {
  const clientId = clientIds.get(token.clientId)!;
  const user = groups === undefined ? {} : { 'sub': randomUUID(), 'username': 'alice', 'cognito:groups': groups, 'auth_time': now() };
  return sign({
    sub: clientId,
    ...user,
    iss: ISSUER,
    client_id: clientId,
    token_use: 'access',
    scope: token.scopes.join(' '),
    iat: now(),
    exp: now() + 3600,
    jti: randomUUID(),
    version: 2,
  }, key);
}

/** A user's ID token: `aud` the client, no `scope`. */
function idToken(clientId: string): string {
  return sign({ 'sub': randomUUID(), 'aud': clientId, 'iss': ISSUER, 'token_use': 'id', 'cognito:username': 'alice', 'auth_time': now(), 'iat': now(), 'exp': now() + 3600 });
}

/**
 * Whether API Gateway would let `jwt` through a route guarded by `scopes`: a real verifier decides,
 * set up as each authorizer checks. A REST API's Cognito authorizer takes only access tokens on a
 * method with scopes, from any client of the pool; an HTTP API's JWT authorizer reads no
 * `token_use`, takes the clients of its audience (`client_id`, or an ID token's `aud`), and then
 * wants one of the scopes. Only a JWT's own fault counts as refused; any other error fails the test.
 */
async function passes(jwt: string | undefined, scopes: string[], trust: Trust): Promise<boolean> {
  if (jwt === undefined) return false;
  const verifier = CognitoJwtVerifier.create({
    userPoolId: trust.userPoolId,
    tokenUse: trust.kind === 'REST' ? 'access' : null,
    clientId: trust.acceptedClientIds,
    scope: scopes,
  }, { jwksCache });
  return verified(verifier, jwt);
}

/** What an API's authorizer trusts: the pool (as deployed) and the clients. */
interface Trust {
  readonly kind: 'REST' | 'HTTP';
  /** The pool ID the template's authorizer names: the deployed pool's, or another one's. */
  readonly userPoolId: string;
  /** The client IDs it accepts; null: every client of the pool (REST). */
  readonly acceptedClientIds: string[] | null;
}

// ----- the grid -----------------------------------------------------------------------------------

/** An API as synthesized: its routes' guards, the pool's template, and which clients its authorizer accepts. */
interface DeployedApi {
  readonly api: ScopedCognitoApi | ScopedCognitoHttpApi;
  readonly apiTemplate: Template;
  readonly poolTemplate: Template;
  readonly assemblyDir: string;
  /** The logical IDs of the clients the JWT authorizer lists; undefined: every client of the pool (REST). */
  readonly audience?: string[];
  /** Machine client names by logical ID. */
  readonly machineNames: Map<string, string>;
}

/**
 * The pool the API's authorizer trusts, as deployed: `POOL_ID` when the template names the pool's
 * own resource (a REST authorizer's provider ARN, an HTTP authorizer's issuer URL), another ID
 * otherwise, so that a wrong pool or issuer fails every token.
 */
function trustedPoolId(deployed: DeployedApi, templates: readonly Template[]): string {
  const poolLogicalId = Object.entries(deployed.poolTemplate.Resources).find(([, r]) => r.Type === 'AWS::Cognito::UserPool')![0];
  if (deployed.audience === undefined) {
    const providers = cognitoProvidersOf(deployed.apiTemplate);
    const trusted = providers.length === 1 && logicalIdOf((providers[0] as any)['Fn::GetAtt'] ? { Ref: (providers[0] as any)['Fn::GetAtt'][0] } : providers[0], templates);
    return trusted === poolLogicalId ? POOL_ID : `${REGION}_NotThePool`;
  }
  const issuer = jwtConfigurationOf(deployed.apiTemplate)!.issuer as any;
  const [prefix, region, middle, pool] = issuer['Fn::Join'][1];
  const regionOk = region.Ref === 'AWS::Region' || region === REGION;
  const named = prefix === 'https://cognito-idp.' && middle === '.amazonaws.com/' && regionOk && logicalIdOf(pool, templates) === poolLogicalId;
  return named ? POOL_ID : `${REGION}_NotThePool`;
}

/** Who passes each route, by the verifier, in the shape of the matrix's rows. */
async function verifiedGrid(deployed: DeployedApi, templates: readonly Template[]) {
  const clients = clientsOf(deployed.poolTemplate.Resources);
  const accepted = deployed.audience === undefined ? clients : clients.filter((client) => deployed.audience!.includes(client.id));
  const clientIds = new Map(clients.map((client, i) => [client.id, `client${i}${client.id.toLowerCase()}`.slice(0, 26)]));
  const trust: Trust = {
    kind: deployed.audience === undefined ? 'REST' : 'HTTP',
    userPoolId: trustedPoolId(deployed, templates),
    acceptedClientIds: deployed.audience === undefined ? null : accepted.map((client) => clientIds.get(client.id)!),
  };
  const groups = Object.keys(deployed.api.scopedUserPool.groupScopes).sort();
  const tokensOf = async (group?: string) => {
    const groupsOfUser = group === undefined ? [] : [group];
    const tokens = await userTokens(deployed.poolTemplate, deployed.assemblyDir, accepted, groupsOfUser);
    return tokens.map((token) => accessToken(token, clientIds, groupsOfUser));
  };
  const groupTokens = await Promise.all(groups.map(async (group) => ({ group, jwts: await tokensOf(group) })));
  const noGroupTokens = await tokensOf();
  const machines: TemplateClient[] = accepted.filter((client) => client.clientCredentials);
  const anyOf = async (jwts: string[], scopes: string[]) => (await Promise.all(jwts.map((jwt) => passes(jwt, scopes, trust)))).some(Boolean);
  const anyUserClient = accepted.find((client) => !client.clientCredentials);

  const rows = [];
  for (const route of routesOf(deployed.apiTemplate)) {
    const open = route.authorizationType === 'NONE';
    const pass = async (jwts: string[]) => open || anyOf(jwts, route.scopes);
    rows.push({
      route: route.route,
      groups: (await Promise.all(groupTokens.map(async ({ group, jwts }) => ((await pass(jwts)) ? [group] : [])))).flat(),
      signedInWithoutGroup: await pass(noGroupTokens),
      machineClients: (await Promise.all(machines.map(async (client) =>
        ((await pass([accessToken(machineToken(client), clientIds)])) ? [deployed.machineNames.get(client.id)!] : [])))).flat().sort(),
      // Neither an ID token nor no token passes a scoped route.
      idToken: open || (anyUserClient !== undefined && (await passes(idToken(clientIds.get(anyUserClient.id)!), route.scopes, trust))),
      noToken: open || (await passes(undefined, route.scopes, trust)),
    });
  }
  return rows;
}

function matrixGrid(matrix: RouteAccess[]) {
  return matrix.map((row) => ({
    route: row.route,
    groups: row.groups,
    signedInWithoutGroup: row.signedInWithoutGroup,
    machineClients: row.machineClients,
    idToken: row.isPublic,
    noToken: row.isPublic,
  }));
}

function machineNames(api: ScopedCognitoApi | ScopedCognitoHttpApi): Map<string, string> {
  return new Map(Object.keys(api.scopedUserPool.machineClientScopes).map((name) => {
    const client = api.scopedUserPool.machineClient(name).node.defaultChild as cognito.CfnUserPoolClient;
    return [Stack.of(client).getLogicalId(client), name];
  }));
}

/** The logical ID a template value names, across stacks: a `Ref`, or an `Fn::ImportValue` of another template's output. */
function logicalIdOf(value: any, templates: readonly Template[]): string {
  if (value.Ref !== undefined) return value.Ref;
  const exported = value['Fn::ImportValue'];
  for (const template of templates) {
    for (const output of Object.values<any>(template.Outputs ?? {})) {
      if (output.Export?.Name === exported) return logicalIdOf(output.Value, templates);
    }
  }
  throw new Error(`no logical ID for ${JSON.stringify(value)}`);
}

function audienceOf(apiTemplate: Template, templates: readonly Template[]): string[] {
  return jwtConfigurationOf(apiTemplate)!.audience.map((value) => logicalIdOf(value, templates));
}

// ----- the tests ----------------------------------------------------------------------------------

describe('a real verifier (aws-jwt-verify) on tokens shaped like Cognito\'s', () => {
  test('checks signature, issuer, expiry, client and token use: the grid below rests on it', async () => {
    const clientIds = new Map([['Web', 'client-web']]);
    const rest: Trust = { kind: 'REST', userPoolId: POOL_ID, acceptedClientIds: null };
    const http: Trust = { kind: 'HTTP', userPoolId: POOL_ID, acceptedClientIds: ['client-web'] };
    const token: PossibleToken = { clientId: 'Web', scopes: ['api/admin', 'openid'], path: 'TokenGeneration_Authentication' };
    for (const trust of [rest, http]) {
      expect(await passes(accessToken(token, clientIds, ['Admin']), ['api/admin'], trust)).toBe(true);
      expect(await passes(accessToken(token, clientIds, ['Admin']), ['api/readonly'], trust)).toBe(false);
      expect(await passes(accessToken(token, clientIds, ['Admin'], other.privateKey), ['api/admin'], trust)).toBe(false);
      expect(await passes(accessToken(token, clientIds, ['Admin']), ['api/admin'], { ...trust, userPoolId: `${REGION}_NotThePool` })).toBe(false);
      expect(await passes(idToken('client-web'), ['api/admin'], trust)).toBe(false);
      const expired = sign({ sub: 'x', iss: ISSUER, client_id: 'client-web', token_use: 'access', scope: 'api/admin', iat: now() - 7200, exp: now() - 3600 });
      expect(await passes(expired, ['api/admin'], trust)).toBe(false);
    }
    expect(await passes(accessToken(token, clientIds, ['Admin']), ['api/admin'], { ...http, acceptedClientIds: ['client-other'] })).toBe(false);
  });

  test('the example app: who passes each route of its three APIs is what accessMatrix() says', async () => {
    // The example's three APIs from its props (its stacks also acknowledge cdk-nag findings, which
    // needs a newer aws-cdk-lib than the library's floor, where this test runs too).
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'verify-')), context: STRICT_CONTEXT });
    const restStack = new Stack(app, 'VerifyRest');
    const httpStack = new Stack(app, 'VerifyHttp');
    const rest = new ScopedCognitoApi(restStack, 'Api', REST_EXAMPLE);
    const http = new ScopedCognitoHttpApi(httpStack, 'Api', HTTP_EXAMPLE);
    const sharedStack = new SharedPoolExampleStack(app, 'VerifyShared', { scopedUserPool: rest.scopedUserPool });
    const assembly = app.synth();
    const templateOf = (s: Stack) => assembly.getStackByName(s.stackName).template as Template;
    const templates = [restStack, httpStack, sharedStack].map(templateOf);
    const apis: DeployedApi[] = [
      {
        api: rest,
        apiTemplate: templates[0],
        poolTemplate: templates[0],
        assemblyDir: assembly.directory,
        machineNames: machineNames(rest),
      },
      {
        api: http,
        apiTemplate: templates[1],
        poolTemplate: templates[1],
        assemblyDir: assembly.directory,
        audience: audienceOf(templates[1], templates),
        machineNames: machineNames(http),
      },
      {
        api: sharedStack.api,
        apiTemplate: templates[2],
        poolTemplate: templates[0],
        assemblyDir: assembly.directory,
        audience: audienceOf(templates[2], templates),
        machineNames: machineNames(sharedStack.api),
      },
    ];
    for (const deployed of apis) {
      const grid = await verifiedGrid(deployed, templates);
      expect(grid.length).toBeGreaterThan(1);
      expect(grid).toEqual(matrixGrid(deployed.api.accessMatrix()));
    }
    // Not vacuous: every kind of principal passes some route of the example and is refused some other.
    const restGrid = await verifiedGrid(apis[0], templates);
    expect(restGrid.find((row) => row.route === 'GET /admin')).toEqual(expect.objectContaining({ groups: ['Admin'], signedInWithoutGroup: false, machineClients: [] }));
    expect(restGrid.find((row) => row.route === 'GET /readonly')).toEqual(expect.objectContaining({ groups: ['ReadOnly'], machineClients: ['reporting'] }));
  }, 120_000);

  test('random maps, both API kinds and forms: who passes is what accessMatrix() says', async () => {
    const MANAGED = ['api/read', 'api/write', 'ops/deploy'];
    const scopeSet = fc.uniqueArray(fc.constantFrom(...MANAGED), { minLength: 1, maxLength: 3 });
    const configs = fc.record({
      kind: fc.constantFrom('REST' as const, 'HTTP' as const),
      groupScopes: fc.dictionary(fc.constantFrom('Admin', 'ReadOnly', 'Ops'), scopeSet, { minKeys: 1 }),
      machineClients: fc.uniqueArray(fc.record({ name: fc.constantFrom('billing', 'reporting'), scopes: scopeSet }), { selector: (c) => c.name, maxLength: 2 }),
      oAuth: fc.boolean(),
      routes: fc.uniqueArray(fc.tuple(fc.constantFrom('GET /orders', 'POST /orders', 'GET /ops', 'DELETE /ops/{id}'), scopeSet), { selector: ([route]) => route, minLength: 1 }),
      manyRoutes: fc.boolean(),
      publicHealth: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(configs, async (config) => {
        const held = [...new Set([...Object.values(config.groupScopes).flat(), ...config.machineClients.flatMap((c) => c.scopes)])];
        // Each route guarded by the scopes drawn that someone holds (or the first held scope).
        const guard = (scopes: string[]) => (scopes.some((s) => held.includes(s)) ? scopes.filter((s) => held.includes(s)) : [held[0]]);
        const routeScopes = Object.fromEntries(config.routes.map(([route, scopes]) => [route, guard(scopes)]));
        if (config.manyRoutes) for (let i = 0; i < 101; i++) routeScopes[`GET /more/r${i}`] = [held[i % held.length]];
        const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'verify-')), context: STRICT_CONTEXT });
        const stack = new Stack(app, 'Verify');
        const props = {
          groupScopes: config.groupScopes,
          machineClients: config.machineClients,
          routeScopes,
          publicRoutes: config.publicHealth ? ['GET /health'] : [],
          ...(config.oAuth ? { oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/cb'] } } : {}),
        };
        const api = config.kind === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
        const assembly = app.synth();
        const template = assembly.getStackByName('Verify').template as Template;
        const grid = await verifiedGrid({
          api,
          apiTemplate: template,
          poolTemplate: template,
          assemblyDir: assembly.directory,
          audience: config.kind === 'HTTP' ? audienceOf(template, [template]) : undefined,
          machineNames: machineNames(api),
        }, [template]);
        expect(grid).toEqual(matrixGrid(api.accessMatrix()));
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
