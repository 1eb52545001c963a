/**
 * Random access maps for the property tests that build whole apps from them
 * (test/enforcement-matrix.test.ts, test/lite-verifier.test.ts), and what a drawn config becomes
 * as construct props. Each test composes its own fields on top: how the APIs sit (one API that
 * makes its pool, a shared pool with several APIs, in which stacks), an API's kind, request
 * sequences.
 *
 * A drawn route holds indices, not scopes: `heldScopes` of the drawn pool resolves them, so that
 * every route scope is held by some group or machine client and no route is closed to everyone.
 */
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { ApiDefinition } from '../src';

/** Managed scopes, one of a resource server named by a URL (its identifier holds `/` and `:`). */
export const MANAGED = ['api/read', 'api/write', 'ops/deploy', 'https://orders.example.com/read'];
/** The scopes of a group or a machine client: one to three managed scopes, no repeats. */
export const scopeSet = fc.uniqueArray(fc.constantFrom(...MANAGED), { minLength: 1, maxLength: 3 });
/** The scoped routes an API draws from: the root, path parameters (two in one route), an `ANY` beside a method of its path, a greedy `{proxy+}`. */
export const ROUTES = ['GET /', 'GET /orders', 'POST /orders', 'GET /orders/{id}', 'ANY /orders/{id}', 'DELETE /orders/{id}/items/{item}', 'ANY /files/{proxy+}', 'GET /ops'];
/** The public routes an API draws from, one with a path parameter. */
export const PUBLIC = ['GET /health', 'POST /hooks/{source}'];

/** The fields of one API's drawn config, for `fc.record` with a test's own fields beside them. */
export const apiFields = {
  // The resources form, the OpenAPI document by choice, or by route count (more than 100 routes).
  form: fc.oneof({ arbitrary: fc.constantFrom('resources' as const, 'document' as const), weight: 4 }, { arbitrary: fc.constant('many' as const), weight: 1 }),
  // Each route with one or two indices into the held scopes (see heldScopes).
  routes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ROUTES), fc.array(fc.nat(), { minLength: 1, maxLength: 2 })), {
    selector: ([route]) => route,
    minLength: 1,
  }),
  publicRoutes: fc.subarray(PUBLIC),
  // HTTP: the pool's other clients (addOtherClients) in additionalClients.
  listsOtherClients: fc.boolean(),
};
/** One API's drawn routes: `apiFields` alone. */
export const apiMaps = fc.record(apiFields);
export type ApiMaps = typeof apiMaps extends fc.Arbitrary<infer T> ? T : never;

/** The fields of the pool's drawn maps, for `fc.record` with a test's own fields beside them. */
export const poolFields = {
  // Group names include names of Object members (`__proto__`, `constructor`), which a map kept in a
  // plain object would lose or answer for, and other characters Cognito allows (an accent, `.`, `+`).
  groupScopes: fc.dictionary(fc.constantFrom('Admin', 'ReadOnly', 'Ops', '__proto__', 'constructor', 'Équipe.Ops+1'), scopeSet, {
    minKeys: 1,
    maxKeys: 4,
    noNullPrototype: true,
  }),
  baseScopes: fc.option(fc.subarray(['openid', 'profile', 'email']), { nil: undefined }),
  machineClients: fc.uniqueArray(fc.record({ name: fc.constantFrom('billing', 'reporting'), scopes: scopeSet }), { selector: (c) => c.name, maxLength: 2 }),
  oAuth: fc.boolean(),
  // Clients added to the pool beside the construct: a web client allowing a managed scope, a partner service with client credentials.
  otherClients: fc.boolean(),
};
const poolMaps = fc.record(poolFields);
export type PoolMaps = typeof poolMaps extends fc.Arbitrary<infer T> ? T : never;

/** The managed scopes the drawn groups and machine clients hold, sorted: what a drawn route's indices pick from. */
export function heldScopes(maps: PoolMaps): string[] {
  return [...new Set([...Object.values(maps.groupScopes).flat(), ...maps.machineClients.flatMap((c) => c.scopes)])].sort();
}

/** The pool's props of the drawn maps; the enforcement is the test's. */
export function poolPropsOf(maps: PoolMaps) {
  return {
    groupScopes: maps.groupScopes,
    baseScopes: maps.baseScopes,
    machineClients: maps.machineClients,
    ...(maps.oAuth ? { oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/cb'] } } : {}),
  };
}

/**
 * The clients added to `userPool` beside the construct when the maps drew them (none otherwise): a
 * web client allowing the first held scope, a partner service with client credentials and the last.
 */
export function addOtherClients(maps: PoolMaps, userPool: cognito.UserPool, held: readonly string[]): cognito.UserPoolClient[] {
  return maps.otherClients ? [
    userPool.addClient('Web', {
      oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://web.example.com/cb'], scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.custom(held[0])] },
    }),
    userPool.addClient('Partner', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom(held[held.length - 1])] } }),
  ] : [];
}

/**
 * An API's props of its drawn routes: each route's indices resolved to held scopes, 101 more routes
 * in the `many` form, the OpenAPI document in the `document` form, and `additionalClients` when
 * there are any.
 */
export function routePropsOf(api: ApiMaps, held: readonly string[], additionalClients: cognito.IUserPoolClient[] = []) {
  const routeScopes = Object.fromEntries(api.routes.map(([route, picks]) => [route, [...new Set(picks.map((n) => held[n % held.length]))]]));
  if (api.form === 'many') for (let r = 0; r < 101; r++) routeScopes[`GET /more/r${r}`] = [held[r % held.length]];
  return {
    routeScopes,
    publicRoutes: api.publicRoutes,
    ...(api.form === 'document' ? { apiDefinition: ApiDefinition.OPENAPI_DOCUMENT } : {}),
    ...(additionalClients.length > 0 ? { additionalClients } : {}),
  };
}
