import * as fc from 'fast-check';
import { v3ClientCredentialsEvent } from './events';
import { addMachineClaims, clientIdOf, isClientCredentials, parseClientNames, readMachineClaimsConfig } from '../../lambda-src/pre-token-generation/machine-claims';

const RUNS = 10_000;
const claimName = fc.oneof(fc.constantFrom('tenant', '__proto__', 'constructor', 'toString'), fc.string({ minLength: 1, maxLength: 8 }));
const claims = fc.dictionary(claimName, fc.string({ maxLength: 8 }), { minKeys: 1, maxKeys: 4 });

describe('addMachineClaims', () => {
  test('never throws, returns the event it got, and never touches scopes', () => {
    fc.assert(
      fc.property(fc.anything(), claims, (event, added) => {
        const scopesBefore = JSON.stringify((event as any)?.response?.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd);
        expect(addMachineClaims(event, added)).toBe(event);
        expect(JSON.stringify((event as any)?.response?.claimsAndScopeOverrideDetails?.accessTokenGeneration?.scopesToAdd)).toBe(scopesBefore);
      }),
      { numRuns: RUNS },
    );
  });

  test('complete client-credentials events get exactly the claims, on the access token only, over earlier ones', () => {
    fc.assert(
      fc.property(claims, fc.dictionary(claimName, fc.string({ maxLength: 4 })), (added, earlier) => {
        const event = v3ClientCredentialsEvent(['api/read']);
        (event.response as any).claimsAndScopeOverrideDetails = { accessTokenGeneration: { claimsToAddOrOverride: { ...earlier } } };
        const details: any = addMachineClaims(event, added).response.claimsAndScopeOverrideDetails;
        expect(details.accessTokenGeneration.claimsToAddOrOverride).toEqual({ ...earlier, ...added });
        expect(details.idTokenGeneration).toBeUndefined();
        expect(Object.getPrototypeOf(details.accessTokenGeneration.claimsToAddOrOverride)).toBe(Object.prototype);
      }),
      { numRuns: RUNS },
    );
  });

  test('no claims leave the event as it came', () => {
    const event = v3ClientCredentialsEvent(['api/read']);
    const before = structuredClone(event);
    expect(addMachineClaims(event, undefined)).toEqual(before);
    expect(addMachineClaims(event, {})).toEqual(before);
  });
});

describe('reading the configuration and the event', () => {
  test('any map file, parameter value or event is read without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => readMachineClaimsConfig(value)).not.toThrow();
        expect(() => readMachineClaimsConfig({ machineClients: value })).not.toThrow();
        expect(parseClientNames(value)).toBeInstanceOf(Map);
        expect([true, false]).toContain(isClientCredentials(value));
        const id = clientIdOf(value);
        expect(id === undefined || typeof id === 'string').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('well-formed values are read as written, keeping only strings', () => {
    expect(
      readMachineClaimsConfig({
        baseScopes: [],
        groups: [],
        machineClients: { parameterName: '/p', claims: [['billing', { tenant: 'acme', n: 1 }], ['bad'], 7] },
      }),
    ).toEqual({ parameterName: '/p', claims: [['billing', { tenant: 'acme' }]] });
    expect(parseClientNames([['id-1', 'billing'], ['id-2'], [3, 'x'], 'y'])).toEqual(new Map([['id-1', 'billing']]));
    expect(clientIdOf(v3ClientCredentialsEvent([]))).toBe('3machine456789example');
    expect(isClientCredentials(v3ClientCredentialsEvent([]))).toBe(true);
    expect(isClientCredentials(new Proxy({}, { get: () => { throw new Error('boom'); } }))).toBe(false);
  });
});
