/**
 * The staged Lambda authorizer of a synthesized API, read back as deployment would run it: the
 * API's routes and which function guards each (test/lite-verifier.test.ts tells how), that
 * function's asset from the cloud assembly, its environment resolved by a `Deployment`, the
 * callers of the API with tokens of the deployed pool, and the grid of who passes each request
 * of each scoped route next to what `accessMatrix()` says. Used by the single-Region
 * (lite-verifier) and multi-Region (multi-region-verifier) tests.
 */
import { generateKeyPairSync } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Deployment, Resources, Template } from './deployment';
import {
  AuthorizerHandler, concretePath, gatewayOutcome, GatewayOutcome, httpEvent, JwksServer, loadShippedAuthorizer, machineToken, nowSeconds,
  REGION, restEvent, signJwt, UNLISTED_CLIENT, userToken,
} from './lambda/shipped-authorizer';
import { routesOf } from './template-oracle';
import { RouteAccess, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { AUTHORIZER_MAP_FILE, AuthorizerMap, CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../src/private/authorizer/authorizer-map';

export type AuthorizerEvent = ReturnType<typeof restEvent> | ReturnType<typeof httpEvent>;

export const REST_SOURCES = ['method.request.header.Authorization', 'context.httpMethod', 'context.resourcePath'];
export const HTTP_SOURCES = ['$request.header.Authorization', '$context.routeKey'];
/** The methods a REST `ANY` method answers, each sent to the authorizer as itself. */
export const ANY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** A key that is not in the pool's JWKS, of the same shape as the pool's. */
const OTHER_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

// ----- the staged authorizer, run as Lambda runs it ---------------------------------------------

/** What a test may change in a staged authorizer before it runs (to show the checks catch it). */
export interface Tampering {
  readonly map?: (map: AuthorizerMap) => unknown;
}

/**
 * The handler of the staged asset in `folder`, loaded into a fresh container (loadShippedAuthorizer):
 * the folder's `index.js` run with its `access-map.json` as the one file it may read next to it,
 * `env` as its environment, node's `https` sending its JWKS request to the loopback server. Its
 * error lines (a configuration it cannot use) are collected.
 */
export function loadStagedAuthorizer(folder: string, env: Record<string, string>, jwks: JwksServer, tampering: Tampering = {}): {
  handler: AuthorizerHandler;
  errors: unknown[];
} {
  const mapText = readFileSync(join(folder, AUTHORIZER_MAP_FILE), 'utf8');
  const mapFile = tampering.map ? JSON.stringify(tampering.map(JSON.parse(mapText))) : mapText;
  const { handler, log } = loadShippedAuthorizer(mapFile, env, jwks, join(folder, 'index.js'));
  return { handler, errors: log.error };
}

// ----- what the template says guards each route ---------------------------------------------------

/** A `REQUEST` authorizer as the template declares it. */
export interface TemplateAuthorizer {
  /** The logical ID of the Lambda function its URI invokes. */
  readonly functionId: string;
  readonly identitySources: string[];
  readonly ttl: number;
}

export interface GuardedRoute {
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
export function guardedRoutesOf(template: Template, apiId: string): GuardedRoute[] {
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
export interface Caller {
  readonly label: string;
  /** The `Authorization` header; undefined: none. */
  readonly authorization?: string;
  /** Whether the token verifies (a REST refusal of it is then 403, not 401). */
  readonly verifies: boolean;
  /** Whether the matrix lets it call the scoped route of this row. */
  readonly allowedBy: (row: RouteAccess) => boolean;
}

export interface DeployedApi {
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
export function deployedApi(
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
  const env: Record<string, string> = { AWS_REGION: deployment.regionOf(stack) };
  for (const [name, value] of Object.entries(variables)) env[name] = deployment.resolve(value, stack);
  expect(env[USER_POOL_ID_ENV]).toBe(deployment.poolId);
  // The one issuer it accepts: the pool's, as its template sets it.
  expect(env[ISSUER_ENV]).toBe(deployment.issuer());

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

export function matrixRow(matrix: readonly RouteAccess[], route: string): RouteAccess {
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
  const iss = deployment.issuer();
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
          authorization: bearer(userToken({ groups: grouping.groups, clientId, scope: scope.join(' ') }, { iss })),
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
      authorization: bearer(machineToken({ clientId, scope: client.scopes.join(' ') }, { iss })),
      verifies: accepted(clientId),
      allowedBy: (row) => accepted(clientId) && row.machineClients.includes(name),
    });
  }

  // Tokens that pass no scoped route; each of a client the API accepts unless the client is the fault.
  const userClientId = deployment.clientId(userClients.find((c) => accepted(deployment.clientId(c.id)))!.id);
  const everything = { groups, clientId: userClientId, scope: [...managed, 'openid'].join(' ') };
  const claims = JSON.parse(Buffer.from(userToken(everything, { iss }).split('.')[1], 'base64url').toString('utf8'));
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
    ['an expired token', bearer(userToken(everything, { iss, exp: nowSeconds() - 60, iat: nowSeconds() - 3660 })), false],
    ['a token signed by another key', bearer(signJwt(claims, { key: OTHER_KEY })), false],
    ['a token with alg none', bearer(signJwt(claims, { alg: 'none' })), false],
    ['a token of another pool', bearer(userToken(everything, { iss: `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Other99` })), false],
    // The same pool's token with the issuer form its tokens do not carry: the authorizer takes one issuer.
    ['a token of the pool with its other issuer', bearer(userToken(everything, { iss: deployment.issuer(true) })), false],
    ['a token with token_use id', bearer(userToken(everything, { iss, token_use: 'id' })), false],
    ['no token', undefined, false],
    ['garbage', 'Bearer garbage', false],
    ['three dots of garbage', 'Bearer a.b.c', false],
    ['basic credentials', `Basic ${Buffer.from('alice:secret').toString('base64')}`, false],
    ['a user in no group with every managed scope in its token', bearer(userToken({ ...everything, groups: [] }, { iss })), true],
  ];
  if (kind === 'HTTP') refused.push(['a token of a client the pool does not have', bearer(userToken({ ...everything, clientId: UNLISTED_CLIENT }, { iss })), false]);
  for (const [label, authorization, verifies] of refused) callers.push({ label, authorization, verifies, allowedBy: never });
  return callers;
}

// ----- the requests of a route, and API Gateway's view of an answer --------------------------------

export interface RouteRequest {
  readonly label: string;
  readonly event: (authorization: string | undefined, pathValue?: string) => AuthorizerEvent;
}

/** The requests API Gateway would send the authorizer for a route: REST, one per method an `ANY` answers (not those of a method of their own). */
export function requestsOf(kind: 'REST' | 'HTTP', route: string, allRoutes: readonly string[]): RouteRequest[] {
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
export async function gridMismatches(
  api: DeployedApi,
  jwks: JwksServer,
  tampering?: Tampering,
): Promise<{ mismatches: string[]; outcomes: Record<GatewayOutcome, number> }> {
  const { handler, errors } = loadStagedAuthorizer(api.folder, api.env, jwks, tampering);
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

