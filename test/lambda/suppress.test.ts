/**
 * The trigger is the authority for the scopes of the resource servers the construct manages: on
 * every user token, whatever the client allowed and the caller requested, the token's managed
 * scopes are exactly those the user's groups grant. Run on the shipped bundle, with the map the
 * construct writes, and Cognito's rule for what it issues.
 */
import * as fc from 'fast-check';
import { v2Event } from './events';
import { issuedScopes, shippedHandlerWithMap, USER_TRIGGER_SOURCES } from './shipped-bundle';
import { createScopeSuppressor } from '../../lambda-src/pre-token-generation/scope-resolver';
import { resourceServerScopes } from '../../src/private/rules/scope-rules';
import { scopeMapFile } from '../../src/private/trigger/trigger-asset';

const RESERVED = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
const MANAGED_IDS = ['api', 'ops', 'https://orders.example.com', 'a/b'];
const customScope = (identifiers: string[]) =>
  fc.tuple(fc.constantFrom(...identifiers), fc.constantFrom('read', 'write', 'admin', '*', 'x.y')).map(([id, name]) => `${id}/${name}`);
const groupName = fc.constantFrom('Admin', 'ReadOnly', 'Ops', '__proto__', 'constructor', 'a|b');

const scenario = fc.record({
  groupScopes: fc.dictionary(groupName, fc.uniqueArray(customScope(MANAGED_IDS), { minLength: 1, maxLength: 4 }), { minKeys: 1 }),
  // Scopes only machine clients hold: their resource servers are managed too.
  machineScopes: fc.uniqueArray(customScope([...MANAGED_IDS, 'feed']), { maxLength: 3 }),
  baseScopes: fc.uniqueArray(fc.constantFrom(...RESERVED), { maxLength: 3 }),
  userGroups: fc.array(fc.oneof(groupName, fc.constantFrom('Unmapped', 'admin')), { maxLength: 5 }),
  // What the caller asked for through some client: managed scopes (granted or not, declared or
  // not), scopes of servers the construct does not manage, and OpenID scopes.
  requested: fc.uniqueArray(fc.oneof(customScope([...MANAGED_IDS, 'feed', 'other', 'api/v2']), fc.constantFrom(...RESERVED)), { maxLength: 8 }),
  triggerSource: fc.constantFrom(...USER_TRIGGER_SOURCES),
  version: fc.constantFrom('2', '3'),
});

describe('the shipped trigger decides the managed scopes of every user token', () => {
  test('a token\'s managed scopes are exactly the union of the user\'s groups\' scopes; other scopes are left alone', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        // fromEntries: groups named like Object members stay plain keys, as the construct keeps them.
        const groupScopes = Object.fromEntries(Object.entries(s.groupScopes));
        const servers = resourceServerScopes(groupScopes, { machine: s.machineScopes });
        const handler = shippedHandlerWithMap(scopeMapFile(groupScopes, s.baseScopes, servers));
        const event = { ...v2Event(s.userGroups, s.triggerSource), version: s.version };
        event.request.scopes = [...s.requested];
        const token = issuedScopes(await handler(event), s.requested);

        const isManaged = (scope: string) => servers.has(scope.slice(0, scope.lastIndexOf('/')));
        const granted = new Set(
          Object.entries(groupScopes)
            .filter(([group]) => (s.userGroups as string[]).includes(group))
            .flatMap(([, scopes]) => scopes),
        );
        expect(token.filter(isManaged)).toEqual([...granted].sort());
        expect(token.filter((scope) => !isManaged(scope))).toEqual(
          [...new Set([...s.requested.filter((scope) => !isManaged(scope)), ...s.baseScopes])].sort(),
        );
      }),
      { numRuns: 10_000 },
    );
  });

  test('a user in no group who asks for every managed scope gets none of them', async () => {
    const groupScopes = { Admin: ['api/admin'], ReadOnly: ['api/readonly'] };
    const handler = shippedHandlerWithMap(scopeMapFile(groupScopes, ['openid'], resourceServerScopes(groupScopes)));
    const event = v2Event([], 'TokenGeneration_HostedAuth');
    event.request.scopes = ['openid', 'api/admin', 'api/readonly', 'other/read'];
    const result = await handler(event);
    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToSuppress).toEqual(['api/admin', 'api/readonly']);
    expect(issuedScopes(result, event.request.scopes)).toEqual(['openid', 'other/read']);
  });

  test('without a readable scope list, every declared managed scope the user lacks is suppressed (fail closed)', async () => {
    const groupScopes = { Admin: ['api/admin'], ReadOnly: ['api/readonly'] };
    const handler = shippedHandlerWithMap(scopeMapFile(groupScopes, [], resourceServerScopes(groupScopes)));
    const event = v2Event(['ReadOnly']);
    (event.request as any).scopes = 'api/admin';
    const token = (await handler(event)).response.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    expect(token?.scopesToSuppress).toEqual(['api/admin']);
    expect(token?.scopesToAdd).toEqual(['api/readonly']);
  });

  test('the log line comes after the decision: a console that throws changes nothing in the token', async () => {
    const groupScopes = { Admin: ['api/admin'], ReadOnly: ['api/readonly'] };
    const map = scopeMapFile(groupScopes, ['openid'], resourceServerScopes(groupScopes));
    const throwing = { info: () => { throw new Error('log stream gone'); }, error: () => undefined };
    const event = v2Event(['ReadOnly'], 'TokenGeneration_HostedAuth');
    event.request.scopes = ['openid', 'api/admin', 'api/readonly'];
    const result = await shippedHandlerWithMap(map, throwing)(event);
    expect(issuedScopes(result, event.request.scopes)).toEqual(['api/readonly', 'openid']);
  });

  test('every user token is logged, also one the trigger leaves as it came', async () => {
    const lines: unknown[] = [];
    const handler = shippedHandlerWithMap(scopeMapFile({ Admin: ['api/admin'] }, [], new Map()), { info: (line: unknown) => lines.push(line), error: () => undefined });
    const event = v2Event([], 'TokenGeneration_Authentication');
    const before = structuredClone(event);
    expect(await handler(event)).toEqual(before);
    expect(lines).toEqual([{ decision: 'scopes', source: 'TokenGeneration_Authentication', groups: 0, added: 0, suppressed: 0 }]);
  });
});

