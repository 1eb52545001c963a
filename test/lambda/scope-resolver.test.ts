import * as fc from 'fast-check';
import { v2Event } from './events';
import { applyUserScopes, createScopeResolver, createScopeSuppressor, ScopeResolver } from '../../lambda-src/pre-token-generation/scope-resolver';
import type { TriggerMap } from '../../src/private/trigger/trigger-map';

const RUNS = 10_000;
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'valueOf'];

const groupName = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, 'Admin', 'ReadOnly'), fc.string({ minLength: 1, maxLength: 12 }));
const scope = fc.oneof(fc.constantFrom('api/admin', 'api/readonly', 'openid'), fc.string({ minLength: 1, maxLength: 10 }));
const config: fc.Arbitrary<TriggerMap> = fc.record({
  baseScopes: fc.array(scope, { maxLength: 3 }),
  groups: fc.array(fc.tuple(groupName, fc.array(scope, { maxLength: 5 })), { maxLength: 12 }),
  resourceServers: fc.constant([]),
});

/** The trigger's user path with nothing managed: only adds. */
const noneManaged = createScopeSuppressor({ resourceServers: [] });
const addGroupScopes = <E>(event: E, resolve: ScopeResolver): E => applyUserScopes(event, resolve, noneManaged);

/** What a user in `groups` must get: the base scopes and the scopes of each mapped group. */
function expectedScopes(map: TriggerMap, groups: unknown[]): Set<string> {
  const expected = new Set(map.baseScopes);
  for (const [group, scopes] of map.groups) {
    if (groups.includes(group)) scopes.forEach((s) => expected.add(s));
  }
  return expected;
}

