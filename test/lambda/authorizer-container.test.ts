/**
 * The shipped authorizer as a Lambda container runs it: the configuration read once (and every
 * request refused when it cannot be used), the pool's JWKS fetched once for many calls, a JWKS
 * that never answers ending in a refusal within the deadline, and log lines that hold counts and
 * fixed words only.
 */
import {
  ANY_CLIENT_ENV, AuthorizerEnv, expiredToken, gatewayOutcome, httpEvent, idToken, JwksServer, LISTED_ENV, loadShippedAuthorizer, machineToken,
  otherClientToken, POOL_ID, restEvent, sampleMap, userToken, USER_CLIENT, MACHINE_CLIENT, UNLISTED_CLIENT,
} from './shipped-authorizer';
import { AUTHORIZER_MAP_FILE, CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../../src/private/authorizer/authorizer-map';

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
});
afterAll(() => jwks.close());

const restCall = (token: string, resourcePath = '/orders/{id}', httpMethod = 'DELETE') =>
  restEvent({ httpMethod, resourcePath, authorization: `Bearer ${token}` });
const httpCall = (token: string, routeKey = 'DELETE /orders/{id}') => httpEvent({ routeKey, authorization: `Bearer ${token}` });

describe('a configuration that cannot be used refuses every request', () => {
  const http = sampleMap('HTTP');
  const cases: Array<[string, unknown, AuthorizerEnv, string]> = [
    ['no map file', undefined, LISTED_ENV, AUTHORIZER_MAP_FILE],
    ['a map that is not JSON', '{"api":', LISTED_ENV, AUTHORIZER_MAP_FILE],
    ['a map that is a list', [], LISTED_ENV, `${AUTHORIZER_MAP_FILE} (not an object)`],
    ['an unknown api', { ...http, api: 'WEBSOCKET' }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (api)`],
    ['an unknown acceptedClients', { ...http, acceptedClients: 'all' }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (acceptedClients)`],
    ['baseScopes not a list of strings', { ...http, baseScopes: 'api/read' }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (baseScopes)`],
    ['a group without scopes', { ...http, groups: [['Admin']] }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (groups)`],
    ['a group listed twice', { ...http, groups: [['Admin', ['api/admin']], ['Admin', ['api/write']]] }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (groups)`],
    ['a malformed resource server', { ...http, resourceServers: [['api', 'admin']] }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (resourceServers)`],
    ['no resource servers', { ...http, resourceServers: undefined }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (resourceServers)`],
    ['a route as an object', { ...http, routes: { 'GET /orders': ['api/read'] } }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (routes)`],
    ['a route with an empty key', { ...http, routes: [['', ['api/read']]] }, LISTED_ENV, `${AUTHORIZER_MAP_FILE} (routes)`],
    ['no USER_POOL_ID', http, { ...LISTED_ENV, [USER_POOL_ID_ENV]: undefined }, USER_POOL_ID_ENV],
    ['an empty USER_POOL_ID', http, { ...LISTED_ENV, [USER_POOL_ID_ENV]: '' }, USER_POOL_ID_ENV],
    ['a USER_POOL_ID that is no pool ID', http, { ...LISTED_ENV, [USER_POOL_ID_ENV]: 'not-a-pool' }, USER_POOL_ID_ENV],
    ['no ISSUER', http, { ...LISTED_ENV, [ISSUER_ENV]: undefined }, ISSUER_ENV],
    ['an ISSUER that is no https URL', http, { ...LISTED_ENV, [ISSUER_ENV]: 'cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123' }, ISSUER_ENV],
    ['a REST map without ISSUER', sampleMap('REST'), { ...ANY_CLIENT_ENV, [ISSUER_ENV]: undefined }, ISSUER_ENV],
    ['listed clients without CLIENT_IDS', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: undefined }, CLIENT_IDS_ENV],
    ['CLIENT_IDS not JSON', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: USER_CLIENT }, CLIENT_IDS_ENV],
    ['CLIENT_IDS a JSON string', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: JSON.stringify(USER_CLIENT) }, CLIENT_IDS_ENV],
    ['CLIENT_IDS with a number', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: JSON.stringify([USER_CLIENT, 7]) }, CLIENT_IDS_ENV],
    ['CLIENT_IDS with an empty ID', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: JSON.stringify(['']) }, CLIENT_IDS_ENV],
    ['CLIENT_IDS empty', http, { ...LISTED_ENV, [CLIENT_IDS_ENV]: '[]' }, CLIENT_IDS_ENV],
    ['a REST map without USER_POOL_ID', sampleMap('REST'), { ...ANY_CLIENT_ENV, [USER_POOL_ID_ENV]: undefined }, USER_POOL_ID_ENV],
  ];
  test.each(cases)('%s', async (_, map, env, setting) => {
    const before = jwks.requests;
    const { handler, log } = loadShippedAuthorizer(map, env, jwks);
    expect(log.error).toEqual([`the authorizer refuses every request: ${setting} is missing or malformed`]);
    // A token that would pass, on both kinds of event: the answer follows the event's kind, as the map cannot be trusted to say it.
    const token = userToken({ groups: ['Admin'] });
    expect((await gatewayOutcome(handler, restCall(token))).outcome).toBe('unauthorized');
    expect(await handler(httpCall(token))).toEqual({ isAuthorized: false });
    expect(log.takeDecisions()).toEqual([
      { decision: 'unauthorized', principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason: 'config' },
      { decision: 'unauthorized', principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason: 'config' },
    ]);
    expect(log.error).toHaveLength(1);
    expect(jwks.requests).toBe(before);
  });

  test('the error line names the setting, never its value', () => {
    const secretish = 'eu-west-1_LeakMe';
    const { log } = loadShippedAuthorizer(sampleMap('HTTP'), { ...LISTED_ENV, [CLIENT_IDS_ENV]: `["${secretish}"` }, jwks);
    expect(log.text()).not.toContain(secretish);
  });

  test('with any client of the pool (REST), CLIENT_IDS is not read; with listed clients, only they pass', async () => {
    const anyClient = loadShippedAuthorizer(sampleMap('REST'), { ...ANY_CLIENT_ENV, [CLIENT_IDS_ENV]: 'ignored' }, jwks);
    expect(anyClient.log.error).toEqual([]);
    expect((await gatewayOutcome(anyClient.handler, restCall(otherClientToken(['Admin'])))).outcome).toBe('allowed');
    const listed = loadShippedAuthorizer(sampleMap('HTTP'), { ...LISTED_ENV, [CLIENT_IDS_ENV]: JSON.stringify([UNLISTED_CLIENT]) }, jwks);
    expect((await listed.handler(httpCall(otherClientToken(['Admin'])))).isAuthorized).toBe(true);
    expect((await listed.handler(httpCall(userToken({ groups: ['Admin'] })))).isAuthorized).toBe(false);
  });
});

