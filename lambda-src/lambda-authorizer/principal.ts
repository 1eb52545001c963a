/**
 * Who a verified access token speaks for: a user (a `username` claim) or a machine client
 * (client credentials: no `username`, `sub` the client ID, no groups). aws-jwt-verify has checked
 * the signature, the issuer, `token_use`, the client and the expiry; this reads the claims the
 * decision uses and refuses a token whose claims do not make one of the two.
 */
import { isObject } from '../shared/json-object';

/** What the decision knows of the caller, from the token's claims. */
export interface Principal {
  readonly type: 'user' | 'machine';
  readonly sub: string;
  readonly clientId: string;
  /** The user's name; empty for a machine client. */
  readonly username: string;
  /** The user's groups as the token lists them (`cognito:groups`), once each; none for a machine client. */
  readonly groups: readonly string[];
  /** The token's own `scope` claim, split on spaces. */
  readonly tokenScopes: readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The principal of a verified token's payload, or undefined when its claims are not those of a
 * Cognito access token of a user or a machine client: a claim of the wrong type, no expiry, or a
 * token without `username` whose `sub` is not its client or that lists groups.
 */
export function principalOf(payload: unknown): Principal | undefined {
  if (!isObject(payload)) return undefined;
  const { sub, client_id: clientId, exp, scope, username } = payload;
  const groups = payload['cognito:groups'];
  // aws-jwt-verify checks `exp` only when there is one; Cognito always sets it.
  if (!isNonEmptyString(sub) || !isNonEmptyString(clientId) || typeof exp !== 'number') return undefined;
  if (scope !== undefined && typeof scope !== 'string') return undefined;
  const tokenScopes = scope ? scope.split(' ').filter((entry) => entry !== '') : NONE;

  if (username === undefined) {
    if (sub !== clientId || groups !== undefined) return undefined;
    return { type: 'machine', sub, clientId, username: '', groups: NONE, tokenScopes };
  }
  if (!isNonEmptyString(username)) return undefined;
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((group) => typeof group === 'string'))) return undefined;
  return { type: 'user', sub, clientId, username, groups: groups ? [...new Set<string>(groups)] : NONE, tokenScopes };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
