/**
 * The shipped authorizer behind a REST API (a `REQUEST` authorizer keyed by the Authorization
 * header, the method and the resource path): the answer's exact shape, 401 (a thrown
 * `Unauthorized`) against 403 (a `Deny`), routes by method then `ANY`, and the policy's resource,
 * which API Gateway evaluates against the method ARN of every request that reuses the answer.
 */
import {
  ANY_CLIENT_ENV, API_ID, ACCOUNT, arnMatches, gatewayOutcome, JwksServer, loadShippedAuthorizer, machineToken, methodArn, policyOutcome,
  REGION, restEvent, sampleMap, ShippedAuthorizer, STAGE, userToken,
} from './shipped-authorizer';

let jwks: JwksServer;
let rest: ShippedAuthorizer;
beforeAll(async () => {
  jwks = await JwksServer.start();
  rest = loadShippedAuthorizer(sampleMap('REST'), ANY_CLIENT_ENV, jwks);
});
afterAll(() => jwks.close());

const STAGE_ARN = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}/`;
const ADMIN_SUB = 'a1b2c3d4-0000-4000-8000-0000000000ad';
const admin = () => userToken({ sub: ADMIN_SUB, groups: ['Admin'], scope: 'openid' });
const reader = () => userToken({ groups: [], scope: 'openid' });

const call = (httpMethod: string, resourcePath: string, token: string | undefined, more: Partial<Parameters<typeof restEvent>[0]> = {}) =>
  rest.handler(restEvent({ httpMethod, resourcePath, authorization: token === undefined ? undefined : `Bearer ${token}`, ...more }));

describe('REST answers', () => {
  test('an allowed caller gets an Allow policy for the method on the resource, its sub as principal, and its context', async () => {
    expect(await call('DELETE', '/orders/{id}', admin())).toEqual({
      principalId: ADMIN_SUB,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${STAGE_ARN}DELETE/orders/*` },
          { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: [`${STAGE_ARN}DELETE/orders/*/*`, `${STAGE_ARN}DELETE/orders/`] },
        ],
      },
      context: {
        principalType: 'user',
        sub: ADMIN_SUB,
        clientId: '1user2client3example4567',
        username: 'alice',
        groups: '["Admin"]',
        scopes: 'api/admin api/read api/write openid',
      },
    });
  });

  test('a verified caller without the scope gets a Deny policy of the same shape (API Gateway answers 403)', async () => {
    const answer = await call('DELETE', '/orders/{id}', reader());
    expect(answer.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${STAGE_ARN}DELETE/orders/*` }],
    });
    expect(answer.principalId).toEqual(answer.context.sub);
    expect(answer.context).toMatchObject({ principalType: 'user', groups: '[]', scopes: 'api/read openid' });
  });

  test("a refused token is a thrown Error('Unauthorized'), exactly (API Gateway answers 401; another error would be a 500)", async () => {
    for (const token of [undefined, 'x.y.z', userToken({ groups: ['Admin'] }, { exp: 1 })]) {
      const refusal = await call('DELETE', '/orders/{id}', token).then(() => undefined, (error: unknown) => error);
      expect(refusal).toBeInstanceOf(Error);
      expect((refusal as Error).message).toBe('Unauthorized');
    }
  });

  test('401 for the token, 403 for the scope: the two refusals stay apart', async () => {
    const event = (token?: string) => restEvent({ httpMethod: 'DELETE', resourcePath: '/orders/{id}', authorization: token && `Bearer ${token}` });
    expect((await gatewayOutcome(rest.handler, event())).outcome).toBe('unauthorized');
    expect((await gatewayOutcome(rest.handler, event(reader()))).outcome).toBe('forbidden');
    expect((await gatewayOutcome(rest.handler, event(admin()))).outcome).toBe('allowed');
  });

  test('an event without a readable method ARN, method or resource path is refused as unauthorized', async () => {
    const good = restEvent({ httpMethod: 'GET', resourcePath: '/orders', authorization: `Bearer ${admin()}` });
    const broken: unknown[] = [
      { ...good, methodArn: undefined },
      { ...good, methodArn: 'arn:aws:execute-api:eu-west-1:123456789012' },
      { ...good, methodArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' },
      { ...good, methodArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}` },
      { ...good, requestContext: undefined },
      { ...good, requestContext: { ...good.requestContext, httpMethod: undefined } },
      { ...good, requestContext: { ...good.requestContext, resourcePath: 'orders' } },
      null, 'event', [good],
    ];
    for (const event of broken) {
      rest.log.takeDecisions();
      await expect(rest.handler(event)).rejects.toThrow(new Error('Unauthorized'));
      expect(rest.log.takeDecisions()).toEqual([expect.objectContaining({ decision: 'unauthorized', reason: 'malformed-event' })]);
    }
  });
});

describe('REST routes', () => {
  test("an ANY method's event carries the actual method: its key first, then the resource's ANY", async () => {
    // GET /files/{proxy+} wants api/read (every user has it); ANY /files/{proxy+} api/write.
    const outcome = async (httpMethod: string, token: string) =>
      (await gatewayOutcome(rest.handler, restEvent({ httpMethod, resourcePath: '/files/{proxy+}', authorization: `Bearer ${token}` }))).outcome;
    expect(await outcome('GET', reader())).toBe('allowed');
    for (const httpMethod of ['PUT', 'PATCH', 'POST', 'DELETE']) {
      expect(await outcome(httpMethod, reader())).toBe('forbidden');
      expect(await outcome(httpMethod, admin())).toBe('allowed');
    }
    const answer = await call('PATCH', '/files/{proxy+}', admin());
    expect(answer.policyDocument.Statement).toEqual([{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${STAGE_ARN}PATCH/files/*` }]);
  });

  test('the policy resource: parameters and greedy paths as *, the root as /, a literal path as itself', async () => {
    const resources = async (httpMethod: string, resourcePath: string, token = admin()) =>
      (await call(httpMethod, resourcePath, token)).policyDocument.Statement.map((statement: any) => [statement.Effect, statement.Resource]);
    expect(await resources('GET', '/')).toEqual([['Allow', `${STAGE_ARN}GET/`]]);
    expect(await resources('GET', '/orders')).toEqual([['Allow', `${STAGE_ARN}GET/orders`]]);
    expect(await resources('GET', '/files/{proxy+}')).toEqual([['Allow', `${STAGE_ARN}GET/files/*`]]);
    expect(await resources('GET', '/orders/{id}/secret')).toEqual([
      ['Allow', `${STAGE_ARN}GET/orders/*/secret`],
      ['Deny', [`${STAGE_ARN}GET/orders/*/*/secret`, `${STAGE_ARN}GET/orders//secret`]],
    ]);
    // Denied: one statement; a resource the map does not list is wildcarded the same way.
    expect(await resources('GET', '/unlisted/{a}/{b}')).toEqual([['Deny', `${STAGE_ARN}GET/unlisted/*/*`]]);
  });

  test('a cached Allow for /orders/{id} covers every order, and no deeper path, other method, stage or API', async () => {
    const { policyDocument } = await call('GET', '/orders/{id}', reader(), { path: '/orders/1' });
    const outcome = (arn: string) => policyOutcome(policyDocument, arn);
    for (const id of ['1', '2', 'a-b_c.d', '%2F', 'x'.repeat(200)]) expect(outcome(methodArn('GET', `/orders/${id}`))).toBe('allowed');
    for (const arn of [
      methodArn('GET', '/orders/1/secret'),
      methodArn('GET', '/orders/'),
      methodArn('GET', '/orders'),
      methodArn('DELETE', '/orders/1'),
      methodArn('GET', '/orders/1', 'test'),
      `arn:aws:execute-api:${REGION}:${ACCOUNT}:other99/${STAGE}/GET/orders/1`,
    ]) {
      expect(outcome(arn)).toBe('forbidden');
    }
  });

  test('the decision reads only the Authorization header, the method and the resource path of the event', async () => {
    const token = admin();
    const base = { httpMethod: 'GET', resourcePath: '/orders/{id}/secret', authorization: `Bearer ${token}` };
    const answers = [];
    for (const more of [
      {},
      { path: '/orders/1/secret' },
      { path: '/orders/999/secret', query: { admin: 'true', scope: 'api/admin' } },
      { headers: { 'X-Forwarded-For': '198.51.100.1', 'Cookie': 'a=b', 'X-Api-Key': 'k' } },
    ]) {
      answers.push(await call(base.httpMethod, base.resourcePath, token, more));
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    // The event's own `path`, `resource` and top-level `httpMethod` are not what it reads.
    const event = restEvent({ ...base, resourcePath: '/orders/{id}' });
    const misleading = { ...event, resource: '/orders/{id}/secret', path: '/orders/1/secret', httpMethod: 'DELETE' };
    expect((await rest.handler(misleading)).policyDocument.Statement[0].Resource).toBe(`${STAGE_ARN}GET/orders/*`);
  });

  test('a machine client is its own principal, with no groups and no username', async () => {
    const answer = await call('DELETE', '/orders/{id}', machineToken({ scope: 'api/admin' }));
    expect(answer.principalId).toBe('5machine6client7example89');
    expect(answer.context).toMatchObject({ principalType: 'machine', username: '', groups: '[]', scopes: 'api/admin' });
    expect(arnMatches(answer.policyDocument.Statement[0].Resource, methodArn('DELETE', '/orders/7'))).toBe(true);
  });
});
