/**
 * Enforcement.LAMBDA_AUTHORIZER end to end with the real authorizer, without an AWS account. The
 * app is synthesized; each API's guard is read from its template (which function authorizes each
 * route, with which identity sources), and that function's asset is taken from the cloud assembly
 * (`asset.<hash>/index.js` and `access-map.json`, as staged, not the repo's bundle) and run as Lambda
 * runs it, with its environment resolved to deployed-like IDs (the pool's `Ref` the pool's ID, each
 * client's `Ref` an ID of its own, the same IDs the tokens name) and the pool's JWKS on loopback.
 *
 * Then every caller (a user in each group, in every group, in no group, in a group the map does
 * not know; each machine client with the scopes its client allows) through each app client of the
 * pool, on every request of every scoped route (REST: the method and resource path of the
 * template's resource tree, an `ANY` method called with each concrete method; HTTP: the route key),
 * must get what `accessMatrix()` says: allowed iff the matrix lets the principal call the route,
 * and only through a client the API accepts. Tokens that must not pass (an ID token, expired,
 * another key, `alg: none`, another pool, an unknown client, none, garbage, and a user's token
 * carrying managed scopes its groups do not grant) pass no scoped route. With API Gateway's cache
 * of authorizer answers simulated from the template's identity sources, random request sequences
 * get the same answers: no cached answer opens a route the matrix closes. For the example's apps
 * and random maps (both kinds, both forms, shared pools with several APIs).
 */
import { createHash, generateKeyPairSync } from 'crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { REST_EXAMPLE } from '../example/app';
import { HTTP_EXAMPLE } from '../example/http-app';
import { SharedPoolExampleStack } from '../example/shared-pool-app';
import {
  Enforcement, RouteAccess, ScopedCognitoApi, ScopedCognitoApiProps, ScopedCognitoHttpApi, ScopedCognitoHttpApiProps, ScopedUserPool,
} from '../src';
import {
  AuthorizerHandler, concretePath, gatewayOutcome, GatewayOutcome, httpEvent, JwksServer, loadShippedAuthorizer, machineToken, nowSeconds,
  ISSUER, policyOutcome, POOL_ID, REGION, restEvent, signJwt, stagedAuthorizerFolder, UNLISTED_CLIENT, userToken,
} from './lambda/shipped-authorizer';
import { addOtherClients, apiFields, heldScopes, poolFields, poolPropsOf, routePropsOf } from './random-maps';
import { routesOf } from './template-oracle';
import { clientsOf, TemplateClient } from './token-oracle';
import { STRICT_CONTEXT } from './util';
import { AUTHORIZER_MAP_FILE, AuthorizerMap, CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../src/private/authorizer/authorizer-map';

type Resources = Record<string, { Type: string; Properties?: any }>;
type Template = { Resources: Resources; Outputs?: Record<string, any> };
type Assembly = ReturnType<App['synth']>;
type AuthorizerEvent = ReturnType<typeof restEvent> | ReturnType<typeof httpEvent>;

const LITE = { enforcement: Enforcement.LAMBDA_AUTHORIZER };
const REST_SOURCES = ['method.request.header.Authorization', 'context.httpMethod', 'context.resourcePath'];
const HTTP_SOURCES = ['$request.header.Authorization', '$context.routeKey'];
/** The methods a REST `ANY` method answers, each sent to the authorizer as itself. */
const ANY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Values of a path parameter in requests (`{proxy+}` takes `<value>/more`). */
const PATH_VALUES = ['42', 'abc', 'a-b_c.d'];
/** A key that is not in the pool's JWKS, of the same shape as the pool's. */
const OTHER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
});
afterAll(() => jwks.close());

// ----- the staged authorizer, run as Lambda runs it ---------------------------------------------

/** What a test may change in a staged authorizer before it runs (to show the checks catch it). */
interface Tampering {
  readonly map?: (map: AuthorizerMap) => unknown;
}

/**
 * The handler of the staged asset in `folder`, loaded into a fresh container (loadShippedAuthorizer):
 * the folder's `index.js` run with its `access-map.json` as the one file it may read next to it,
 * `env` as its environment, node's `https` sending its JWKS request to the loopback server. Its
 * error lines (a configuration it cannot use) are collected.
 */
function loadStagedAuthorizer(folder: string, env: Record<string, string>, tampering: Tampering = {}): {
  handler: AuthorizerHandler;
  errors: unknown[];
} {
  const mapText = readFileSync(join(folder, AUTHORIZER_MAP_FILE), 'utf8');
  const mapFile = tampering.map ? JSON.stringify(tampering.map(JSON.parse(mapText))) : mapText;
  const { handler, log } = loadShippedAuthorizer(mapFile, env, jwks, join(folder, 'index.js'));
  return { handler, errors: log.error };
}

// ----- the app as deployed: templates, assets, and the IDs deployment gives --------------------

/** The synthesized app, with the physical IDs a deployment would give its pool and clients. */
class Deployment {
  public readonly templates = new Map<string, Template>();
  public readonly assemblyDir: string;
  /** The app's one user pool: its stack and logical ID. */
  public readonly pool: { readonly stack: string; readonly logicalId: string };