describe('createScopeResolver', () => {
  test('grants exactly the base scopes plus the scopes of the mapped groups the user is in, once each', () => {
    fc.assert(
      fc.property(config, fc.array(fc.oneof(groupName, fc.anything()), { maxLength: 20 }), (map, groups) => {
        const granted = createScopeResolver(map)(groups);
        expect(new Set(granted).size).toBe(granted.length);
        expect(new Set(granted)).toEqual(expectedScopes(map, groups));
      }),
      { numRuns: RUNS },
    );
  });

  test('the same answer on every call: the de-duplication state never leaks between calls', () => {
    fc.assert(
      fc.property(config, fc.array(fc.array(groupName, { maxLength: 6 }), { minLength: 2, maxLength: 6 }), (map, calls) => {
        const resolve = createScopeResolver(map);
        const first = calls.map((groups) => [...resolve(groups)]);
        const second = calls.map((groups) => [...resolve(groups)]);
        expect(second).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });

  test('a malformed map grants nothing instead of throwing', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(groupName, { maxLength: 5 }), (map, groups) => {
        const granted = createScopeResolver(map)(groups);
        expect(granted.every((s) => typeof s === 'string')).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(createScopeResolver(undefined)(['Admin'])).toEqual([]);
    expect(createScopeResolver({ groups: [['Admin', 'api/admin']] })(['Admin'])).toEqual([]);
  });

  test('prototype keys are plain group names', () => {
    const resolve = createScopeResolver({ baseScopes: [], groups: [['__proto__', ['p/x']], ['Admin', ['api/admin']]] });
    expect(resolve(['__proto__'])).toEqual(['p/x']);
    expect(resolve(['constructor', 'toString', 'hasOwnProperty'])).toEqual([]);
    expect(resolve(['constructor'])).toEqual([]);
  });

  test('a user in 100,000 groups is answered, in one pass', () => {
    const resolve = createScopeResolver({ baseScopes: [], groups: [['g1', ['a/1']], ['g99999', ['a/2']]] });
    const groups = Array.from({ length: 100_000 }, (_, i) => `g${i}`);
    expect(resolve(groups)).toEqual(['a/1', 'a/2']);
  });
});

/** Events as they might arrive broken: any value where Cognito puts an object, array or string. */
const malformedEvent = fc.oneof(
  fc.anything(),
  fc.record(
    {
      triggerSource: fc.oneof(fc.constant('TokenGeneration_Authentication'), fc.anything()),
      request: fc.oneof(
        fc.anything(),
        fc.record(
          {
            groupConfiguration: fc.oneof(
              fc.constant(null),
              fc.anything(),
              fc.record({ groupsToOverride: fc.oneof(fc.anything(), fc.array(fc.oneof(groupName, fc.anything()))) }, { requiredKeys: [] }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      response: fc.oneof(
        fc.anything(),
        fc.record(
          { claimsAndScopeOverrideDetails: fc.oneof(fc.anything(), fc.record({ accessTokenGeneration: fc.anything() }, { requiredKeys: [] })) },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('applyUserScopes, adding', () => {
  const resolve = createScopeResolver({ baseScopes: ['openid'], groups: [['Admin', ['api/admin']], ['ReadOnly', ['api/readonly']]] });

  test('never throws, returns the event it got, and grants only mapped scopes of the user\'s groups', () => {
    fc.assert(
      fc.property(malformedEvent, (event) => {
        const groups = (event as any)?.request?.groupConfiguration?.groupsToOverride;
        const result: any = addGroupScopes(event, resolve);
        expect(result).toBe(event);
        const added: unknown = result?.response?.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd;
        if (Array.isArray(added) && Array.isArray(groups)) {
          const allowed = new Set(['openid', ...(groups.includes('Admin') ? ['api/admin'] : []), ...(groups.includes('ReadOnly') ? ['api/readonly'] : [])]);
          for (const s of added) {
            if (typeof s === 'string' && s.startsWith('api/')) expect(allowed.has(s)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('complete V2 events from users in any groups get exactly their scopes', () => {
    fc.assert(
      fc.property(fc.array(groupName, { maxLength: 10 }), (groups) => {
        const result = addGroupScopes(v2Event(groups), resolve);
        const expected = new Set(['openid', ...(groups.includes('Admin') ? ['api/admin'] : []), ...(groups.includes('ReadOnly') ? ['api/readonly'] : [])]);
        expect(new Set(result.response.claimsAndScopeOverrideDetails!.accessTokenGeneration!.scopesToAdd)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  test('the edge cases by name', () => {
    expect(addGroupScopes(undefined, resolve)).toBeUndefined();
    expect(addGroupScopes(null, resolve)).toBeNull();
    expect(addGroupScopes({}, resolve)).toEqual({ response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ['openid'] } } } });
    const nullGroups = v2Event([]);
    (nullGroups.request as any).groupConfiguration = null;
    expect(addGroupScopes(nullGroups, resolve).response.claimsAndScopeOverrideDetails!.accessTokenGeneration!.scopesToAdd).toEqual(['openid']);
    const notArray = v2Event([]);
    (notArray.request.groupConfiguration as any).groupsToOverride = 'Admin';
    expect(addGroupScopes(notArray, resolve).response.claimsAndScopeOverrideDetails!.accessTokenGeneration!.scopesToAdd).toEqual(['openid']);
    const frozen = Object.freeze(v2Event(['Admin']));
    expect(addGroupScopes(frozen, resolve)).toBe(frozen);
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    expect(addGroupScopes(hostile, resolve)).toBe(hostile);
  });

  test('machine-to-machine (client-credentials) events are left as they are', () => {
    const event = { ...v2Event(['Admin']), triggerSource: 'TokenGeneration_ClientCredentials' };
    expect(addGroupScopes(event, resolve).response.claimsAndScopeOverrideDetails).toBeNull();
  });

  test('any client-credentials (V3_0) event, however malformed, comes back unchanged and without user scopes', () => {
    const clientCredentialsEvent = fc.record(
      {
        version: fc.oneof(fc.constant('3'), fc.anything()),
        triggerSource: fc.constant('TokenGeneration_ClientCredentials'),
        callerContext: fc.anything(),
        // Even an event naming groups must not turn a machine token into a user's.
        request: fc.oneof(
          fc.anything(),
          fc.record({ groupConfiguration: fc.record({ groupsToOverride: fc.array(groupName) }), scopes: fc.anything() }),
        ),
        response: fc.anything(),
      },
      { requiredKeys: ['triggerSource'] },
    );
    fc.assert(
      fc.property(clientCredentialsEvent, (event) => {
        const before = structuredClone(event);
        expect(addGroupScopes(event, resolve)).toBe(event);
        expect(event).toEqual(before);
      }),
      { numRuns: RUNS },
    );
  });
});
