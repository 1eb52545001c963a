/**
 * The token a request carries: its `Authorization` header (found whatever the case of its name),
 * as `Bearer <jwt>` or as the raw JWT, as API Gateway's Cognito and JWT authorizers take it.
 * Nothing here parses the token: the shape check only turns away what cannot be a JWT before
 * aws-jwt-verify is asked.
 */
import { isObject } from '../shared/json-object';

/** The token to verify, or why there is none. */
export type TokenReading = { readonly token: string } | { readonly refusal: 'no-token' | 'malformed-header' };

/** Three dot-separated base64url parts (padding allowed, the signature may be empty: aws-jwt-verify refuses it). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]+={0,2}\.[A-Za-z0-9_-]*={0,2}$/;
const BEARER = 'bearer ';
const AUTHORIZATION = 'authorization';

/**
 * The token of a request's headers. No header, or an empty one: `no-token`. Two headers whose names
 * differ only in case and whose values differ, or a value that is neither `Bearer <jwt>` (any case
 * of `bearer`, one space) nor a raw JWT: `malformed-header`; API Gateway keys its cache by one
 * value, so the answer must not come from another.
 */
export function tokenOf(headers: unknown): TokenReading {
  const value = authorizationHeaderOf(headers);
  if (value === undefined || value === '') return { refusal: 'no-token' };
  if (value === null) return { refusal: 'malformed-header' };
  const token = value.length > BEARER.length && value.slice(0, BEARER.length).toLowerCase() === BEARER ? value.slice(BEARER.length) : value;
  return JWT_SHAPE.test(token) ? { token } : { refusal: 'malformed-header' };
}

/** The `Authorization` header's value; undefined if there is none, null if names differing in case give different values. */
function authorizationHeaderOf(headers: unknown): string | undefined | null {
  if (!isObject(headers)) return undefined;
  let found: string | undefined;
  for (const name of Object.keys(headers)) {
    if (name.length !== AUTHORIZATION.length || name.toLowerCase() !== AUTHORIZATION) continue;
    const value = headers[name];
    if (typeof value !== 'string') return null;
    if (found !== undefined && found !== value) return null;
    found = value;
  }
  return found;
}

/**
 * Whether a REST event's `multiValueHeaders` repeat the `Authorization` header with different
 * values: API Gateway's cache key takes one of them, and which one is not documented, so such a
 * request is refused (`malformed-header`) rather than decided from a value the key may not hold.
 */
export function hasRepeatedAuthorization(multiValueHeaders: unknown): boolean {
  if (!isObject(multiValueHeaders)) return false;
  const values = new Set<unknown>();
  for (const name of Object.keys(multiValueHeaders)) {
    if (name.length !== AUTHORIZATION.length || name.toLowerCase() !== AUTHORIZATION) continue;
    const listed = multiValueHeaders[name];
    for (const value of Array.isArray(listed) ? listed : [listed]) values.add(value);
  }
  return values.size > 1;
}
