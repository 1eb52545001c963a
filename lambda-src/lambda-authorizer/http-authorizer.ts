/**
 * The HTTP API's side: a Lambda authorizer with payload format 2.0 and simple responses, whose
 * identity sources, the cache key, are `$request.header.Authorization` and `$context.routeKey`.
 * The decision reads those two and nothing else of the event. It never throws (a thrown error is a
 * 500 on an HTTP API): every refusal is `{ isAuthorized: false }` (403).
 */
import type { APIGatewaySimpleAuthorizerResult, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { BackendContext, backendContext } from './backend-context';
import { DECISION_DEADLINE_MS, withDeadline } from './deadline';
import { Decide, Decision, unauthorized } from './decision';
import { logDecision } from './decision-log';
import { isObject } from '../shared/json-object';

/** An HTTP authorizer's answer: allowed with the caller's context, or refused. */
export type HttpAnswer = APIGatewaySimpleAuthorizerWithContextResult<BackendContext> | APIGatewaySimpleAuthorizerResult;

/** The HTTP handler: decides from `decide` (within the deadline), logs the decision, answers. */
export function createHttpAuthorizer(decide: Decide): (event: unknown) => Promise<HttpAnswer> {
  return async (event) => {
    let decision: Decision;
    try {
      const routeKey = isObject(event) ? event.routeKey : undefined;
      decision = typeof routeKey !== 'string' || !isObject(event)
        ? unauthorized('malformed-event')
        : await withDeadline(decide(event.headers, [routeKey]), DECISION_DEADLINE_MS, () => unauthorized('timeout'));
    } catch {
      decision = unauthorized('error');
    }
    logDecision(decision);
    return decision.outcome === 'allow' ? { isAuthorized: true, context: backendContext(decision) } : { isAuthorized: false };
  };
}

/** What an HTTP authorizer answers when it cannot decide at all (its configuration is unusable). */
export function refuseHttp(): HttpAnswer {
  logDecision(unauthorized('config'));
  return { isAuthorized: false };
}

/** Whether an event is an HTTP API's (payload format 2.0): how a handler whose map is unreadable tells which answer to give. */
export function isHttpEvent(event: unknown): boolean {
  return isObject(event) && event.version === '2.0';
}
