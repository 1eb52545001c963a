/**
 * The shipped trigger, end to end: synthesize a stack, load the handler bundle from the cloud
 * assembly exactly as Lambda would (index.js next to its generated scope-map.json), and call it
 * with complete V2_0 events.
 */
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { LambdaVersion } from 'aws-cdk-lib/aws-cognito';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import * as fc from 'fast-check';
import { v2Event, v3ClientCredentialsEvent } from './events';
import { ScopedCognitoApi, ScopedCognitoApiProps } from '../../src';
import { shippedScopeMap, triggerVersionOf } from '../template-oracle';

type Handler = (event: unknown) => Promise<PreTokenGenerationV2TriggerEvent>;

/**
 * A stand-in for the AWS SDK v3 SSM client that the Lambda runtime provides (the bundle leaves
 * the SDK out): it answers with `mockSsm.value` and records the parameters it is asked for.
 */
const mockSsm: { value: string | Error | 'hang'; asked: string[] } = { value: '[]', asked: [] };
jest.mock(
  '@aws-sdk/client-ssm',
  () => ({
    SSMClient: class {
      public async send(command: { input: { Name: string } }) {
        mockSsm.asked.push(command.input.Name);
        if (mockSsm.value === 'hang') return new Promise(() => undefined);
        if (mockSsm.value instanceof Error) throw mockSsm.value;
        return { Parameter: { Value: mockSsm.value } };
      }
    },
    GetParameterCommand: class {
      constructor(public readonly input: { Name: string }) {}
    },
  }),
  { virtual: true },
);

function shippedHandler(
  groupScopes: { [group: string]: string[] },
  baseScopes?: string[],
  more: Partial<ScopedCognitoApiProps> = {},
): Handler {
  const app = new App();
  const stack = new Stack(app, 'HandlerStack');
  const api = new ScopedCognitoApi(stack, 'Api', {
    groupScopes,
    routeScopes: { 'GET /any': [Object.values(groupScopes)[0][0]] },
    baseScopes,
    ...more,
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  expect(shippedScopeMap(template, assembly.directory)).toBeDefined();
  expect(triggerVersionOf(template)).toBe(more.triggerEventVersion ?? 'V2_0');
  const key: string = template.Resources[stack.getLogicalId(api.triggerFunction!.node.defaultChild as any)].Properties.Code.S3Key;
  const folder = join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(join(folder, 'index.js')).handler;
  });
  return handler!;
}