describe('the JWKS', () => {
  test('is fetched once per container, however many calls, concurrent first calls included', async () => {
    const before = jwks.requests;
    const { handler } = loadShippedAuthorizer(sampleMap('HTTP'), LISTED_ENV, jwks);
    const tokens = Array.from({ length: 10 }, (_, i) => userToken({ groups: i % 2 ? ['Admin'] : [] }));
    const first = await Promise.all(tokens.map((token) => handler(httpCall(token))));
    for (let round = 0; round < 5; round++) await Promise.all(tokens.map((token) => handler(httpCall(token, 'GET /orders'))));
    expect(first.map((answer) => answer.isAuthorized)).toEqual(tokens.map((_, i) => i % 2 === 1));
    expect(jwks.requests - before).toBe(1);
    // Another container fetches its own.
    await loadShippedAuthorizer(sampleMap('HTTP'), LISTED_ENV, jwks).handler(httpCall(tokens[0]));
    expect(jwks.requests - before).toBe(2);
  });

  test('that never answers gives a refusal within the deadline, not a hang; the container recovers once it answers', async () => {
    const rest = loadShippedAuthorizer(sampleMap('REST'), ANY_CLIENT_ENV, jwks);
    const http = loadShippedAuthorizer(sampleMap('HTTP'), LISTED_ENV, jwks);
    const token = userToken({ groups: ['Admin'] });
    jwks.answering = false;
    const started = Date.now();
    let answers: Array<{ outcome: string }>;
    try {
      answers = await Promise.all([gatewayOutcome(rest.handler, restCall(token)), gatewayOutcome(http.handler, httpCall(token))]);
    } finally {
      jwks.answering = true;
    }
    const elapsed = Date.now() - started;
    expect(answers.map((answer) => answer.outcome)).toEqual(['unauthorized', 'forbidden']);
    expect(elapsed).toBeGreaterThanOrEqual(2_500);
    // The deadline is 2.8 s; what must hold is an answer before the function's 5 s timeout (margin for a loaded machine).
    expect(elapsed).toBeLessThan(4_500);
    for (const log of [rest.log, http.log]) expect(log.takeDecisions()).toEqual([expect.objectContaining({ decision: 'unauthorized', reason: 'timeout' })]);
    // aws-jwt-verify's retry gives up at 3 s; the next call fetches again, from a JWKS that answers.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await gatewayOutcome(rest.handler, restCall(token))).outcome).toBe('allowed');
    expect((await http.handler(httpCall(token))).isAuthorized).toBe(true);
  }, 10_000);
});

