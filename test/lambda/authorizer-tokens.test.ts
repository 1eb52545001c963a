/**
 * The shipped authorizer, on complete events of both kinds of API: which tokens it refuses and
 * why, and which scopes it grants a user and a machine client. A REST refusal of a token is a 401
 * (`throw new Error('Unauthorized')`); a verified caller without the route's scope a 403 (`Deny`);
 * on an HTTP API both are `{ isAuthorized: false }`, told apart by the decision line.
 */
import {
  algNoneToken, ANY_CLIENT_ENV, expiredToken, gatewayOutcome, GatewayOutcome, httpEvent, idToken, JwksServer, LISTED_ENV, loadShippedAuthorizer,
  machineToken, MACHINE_CLIENT, nowSeconds, otherClientToken, otherKeyToken, otherPoolToken, restEvent, sampleMap, ShippedAuthorizer, signJwt,
  userToken, ISSUER, UPDATED_ISSUER, USER_CLIENT,
} from './shipped-authorizer';
import { ISSUER_ENV } from '../../src/private/authorizer/authorizer-map';

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
});
afterAll(() => jwks.close());

type Kind = 'REST' | 'HTTP';
const authorizers = new Map<Kind, ShippedAuthorizer>();
const authorizer = (kind: Kind) => {
  if (!authorizers.has(kind)) authorizers.set(kind, loadShippedAuthorizer(sampleMap(kind), kind === 'REST' ? ANY_CLIENT_ENV : LISTED_ENV, jwks));
  return authorizers.get(kind)!;
};

/** Calls the kind's authorizer for `route` (`METHOD /resource`) with the headers; the gateway's outcome and the decision line. */
async function call(kind: Kind, route: string, headers: Record<string, string>) {
  const [httpMethod, resourcePath] = route.split(' ');
  const { handler, log } = authorizer(kind);
  log.takeDecisions();
  const event = kind === 'REST' ? restEvent({ httpMethod, resourcePath, headers }) : httpEvent({ routeKey: route, headers });
  const { outcome, answer } = await gatewayOutcome(handler, event);
  const lines = log.takeDecisions();
  expect(lines).toHaveLength(1);
  return { outcome, answer, line: lines[0] };
}

/** With the token as `Authorization: Bearer <token>` (REST's header name as clients send it, HTTP's lower-case). */
const withToken = (kind: Kind, route: string, token: string) => call(kind, route, { [kind === 'REST' ? 'Authorization' : 'authorization']: `Bearer ${token}` });

/** What the gateway does with a request refused for the token's sake: 401 on REST, 403 on HTTP. */
const refusedToken = (kind: Kind): GatewayOutcome => (kind === 'REST' ? 'unauthorized' : 'forbidden');

