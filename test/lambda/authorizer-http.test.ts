/**
 * The shipped authorizer behind an HTTP API (payload format 2.0, simple responses, keyed by the
 * Authorization header and the route key): `{ isAuthorized: true, context }` or
 * `{ isAuthorized: false }`, and never a thrown error, which an HTTP API answers with a 500.
 */
import {
  httpEvent, JwksServer, LISTED_ENV, loadShippedAuthorizer, machineToken, restEvent, sampleMap, ShippedAuthorizer, userToken, USER_CLIENT,
} from './shipped-authorizer';

let jwks: JwksServer;
let api: ShippedAuthorizer;
beforeAll(async () => {
  jwks = await JwksServer.start();
  api = loadShippedAuthorizer(sampleMap('HTTP'), LISTED_ENV, jwks);
});
afterAll(() => jwks.close());

const admin = () => userToken({ sub: 'b0b0b0b0-0000-4000-8000-000000000001', groups: ['Admin'], scope: 'openid' });
const call = (routeKey: string, token?: string, more: Partial<Parameters<typeof httpEvent>[0]> = {}) =>
  api.handler(httpEvent({ routeKey, authorization: token === undefined ? undefined : `Bearer ${token}`, ...more }));

describe('HTTP answers', () => {
  test('allowed: isAuthorized with the context, nothing else', async () => {
    expect(await call('DELETE /orders/{id}', admin())).toEqual({
      isAuthorized: true,
      context: {
        principalType: 'user',
        sub: 'b0b0b0b0-0000-4000-8000-000000000001',
        clientId: USER_CLIENT,
        username: 'alice',
        groups: '["Admin"]',
        scopes: 'api/admin api/read api/write openid',
      },
    });
  });

  test('refused, for the token or for the scope: { isAuthorized: false } exactly', async () => {
    expect(await call('DELETE /orders/{id}')).toEqual({ isAuthorized: false });
    expect(await call('DELETE /orders/{id}', 'x.y.z')).toEqual({ isAuthorized: false });
    expect(await call('DELETE /orders/{id}', userToken({ groups: [] }))).toEqual({ isAuthorized: false });
    expect(await call('GET /unlisted', admin())).toEqual({ isAuthorized: false });
  });

  test('never throws, whatever the event', async () => {
    const good = httpEvent({ routeKey: 'GET /orders', authorization: `Bearer ${admin()}` });
    const events: unknown[] = [
      undefined, null, 0, 'event', [], {}, { version: '2.0' },
      { ...good, headers: null }, { ...good, headers: 'authorization' }, { ...good, headers: { authorization: 42 } },
      { ...good, routeKey: undefined }, { ...good, routeKey: 7 },
      restEvent({ httpMethod: 'GET', resourcePath: '/orders', authorization: `Bearer ${admin()}` }),
      new Proxy({}, { get: () => { throw new Error('hostile'); }, ownKeys: () => { throw new Error('hostile'); } }),
    ];
    for (const event of events) {
      api.log.takeDecisions();
      const answer = await api.handler(event);
      expect(answer).toEqual({ isAuthorized: false });
      expect(api.log.takeDecisions()).toEqual([expect.objectContaining({ decision: 'unauthorized' })]);
    }
  });

  test('the route key is the key: an ANY route is looked up as ANY, and an unlisted key is refused', async () => {
    // API Gateway names the matched route: `ANY /files/{proxy+}` for a PATCH on it.
    const reader = userToken({ groups: [] });
    expect((await call('ANY /files/{proxy+}', admin())).isAuthorized).toBe(true);
    expect((await call('ANY /files/{proxy+}', reader)).isAuthorized).toBe(false);
    expect((await call('GET /files/{proxy+}', reader)).isAuthorized).toBe(true);
    expect((await call('PATCH /files/{proxy+}', admin())).isAuthorized).toBe(false);
    expect((await call('$default', admin())).isAuthorized).toBe(false);
  });

  test('the decision reads only the Authorization header and the route key of the event', async () => {
    const token = admin();
    const answers = [];
    for (const more of [
      {},
      { path: '/orders/1/secret', rawQueryString: 'admin=true' },
      { headers: { 'x-forwarded-for': '198.51.100.1', 'cookie': 'a=b', 'x-amzn-oidc-data': 'forged' } },
    ]) {
      answers.push(await call('GET /orders/{id}/secret', token, more));
    }
    expect(answers.map((answer) => answer.isAuthorized)).toEqual([true, true, true]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    // The route the request claims elsewhere in the event (its requestContext, its path) is not read.
    const event = httpEvent({ routeKey: 'DELETE /orders/{id}', authorization: `Bearer ${machineToken({ scope: 'api/read' })}` });
    const misleading = { ...event, requestContext: { ...event.requestContext, routeKey: 'GET /orders/{id}' }, rawPath: '/orders/1' };
    expect(await api.handler(misleading)).toEqual({ isAuthorized: false });
  });

  test('the header name in any case (API Gateway sends it lower-case)', async () => {
    expect((await call('GET /orders', undefined, { headers: { Authorization: `Bearer ${admin()}` } })).isAuthorized).toBe(true);
    expect((await call('GET /orders', undefined, { headers: { authorization: admin() } })).isAuthorized).toBe(true);
  });
});
