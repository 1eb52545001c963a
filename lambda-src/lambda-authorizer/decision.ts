/**
 * The decision both kinds of API share, from the two values API Gateway keys its cache by: the
 * `Authorization` header and the route. Allowed, denied (a verified caller without a scope of the
 * route, or on a route the map does not list), or unauthorized (no token, or none that verifies).
 * The REST and HTTP modules turn it into their API's answer.
 */
import { AccessRules, grantedScopes, grantsAnyOf, knownGroups } from './access-rules';
import { tokenOf } from './authorization-header';
import { Principal, principalOf } from './principal';
import { AccessTokenVerifier, verificationErrorName } from './token-verifier';

/** Why a request is refused; fixed words, which is all the log line says of it. */
export type RefusalReason =
  | 'no-token'
  | 'malformed-header'
  | 'invalid-token'
  | 'not-a-principal'
  | 'unknown-route'
  | 'no-scope'
  | 'malformed-event'
  | 'config'
  | 'timeout'
  | 'error';

/** A verified caller, what it is granted, and how many scopes the route wants (0 for a route the map does not list). */
export interface VerifiedCaller {
  readonly principal: Principal;
  /** The caller's groups that are groups of the map. */
  readonly groups: readonly string[];
  /** The granted scopes, sorted. */
  readonly scopes: readonly string[];
  readonly routeScopes: number;
}

export type Decision =
  | (VerifiedCaller & { readonly outcome: 'allow' })
  | (VerifiedCaller & { readonly outcome: 'deny'; readonly reason: 'unknown-route' | 'no-scope' })
  | { readonly outcome: 'unauthorized'; readonly reason: RefusalReason; readonly error?: string };

/**
 * Decides a request from its headers and the route keys it may be listed under, the first listed
 * one winning (REST: its method's key, then its resource's `ANY`). Never rejects.
 */
export type Decide = (headers: unknown, routeKeys: readonly string[]) => Promise<Decision>;

export function createDecide(rules: AccessRules, verify: AccessTokenVerifier): Decide {
  return async (headers, routeKeys) => {
    try {
      const reading = tokenOf(headers);
      if ('refusal' in reading) return unauthorized(reading.refusal);
      let payload: unknown;
      try {
        payload = await verify(reading.token);
      } catch (error) {
        return unauthorized('invalid-token', verificationErrorName(error));
      }
      const principal = principalOf(payload);
      if (principal === undefined) return unauthorized('not-a-principal');
      const groups = knownGroups(principal, rules);
      const granted = grantedScopes(principal, groups, rules);
      const scopes = [...granted].sort();
      const routeScopes = routeScopesOf(rules, routeKeys);
      const verified = { principal, groups, scopes, routeScopes: routeScopes?.length ?? 0 };
      if (routeScopes === undefined) return { ...verified, outcome: 'deny', reason: 'unknown-route' };
      return grantsAnyOf(granted, routeScopes) ? { ...verified, outcome: 'allow' } : { ...verified, outcome: 'deny', reason: 'no-scope' };
    } catch {
      return unauthorized('error');
    }
  };
}

export function unauthorized(reason: RefusalReason, error?: string): Decision {
  return error === undefined ? { outcome: 'unauthorized', reason } : { outcome: 'unauthorized', reason, error };
}

function routeScopesOf(rules: AccessRules, routeKeys: readonly string[]): readonly string[] | undefined {
  for (const key of routeKeys) {
    const scopes = rules.routeScopes.get(key);
    if (scopes !== undefined) return scopes;
  }
  return undefined;
}
