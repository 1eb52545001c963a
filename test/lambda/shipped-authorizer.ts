/**
 * The shipped authorizer bundle (assets/lambda-src/lambda-authorizer/index.js, the file every
 * package ships and the construct stages), run as Lambda runs it, with a map and environment of
 * the test's choosing, against a JWKS served on loopback; and what it is called with: Cognito-shaped
 * access tokens signed with a test key, and complete REST and HTTP authorizer events.
 *
 * The bundle is given its `require`, `process` and `console`: its one file read (the map next to
 * it) answers with the test's map, its environment is the test's, its JWKS request (aws-jwt-verify
 * asks node's `https` for `https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json`)
 * goes to the loopback server over plain HTTP, and its log lines are captured. Nothing in the
 * bundle knows it is tested.
 */
import { createSign, generateKeyPairSync, KeyObject, randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import * as http from 'http';
import type { Socket } from 'net';
import { AddressInfo } from 'net';
import * as path from 'path';
import type { App, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { AUTHORIZER_MAP_FILE, AuthorizerMap, CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../../src/private/authorizer/authorizer-map';

/** The bundle `npx projen bundle` builds from lambda-src/lambda-authorizer/. */
export const AUTHORIZER_BUNDLE = path.join(__dirname, '..', '..', 'assets', 'lambda-src', 'lambda-authorizer', 'index.js');

export const REGION = 'eu-west-1';
export const POOL_ID = `${REGION}_AbC123`;
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;
export const ACCOUNT = '123456789012';
export const API_ID = 'a1b2c3d4e5';
export const STAGE = 'prod';
/** The app clients of the pool the tests use: a user client and a machine client that the API lists, and one it does not. */
export const USER_CLIENT = '1user2client3example4567';
export const MACHINE_CLIENT = '5machine6client7example89';
export const UNLISTED_CLIENT = '9unlisted8client7example6';
/** The environment of an API that lists its clients (HTTP), and of one that takes any client of the pool (REST). */
export const LISTED_ENV: AuthorizerEnv = {
  [USER_POOL_ID_ENV]: POOL_ID,
  [ISSUER_ENV]: ISSUER,
  [CLIENT_IDS_ENV]: JSON.stringify([USER_CLIENT, MACHINE_CLIENT]),
  AWS_REGION: REGION,
};
export const ANY_CLIENT_ENV: AuthorizerEnv = { [USER_POOL_ID_ENV]: POOL_ID, [ISSUER_ENV]: ISSUER, AWS_REGION: REGION };
/** The updated issuer of the same pool: the pool's tokens carry it once the pool is on `IssuerType.UPDATED`. */
export const UPDATED_ISSUER = `https://issuer-cognito-idp.${REGION}.amazonaws.com/${POOL_ID}`;

export type AuthorizerEnv = Readonly<Record<string, string | undefined>>;

// ----- keys and the JWKS on loopback ----------------------------------------------------------------

/** The pool's signing key (in its JWKS), and another key of the same shape (not in it). */
const poolKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const KID = 'pool-signing-key-1';

/**
 * The pool's JWKS on 127.0.0.1, counting the requests for it; `answering = false` makes it take
 * requests and never answer (a JWKS endpoint that hangs). It serves the pools `poolIds` (the one
 * of `POOL_ID` unless told otherwise), each under both of Cognito's issuer hosts of its Region.
 */
export class JwksServer {
  public static async start(poolIds: readonly string[] = [POOL_ID]): Promise<JwksServer> {
    const server = new JwksServer(poolIds);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The requests for the pool's JWKS so far. */
  public requests = 0;
  public answering = true;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  /** The hosts whose JWKS requests this server answers: `cognito-idp.<region>` and `issuer-cognito-idp.<region>` of each pool's Region. */
  public readonly hosts: ReadonlySet<string>;

  private constructor(poolIds: readonly string[]) {
    const jwks = JSON.stringify({ keys: [{ ...poolKey.publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }] });
    const paths = new Set(poolIds.map((id) => `/${id}/.well-known/jwks.json`));
    this.hosts = new Set(poolIds.flatMap((id) => [`cognito-idp.${id.split('_')[0]}.amazonaws.com`, `issuer-cognito-idp.${id.split('_')[0]}.amazonaws.com`]));
    this.server = http.createServer((request, response) => {
      const found = paths.has(request.url ?? '');
      if (found) this.requests += 1;
      if (!this.answering) return;
      response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(found ? jwks : '{}');
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Where Cognito's JWKS host is redirected to. */
  public get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// ----- loading the bundle ---------------------------------------------------------------------------

export type AuthorizerHandler = (event: unknown) => Promise<any>;

/** What the bundle logged: each `console.info` and `console.error` call's arguments. */
export class CapturedLog {
  public readonly info: unknown[] = [];
  public readonly error: unknown[] = [];

  /** Everything logged, as the text a log search would see. */
  public text(): string {
    return [...this.info, ...this.error].map((entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry))).join('\n');
  }

  /** The decision lines logged so far, and forgets them. */
  public takeDecisions(): Array<Record<string, unknown>> {
    return this.info.splice(0) as Array<Record<string, unknown>>;
  }
}

export interface ShippedAuthorizer {
  readonly handler: AuthorizerHandler;
  readonly log: CapturedLog;
}

/** The module bodies compiled so far, by their code: a bundle is compiled once however many containers load it. */
const moduleBodies = new Map<string, (...args: unknown[]) => void>();

/**
 * The bundle's handler, loaded as Lambda loads it into a fresh container (module scope runs once
 * per call of this function), reading `map` as its map file (a string: the file's text as it is;
 * undefined: no file), `env` as its environment, and fetching its JWKS from `jwks`. `bundle` is the
 * repo's bundle unless told otherwise (a staged asset's `index.js`, see stagedAuthorizerFolder).
 */
export function loadShippedAuthorizer(
  map: AuthorizerMap | string | undefined | unknown,
  env: AuthorizerEnv,
  jwks: JwksServer,
  bundle: string = AUTHORIZER_BUNDLE,
): ShippedAuthorizer {
  const code = readFileSync(bundle, 'utf8');
  let moduleBody = moduleBodies.get(code);
  if (!moduleBody) {
    moduleBody = new Function('exports', 'require', 'module', '__filename', '__dirname', 'console', 'process', code) as (...args: unknown[]) => void;
    moduleBodies.set(code, moduleBody);
  }
  const log = new CapturedLog();
  const mapPath = path.join('/var/task', AUTHORIZER_MAP_FILE);
  const fakeFs = {
    readFileSync: (file: string) => {
      if (file !== mapPath || map === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
      return typeof map === 'string' ? map : JSON.stringify(map);
    },
  };
  const requireFor = (name: string): unknown => {
    switch (name) {
      case 'fs': return fakeFs;
      case 'https': return loopbackHttps(jwks);
      case 'path': case 'crypto': case 'stream':
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require(name);
      default: throw new Error(`the authorizer bundle asked for '${name}'`);
    }
  };
  const module = { exports: {} as { handler?: AuthorizerHandler } };
  const fakeProcess = Object.create(process, { env: { value: { ...env }, enumerable: true } });
  const fakeConsole = { ...console, info: (entry: unknown) => log.info.push(entry), error: (entry: unknown) => log.error.push(entry) };
  moduleBody(module.exports, requireFor, module, path.join('/var/task', 'index.js'), '/var/task', fakeConsole, fakeProcess);
  return { handler: module.exports.handler!, log };
}

/** Node's `https` as the bundle sees it: a request for Cognito's JWKS goes to the loopback server, over HTTP; anything else fails the test. */
function loopbackHttps(jwks: JwksServer) {
  return {
    request: (uri: string, options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) => {
      const url = new URL(uri);
      if (url.protocol !== 'https:' || !jwks.hosts.has(url.host)) {
        throw new Error(`the authorizer bundle asked for ${uri}`);
      }
      return http.request(`${jwks.origin}${url.pathname}`, options, callback);
    },
  };
}

/**
 * A JWKS cache for aws-jwt-verify in the test itself (not the bundle): a request for a JWKS of
 * Cognito's hosts that `jwks` serves goes to it over plain HTTP; any other fails the test.
 */
export function loopbackJwksCache(jwks: JwksServer): SimpleJwksCache {
  return new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        const url = new URL(uri);
        if (url.protocol !== 'https:' || !jwks.hosts.has(url.host)) throw new Error(`a verifier asked for ${uri}`);
        const response = await fetch(`${jwks.origin}${url.pathname}`);
        if (!response.ok) throw new Error(`JWKS: ${response.status}`);
        return response.arrayBuffer();
      },
    },
  });
}

// ----- the staged asset of a synthesized app -------------------------------------------------------

/**
 * The folder the cloud assembly in `assemblyDirectory` stages a function's asset in, named by the
 * function's S3 key (`<asset hash>.zip`): `asset.<asset hash>`, which holds an authorizer's
 * `index.js` and `access-map.json`.
 */
export function stagedAuthorizerFolder(assemblyDirectory: string, s3Key: string): string {
  return path.join(assemblyDirectory, `asset.${s3Key.replace(/\.zip$/, '')}`);
}

/** The authorizer map the asset of `fn` (an authorizer function of `stack`) holds, read from the cloud assembly of the stack's app. */
export function shippedAuthorizerMap(stack: Stack, fn: lambda.IFunction): AuthorizerMap {
  const assembly = (stack.node.root as App).synth();
  const key: string = stack.resolve((fn.node.defaultChild as lambda.CfnFunction).code).s3Key;
  return JSON.parse(readFileSync(path.join(stagedAuthorizerFolder(assembly.directory, key), AUTHORIZER_MAP_FILE), 'utf8'));
}

// ----- tokens ------------------------------------------------------------------------------------------

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A JWT of `claims`: RS256 with the pool's key unless told otherwise; `alg: 'none'` leaves the signature empty. */
export function signJwt(claims: object, options: { key?: KeyObject; alg?: string; kid?: string } = {}): string {
  const alg = options.alg ?? 'RS256';
  const unsigned = `${base64url(JSON.stringify({ kid: options.kid ?? KID, alg }))}.${base64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(options.key ?? poolKey.privateKey).toString('base64url')}`;
}

/** A user's access token as Cognito shapes it, with `groups` and `scope` (the token's own scopes, space-separated). */
export function userToken(
  user: { groups?: readonly string[]; scope?: string; clientId?: string; sub?: string; username?: string } = {},
  claims: object = {},
): string {
  return signJwt({
    sub: user.sub ?? randomUUID(),
    ...(user.groups === undefined ? {} : { 'cognito:groups': user.groups }),
    iss: ISSUER,
    version: 2,
    client_id: user.clientId ?? USER_CLIENT,
    origin_jti: randomUUID(),
    token_use: 'access',
    scope: user.scope ?? 'openid profile',
    auth_time: nowSeconds(),
    exp: nowSeconds() + 3600,
    iat: nowSeconds(),
    jti: randomUUID(),
    username: user.username ?? 'alice',
    ...claims,
  });
}

/** A machine client's access token (client credentials): no username, `sub` the client, `scope` its scopes. */
export function machineToken(machine: { scope: string; clientId?: string }, claims: object = {}): string {
  const clientId = machine.clientId ?? MACHINE_CLIENT;
  return signJwt({
    sub: clientId,
    token_use: 'access',
    scope: machine.scope,
    auth_time: nowSeconds(),
    iss: ISSUER,
    exp: nowSeconds() + 3600,
    iat: nowSeconds(),
    version: 2,
    jti: randomUUID(),
    client_id: clientId,
    ...claims,
  });
}

/** A user's ID token: `aud` the client, `token_use: id`, no `scope`. */
export function idToken(user: { groups?: readonly string[]; clientId?: string } = {}): string {
  return signJwt({
    'sub': randomUUID(),
    ...(user.groups === undefined ? {} : { 'cognito:groups': user.groups }),
    'aud': user.clientId ?? USER_CLIENT,
    'iss': ISSUER,
    'token_use': 'id',
    'cognito:username': 'alice',
    'auth_time': nowSeconds(),
    'exp': nowSeconds() + 3600,
    'iat': nowSeconds(),
    'jti': randomUUID(),
  });
}

/** A user's access token that expired a minute ago. */
export const expiredToken = (groups: readonly string[]) => userToken({ groups }, { exp: nowSeconds() - 60, iat: nowSeconds() - 3660 });
/** A user's access token signed with a key that is not in the pool's JWKS, under the pool key's `kid`. */
export const otherKeyToken = (groups: readonly string[]) => signJwt(JSON.parse(payloadOf(userToken({ groups }))), { key: otherKey.privateKey });
/** A user's access token with `alg: none` and no signature. */
export const algNoneToken = (groups: readonly string[]) => signJwt(JSON.parse(payloadOf(userToken({ groups }))), { alg: 'none' });
/** A user's access token of another pool (its issuer), signed with the same key. */
export const otherPoolToken = (groups: readonly string[]) => userToken({ groups }, { iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Other99` });
/** A user's access token issued to a client of the pool that the API does not list. */
export const otherClientToken = (groups: readonly string[]) => userToken({ groups, clientId: UNLISTED_CLIENT });

function payloadOf(jwt: string): string {
  return Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8');
}

// ----- events ------------------------------------------------------------------------------------------

/** A concrete path of a resource path: each `{param}` a value, `{proxy+}` two segments. */
export function concretePath(resourcePath: string, value = '42'): string {
  return resourcePath.replace(/\{[^/]*\+\}/g, `${value}/more`).replace(/\{[^/]*\}/g, value);
}

/** The method ARN API Gateway sends for a request: the API's stage, the actual method, the actual path. */
export function methodArn(httpMethod: string, requestPath: string, stage = STAGE): string {
  return `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${stage}/${httpMethod}${requestPath}`;
}

/** A REST API's `REQUEST` authorizer event, complete as API Gateway sends it. */
export function restEvent(request: {
  httpMethod: string;
  resourcePath: string;
  authorization?: string;
  /** The request's headers; `Authorization` is added unless undefined. */
  headers?: Record<string, string>;
  /** The actual path; a concrete path of the resource path by default. */
  path?: string;
  query?: Record<string, string>;
  stage?: string;
}): APIGatewayRequestAuthorizerEvent {
  const requestPath = request.path ?? concretePath(request.resourcePath);
  const headers: Record<string, string> = {
    'Accept': 'application/json',
    'Host': `${API_ID}.execute-api.${REGION}.amazonaws.com`,
    'User-Agent': 'curl/8.5.0',
    'X-Amzn-Trace-Id': 'Root=1-65a1b2c3-0123456789abcdef01234567',
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(request.authorization === undefined ? {} : { Authorization: request.authorization }),
    ...request.headers,
  };
  const query = request.query ?? {};
  const pathParameters = pathParametersOf(request.resourcePath, requestPath);
  return {
    type: 'REQUEST',
    methodArn: methodArn(request.httpMethod, requestPath, request.stage),
    resource: request.resourcePath,
    path: requestPath,
    httpMethod: request.httpMethod,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]])),
    pathParameters,
    stageVariables: {},
    requestContext: {
      resourceId: 'ab12cd',
      resourcePath: request.resourcePath,
      httpMethod: request.httpMethod,
      extendedRequestId: 'Ab1CdEfGhIjKlMn=',
      requestTime: '02/Dec/2025:09:00:00 +0000',
      path: `/${request.stage ?? STAGE}${requestPath}`,
      accountId: ACCOUNT,
      protocol: 'HTTP/1.1',
      stage: request.stage ?? STAGE,
      domainPrefix: API_ID,
      requestTimeEpoch: 1764666000000,
      requestId: randomUUID(),
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'curl/8.5.0',
        userArn: null,
      },
      domainName: `${API_ID}.execute-api.${REGION}.amazonaws.com`,
      apiId: API_ID,
      authorizer: undefined,
    },
  };
}

/** An HTTP API's Lambda authorizer event (payload format 2.0), complete as API Gateway sends it: header names lower-case. */
export function httpEvent(request: {
  routeKey: string;
  authorization?: string;
  headers?: Record<string, string>;
  /** The actual path; a concrete path of the route's path by default. */
  path?: string;
  rawQueryString?: string;
}): APIGatewayRequestAuthorizerEventV2 {
  const [method, routePath] = request.routeKey === '$default' ? ['GET', '/'] : request.routeKey.split(' ');
  const requestMethod = method === 'ANY' ? 'PATCH' : method;
  const requestPath = request.path ?? concretePath(routePath);
  const headers: Record<string, string> = {
    'accept': 'application/json',
    'content-length': '0',
    'host': `${API_ID}.execute-api.${REGION}.amazonaws.com`,
    'user-agent': 'curl/8.5.0',
    'x-amzn-trace-id': 'Root=1-65a1b2c3-0123456789abcdef01234567',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(request.authorization === undefined ? {} : { authorization: request.authorization }),
    ...request.headers,
  };
  const rawQueryString = request.rawQueryString ?? '';
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/$default/${requestMethod}${requestPath}`,
    identitySource: [request.authorization ?? '', request.routeKey],
    routeKey: request.routeKey,
    rawPath: requestPath,
    rawQueryString,
    cookies: ['session=opaque'],
    headers,
    queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)),
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      domainName: `${API_ID}.execute-api.${REGION}.amazonaws.com`,
      domainPrefix: API_ID,
      http: { method: requestMethod, path: requestPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
      requestId: 'Ab1CdEfGhIjKlMn=',
      routeKey: request.routeKey,
      stage: '$default',
      time: '02/Dec/2025:09:00:00 +0000',
      timeEpoch: 1764666000000,
    },
    pathParameters: routePath === undefined ? {} : pathParametersOf(routePath, requestPath),
    stageVariables: {},
  };
}

/** The path parameters API Gateway extracts: each `{name}` its segment, `{name+}` the rest. */
function pathParametersOf(resourcePath: string, requestPath: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  const templateParts = resourcePath.split('/');
  const parts = requestPath.split('/');
  templateParts.forEach((part, i) => {
    const match = /^\{([^}+]+)(\+?)\}$/.exec(part);
    if (match) parameters[match[1]] = match[2] ? parts.slice(i).join('/') : parts[i];
  });
  return parameters;
}

// ----- what API Gateway makes of an answer --------------------------------------------------------

/** What API Gateway does with a request after the authorizer's answer: lets it through, 403, or 401 (REST only). */
export type GatewayOutcome = 'allowed' | 'forbidden' | 'unauthorized';

/**
 * Calls the handler with `event` and reads its answer as API Gateway does: REST, a thrown
 * `Error('Unauthorized')` is 401 and a policy is evaluated against the event's method ARN; HTTP,
 * `isAuthorized`. Anything else (another error, which API Gateway answers with 500, or an answer of
 * another shape) fails the test.
 */
export async function gatewayOutcome(
  handler: AuthorizerHandler,
  event: APIGatewayRequestAuthorizerEvent | APIGatewayRequestAuthorizerEventV2,
): Promise<{ outcome: GatewayOutcome; answer: any }> {
  if ('version' in event) {
    const answer = await handler(event);
    if (typeof answer?.isAuthorized !== 'boolean') throw new Error(`not a simple response: ${JSON.stringify(answer)}`);
    return { outcome: answer.isAuthorized ? 'allowed' : 'forbidden', answer };
  }
  let answer: any;
  try {
    answer = await handler(event);
  } catch (error) {
    if (error instanceof Error && error.message === 'Unauthorized') return { outcome: 'unauthorized', answer: error };
    throw error;
  }
  return { outcome: policyOutcome(answer.policyDocument, event.methodArn), answer };
}

/** IAM's evaluation of an authorizer's policy for a method ARN: an explicit `Deny` wins, then an `Allow`, else denied. */
export function policyOutcome(policyDocument: any, arn: string): 'allowed' | 'forbidden' {
  const statements: any[] = policyDocument?.Version === '2012-10-17' && Array.isArray(policyDocument.Statement) ? policyDocument.Statement : [];
  const applies = (statement: any) => statement.Action === 'execute-api:Invoke' &&
    [statement.Resource].flat().some((resource: unknown) => typeof resource === 'string' && arnMatches(resource, arn));
  if (statements.some((statement) => statement.Effect === 'Deny' && applies(statement))) return 'forbidden';
  return statements.some((statement) => statement.Effect === 'Allow' && applies(statement)) ? 'allowed' : 'forbidden';
}

/** Whether a policy's resource matches an ARN: `*` any run of characters (`/` included, or none), every other character itself. */
export function arnMatches(pattern: string, arn: string): boolean {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    patterns.set(pattern, regex);
  }
  return regex.test(arn);
}
const patterns = new Map<string, RegExp>();

/** An example map: groups (`__proto__` and `constructor` among them), managed servers `api` and `ops`, REST-style routes. */
export function sampleMap(api: 'REST' | 'HTTP'): AuthorizerMap {
  return {
    api,
    acceptedClients: api === 'REST' ? 'anyOfPool' : 'listed',
    baseScopes: ['api/read'],
    groups: [['Admin', ['api/admin', 'api/write']], ['Deployers', ['ops/deploy']], ['__proto__', ['api/proto']], ['constructor', ['api/ctor']]],
    resourceServers: [['api', ['admin', 'ctor', 'proto', 'read', 'write']], ['ops', ['deploy']]],
    routes: [
      ['ANY /files/{proxy+}', ['api/write']],
      ['DELETE /orders/{id}', ['api/admin']],
      ['GET /', ['api/read']],
      ['GET /ctor', ['api/ctor']],
      ['GET /files/{proxy+}', ['api/read']],
      ['GET /orders', ['api/read']],
      ['GET /orders/{id}', ['api/read']],
      ['GET /orders/{id}/secret', ['api/admin']],
      ['GET /partner', ['partner.example.com/read']],
      ['GET /proto', ['api/proto']],
      ['POST /deploy', ['ops/deploy', 'api/admin']],
    ],
  };
}