// The handler's INFO line per token goes nowhere, as at log level WARN, unless a test looks at it.
beforeEach(() => jest.spyOn(console, 'info').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const seed = shippedHandler({ Admin: ['api/admin'], ReadOnly: ['api/readonly'], Ops: ['api/admin', 'ops/deploy'] });
const scopesOf = (event: PreTokenGenerationV2TriggerEvent) =>
  event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd;

describe('the shipped Pre Token Generation handler', () => {
  test('adds an Admin\'s scopes to the access token, with openid and profile', async () => {
    expect(scopesOf(await seed(v2Event(['Admin'])))).toEqual(['openid', 'profile', 'api/admin']);
  });

  test('unions the scopes of several groups, without duplicates', async () => {
    expect(scopesOf(await seed(v2Event(['Admin', 'Ops', 'ReadOnly', 'Admin'])))).toEqual([
      'openid',
      'profile',
      'api/admin',
      'ops/deploy',
      'api/readonly',
    ]);
  });

  test('a user in no group gets only the base scopes', async () => {
    expect(scopesOf(await seed(v2Event([])))).toEqual(['openid', 'profile']);
  });

  test('unmapped groups add nothing, never undefined', async () => {
    expect(scopesOf(await seed(v2Event(['Unknown', 'ReadOnly', 'admin'])))).toEqual(['openid', 'profile', 'api/readonly']);
    expect(scopesOf(await seed(v2Event(['Unknown'])))).toEqual(['openid', 'profile']);
  });

  test('runs on token refresh as on sign-in', async () => {
    expect(scopesOf(await seed(v2Event(['ReadOnly'], 'TokenGeneration_RefreshTokens')))).toEqual(['openid', 'profile', 'api/readonly']);
  });

  test('keeps the rest of the response', async () => {
    const event = v2Event(['Admin']);
    event.response.claimsAndScopeOverrideDetails = {
      idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' } },
      accessTokenGeneration: { claimsToSuppress: ['email'], scopesToAdd: ['api/admin', 'extra/scope'] },
      groupOverrideDetails: { groupsToOverride: ['Admin'] },
    };
    const result = await seed(event);
    expect(result.response.claimsAndScopeOverrideDetails).toEqual({
      idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' } },
      accessTokenGeneration: { claimsToSuppress: ['email'], scopesToAdd: ['api/admin', 'extra/scope', 'openid', 'profile'] },
      groupOverrideDetails: { groupsToOverride: ['Admin'] },
    });
  });

  test('returns the event it was given, with the user\'s data untouched', async () => {
    const event = v2Event(['Admin']);
    const before = JSON.parse(JSON.stringify(event.request));
    const result = await seed(event);
    expect(result).toBe(event);
    expect(result.request).toEqual(before);
  });

  test('baseScopes can be turned off', async () => {
    const handler = shippedHandler({ Admin: ['api/admin'] }, []);
    expect(scopesOf(await handler(v2Event(['Admin'])))).toEqual(['api/admin']);
    const none = await handler(v2Event([]));
    expect(none.response.claimsAndScopeOverrideDetails).toBeNull();
  });

  test('a map of 300 groups with several scopes each works (no 4 KB environment limit)', async () => {
    const groupScopes: { [group: string]: string[] } = {};
    for (let i = 0; i < 300; i++) groupScopes[`team-${i}`] = [`svc${i % 7}/read-${i}`, `svc${i % 7}/write-${i % 50}`, 'shared/read'];
    const handler = shippedHandler(groupScopes);
    expect(scopesOf(await handler(v2Event(['team-299', 'team-0'])))).toEqual([
      'openid',
      'profile',
      'svc5/read-299',
      'svc5/write-49',
      'shared/read',
      'svc0/read-0',
      'svc0/write-0',
    ]);
  });

  test('logs one line per user token, of counts only: nothing that names the user, the groups or the scopes', async () => {
    const log = jest.spyOn(console, 'log');
    const info = jest.spyOn(console, 'info');
    const error = jest.spyOn(console, 'error');
    const event = v2Event(['Admin', 'ReadOnly'], 'TokenGeneration_RefreshTokens');
    event.request.scopes = ['aws.cognito.signin.user.admin', 'api/readonly', 'ops/deploy'];
    await seed(event);
    // With Lambda's JSON log format, one object logged is the `message` of the line.
    expect(info.mock.calls).toEqual([[{ decision: 'scopes', source: 'TokenGeneration_RefreshTokens', groups: 2, added: 4, suppressed: 1 }]]);
    const line = JSON.stringify(info.mock.calls);
    for (const secret of ['alice', 'a1b2c3d4', 'example.com', 'Admin', 'ReadOnly', 'api/', 'ops/', '1example', 'eu-west-1_']) {
      expect(line).not.toContain(secret);
    }
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    info.mockClear();
    await seed(v2Event([]));
    expect(info.mock.calls).toEqual([[{ decision: 'scopes', source: 'TokenGeneration_Authentication', groups: 0, added: 2, suppressed: 0 }]]);
  });
});

describe('the shipped handler on the V3_0 event (machine tokens opted in)', () => {
  const v3 = shippedHandler({ Admin: ['api/admin'] }, undefined, {
    triggerEventVersion: LambdaVersion.V3_0,
    machineClients: [{ name: 'reporting', scopes: ['api/reports'] }],
  });

  test('a machine token (client credentials) is issued as Cognito made it: its requested scopes, no user scopes', async () => {
    const event = v3ClientCredentialsEvent(['api/reports']);
    const before = structuredClone(event);
    const result = await v3(event);
    expect(result).toBe(event);
    expect(result).toEqual(before);
  });

  test('users still get their group scopes from version 3 events', async () => {
    const event = { ...v2Event(['Admin']), version: '3' };
    expect(scopesOf(await v3(event))).toEqual(['openid', 'profile', 'api/admin']);
  });
});

describe('the shipped handler customizing machine tokens (V3_0, clients with claims)', () => {
  const props: Partial<ScopedCognitoApiProps> = {
    triggerEventVersion: LambdaVersion.V3_0,
    machineClients: [
      { name: 'billing', scopes: ['api/admin'], claims: { tenant: 'acme', tier: 'gold' } },
      { name: 'reporting', scopes: ['api/admin'] },
    ],
  };
  const parameterValue = JSON.stringify([['billing-client-id', 'billing']]);
  const claimsOf = (event: PreTokenGenerationV2TriggerEvent) =>
    (event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration as any)?.claimsToAddOrOverride;

  beforeEach(() => {
    mockSsm.value = parameterValue;
    mockSsm.asked = [];
  });

  test('the client\'s token gets its claims, found by client ID in the SSM parameter, read once per container', async () => {
    const handler = shippedHandler({ Admin: ['api/admin'] }, undefined, props);
    const event = { ...v3ClientCredentialsEvent(['api/admin']), callerContext: { awsSdkVersion: 'x', clientId: 'billing-client-id' } };
    expect(claimsOf(await handler(event))).toEqual({ tenant: 'acme', tier: 'gold' });
    expect(event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd).toBeUndefined();
    await handler({ ...v3ClientCredentialsEvent(['api/admin']), callerContext: { awsSdkVersion: 'x', clientId: 'billing-client-id' } });
    expect(mockSsm.asked).toEqual([expect.stringMatching(/^\/cdk-scoped-cognito-api\/HandlerStack\/HandlerStackApiCognito[0-9A-F]{8}\/machine-client-ids$/)]);
  });

  test('a client without claims, or unknown, gets none; user sign-ins never read the parameter', async () => {
    const handler = shippedHandler({ Admin: ['api/admin'] }, undefined, props);
    expect(scopesOf(await handler(v2Event(['Admin'])))).toEqual(['openid', 'profile', 'api/admin']);
    expect(mockSsm.asked).toEqual([]);
    const unknown = v3ClientCredentialsEvent(['api/admin']);
    const before = structuredClone(unknown);
    expect(await handler(unknown)).toEqual(before);
  });

  test('an unreadable parameter fails closed: the machine token is issued without claims, nothing throws', async () => {
    mockSsm.value = new Error('AccessDenied');
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = shippedHandler({ Admin: ['api/admin'] }, undefined, props);
    const event = { ...v3ClientCredentialsEvent(['api/admin']), callerContext: { awsSdkVersion: 'x', clientId: 'billing-client-id' } };
    const before = structuredClone(event);
    expect(await handler(event)).toEqual(before);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/machine client IDs could not be read .*: Error$/));
    error.mockRestore();
  });

  test('stays total on any client-credentials event: returns it, adds only a known client\'s claims, never scopes', async () => {
    const handler = shippedHandler({ Admin: ['api/admin'] }, undefined, props);
    const clientId = fc.oneof(fc.constantFrom('billing-client-id', 'unknown-client-id'), fc.anything());
    const events = fc.record(
      {
        version: fc.oneof(fc.constant('3'), fc.anything()),
        triggerSource: fc.constant('TokenGeneration_ClientCredentials'),
        callerContext: fc.oneof(fc.record({ awsSdkVersion: fc.string(), clientId }), fc.anything()),
        request: fc.oneof(fc.record({ scopes: fc.array(fc.string()) }), fc.anything()),
        response: fc.oneof(fc.record({ claimsAndScopeOverrideDetails: fc.anything() }), fc.anything()),
      },
      { requiredKeys: ['triggerSource'] },
    );
    const tokenOf = (event: any) => event.response?.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    await fc.assert(
      fc.asyncProperty(events, async (event: any) => {
        const scopesBefore = JSON.stringify(tokenOf(event)?.scopesToAdd);
        const known = typeof event.callerContext === 'object' && event.callerContext?.clientId === 'billing-client-id';
        const unchanged = JSON.stringify(event);
        expect(await handler(event)).toBe(event);
        expect(JSON.stringify(tokenOf(event)?.scopesToAdd)).toBe(scopesBefore);
        if (known) expect(tokenOf(event).claimsToAddOrOverride).toMatchObject({ tenant: 'acme', tier: 'gold' });
        else expect(JSON.stringify(event)).toBe(unchanged);
      }),
      { numRuns: 2_000 },
    );
    expect(mockSsm.asked).toHaveLength(1);
  });

  test('a parameter read that never answers gives up after a second, well inside Cognito\'s wait: no claims, no throw', async () => {
    mockSsm.value = 'hang';
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const handler = shippedHandler({ Admin: ['api/admin'] }, undefined, props);
    const event = { ...v3ClientCredentialsEvent(['api/admin']), callerContext: { awsSdkVersion: 'x', clientId: 'billing-client-id' } };
    const before = structuredClone(event);
    const started = Date.now();
    expect(await handler(event)).toEqual(before);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/machine client IDs could not be read .*: TimeoutError$/));
    error.mockRestore();
  });
});
