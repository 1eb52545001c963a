/**
 * The generated authorizer's answer does not grow with the routes: it decides one route at a time
 * (the route is in the cache key), so its REST policy is one resource and its deny list, however
 * many routes the API has, and its context holds the caller's groups and scopes of the map only.
 * API Gateway documents a size limit on a Lambda authorizer's result only for WebSocket APIs,
 * 8 KB (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html); none for REST
 * or HTTP APIs. The answers at 1,000 routes stay far below it, for a caller in every group.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Enforcement, ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import {
  ANY_CLIENT_ENV, gatewayOutcome, httpEvent, JwksServer, LISTED_ENV, loadShippedAuthorizer, restEvent, shippedAuthorizerMap, userToken,
} from './lambda/shipped-authorizer';

/** The documented bound the answers are held to: WebSocket's, the only one API Gateway states. */
const WEBSOCKET_RESULT_LIMIT = 8 * 1024;
const ROUTES = 1000;
const GROUPS = Object.fromEntries(Array.from({ length: 20 }, (_, g) => [`Group${g}`, [`api${g % 5}/scope${g}`, 'api0/read']]));
const ROUTE_SCOPES = Object.fromEntries(Array.from({ length: ROUTES }, (_, i) => [
  i % 2 === 0 ? `GET /resource${i}/{id}/items/{itemId}` : `ANY /resource${i}/{proxy+}`,
  [`api${i % 5}/scope${i % 20}`],
]));

let jwks: JwksServer;
beforeAll(async () => {
  jwks = await JwksServer.start();
}, 60_000);
afterAll(() => jwks.close());

test.each(['REST', 'HTTP'] as const)('at %s 1,000 routes, an answer for a caller in every group is one route\'s, far below 8 KB', async (kind) => {
  const stack = new Stack(new App(), 'Big', { env: { account: '123456789012', region: 'eu-west-1' } });
  const props = { groupScopes: GROUPS, routeScopes: ROUTE_SCOPES, enforcement: Enforcement.LAMBDA_AUTHORIZER };
  const api = kind === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
  const map = shippedAuthorizerMap(stack, api.authorizerFunction!);
  expect(map.routes).toHaveLength(ROUTES);
  const { handler } = loadShippedAuthorizer(map, kind === 'REST' ? ANY_CLIENT_ENV : LISTED_ENV, jwks);
  const authorization = userToken({ groups: Object.keys(GROUPS) });
  const [resourcePath] = Object.keys(ROUTE_SCOPES)[0].split(' ').slice(1);
  const event = kind === 'REST'
    ? restEvent({ httpMethod: 'GET', resourcePath, authorization })
    : httpEvent({ routeKey: Object.keys(ROUTE_SCOPES)[0], authorization });
  const { outcome, answer } = await gatewayOutcome(handler, event);
  expect(outcome).toBe('allowed');
  const size = Buffer.byteLength(JSON.stringify(answer));
  expect(size).toBeLessThan(WEBSOCKET_RESULT_LIMIT / 4);
  if (kind === 'REST') expect(answer.policyDocument.Statement.flatMap((s: { Resource: string | string[] }) => [s.Resource].flat()).length).toBeLessThanOrEqual(5);
}, 60_000);
