import { ThrottleSettings } from 'aws-cdk-lib/aws-apigateway';

/**
 * The stage throttle of the APIs this library creates, unless `throttle` says otherwise: a cap of
 * its own, so that one API, or a flood on one of its public routes, cannot take the whole of the
 * account's API Gateway throttle quota in the Region, which every API there shares: "10,000
 * requests per second (RPS) with an additional burst capacity", and 2,500 RPS with a burst of 1,250
 * in some Regions (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 * 1,000 RPS is a tenth of the usual quota; a burst of 500 fits under the smallest.
 */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 1000, burstLimit: 500 };

/** `throttle` with the defaults filled in. */
export function stageThrottle(throttle: ThrottleSettings | undefined): Required<ThrottleSettings> {
  return { rateLimit: throttle?.rateLimit ?? DEFAULT_THROTTLE.rateLimit, burstLimit: throttle?.burstLimit ?? DEFAULT_THROTTLE.burstLimit };
}

/** A throttle that would not limit as meant, or an API passed in (whose stages are its owner's). */
export function throttleProblems(throttle: ThrottleSettings | undefined, apiPassedIn: string | undefined): string[] {
  if (throttle === undefined) return [];
  const problems: string[] = [];
  if (apiPassedIn) problems.push(`throttle: set throttling on the stage of the ${apiPassedIn} you pass in, not here`);
  if (throttle.rateLimit !== undefined && !(throttle.rateLimit > 0)) problems.push(`throttle.rateLimit: ${throttle.rateLimit}; requests per second must be more than 0`);
  if (throttle.burstLimit !== undefined && !(Number.isInteger(throttle.burstLimit) && throttle.burstLimit > 0)) {
    problems.push(`throttle.burstLimit: ${throttle.burstLimit}; a burst is a whole number of requests, more than 0`);
  }
  return problems;
}
