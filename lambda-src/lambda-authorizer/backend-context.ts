/**
 * What an allowed request tells its backend about the caller (REST: `$context.authorizer.<key>`,
 * HTTP: `$context.authorizer.lambda.<key>`). Strings only: a REST context holds strings, numbers
 * and booleans, never null or a list, so lists are JSON or space-separated.
 */
import type { VerifiedCaller } from './decision';

/** The context of an allowed request. */
export interface BackendContext {
  readonly [key: string]: string;
  readonly principalType: 'user' | 'machine';
  readonly sub: string;
  readonly clientId: string;
  /** The user's name; empty for a machine client. */
  readonly username: string;
  /** The caller's groups that the map knows, as a JSON array (`[]` for a machine client). */
  readonly groups: string;
  /** The granted scopes, sorted, space-separated. */
  readonly scopes: string;
}

export function backendContext({ principal, groups, scopes }: VerifiedCaller): BackendContext {
  return {
    principalType: principal.type,
    sub: principal.sub,
    clientId: principal.clientId,
    username: principal.username,
    groups: JSON.stringify(groups),
    scopes: scopes.join(' '),
  };
}
