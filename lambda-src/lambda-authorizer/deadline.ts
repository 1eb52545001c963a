/**
 * The decision's time bound. The construct gives the function 5 s, and an HTTP API waits 10 s at most
 * for a Lambda authorizer (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html):
 * a function that runs into its timeout is a 500, so the handler gives up well before, with a refusal.
 */

/**
 * How long a decision may take. Longer than one JWKS request (`JWKS_REQUEST_TIMEOUT_MS`, 1.5 s), so a
 * slow first request leaves its retry some time; shorter than two, so a JWKS that never answers
 * ends in this deadline's refusal rather than in whichever of the two comes first.
 */
export const DECISION_DEADLINE_MS = 2_800;

/**
 * `work`'s value, or `fallback()`'s if `work` has not settled within `ms`. The timer is cleared
 * either way, so that a decided call leaves nothing running; `work` must not reject (a late
 * rejection would be unhandled once the deadline has answered).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
