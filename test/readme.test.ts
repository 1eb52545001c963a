/**
 * What the README states about the trigger's totality and the placeholder's cost must be what
 * holds: each statement is checked against the behaviour it describes.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { v2Event } from './lambda/events';
import { shippedHandlerWithMap } from './lambda/shipped-bundle';
import { synthHttpApi } from './util';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').replace(/\s+/g, ' ');

describe('the README tells what holds', () => {
  test('the handler is total over parsed JSON events, not over any object: a Proxy whose getters throw makes it reject', async () => {
    expect(readme).toContain('total over the events Cognito sends, which arrive as parsed JSON');
    expect(readme).not.toMatch(/hostile objects/);
    const handler = shippedHandlerWithMap({ baseScopes: [], groups: [['Admin', ['api/admin']]], resourceServers: [['api', ['admin']]] });
    const event = JSON.parse(JSON.stringify(v2Event(['Admin'])));
    await expect(handler(event)).resolves.toBe(event);
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    await expect(handler(hostile)).rejects.toThrow('boom');
  });

  test('the HTTP placeholder function answers public routes too, for anyone', () => {
    expect(readme).toContain('on a public route (`publicRoutes`) for anyone, without a token');
    const { template } = synthHttpApi({ publicRoutes: ['GET /health'] });
    const routes = Object.values<any>(template.findResources('AWS::ApiGatewayV2::Route'));
    const health = routes.find((route) => route.Properties.RouteKey === 'GET /health');
    const admin = routes.find((route) => route.Properties.RouteKey === 'GET /admin');
    expect(health.Properties.AuthorizationType).toBe('NONE');
    // Both routes reach the one placeholder integration.
    expect(health.Properties.Target).toEqual(admin.Properties.Target);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
  });
});
