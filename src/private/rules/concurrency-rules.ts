import { Token } from 'aws-cdk-lib';
import { LambdaVersion } from 'aws-cdk-lib/aws-cognito';
import { COGNITO_REQUEST_RATE_QUOTAS, LAMBDA_QUOTAS } from './quotas';

/**
 * A bound of one trigger run on Lambda, in milliseconds, cold starts included: the shipped handler answers
 * its first event about 8 ms after a fresh Node.js process starts loading it (its first log line
 * included), and later ones in a few microseconds (bench/results.md, sections 1 and 2). Lambda's own
 * start of an execution environment is not measured here, and a burst of sign-ins is when new ones
 * start, so the bound leaves it 25 times that.
 */
export const TRIGGER_RUN_BOUND_MS = 200;

/**
 * The most token requests per second that Cognito's default quotas let reach the trigger. Every user
 * token comes at the end of a sign-in or refresh that began with an operation of `UserAuthentication`
 * (InitiateAuth and AdminInitiateAuth, whose steps RespondToAuthChallenge completes under a quota of
 * its own; hosted-UI sign-ins; refresh) or of `UserFederation`; on V3_0, every client-credentials
 * token too (`ClientAuthentication`).
 */
export function triggerPeakRate(eventVersion: LambdaVersion): number {
  const q = COGNITO_REQUEST_RATE_QUOTAS;
  return q.userAuthentication + q.userFederation + (eventVersion === LambdaVersion.V3_0 ? q.clientAuthentication : 0);
}

/** The concurrency the trigger needs at that rate (Lambda's rule: requests per second times run time). */
export function triggerConcurrencyNeeded(eventVersion: LambdaVersion): number {
  return Math.ceil((triggerPeakRate(eventVersion) * TRIGGER_RUN_BOUND_MS) / 1000);
}

/** A reserved concurrency, known at synth, that is not a whole number of executions above 0. */
export function reservedConcurrencyProblems(prop: string, value: number | undefined): string[] {
  // A value known only at deploy time (a parameter) is the deployment's to check.
  if (value === undefined || Token.isUnresolved(value) || (Number.isInteger(value) && value >= 1)) return [];
  return [`${prop}: ${value}; reserved concurrency is a whole number of executions, at least 1 (leave it unset to reserve none)`];
}

/** A reservation below the trigger's need caps it there: at peak, the sign-ins above it fail. */
export function triggerConcurrencyWarnings(value: number | undefined, eventVersion: LambdaVersion): string[] {
  const needed = triggerConcurrencyNeeded(eventVersion);
  if (value === undefined || Token.isUnresolved(value) || !(value < needed)) return [];
  return [
    `triggerReservedConcurrency: ${value} also caps the trigger at ${value} runs at a time; Cognito's default request-rate ` +
      `quotas let ${triggerPeakRate(eventVersion)} token requests per second reach it (${COGNITO_REQUEST_RATE_QUOTAS.source}), ` +
      `which need ${needed} at ${TRIGGER_RUN_BOUND_MS} ms a run: above ${value} at a time, sign-ins are throttled. ` +
      `Reserving needs ${value + LAMBDA_QUOTAS.unreservedMinimum} of the account's concurrency (${LAMBDA_QUOTAS.source})`,
  ];
}