  constructor(assembly: Assembly) {
    this.assemblyDir = assembly.directory;
    for (const stack of assembly.stacks) this.templates.set(stack.stackName, stack.template as Template);
    const pools = [...this.templates].flatMap(([stack, t]) =>
      Object.entries(t.Resources).filter(([, r]) => r.Type === 'AWS::Cognito::UserPool').map(([logicalId]) => ({ stack, logicalId })));
    expect(pools).toHaveLength(1);
    this.pool = pools[0];
  }

  public template(stack: string): Template {
    return this.templates.get(stack)!;
  }

  /** The pool's template. */
  public get poolTemplate(): Template {
    return this.template(this.pool.stack);
  }

  /** The app clients of the pool, as the pool's template declares them. */
  public poolClients(): TemplateClient[] {
    return clientsOf(this.poolTemplate.Resources);
  }

  /** The ID deployment gives an app client of the pool's stack: one per logical ID, shaped like Cognito's. */
  public clientId(logicalId: string): string {
    return createHash('sha256').update(`${this.pool.stack}/${logicalId}`).digest('hex').slice(0, 26);
  }

  /** A template value as deployment resolves it: a `Ref` to the pool or one of its clients, an import of another stack's output, a join. */
  public resolve(value: any, stack: string): string {
    if (typeof value === 'string') return value;
    if (value?.Ref === 'AWS::Region') return REGION;
    if (value?.Ref !== undefined) {
      const resource = this.template(stack).Resources[value.Ref];
      if (resource?.Type === 'AWS::Cognito::UserPool' && stack === this.pool.stack && value.Ref === this.pool.logicalId) return POOL_ID;
      if (resource?.Type === 'AWS::Cognito::UserPoolClient' && stack === this.pool.stack) return this.clientId(value.Ref);
      throw new Error(`no deployed ID for ${stack}/${value.Ref}`);
    }
    if (value?.['Fn::ImportValue'] !== undefined) {
      for (const [name, template] of this.templates) {
        for (const output of Object.values<any>(template.Outputs ?? {})) {
          if (output.Export?.Name === value['Fn::ImportValue']) return this.resolve(output.Value, name);
        }
      }
      throw new Error(`no export ${JSON.stringify(value)}`);
    }
    if (Array.isArray(value?.['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'];
      return parts.map((part: unknown) => this.resolve(part, stack)).join(separator);
    }
    throw new Error(`cannot resolve ${JSON.stringify(value)}`);
  }

  /** The staged asset folder of a function of `stack`, from its S3 key (`<asset hash>.zip`). */
  public assetFolder(stack: string, functionId: string): string {
    return stagedAuthorizerFolder(this.assemblyDir, this.template(stack).Resources[functionId].Properties.Code.S3Key);
  }
}

// ----- what the template says guards each route ---------------------------------------------------

/** A `REQUEST` authorizer as the template declares it. */
interface TemplateAuthorizer {
  /** The logical ID of the Lambda function its URI invokes. */
  readonly functionId: string;
  readonly identitySources: string[];
  readonly ttl: number;
}

interface GuardedRoute {
  readonly route: string;
  readonly authorizationType: string;
  readonly authorizer?: TemplateAuthorizer;
}

/** The one Lambda function an authorizer URI invokes (`Fn::GetAtt [fn, Arn]`, wherever it sits in the URI). */
function functionOfUri(uri: unknown, resources: Resources): string {
  const found = new Set<string>();
  const walk = (value: any) => {
    if (Array.isArray(value)) {value.forEach(walk);} else if (value !== null && typeof value === 'object') {
      const getAtt = value['Fn::GetAtt'];
      if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && resources[getAtt[0]]?.Type === 'AWS::Lambda::Function') found.add(getAtt[0]);
      Object.values(value).forEach(walk);
    }
  };
  walk(uri);
  expect(found.size).toBe(1);
  return [...found][0];
}

/**
 * Every route of the API `apiId` of the template, with its authorization and, for a `CUSTOM` one,
 * its authorizer: REST methods (their path from the resource tree) and HTTP routes as resources, or
 * the operations of the API's OpenAPI document. Preflights are left out, as `routesOf` does.
 */