describe('whatever shape the response arrives in, the token carries only the scopes the groups grant', () => {
  const groupScopes = { Admin: ['orders/write'], Reader: ['orders/read'] };
  const handler = shippedHandlerWithMap(scopeMapFile(groupScopes, [], resourceServerScopes(groupScopes)));
  /** A Reader's hosted-UI sign-in through a client that allows both scopes, asking for both. */
  const readerEvent = () => {
    const event = v2Event(['Reader'], 'TokenGeneration_HostedAuth');
    event.request.scopes = ['orders/read', 'orders/write'];
    return event;
  };

  test.each([
    ['response', { response: [] }],
    ['claimsAndScopeOverrideDetails', { response: { claimsAndScopeOverrideDetails: [] } }],
    ['accessTokenGeneration', { response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: [] } } }],
  ])('an array as %s is no object: what Cognito reads back (JSON) still suppresses the ungranted scope', async (_, shape) => {
    const event = Object.assign(readerEvent(), structuredClone(shape));
    // Lambda returns the handler's answer to Cognito serialized as JSON: properties set on an array are lost.
    const answer = JSON.parse(JSON.stringify(await handler(event)));
    expect(issuedScopes(answer, event.request.scopes!)).toEqual(['orders/read']);
  });

  test('a scopesToAdd that arrives with an ungranted managed scope loses it; other scopes it lists stay', async () => {
    const event = readerEvent();
    event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ['orders/write', 'partner/read', 'orders/read'] } } } as any;
    const token = (await handler(event)).response.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    expect(token?.scopesToAdd).toEqual(['partner/read', 'orders/read']);
    expect(issuedScopes(await handler(readerEvent()), ['orders/read', 'orders/write'])).toEqual(['orders/read']);
  });

  test.each([
    ['a managed scope hidden behind a space', ['openid orders/write']],
    ['a nested list', [['orders/write']]],
    ['a string instead of a list', 'orders/write'],
  ])('a pre-filled scopesToAdd with %s keeps nothing ungranted', async (_, toAdd) => {
    const event = readerEvent();
    event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: toAdd } } } as any;
    const token = (await handler(event)).response.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    expect(token?.scopesToAdd).toEqual(['orders/read']);
  });

  test('the same for a user in no group, whom the trigger otherwise gives nothing', async () => {
    const event = v2Event([], 'TokenGeneration_Authentication');
    event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: ['orders/write'] } } } as any;
    const token = (await handler(event)).response.claimsAndScopeOverrideDetails?.accessTokenGeneration;
    expect(token?.scopesToAdd).toEqual([]);
  });

  test('the fail-closed path (no readable scope list) grows linearly with the managed scopes, not quadratically', () => {
    /** The fastest of five runs of suppressing every one of `n` declared scopes (the fastest is the least disturbed by a loaded machine). */
    const fastest = (n: number) => {
      const names = Array.from({ length: n }, (_, i) => `s${i}`);
      const suppress = createScopeSuppressor({ resourceServers: [['api', names]] });
      let best = Infinity;
      for (let run = 0; run < 5; run++) {
        const started = process.hrtime.bigint();
        const suppressed = suppress(undefined, []);
        best = Math.min(best, Number(process.hrtime.bigint() - started));
        expect(suppressed).toHaveLength(n);
      }
      return best;
    };
    fastest(5_000); // warm up
    // Ten times the scopes: about ten times the time when linear, a hundred when quadratic. Sizes large enough that a
    // run takes milliseconds, not microseconds a timer tick or a pause can double.
    expect(fastest(50_000) / fastest(5_000)).toBeLessThan(40);
  });
});