describe.each<Kind>(['REST', 'HTTP'])('%s: tokens that are refused', (kind) => {
  const invalid: Array<[string, () => string, string]> = [
    ['an ID token', () => idToken({ groups: ['Admin'] }), 'CognitoJwtInvalidTokenUseError'],
    ['an expired token', () => expiredToken(['Admin']), 'JwtExpiredError'],
    ['a token signed with another key', () => otherKeyToken(['Admin']), 'JwtInvalidSignatureError'],
    ["a token with 'alg: none' and no signature", () => algNoneToken(['Admin']), 'JwtParseError'],
    ["a token with 'alg: none' and a signature", () => `${algNoneToken(['Admin'])}c2lnbmF0dXJl`, 'JwtInvalidSignatureAlgorithmError'],
    ['a token of another pool', () => otherPoolToken(['Admin']), 'ParameterValidationError'],
    // aws-jwt-verify takes either issuer of a pool; the authorizer only the one the pool's tokens carry.
    ["a token of the pool's other issuer (updated, while the pool is on the original)", () => userToken({ groups: ['Admin'] }, { iss: UPDATED_ISSUER }),
      'JwtInvalidIssuerError'],
    ['a token of a key the JWKS does not hold', () => signJwt(JSON.parse(Buffer.from(userToken({ groups: ['Admin'] }).split('.')[1], 'base64url').toString()), { kid: 'rotated-away' }), 'KidNotFoundInJwksError'],
    ['a token whose payload is not JSON', () => `${Buffer.from('{"alg":"RS256","kid":"x"}').toString('base64url')}.bm90IGpzb24.c2ln`, 'JwtParseError'],
    ['three parts of garbage', () => 'abc.def.ghi', 'JwtParseError'],
  ];
  test.each(invalid)('%s', async (_, token, error) => {
    const { outcome, line } = await withToken(kind, 'DELETE /orders/{id}', token());
    expect(outcome).toBe(refusedToken(kind));
    expect(line).toEqual({ decision: 'unauthorized', principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason: 'invalid-token', error });
  });

  test('on the updated issuer, its tokens pass and those of the original issuer are refused', async () => {
    const env = { ...(kind === 'REST' ? ANY_CLIENT_ENV : LISTED_ENV), [ISSUER_ENV]: UPDATED_ISSUER };
    const { handler, log } = loadShippedAuthorizer(sampleMap(kind), env, jwks);
    const event = (token: string) => (kind === 'REST'
      ? restEvent({ httpMethod: 'DELETE', resourcePath: '/orders/{id}', headers: { Authorization: `Bearer ${token}` } })
      : httpEvent({ routeKey: 'DELETE /orders/{id}', headers: { authorization: `Bearer ${token}` } }));
    expect((await gatewayOutcome(handler, event(userToken({ groups: ['Admin'] }, { iss: UPDATED_ISSUER })))).outcome).toBe('allowed');
    expect((await gatewayOutcome(handler, event(userToken({ groups: ['Admin'] })))).outcome).toBe(refusedToken(kind));
    expect(log.takeDecisions().map((line) => line.error)).toEqual([undefined, 'JwtInvalidIssuerError']);
  });

  test(kind === 'HTTP' ? 'a token of a client the API does not list (CLIENT_IDS)' : 'a token of any client of the pool passes (as a Cognito authorizer)', async () => {
    const { outcome, line } = await withToken(kind, 'DELETE /orders/{id}', otherClientToken(['Admin']));
    if (kind === 'HTTP') {
      expect(outcome).toBe('forbidden');
      expect(line).toMatchObject({ decision: 'unauthorized', reason: 'invalid-token', error: 'CognitoJwtInvalidClientIdError' });
    } else {
      expect(outcome).toBe('allowed');
    }
  });

  const headerName = kind === 'REST' ? 'Authorization' : 'authorization';
  const malformed: Array<[string, Record<string, string>, string]> = [
    ['no Authorization header', {}, 'no-token'],
    ['an empty Authorization header', { [headerName]: '' }, 'no-token'],
    ["'Bearer' and nothing", { [headerName]: 'Bearer' }, 'malformed-header'],
    ["'Bearer ' and nothing", { [headerName]: 'Bearer ' }, 'malformed-header'],
    ['two spaces after Bearer', { [headerName]: `Bearer  ${userToken({ groups: ['Admin'] })}` }, 'malformed-header'],
    ['another scheme', { [headerName]: 'Basic YWxpY2U6c2VjcmV0' }, 'malformed-header'],
    ['a token and more', { [headerName]: `Bearer ${userToken({ groups: ['Admin'] })} extra` }, 'malformed-header'],
    ['garbage', { [headerName]: 'not a token at all' }, 'malformed-header'],
    ['two Authorization headers, differing in case and value', { Authorization: `Bearer ${userToken({ groups: ['Admin'] })}`, authorization: 'Bearer x.y.z' }, 'malformed-header'],
  ];
  test.each(malformed)('%s', async (_, headers, reason) => {
    const { outcome, line } = await call(kind, 'DELETE /orders/{id}', headers);
    expect(outcome).toBe(refusedToken(kind));
    expect(line).toEqual({ decision: 'unauthorized', principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason });
  });

  const notPrincipals: Array<[string, () => string]> = [
    ['a machine token with groups', () => machineToken({ scope: 'api/admin' }, { 'cognito:groups': ['Admin'] })],
    ['a machine token with an empty groups claim', () => machineToken({ scope: 'api/admin' }, { 'cognito:groups': [] })],
    ['no username, and sub is not the client', () => machineToken({ scope: 'api/admin' }, { sub: 'f00dcafe-0000-4000-8000-000000000000' })],
    ['a user token without exp', () => userToken({ groups: ['Admin'] }, { exp: undefined })],
    ['a user token whose groups are not a list of strings', () => userToken({}, { 'cognito:groups': 'Admin' })],
    ['a user token with an empty username', () => userToken({ groups: ['Admin'], username: '' })],
  ];
  test.each(notPrincipals)('%s', async (_, token) => {
    const { outcome, line } = await withToken(kind, 'DELETE /orders/{id}', token());
    expect(outcome).toBe(refusedToken(kind));
    expect(line).toEqual({ decision: 'unauthorized', principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason: 'not-a-principal' });
  });

  test('a token without client_id', async () => {
    const { outcome, line } = await withToken(kind, 'DELETE /orders/{id}', userToken({ groups: ['Admin'] }, { client_id: undefined }));
    expect(outcome).toBe(refusedToken(kind));
    // With listed clients, aws-jwt-verify refuses it; with any client of the pool, the handler does.
    expect(line).toMatchObject(kind === 'HTTP' ? { reason: 'invalid-token', error: 'CognitoJwtInvalidClientIdError' } : { reason: 'not-a-principal' });
  });
});