function guardedRoutesOf(template: Template, apiId: string): GuardedRoute[] {
  const resources = template.Resources;
  const api = resources[apiId];
  const rest = api.Type === 'AWS::ApiGateway::RestApi';
  if (api.Properties?.Body !== undefined) return documentRoutesOf(api.Properties.Body, rest, resources);
  const pathOf = (resourceId: any): string => {
    if (resourceId?.Ref === undefined) return ''; // the API's root resource
    const resource = resources[resourceId.Ref];
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  const authorizerOf = (authorizerId: any): TemplateAuthorizer => {
    const properties = resources[authorizerId.Ref].Properties;
    const functionId = functionOfUri(properties.AuthorizerUri, resources);
    if (rest) {
      expect(properties.Type).toBe('REQUEST');
      return { functionId, identitySources: splitSources(properties.IdentitySource), ttl: properties.AuthorizerResultTtlInSeconds ?? 300 };
    }
    expect(properties).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerPayloadFormatVersion: '2.0' });
    return { functionId, identitySources: properties.IdentitySource, ttl: properties.AuthorizerResultTtlInSeconds ?? 0 };
  };
  const guarded = (route: string, properties: any): GuardedRoute => {
    const authorizationType = properties.AuthorizationType ?? 'NONE';
    return { route, authorizationType, ...(authorizationType === 'CUSTOM' ? { authorizer: authorizerOf(properties.AuthorizerId) } : {}) };
  };
  const cors = api.Properties?.CorsConfiguration !== undefined;
  return Object.values(resources).flatMap((r) => {
    if (rest && r.Type === 'AWS::ApiGateway::Method' && r.Properties.RestApiId?.Ref === apiId && r.Properties.HttpMethod !== 'OPTIONS') {
      return [guarded(`${r.Properties.HttpMethod} ${pathOf(r.Properties.ResourceId) || '/'}`, r.Properties)];
    }
    if (!rest && r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.ApiId?.Ref === apiId) {
      const preflight = cors && r.Properties.RouteKey.startsWith('OPTIONS ') && (r.Properties.AuthorizationType ?? 'NONE') === 'NONE';
      return preflight ? [] : [guarded(r.Properties.RouteKey, r.Properties)];
    }
    return [];
  });
}

function documentRoutesOf(body: any, rest: boolean, resources: Resources): GuardedRoute[] {
  const routes: GuardedRoute[] = [];
  for (const [path, item] of Object.entries<any>(body.paths)) {
    for (const [key, operation] of Object.entries<any>(item)) {
      const preflight = key === 'options' && (rest || (body['x-amazon-apigateway-cors'] !== undefined && operation.security === undefined));
      if (key === 'parameters' || preflight) continue;
      const route = `${key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase()} ${path}`;
      const requirements: Array<Record<string, string[]>> = operation.security ?? body.security ?? [];
      if (requirements.length === 0) {
        routes.push({ route, authorizationType: 'NONE' });
        continue;
      }
      expect(requirements).toHaveLength(1);
      const [scheme] = Object.keys(requirements[0]);
      const declared = body.components.securitySchemes[scheme];
      const authorizer = declared['x-amazon-apigateway-authorizer'];
      expect(authorizer.type).toBe('request');
      if (rest) expect(declared['x-amazon-apigateway-authtype']).toBe('custom');
      else expect(authorizer).toMatchObject({ enableSimpleResponses: true, authorizerPayloadFormatVersion: '2.0' });
      routes.push({
        route,
        authorizationType: 'CUSTOM',
        authorizer: {
          functionId: functionOfUri(authorizer.authorizerUri, resources),
          identitySources: splitSources(authorizer.identitySource),
          ttl: authorizer.authorizerResultTtlInSeconds ?? (rest ? 300 : 0),
        },
      });
    }
  }
  return routes;
}

function splitSources(sources: string | string[]): string[] {
  return Array.isArray(sources) ? sources : sources.split(',').map((source) => source.trim());
}

// ----- an API as deployed, and its callers ---------------------------------------------------------

/** Who calls, with which `Authorization` header, and what the matrix says it may call. */
interface Caller {
  readonly label: string;
  /** The `Authorization` header; undefined: none. */
  readonly authorization?: string;
  /** Whether the token verifies (a REST refusal of it is then 403, not 401). */
  readonly verifies: boolean;
  /** Whether the matrix lets it call the scoped route of this row. */
  readonly allowedBy: (row: RouteAccess) => boolean;
}

interface DeployedApi {
  readonly label: string;
  readonly kind: 'REST' | 'HTTP';
  readonly api: ScopedCognitoApi | ScopedCognitoHttpApi;
  readonly routes: GuardedRoute[];
  readonly authorizer: TemplateAuthorizer;
  readonly folder: string;
  readonly env: Record<string, string>;
  readonly callers: Caller[];
}

/** The logical ID of a construct's L1 resource in its stack. */
function logicalIdOf(construct: { node: { defaultChild?: unknown } } | cognito.CfnUserPoolClient): string {
  const resource = (construct instanceof cognito.CfnUserPoolClient ? construct : construct.node.defaultChild) as cognito.CfnUserPoolClient;
  return Stack.of(resource).getLogicalId(resource);
}

/**
 * An API of the deployment, read from its template: its routes and their guard, the function that
 * guards them and its staged asset, its environment as deployed, and its callers. `additionalClients`
 * are those it was given (HTTP): with the user client and the pool's machine clients, the clients
 * whose tokens it must accept.
 */
