/**
 * The access matrix is a property of the maps, not of how they are enforced: for random maps
 * (groups and their scopes, routes and theirs, public routes, base scopes, machine clients, other
 * app clients on the pool), on both API kinds and both forms, and on a shared pool with a REST and
 * an HTTP API, every API's `accessMatrix()` and the pool's are the same under
 * `Enforcement.ACCESS_TOKEN_SCOPES` (the trigger's scopes in the token) and
 * `Enforcement.LAMBDA_AUTHORIZER` (the generated authorizer). test/lite-verifier.test.ts shows the
 * shipped authorizer answers as the matrix says, test/jwt-verify.test.ts the same of the tokens.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { addOtherClients, apiMaps, heldScopes, poolFields, poolPropsOf, routePropsOf } from './random-maps';
import { principalColumns, STRICT_CONTEXT } from './util';
import {
  Enforcement, RouteAccess, ScopedCognitoApi, ScopedCognitoApiProps, ScopedCognitoHttpApi, ScopedCognitoHttpApiProps, ScopedUserPool,
} from '../src';

/** About 0.5 s a run (two apps synthesized); for a longer search: ENFORCEMENT_MATRIX_RUNS=500 npx jest test/enforcement-matrix.test.ts */
const RUNS = Number(process.env.ENFORCEMENT_MATRIX_RUNS ?? 30);

const configs = fc.record({
  ...poolFields,
  // One API that makes its own pool (either kind), or a pool of its own with a REST and an HTTP API, each in its own stack.
  layout: fc.constantFrom('REST' as const, 'HTTP' as const, 'shared' as const),
  rest: apiMaps,
  http: apiMaps,
});
type Config = typeof configs extends fc.Arbitrary<infer T> ? T : never;

/** The matrices of an app built from `config` under `enforcement`: each API's, and the pool's. */
function matricesOf(config: Config, enforcement: Enforcement): { apis: RouteAccess[][]; pool: RouteAccess[]; markdown: string } {
  const held = heldScopes(config);
  const poolProps = { ...poolPropsOf(config), enforcement };
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'enforcement-matrix-')), context: STRICT_CONTEXT });
  let apis: Array<ScopedCognitoApi | ScopedCognitoHttpApi>;
  let pool: ScopedUserPool;
  if (config.layout === 'shared') {
    pool = new ScopedUserPool(new Stack(app, 'Users'), 'Users', poolProps);
    const others = addOtherClients(config, pool.userPool, held);
    const listed = config.http.listsOtherClients ? others : [];
    apis = [
      new ScopedCognitoApi(new Stack(app, 'Rest'), 'Api', { scopedUserPool: pool, ...routePropsOf(config.rest, held) }),
      new ScopedCognitoHttpApi(new Stack(app, 'Http'), 'Api', { scopedUserPool: pool, ...routePropsOf(config.http, held, listed) }),
    ];
  } else {
    const props: ScopedCognitoApiProps & ScopedCognitoHttpApiProps = { ...poolProps, ...routePropsOf(config.layout === 'REST' ? config.rest : config.http, held) };
    const stack = new Stack(app, 'Api');
    const api = config.layout === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
    // Added after the API: an HTTP API does not list them, a REST API accepts them as clients of the pool.
    addOtherClients(config, api.userPool as cognito.UserPool, held);
    apis = [api];
    pool = api.scopedUserPool;
  }
  // The app synthesizes under either enforcement: the maps are valid for both.
  app.synth();
  expect(pool.enforcement).toBe(enforcement);
  expect(apis.every((api) => (api.authorizerFunction !== undefined) === (enforcement === Enforcement.LAMBDA_AUTHORIZER))).toBe(true);
  return { apis: apis.map((api) => api.accessMatrix()), pool: pool.accessMatrix(), markdown: pool.accessMatrixMarkdown() };
}

describe('the access matrix under either enforcement', () => {
  test('is the same for the same maps: every API\'s, and the pool\'s', () => {
    fc.assert(
      fc.property(configs, (config) => {
        const scopes = matricesOf(config, Enforcement.ACCESS_TOKEN_SCOPES);
        const lite = matricesOf(config, Enforcement.LAMBDA_AUTHORIZER);
        expect(lite.apis.map(principalColumns)).toEqual(scopes.apis.map(principalColumns));
        expect(principalColumns(lite.pool)).toEqual(principalColumns(scopes.pool));
        // The rest of each row (API, scopes, public) too, and the rendered matrix.
        expect(lite.apis).toEqual(scopes.apis);
        expect(lite.pool).toEqual(scopes.pool);
        expect(lite.markdown).toBe(scopes.markdown);
        // Not empty: each scoped route is open to some group or machine client (every route scope is held), and closed to users in no group.
        for (const row of scopes.apis.flat().filter((r) => !r.isPublic)) {
          expect([row.route, row.groups.length + row.machineClients.length > 0, row.signedInWithoutGroup]).toEqual([row.route, true, false]);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  test('the comparison is not vacuous: other maps, or a client the HTTP API does not list, give another matrix', () => {
    const config: Config = {
      groupScopes: { Admin: ['api/read', 'api/write'], ReadOnly: ['api/read'] },
      baseScopes: undefined,
      machineClients: [{ name: 'billing', scopes: ['api/read'] }],
      oAuth: false,
      layout: 'shared',
      rest: { form: 'resources', routes: [['GET /orders', [0]], ['POST /orders', [1]]], publicRoutes: [], listsOtherClients: false },
      http: { form: 'document', routes: [['GET /orders', [0]], ['POST /orders', [1]]], publicRoutes: ['GET /health'], listsOtherClients: true },
      otherClients: true,
    };
    const base = matricesOf(config, Enforcement.LAMBDA_AUTHORIZER);
    expect(base.apis.map(principalColumns)).toEqual(matricesOf(config, Enforcement.ACCESS_TOKEN_SCOPES).apis.map(principalColumns));
    // ReadOnly loses api/read: the same comparison fails.
    const fewer = matricesOf({ ...config, groupScopes: { ...config.groupScopes, ReadOnly: ['ops/deploy'] } }, Enforcement.LAMBDA_AUTHORIZER);
    expect(() => expect(fewer.apis.map(principalColumns)).toEqual(base.apis.map(principalColumns))).toThrow();
    expect(() => expect(principalColumns(fewer.pool)).toEqual(principalColumns(base.pool))).toThrow();
    // The partner service (api/write) is a client of the pool: the REST API accepts it.
    expect(principalColumns(base.apis[0])).toEqual([
      { route: 'GET /orders', groups: ['Admin', 'ReadOnly'], signedInWithoutGroup: false, machineClients: ['billing'] },
      { route: 'POST /orders', groups: ['Admin'], signedInWithoutGroup: false, machineClients: ['Users/Users/UserPool/Partner'] },
    ]);
    // The HTTP API accepts it only when it lists it: its machine column follows, under either enforcement.
    const unlisted = { ...config, http: { ...config.http, listsOtherClients: false } };
    expect(matrixRow(base.apis[1], 'POST /orders').machineClients).toEqual(['Users/Users/UserPool/Partner']);
    for (const enforcement of [Enforcement.LAMBDA_AUTHORIZER, Enforcement.ACCESS_TOKEN_SCOPES]) {
      expect(matrixRow(matricesOf(unlisted, enforcement).apis[1], 'POST /orders').machineClients).toEqual([]);
    }
  });
});

function matrixRow(matrix: readonly RouteAccess[], route: string): RouteAccess {
  return matrix.find((row) => row.route === route)!;
}