describe.each<Kind>(['REST', 'HTTP'])('%s: how the token is carried', (kind) => {
  const token = () => userToken({ groups: ['Admin'] });
  test.each([
    ['Bearer <jwt>', { Authorization: `Bearer ${token()}` }],
    ['bearer <jwt>', { authorization: `bearer ${token()}` }],
    ['BEARER <jwt>', { AUTHORIZATION: `BEARER ${token()}` }],
    ['the raw JWT', { authorization: token() }],
    ['two headers with the same value', ((value) => ({ Authorization: value, authorization: value }))(`Bearer ${token()}`)],
  ])('%s passes', async (_, headers) => {
    expect((await call(kind, 'DELETE /orders/{id}', headers)).outcome).toBe('allowed');
  });
});

describe.each<Kind>(['REST', 'HTTP'])('%s: the scopes granted', (kind) => {
  const outcome = async (route: string, token: string) => (await withToken(kind, route, token)).outcome;
  const denied: GatewayOutcome = 'forbidden';

  test("a user gets its groups' scopes and the base scopes", async () => {
    const admin = userToken({ groups: ['Admin'] });
    expect(await outcome('DELETE /orders/{id}', admin)).toBe('allowed');
    expect(await outcome('GET /orders/{id}/secret', admin)).toBe('allowed');
    expect(await outcome('GET /orders', admin)).toBe('allowed');
    expect(await outcome('POST /deploy', admin)).toBe('allowed');
    const deployer = userToken({ groups: ['Deployers'] });
    expect(await outcome('POST /deploy', deployer)).toBe('allowed');
    expect(await outcome('DELETE /orders/{id}', deployer)).toBe(denied);
  });

  test('a user in no group, or only in groups the map does not know, gets the base scopes only', async () => {
    for (const groups of [undefined, [], ['Unknown'], ['toString', 'hasOwnProperty', 'valueOf']]) {
      const token = userToken({ groups });
      expect(await outcome('GET /orders/{id}', token)).toBe('allowed');
      expect(await outcome('DELETE /orders/{id}', token)).toBe(denied);
      expect(await outcome('GET /proto', token)).toBe(denied);
      expect(await outcome('GET /ctor', token)).toBe(denied);
    }
  });

  test("groups named __proto__ and constructor are the map's own entries, nothing more", async () => {
    expect(await outcome('GET /proto', userToken({ groups: ['__proto__'] }))).toBe('allowed');
    expect(await outcome('GET /ctor', userToken({ groups: ['constructor'] }))).toBe('allowed');
    expect(await outcome('DELETE /orders/{id}', userToken({ groups: ['__proto__', 'constructor'] }))).toBe(denied);
  });

  test('a managed scope a user token carries of its own grants nothing', async () => {
    const token = userToken({ groups: [], scope: 'openid api/admin ops/deploy api/ctor' });
    expect(await outcome('DELETE /orders/{id}', token)).toBe(denied);
    expect(await outcome('POST /deploy', token)).toBe(denied);
    expect(await outcome('GET /ctor', token)).toBe(denied);
    // Even an identifier with a slash in it: the server is what precedes the last '/'.
    expect(await outcome('GET /orders/{id}/secret', userToken({ scope: 'api/admin' }))).toBe(denied);
  });

  test("a user token's scope of a server the construct does not manage is granted", async () => {
    expect(await outcome('GET /partner', userToken({ scope: 'openid partner.example.com/read' }))).toBe('allowed');
    expect(await outcome('GET /partner', userToken({ scope: 'openid' }))).toBe(denied);
  });

  test('a machine client gets exactly its token scopes: no base scopes, managed ones included', async () => {
    expect(await outcome('DELETE /orders/{id}', machineToken({ scope: 'api/admin' }))).toBe('allowed');
    expect(await outcome('GET /partner', machineToken({ scope: 'partner.example.com/read' }))).toBe('allowed');
    expect(await outcome('GET /orders', machineToken({ scope: 'api/admin' }))).toBe(denied);
    expect(await outcome('GET /orders', machineToken({ scope: '' }))).toBe(denied);
    expect(await outcome('POST /deploy', machineToken({ scope: 'ops/deploy api/read' }))).toBe('allowed');
  });

  test('a verified caller on a route the map does not list is denied', async () => {
    const { outcome: result, line } = await withToken(kind, 'GET /unlisted', userToken({ groups: ['Admin'], scope: 'openid' }));
    expect(result).toBe(denied);
    // api/read (base), api/admin, api/write, openid.
    expect(line).toEqual({ decision: 'deny', principal: 'user', groups: 1, scopes: 4, routeScopes: 0, reason: 'unknown-route' });
  });

  test('the decision line counts the known groups, the granted scopes and the route scopes', async () => {
    const { line } = await withToken(kind, 'POST /deploy', userToken({ groups: ['Admin', 'Unknown', 'Deployers', 'Admin'], scope: 'openid api/admin' }));
    // api/read (base), api/admin, api/write, ops/deploy, openid.
    expect(line).toEqual({ decision: 'allow', principal: 'user', groups: 2, scopes: 5, routeScopes: 2 });
    const denial = await withToken(kind, 'DELETE /orders/{id}', machineToken({ scope: 'api/read ops/deploy' }));
    expect(denial.line).toEqual({ decision: 'deny', principal: 'machine', groups: 0, scopes: 2, routeScopes: 1, reason: 'no-scope' });
  });

  test('the context tells the backend who calls, in strings', async () => {
    const sub = 'a1b2c3d4-0000-4000-8000-00000000abcd';
    const user = await withToken(kind, 'GET /orders/{id}', userToken({ sub, username: 'alice', groups: ['Deployers', 'Unknown', 'Admin'], scope: 'openid api/admin' }));
    const context = {
      principalType: 'user',
      sub,
      clientId: USER_CLIENT,
      username: 'alice',
      groups: '["Deployers","Admin"]',
      scopes: 'api/admin api/read api/write openid ops/deploy',
    };
    expect(user.answer.context).toEqual(context);
    const machine = await withToken(kind, 'DELETE /orders/{id}', machineToken({ scope: 'api/read api/admin' }));
    expect(machine.answer.context).toEqual({
      principalType: 'machine', sub: MACHINE_CLIENT, clientId: MACHINE_CLIENT, username: '', groups: '[]', scopes: 'api/admin api/read',
    });
    for (const value of [...Object.values(user.answer.context), ...Object.values(machine.answer.context)]) expect(typeof value).toBe('string');
  });

  test('a token valid for a few seconds more passes; the issuer must be the pool', async () => {
    expect(await outcome('GET /orders', userToken({}, { exp: nowSeconds() + 5 }))).toBe('allowed');
    expect(await outcome('GET /orders', userToken({}, { iss: `${ISSUER}/` }))).toBe(refusedToken(kind));
  });
});
