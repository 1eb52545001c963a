/**
 * Verification of the access token, by awslabs' aws-jwt-verify (bundled in): the signature against
 * the pool's JWKS, the issuer, `token_use: access`, the client, the expiry. Created once per
 * container, with the JWKS cache: the pool's keys are fetched on the first call and reused.
 */
/* eslint-disable import/no-extraneous-dependencies -- aws-jwt-verify is a dev dependency: esbuild bundles it into the handler. */
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import * as errors from 'aws-jwt-verify/error';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
/* eslint-enable import/no-extraneous-dependencies */

/**
 * How long one JWKS request may take, connection included. aws-jwt-verify's fetcher retries a failed
 * request once at once, so a JWKS that never answers takes twice this, beyond the decision's deadline
 * (`deadline.ts`), which refuses first.
 */
export const JWKS_REQUEST_TIMEOUT_MS = 1_500;

/** Resolves to the verified payload of an access token, or rejects with aws-jwt-verify's error. */
export type AccessTokenVerifier = (token: string) => Promise<unknown>;

/**
 * A verifier of the pool's access tokens issued to one of `clientIds` (null: any client of the pool)
 * by `issuer` alone: aws-jwt-verify accepts either issuer form of a pool, and the pool's tokens carry
 * one. Throws on a user pool ID aws-jwt-verify cannot read.
 */
export function createAccessTokenVerifier(userPoolId: string, issuer: string, clientIds: readonly string[] | null): AccessTokenVerifier {
  const jwksCache = new SimpleJwksCache({
    fetcher: new SimpleFetcher({ defaultRequestOptions: { timeout: JWKS_REQUEST_TIMEOUT_MS, responseTimeout: JWKS_REQUEST_TIMEOUT_MS } }),
  });
  const verifier = CognitoJwtVerifier.create({
    userPoolId,
    tokenUse: 'access',
    clientId: clientIds === null ? null : [...clientIds],
    customJwtCheck: ({ payload }) => {
      if (payload.iss !== issuer) throw new errors.JwtInvalidIssuerError('Issuer not the pool\'s', payload.iss ?? null, issuer);
    },
  }, { jwksCache });
  return (token) => verifier.verify(token);
}

/**
 * aws-jwt-verify's error classes, each subclass before its parent, with the names the log shows:
 * the bundle is minified, so the classes' own names would not survive.
 */
const ERROR_NAMES: ReadonlyArray<readonly [abstract new (...args: never[]) => Error, string]> = [
  [errors.JwtExpiredError, 'JwtExpiredError'],
  [errors.JwtNotBeforeError, 'JwtNotBeforeError'],
  [errors.JwtInvalidIssuerError, 'JwtInvalidIssuerError'],
  [errors.JwtInvalidAudienceError, 'JwtInvalidAudienceError'],
  [errors.JwtInvalidScopeError, 'JwtInvalidScopeError'],
  [errors.CognitoJwtInvalidTokenUseError, 'CognitoJwtInvalidTokenUseError'],
  [errors.CognitoJwtInvalidClientIdError, 'CognitoJwtInvalidClientIdError'],
  [errors.CognitoJwtInvalidGroupError, 'CognitoJwtInvalidGroupError'],
  [errors.JwtInvalidClaimError, 'JwtInvalidClaimError'],
  [errors.JwtInvalidSignatureAlgorithmError, 'JwtInvalidSignatureAlgorithmError'],
  [errors.JwkInvalidUseError, 'JwkInvalidUseError'],
  [errors.JwkInvalidKtyError, 'JwkInvalidKtyError'],
  [errors.FailedAssertionError, 'FailedAssertionError'],
  [errors.JwtInvalidSignatureError, 'JwtInvalidSignatureError'],
  [errors.JwtParseError, 'JwtParseError'],
  [errors.JwtWithoutValidKidError, 'JwtWithoutValidKidError'],
  [errors.KidNotFoundInJwksError, 'KidNotFoundInJwksError'],
  [errors.WaitPeriodNotYetEndedJwkError, 'WaitPeriodNotYetEndedJwkError'],
  [errors.JwksNotAvailableInCacheError, 'JwksNotAvailableInCacheError'],
  [errors.JwksValidationError, 'JwksValidationError'],
  [errors.JwkValidationError, 'JwkValidationError'],
  [errors.NonRetryableFetchError, 'NonRetryableFetchError'],
  [errors.FetchError, 'FetchError'],
  [errors.ParameterValidationError, 'ParameterValidationError'],
  [errors.NotSupportedError, 'NotSupportedError'],
  [errors.JwtBaseError, 'JwtBaseError'],
];

/** The name of the aws-jwt-verify error class `error` is an instance of; `Error` for anything else. Never the message (it may quote the token). */
export function verificationErrorName(error: unknown): string {
  for (const [errorClass, name] of ERROR_NAMES) {
    if (error instanceof errorClass) return name;
  }
  return 'Error';
}
