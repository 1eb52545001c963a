/**
 * The authorizer's one log line per request. With Lambda's JSON log format (the construct sets it),
 * a single object logged becomes the line's `message`; the construct counts the `unauthorized`
 * lines (`$.message.decision`) to tell a REST refusal (which Lambda counts as an error) from a
 * failure. Counts and fixed words only: never a token, a name, a group, a scope, a client ID or a `sub`.
 */
import type { Decision } from './decision';

/** What a line says. */
export interface DecisionLine {
  readonly decision: Decision['outcome'];
  readonly principal: 'user' | 'machine' | 'none';
  /** How many of the caller's groups the map knows. */
  readonly groups: number;
  /** How many scopes the caller is granted. */
  readonly scopes: number;
  /** How many scopes the route wants (0 when the map does not list it, or the caller is not verified). */
  readonly routeScopes: number;
  /** Why a request is refused. */
  readonly reason?: string;
  /** The aws-jwt-verify error class that refused the token (`invalid-token`). */
  readonly error?: string;
}

/** The line of a decision. */
export function decisionLine(decision: Decision): DecisionLine {
  if (decision.outcome === 'unauthorized') {
    const line = { decision: decision.outcome, principal: 'none', groups: 0, scopes: 0, routeScopes: 0, reason: decision.reason } as const;
    return decision.error === undefined ? line : { ...line, error: decision.error };
  }
  const { outcome, principal, groups, scopes, routeScopes } = decision;
  const counts = { decision: outcome, principal: principal.type, groups: groups.length, scopes: scopes.length, routeScopes };
  return decision.outcome === 'deny' ? { ...counts, reason: decision.reason } : counts;
}

/** Logs a decision's line; a line that cannot be written changes nothing in the answer. */
export function logDecision(decision: Decision): void {
  try {
    console.info(decisionLine(decision));
  } catch {
    // The answer is decided already.
  }
}