describe('the log', () => {
  test('one line per request, counts and fixed words only: never a token, a sub, a name, a group, a scope or a client ID', async () => {
    const secrets = {
      sub: 'c0ffee00-dead-4bee-8f00-5ec7e75ec7e7',
      username: 'mallory-the-user',
      group: 'Group-Zeta-Secret',
      scope: 'zeta.example.com/confidential',
      managed: 'api/zeta-secret',
    };
    const map = {
      ...sampleMap('HTTP'),
      groups: [[secrets.group, [secrets.managed]], ['Admin', ['api/admin']]],
      resourceServers: [['api', ['admin', 'read', 'zeta-secret']]],
      routes: [['GET /zeta', [secrets.managed]], ['GET /partner', [secrets.scope]], ['GET /orders', ['api/read']]],
    };
    const { handler, log } = loadShippedAuthorizer(map, LISTED_ENV, jwks);
    const tokens = [
      userToken({ sub: secrets.sub, username: secrets.username, groups: [secrets.group, 'Unknown'], scope: `openid ${secrets.scope}` }),
      userToken({ sub: secrets.sub, username: secrets.username, groups: ['Admin'], scope: secrets.managed }),
      machineToken({ scope: `${secrets.scope} ${secrets.managed}` }),
      machineToken({ scope: 'api/read' }, { 'cognito:groups': [secrets.group] }),
      expiredToken([secrets.group]),
      idToken({ groups: [secrets.group] }),
      otherClientToken([secrets.group]),
    ];
    const events = [];
    for (const token of tokens) for (const routeKey of ['GET /zeta', 'GET /partner', 'GET /orders', 'GET /nowhere']) events.push(httpCall(token, routeKey));
    events.push(httpEvent({ routeKey: 'GET /zeta', authorization: `Basic ${secrets.username}` }), httpEvent({ routeKey: 'GET /zeta' }));
    for (const event of events) await handler(event);
    const lines = log.takeDecisions();
    expect(lines).toHaveLength(events.length);
    expect(new Set(lines.map((line) => line.decision))).toEqual(new Set(['allow', 'deny', 'unauthorized']));
    const allowedKeys = ['decision', 'principal', 'groups', 'scopes', 'routeScopes', 'reason', 'error'];
    const words = /^(allow|deny|unauthorized|user|machine|none|no-token|malformed-header|invalid-token|not-a-principal|unknown-route|no-scope|[A-Za-z]+Error)$/;
    for (const line of lines) {
      for (const [key, value] of Object.entries(line)) {
        expect(allowedKeys).toContain(key);
        expect(typeof value === 'number' || (typeof value === 'string' && words.test(value))).toBe(true);
      }
    }
    // Re-run to have something in the captured text to search.
    for (const event of events) await handler(event);
    const text = log.text();
    for (const secret of [...Object.values(secrets), POOL_ID, USER_CLIENT, MACHINE_CLIENT, UNLISTED_CLIENT, 'alice', 'Admin', 'openid', 'api/read']) {
      expect(text).not.toContain(secret);
    }
    for (const token of tokens) {
      for (const part of token.split('.')) if (part.length > 8) expect(text).not.toContain(part);
    }
  });
});
