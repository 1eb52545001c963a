import { Duration, Token } from 'aws-cdk-lib';
import { reservedConcurrencyProblems } from './concurrency-rules';
import { Enforcement } from '../../enforcement';

/**
 * The generated Lambda authorizer's cache key, one home for both forms of each API kind. API
 * Gateway reuses a cached answer for every request with the same identity-source values, so these
 * are all the handler may decide from: the token and the route.
 *
 * - REST (a `REQUEST` authorizer): the Authorization header, the method and the resource path
 *   (`context.*` values may be identity sources and are part of the key; a `TOKEN` authorizer's
 *   key is the token alone, and its cached policy would be reused on every method).
 * - HTTP (payload 2.0, simple responses): the Authorization header and the route key (without
 *   `$context.routeKey`, a cached answer applies to every route of the API).
 */
export const REST_IDENTITY_SOURCES = ['method.request.header.Authorization', 'context.httpMethod', 'context.resourcePath'] as const;
/** See {@link REST_IDENTITY_SOURCES}. */
export const HTTP_IDENTITY_SOURCES = ['$request.header.Authorization', '$context.routeKey'] as const;

/** The longest time API Gateway caches an authorizer's answer: one hour, for REST and HTTP APIs alike. */
export const MAX_AUTHORIZER_CACHE_TTL_SECONDS = 3600;

/** What the API props say of the generated authorizer. */
export interface AuthorizerSettings {
  readonly authorizerCacheTtl?: Duration;
  readonly authorizerReservedConcurrency?: number;
}

/**
 * The authorizer's settings: only with `Enforcement.LAMBDA_AUTHORIZER`; a cache TTL of whole
 * seconds, at most an hour; a valid reservation.
 */
export function authorizerSettingsProblems(settings: AuthorizerSettings, enforcement: Enforcement): string[] {
  const given = (['authorizerCacheTtl', 'authorizerReservedConcurrency'] as const).filter((key) => settings[key] !== undefined);
  if (enforcement !== Enforcement.LAMBDA_AUTHORIZER) {
    return given.map((key) => `${key}: there is no Lambda authorizer with ${enforcement}; remove it, or set enforcement: Enforcement.LAMBDA_AUTHORIZER`);
  }
  const problems = reservedConcurrencyProblems('authorizerReservedConcurrency', settings.authorizerReservedConcurrency);
  const ttl = settings.authorizerCacheTtl;
  if (ttl !== undefined && Token.isUnresolved(ttl.toSeconds({ integral: false }))) {
    problems.push('authorizerCacheTtl: give it as a duration known at synth time');
  } else if (ttl !== undefined) {
    const seconds = ttl.toSeconds({ integral: false });
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_AUTHORIZER_CACHE_TTL_SECONDS) {
      problems.push(`authorizerCacheTtl: ${seconds} s; API Gateway caches an authorizer's answer for a whole number of seconds from 0 (off) ` +
        `to ${MAX_AUTHORIZER_CACHE_TTL_SECONDS}`);
    }
  }
  return problems;
}