function deployedApi(
  deployment: Deployment,
  api: ScopedCognitoApi | ScopedCognitoHttpApi,
  additionalClients: cognito.IUserPoolClient[] = [],
): DeployedApi {
  const kind = api instanceof ScopedCognitoApi ? 'REST' : 'HTTP';
  const stack = Stack.of(api).stackName;
  const template = deployment.template(stack);
  // The API's one API Gateway resource (an HTTP API in the document form is imported into the construct from it).
  const apiResources = api.node.findAll().filter((c): c is CfnResource => CfnResource.isCfnResource(c) &&
    ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'].includes(c.cfnResourceType));
  expect(apiResources).toHaveLength(1);
  const apiId = Stack.of(apiResources[0]).getLogicalId(apiResources[0]);
  const routes = guardedRoutesOf(template, apiId);
  // The oracle reads the same routes with the same authorization (each test stack holds one API).
  expect(routes.map(({ route, authorizationType }) => ({ route, authorizationType })).sort(byRoute))
    .toEqual(routesOf(template).map(({ route, authorizationType }) => ({ route, authorizationType })).sort(byRoute));
  const matrix = api.accessMatrix();
  expect(routes.map((r) => r.route).sort()).toEqual(matrix.map((row) => row.route).sort());

  // Every route is public (no authorization) or guarded by the API's own REQUEST authorizer, keyed on the token and the route.
  const guards = routes.filter((r) => r.authorizationType !== 'NONE');
  for (const route of routes) expect([route.route, route.authorizationType]).toEqual([route.route, matrixRow(matrix, route.route).isPublic ? 'NONE' : 'CUSTOM']);
  expect(guards.length).toBeGreaterThan(0);
  const authorizer = guards[0].authorizer!;
  for (const route of guards) expect(route.authorizer).toEqual(authorizer);
  expect(authorizer.functionId).toBe(logicalIdOf(api.authorizerFunction!));
  expect(authorizer.identitySources).toEqual(kind === 'REST' ? REST_SOURCES : HTTP_SOURCES);
  expect(authorizer.ttl).toBeGreaterThan(0);

  const folder = deployment.assetFolder(stack, authorizer.functionId);
  expect(readdirSync(folder).sort()).toEqual([AUTHORIZER_MAP_FILE, 'index.js']);
  const variables: Record<string, unknown> = template.Resources[authorizer.functionId].Properties.Environment.Variables;
  const env: Record<string, string> = { AWS_REGION: REGION };
  for (const [name, value] of Object.entries(variables)) env[name] = deployment.resolve(value, stack);
  expect(env[USER_POOL_ID_ENV]).toBe(POOL_ID);
  // The one issuer it accepts: the pool's, original here.
  expect(env[ISSUER_ENV]).toBe(ISSUER);

  // The clients it accepts: every client of the pool (REST, as a Cognito authorizer), or its user client, the pool's machine clients and its additional ones.
  const pool = api.scopedUserPool;
  const listed = [api.userPoolClient, ...Object.keys(pool.machineClientScopes).map((name) => pool.machineClient(name)), ...additionalClients]
    .map((client) => deployment.clientId(logicalIdOf(client as cognito.UserPoolClient)));
  if (kind === 'HTTP') expect(JSON.parse(env[CLIENT_IDS_ENV]).sort()).toEqual([...new Set(listed)].sort());
  else expect(env[CLIENT_IDS_ENV]).toBeUndefined();
  const accepted = (clientId: string) => kind === 'REST' || listed.includes(clientId);

  return { label: api.node.path, kind, api, routes, authorizer, folder, env, callers: callersOf(deployment, api, accepted, kind) };
}

const byRoute = (a: { route: string }, b: { route: string }) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0);

function matrixRow(matrix: readonly RouteAccess[], route: string): RouteAccess {
  const row = matrix.find((r) => r.route === route);
  if (!row) throw new Error(`the matrix has no row for ${route}`);
  return row;
}

/** The matrix's names of the pool's client-credentials clients, by logical ID: a machine client's name, any other's construct path. */
function machineNames(pool: ScopedUserPool): Map<string, string> {
  const names = new Map<string, string>();
  for (const resource of pool.userPool.node.findAll().filter((c): c is cognito.CfnUserPoolClient => c instanceof cognito.CfnUserPoolClient)) {
    names.set(logicalIdOf(resource), resource.node.scope!.node.path);
  }
  for (const name of Object.keys(pool.machineClientScopes)) names.set(logicalIdOf(pool.machineClient(name)), name);
  return names;
}

/**
 * The callers of an API, with tokens minted as the pool would issue them without a trigger: a user
 * through each user client of the pool (the client's allowed scopes through the authorize endpoint,
 * or an SDK sign-in's), and again with every managed scope in its token, which its groups decide
 * alone; each machine client with every scope it allows; and tokens that pass no scoped route.
 */
