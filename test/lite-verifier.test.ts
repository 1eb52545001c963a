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
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { REST_EXAMPLE } from '../example/app';
import { HTTP_EXAMPLE } from '../example/http-app';
import { SharedPoolExampleStack } from '../example/shared-pool-app';
import {
  Enforcement, ScopedCognitoApi, ScopedCognitoApiProps, ScopedCognitoHttpApi, ScopedCognitoHttpApiProps, ScopedUserPool,
} from '../src';
import { Deployment, withoutStack } from './deployment';
import { AuthorizerHandler, GatewayOutcome, JwksServer, policyOutcome } from './lambda/shipped-authorizer';
import { AuthorizerEvent, DeployedApi, deployedApi, gridMismatches, loadStagedAuthorizer, matrixRow, requestsOf } from './lite-grid';
import { addOtherClients, apiFields, heldScopes, poolFields, poolPropsOf, routePropsOf } from './random-maps';
import { STRICT_CONTEXT } from './util';
import { AuthorizerMap } from '../src/private/authorizer/authorizer-map';

const LITE = { enforcement: Enforcement.LAMBDA_AUTHORIZER };
/** Values of a path parameter in requests (`{proxy+}` takes `<value>/more`). */
const PATH_VALUES = ['42', 'abc', 'a-b_c.d'];

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
});
afterAll(() => jwks.close());

// The app as deployed (test/deployment.ts), and its APIs' staged authorizers, routes and callers (test/lite-grid.ts).

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
  const { handler } = loadStagedAuthorizer(api.folder, api.env, jwks);
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
      const { mismatches, outcomes } = await gridMismatches(api, jwks);
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
    expect((await gridMismatches(rest, jwks, { map: dropAdmin })).mismatches).toEqual(expect.arrayContaining([
      expect.stringMatching(/^LiteRest\/Api GET \/admin, a user in Admin through \S+: forbidden, the matrix says allowed$/),
    ]));
    const widen = (map: AuthorizerMap) => ({ ...map, routes: map.routes.map(([route, scopes]) => [route, route === 'POST /orders' ? [...scopes, 'orders/read'] : scopes]) });
    expect((await gridMismatches(httpApi, jwks, { map: widen })).mismatches).toEqual(expect.arrayContaining([
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
          const { mismatches } = await gridMismatches(api, jwks);
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
