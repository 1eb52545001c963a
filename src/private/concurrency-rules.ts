import { LambdaVersion } from 'aws-cdk-lib/aws-cognito';
import { COGNITO_REQUEST_RATE_QUOTAS, LAMBDA_QUOTAS } from './quotas';

/**
 * A generous bound of one trigger run on Lambda, in seconds: the shipped handler answers its first
 * event about 8 ms after a fresh Node.js process starts loading it (its first log line included), and
 * later ones in a few microseconds (bench/results.md, sections 1 and 2); Lambda's own part of a run is
 * not measured here, so the bound leaves it more than ten times that.
 */
export const TRIGGER_RUN_BOUND_SECONDS = 0.1;

/**
 * The most token requests per second that Cognito's default quotas let reach the trigger: every user
 * sign-in, refresh and federated sign-in, and, on V3_0, every client-credentials token.
 */
export function triggerPeakRate(eventVersion: LambdaVersion): number {
  const q = COGNITO_REQUEST_RATE_QUOTAS;
  return q.userAuthentication + q.userFederation + (eventVersion === LambdaVersion.V3_0 ? q.clientAuthentication : 0);
}

/** The concurrency the trigger needs at that rate (Lambda's rule: requests per second times run time). */
export function triggerConcurrencyNeeded(eventVersion: LambdaVersion): number {
  return Math.ceil(triggerPeakRate(eventVersion) * TRIGGER_RUN_BOUND_SECONDS);
}

/** A reserved concurrency that is not a whole number of executions above 0. */
export function reservedConcurrencyProblems(prop: string, value: number | undefined): string[] {
  if (value === undefined || (Number.isInteger(value) && value >= 1)) return [];
  return [`${prop}: ${value}; reserved concurrency is a whole number of executions, at least 1 (leave it unset to reserve none)`];
}

/** A reservation below the trigger's need caps it there: at peak, the sign-ins above it fail. */
export function triggerConcurrencyWarnings(value: number | undefined, eventVersion: LambdaVersion): string[] {
  const needed = triggerConcurrencyNeeded(eventVersion);
  if (value === undefined || !(value < needed)) return [];
  return [
    `triggerReservedConcurrency: ${value} also caps the trigger at ${value} runs at a time; Cognito's default request-rate ` +
      `quotas let ${triggerPeakRate(eventVersion)} token requests per second reach it (${COGNITO_REQUEST_RATE_QUOTAS.source}), ` +
      `which need ${needed} at ${TRIGGER_RUN_BOUND_SECONDS * 1000} ms a run: above ${value}, sign-ins are throttled and fail. ` +
      `Reserving needs ${value + LAMBDA_QUOTAS.unreservedMinimum} of the account's concurrency (${LAMBDA_QUOTAS.source})`,
  ];
}