function callersOf(deployment: Deployment, api: ScopedCognitoApi | ScopedCognitoHttpApi, accepted: (clientId: string) => boolean, kind: 'REST' | 'HTTP'): Caller[] {
  const groups = Object.keys(api.scopedUserPool.groupScopes).sort();
  const clients = deployment.poolClients();
  const names = machineNames(api.scopedUserPool);
  const managed = Object.values(deployment.poolTemplate.Resources)
    .filter((r) => r.Type === 'AWS::Cognito::UserPoolResourceServer')
    .flatMap((r) => (r.Properties.Scopes ?? []).map((s: any) => `${r.Properties.Identifier}/${s.ScopeName}`));
  expect(managed.length).toBeGreaterThan(0);
  const bearer = (jwt: string) => `Bearer ${jwt}`;
  const callers: Caller[] = [];

  const groupings: Array<{ label: string; groups?: string[] }> = [
    ...groups.map((group) => ({ label: `a user in ${group}`, groups: [group] })),
    ...(groups.length > 1 ? [{ label: 'a user in every group', groups: [...groups].reverse() }] : []),
    { label: 'a user in no group', groups: [] },
    { label: 'a user without a cognito:groups claim' },
    { label: 'a user in a group the map does not know', groups: ['NotAGroupOfTheMap'] },
  ];
  const userClients = clients.filter((client) => client.authorize || !client.clientCredentials);
  expect(userClients.length).toBeGreaterThan(0);
  for (const client of userClients) {
    const clientId = deployment.clientId(client.id);
    const scopes = client.authorize ? client.scopes : ['aws.cognito.signin.user.admin'];
    for (const grouping of groupings) {
      const allowedBy = (row: RouteAccess) =>
        accepted(clientId) && (row.signedInWithoutGroup || (grouping.groups ?? []).some((g) => row.groups.includes(g)));
      for (const [what, scope] of [['', scopes], [', every managed scope in its token', [...scopes, ...managed]]] as const) {
        callers.push({
          label: `${grouping.label} through ${client.id}${what}`,
          authorization: bearer(userToken({ groups: grouping.groups, clientId, scope: scope.join(' ') })),
          verifies: accepted(clientId),
          allowedBy,
        });
      }
    }
  }
  for (const client of clients.filter((c) => c.clientCredentials)) {
    const clientId = deployment.clientId(client.id);
    expect(client.anyScope).toBe(false);
    const name = names.get(client.id)!;
    expect(name).toBeDefined();
    callers.push({
      label: `machine client ${name}`,
      authorization: bearer(machineToken({ clientId, scope: client.scopes.join(' ') })),
      verifies: accepted(clientId),
      allowedBy: (row) => accepted(clientId) && row.machineClients.includes(name),
    });
  }

  // Tokens that pass no scoped route; each of a client the API accepts unless the client is the fault.
  const userClientId = deployment.clientId(userClients.find((c) => accepted(deployment.clientId(c.id)))!.id);
  const everything = { groups, clientId: userClientId, scope: [...managed, 'openid'].join(' ') };
  const claims = JSON.parse(Buffer.from(userToken(everything).split('.')[1], 'base64url').toString('utf8'));
  const never = () => false;
  const refused: Array<[string, string | undefined, boolean]> = [
    ['an ID token of a user in every group', bearer(signJwt({
      'sub': claims.sub,
      'cognito:groups': groups,
      'aud': userClientId,
      'iss': claims.iss,
      'token_use': 'id',
      'cognito:username': 'alice',
      'auth_time': nowSeconds(),
      'exp': nowSeconds() + 3600,
      'iat': nowSeconds(),
      'jti': 'id-token',
    })), false],
    ['an expired token', bearer(userToken(everything, { exp: nowSeconds() - 60, iat: nowSeconds() - 3660 })), false],
    ['a token signed by another key', bearer(signJwt(claims, { key: OTHER_KEY })), false],
    ['a token with alg none', bearer(signJwt(claims, { alg: 'none' })), false],
    ['a token of another pool', bearer(userToken(everything, { iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Other99` })), false],
    ['a token with token_use id', bearer(userToken(everything, { token_use: 'id' })), false],
    ['no token', undefined, false],
    ['garbage', 'Bearer garbage', false],
    ['three dots of garbage', 'Bearer a.b.c', false],
    ['basic credentials', `Basic ${Buffer.from('alice:secret').toString('base64')}`, false],
    ['a user in no group with every managed scope in its token', bearer(userToken({ ...everything, groups: [] })), true],
  ];
  if (kind === 'HTTP') refused.push(['a token of a client the pool does not have', bearer(userToken({ ...everything, clientId: UNLISTED_CLIENT })), false]);
  for (const [label, authorization, verifies] of refused) callers.push({ label, authorization, verifies, allowedBy: never });
  return callers;
}

// ----- the requests of a route, and API Gateway's view of an answer --------------------------------

interface RouteRequest {
  readonly label: string;
  readonly event: (authorization: string | undefined, pathValue?: string) => AuthorizerEvent;
}

/** The requests API Gateway would send the authorizer for a route: REST, one per method an `ANY` answers (not those of a method of their own). */
function requestsOf(kind: 'REST' | 'HTTP', route: string, allRoutes: readonly string[]): RouteRequest[] {
  const [method, path] = route.split(' ');
  if (kind === 'HTTP') {
    return [{ label: route, event: (authorization, value) => httpEvent({ routeKey: route, authorization, path: concretePath(path, value) }) }];
  }
  const methods = method === 'ANY' ? ANY_METHODS.filter((m) => !allRoutes.includes(`${m} ${path}`)) : [method];
  return methods.map((httpMethod) => ({
    label: `${httpMethod} ${path}${method === 'ANY' ? ' (ANY)' : ''}`,
    event: (authorization, value) => restEvent({ httpMethod, resourcePath: path, authorization, path: concretePath(path, value) }),
  }));
}

/** What the matrix says API Gateway does with a caller's request of a scoped route. */
function expectedOutcome(api: DeployedApi, caller: Caller, row: RouteAccess): GatewayOutcome {
  if (caller.allowedBy(row)) return 'allowed';
  return api.kind === 'REST' && !caller.verifies ? 'unauthorized' : 'forbidden';
}

/**
 * Every caller on every request of every scoped route, called without a cache: the requests whose
 * outcome is not the matrix's, and how many outcomes of each kind there were.
 */
async function gridMismatches(api: DeployedApi, tampering?: Tampering): Promise<{ mismatches: string[]; outcomes: Record<GatewayOutcome, number> }> {
  const { handler, errors } = loadStagedAuthorizer(api.folder, api.env, tampering);
  const matrix = api.api.accessMatrix();
  const all = api.routes.map((r) => r.route);
  const mismatches: string[] = [];
  const outcomes: Record<GatewayOutcome, number> = { allowed: 0, forbidden: 0, unauthorized: 0 };
  for (const route of api.routes.filter((r) => r.authorizer)) {
    const row = matrixRow(matrix, route.route);
    for (const request of requestsOf(api.kind, route.route, all)) {
      const results = await Promise.all(api.callers.map(async (caller) => {
        const { outcome } = await gatewayOutcome(handler, request.event(caller.authorization));
        return { caller, outcome, expected: expectedOutcome(api, caller, row) };
      }));
      for (const { caller, outcome, expected } of results) {
        outcomes[outcome] += 1;
        if (outcome !== expected) mismatches.push(`${api.label} ${request.label}, ${caller.label}: ${outcome}, the matrix says ${expected}`);
      }
    }
  }
  expect(errors).toEqual([]);
  return { mismatches, outcomes };
}

/** The value of an identity source in an event, as API Gateway reads it; undefined when it is missing or empty. */
function identityValue(source: string, event: any): string | undefined {
  const header = /^(?:method\.request\.header\.|\$request\.header\.)(.+)$/.exec(source);
  const context = /^\$?context\.(.+)$/.exec(source);
  let value: unknown;
  if (header) {
    value = Object.entries<string>(event.headers ?? {}).find(([name]) => name.toLowerCase() === header[1].toLowerCase())?.[1];
  } else if (context) {
    value = context[1] === 'routeKey' ? event.routeKey : event.requestContext?.[context[1]];
  } else {
    throw new Error(`identity source ${source} is not modelled`);
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * API Gateway's cache of authorizer answers, keyed by the identity sources' values (within the TTL,
 * as a replay is): a request missing one is refused (401) without calling the authorizer; a request
 * whose key was answered before reuses that answer, a REST policy evaluated against its own method
 * ARN.
 */
class AnswerCache {
  public hits = 0;
  /** Cache hits whose request differed from the one that was answered (another path, or another method of an ANY). */
  public reusedForOtherRequest = 0;
  private readonly answers = new Map<string, { answer: any; refused: boolean; request: string }>();

  constructor(private readonly handler: AuthorizerHandler, private readonly sources: readonly string[]) {}

  public async outcome(event: AuthorizerEvent): Promise<GatewayOutcome> {
    const values = this.sources.map((source) => identityValue(source, event));
    if (values.some((value) => value === undefined)) return 'unauthorized';
    const key = JSON.stringify(values);
    const request = 'methodArn' in event ? event.methodArn : event.routeArn;
    let cached = this.answers.get(key);
    if (cached) {
      this.hits += 1;
      if (cached.request !== request) this.reusedForOtherRequest += 1;
    } else {
      try {
        cached = { answer: await this.handler(event), refused: false, request };
      } catch (error) {
        if (!(error instanceof Error && error.message === 'Unauthorized')) throw error;
        cached = { answer: undefined, refused: true, request };
      }
      this.answers.set(key, cached);
    }
    if (cached.refused) return 'unauthorized';
    if ('methodArn' in event) return policyOutcome(cached.answer.policyDocument, event.methodArn);
    return cached.answer.isAuthorized === true ? 'allowed' : 'forbidden';
  }
}

/** One request of a replayed sequence: indices of a caller, a scoped route, a request of it, a path value. */
type Step = readonly [number, number, number, number];
const steps = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 20, maxLength: 80 });

/**
 * Replays `sequence` through an answer cache keyed by `sources` (the template's, unless told
 * otherwise): the requests the cache let through that the matrix closes, and those it refused
 * that the matrix opens.
 */
async function cacheMismatches(api: DeployedApi, sequence: readonly Step[], sources = api.authorizer.identitySources) {
  const { handler } = loadStagedAuthorizer(api.folder, api.env);
  const cache = new AnswerCache(handler, sources);
  const matrix = api.api.accessMatrix();
  const scoped = api.routes.filter((r) => r.authorizer);
  const all = api.routes.map((r) => r.route);
  const opened: string[] = [];
  const closed: string[] = [];
  for (const [c, r, q, v] of sequence) {
    const caller = api.callers[c % api.callers.length];
    const route = scoped[r % scoped.length];
    const requests = requestsOf(api.kind, route.route, all);
    const request = requests[q % requests.length];
    const value = PATH_VALUES[v % PATH_VALUES.length];
    const allowed = (await cache.outcome(request.event(caller.authorization, value))) === 'allowed';
    const expected = caller.allowedBy(matrixRow(matrix, route.route));
    const label = `${api.label} ${request.label}${route.route.includes('{') ? ` (${value})` : ''}, ${caller.label}`;
    if (allowed && !expected) opened.push(label);
    if (!allowed && expected) closed.push(label);
  }
  return { opened, closed, hits: cache.hits, reusedForOtherRequest: cache.reusedForOtherRequest };
}

/** A sequence in which each caller calls each scoped route's requests in turn, twice over, with changing path values. */
function sweep(api: DeployedApi): Step[] {
  const scoped = api.routes.filter((r) => r.authorizer);
  const out: Step[] = [];
  for (let round = 0; round < 2; round++) {
    for (let c = 0; c < api.callers.length; c++) {
      scoped.forEach((route, r) => {
        const count = requestsOf(api.kind, route.route, api.routes.map((x) => x.route)).length;
        for (let q = 0; q < count; q++) out.push([c, r, q, round + q]);
      });
    }
  }
  return out;
}

// ----- the apps -------------------------------------------------------------------------------------

function newApp(): App {
  return new App({ outdir: mkdtempSync(join(tmpdir(), 'lite-verify-')), context: STRICT_CONTEXT });
}

/**
 * The example's three APIs (example/app.ts, http-app.ts, shared-pool-app.ts) with the Lambda
 * authorizer: the REST example without what has no place with it (the V3_0 trigger and the
 * machine client's claims, which need a trigger).
 */
function exampleApis(): DeployedApi[] {
  const app = newApp();
  const rest = new ScopedCognitoApi(new Stack(app, 'LiteRest'), 'Api', {
    ...REST_EXAMPLE,
    triggerEventVersion: undefined,
    machineClients: REST_EXAMPLE.machineClients!.map(({ name, scopes }) => ({ name, scopes })),
    ...LITE,
  });
  const httpApi = new ScopedCognitoHttpApi(new Stack(app, 'LiteHttp'), 'Api', { ...HTTP_EXAMPLE, ...LITE });
  const shared = new SharedPoolExampleStack(app, 'LiteShared', { scopedUserPool: rest.scopedUserPool });
  // Two pools in the app: each API's pool is deployed as POOL_ID in its own deployment.
  const assembly = app.synth();
  const restAndShared = new Deployment(withoutStack(assembly, 'LiteHttp'));
  const httpOnly = new Deployment(withoutStack(assembly, 'LiteRest', 'LiteShared'));
  return [deployedApi(restAndShared, rest), deployedApi(httpOnly, httpApi), deployedApi(restAndShared, shared.api)];
}

/** The assembly's view with some stacks left out: an app deployed stack set by stack set. */
function withoutStack(assembly: Assembly, ...names: string[]): Assembly {
  return { directory: assembly.directory, stacks: assembly.stacks.filter((s) => !names.includes(s.stackName)) } as unknown as Assembly;
}

const apiConfig = fc.record({
  kind: fc.constantFrom('REST' as const, 'HTTP' as const),
  ...apiFields,
});

const appConfigs = fc.record({
  ...poolFields,
  // A pool of its own (in a stack of its own) with several APIs, each in its own stack; or one API that makes its pool.
  apis: fc.array(apiConfig, { minLength: 1, maxLength: 3 }),
  sharedPool: fc.boolean(),
  sequence: steps,
});
type AppConfig = typeof appConfigs extends fc.Arbitrary<infer T> ? T : never;

/** Synthesizes a random app with the Lambda authorizer, and reads each of its APIs back. */
function randomApp(config: AppConfig): DeployedApi[] {
  const held = heldScopes(config);
  const poolProps = { ...poolPropsOf(config), ...LITE };
  const app = newApp();
  const shared = config.sharedPool || config.apis.length > 1;
  const pool = shared ? new ScopedUserPool(new Stack(app, 'Users'), 'Users', poolProps) : undefined;
  const poolOthers = pool ? addOtherClients(config, pool.userPool, held) : [];
  const built: Array<{ api: ScopedCognitoApi | ScopedCognitoHttpApi; additional: cognito.IUserPoolClient[] }> = [];
  config.apis.forEach((drawn, i) => {
    const additional = drawn.kind === 'HTTP' && drawn.listsOtherClients ? poolOthers : [];
    const props: ScopedCognitoApiProps & ScopedCognitoHttpApiProps = {
      ...(pool ? { scopedUserPool: pool } : poolProps),
      ...routePropsOf(drawn, held, additional),
    };
    const stack = new Stack(app, `Api${i}`);
    const api = drawn.kind === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
    if (!pool) addOtherClients(config, api.userPool as cognito.UserPool, held);
    built.push({ api, additional });
  });
  const deployment = new Deployment(app.synth());
  return built.map(({ api, additional }) => deployedApi(deployment, api, additional));
}

// ----- the tests ------------------------------------------------------------------------------------

describe('the staged Lambda authorizer, run with its deployed environment', () => {
  let examples: DeployedApi[];
  beforeAll(() => {
    examples = exampleApis();
  });

  test('the example\'s three APIs: every caller on every request of every scoped route gets what accessMatrix() says', async () => {
    for (const api of examples) {
      const { mismatches, outcomes } = await gridMismatches(api);
      expect(mismatches).toEqual([]);
      // Not vacuous: callers are let through and refused, and REST tells a bad token (401) from a missing scope (403).
      expect(outcomes.allowed).toBeGreaterThan(0);
      expect(outcomes.forbidden).toBeGreaterThan(0);
      if (api.kind === 'REST') expect(outcomes.unauthorized).toBeGreaterThan(0);
    }
    // The example's matrix as its README tells it: each kind of principal passes some route and is refused another.
    const [rest, httpApi, shared] = examples.map((api) => api.api.accessMatrix());
    expect(matrixRow(rest, 'GET /admin')).toMatchObject({ groups: ['Admin'], signedInWithoutGroup: false, machineClients: [] });
    expect(matrixRow(rest, 'GET /readonly')).toMatchObject({ groups: ['ReadOnly'], machineClients: ['reporting'] });
    expect(matrixRow(httpApi, 'POST /invoices')).toMatchObject({ groups: [], machineClients: ['billing'] });
    expect(matrixRow(shared, 'DELETE /reports/{id}')).toMatchObject({ groups: ['Admin'], machineClients: [] });
  }, 60_000);

  test('the check is not vacuous: a staged map without one group\'s scopes, or with a route opened to another scope, disagrees', async () => {
    const [rest, httpApi] = examples;
    const dropAdmin = (map: AuthorizerMap) => ({ ...map, groups: map.groups.map(([group, scopes]) => [group, group === 'Admin' ? [] : scopes]) });
    expect((await gridMismatches(rest, { map: dropAdmin })).mismatches).toEqual(expect.arrayContaining([
      expect.stringMatching(/^LiteRest\/Api GET \/admin, a user in Admin through \S+: forbidden, the matrix says allowed$/),
    ]));
    const widen = (map: AuthorizerMap) => ({ ...map, routes: map.routes.map(([route, scopes]) => [route, route === 'POST /orders' ? [...scopes, 'orders/read'] : scopes]) });
    expect((await gridMismatches(httpApi, { map: widen })).mismatches).toEqual(expect.arrayContaining([
      expect.stringMatching(/^LiteHttp\/Api POST \/orders, a user in ReadOnly through \S+: allowed, the matrix says forbidden$/),
      'LiteHttp/Api POST /orders, machine client billing: allowed, the matrix says forbidden',
    ]));
  }, 60_000);

  test('the example\'s APIs with API Gateway\'s cache of answers: random request sequences get the matrix\'s answers', async () => {
    let reusedForOtherRequest = 0;
    for (const api of examples) {
      const swept = await cacheMismatches(api, sweep(api));
      expect([swept.opened, swept.closed]).toEqual([[], []]);
      expect(swept.hits).toBeGreaterThan(0);
      reusedForOtherRequest += swept.reusedForOtherRequest;
    }
    // The cache answered requests other than the one it was answered for (another path value of a route with a parameter).
    expect(reusedForOtherRequest).toBeGreaterThan(0);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...examples), steps, async (api, sequence) => {
      const { opened, closed } = await cacheMismatches(api, sequence);
      expect([opened, closed]).toEqual([[], []]);
    }), { numRuns: 60 });
  }, 60_000);

  test('the cache check is not vacuous: keyed on the token alone, a cached answer would open a route the matrix closes', async () => {
    const httpApi = examples[1];
    const keyedOnToken = await cacheMismatches(httpApi, sweep(httpApi), ['$request.header.Authorization']);
    expect(keyedOnToken.opened.length).toBeGreaterThan(0);
    // REST: the cached policy names the method and resource it was answered for, so even keyed on the token alone it opens
    // nothing; what it costs is availability (a cached Deny closes the token's other routes).
    const rest = examples[0];
    const restKeyedOnToken = await cacheMismatches(rest, sweep(rest), ['method.request.header.Authorization']);
    expect(restKeyedOnToken.opened).toEqual([]);
    expect(restKeyedOnToken.closed.length).toBeGreaterThan(0);
  }, 60_000);

  test('random maps, both kinds and forms, shared pools with several APIs: the grid and cached sequences are what accessMatrix() says', async () => {
    await fc.assert(
      fc.asyncProperty(appConfigs, async (config) => {
        for (const api of randomApp(config)) {
          const { mismatches } = await gridMismatches(api);
          expect(mismatches).toEqual([]);
          const { opened, closed } = await cacheMismatches(api, config.sequence);
          expect([opened, closed]).toEqual([[], []]);
        }
      }),
      // About 0.5-1 s a run; for a longer search: LITE_VERIFIER_RUNS=200 npx jest test/lite-verifier.test.ts -t 'random maps' --testTimeout=3600000
      { numRuns: Number(process.env.LITE_VERIFIER_RUNS ?? 20) },
    );
  }, 300_000);
});
