/**
 * The REST API's side: a `REQUEST` authorizer whose identity sources, the cache key, are
 * `method.request.header.Authorization`, `context.httpMethod` and `context.resourcePath`. API
 * Gateway reuses an answer for every request with the same three values, so the decision reads
 * those and nothing else of the event (not `path`, not the query string); the method ARN gives
 * only the API and stage the policy's resource starts with.
 *
 * A verified caller gets a policy (`rest-policy.ts`), `Allow` or `Deny` (API Gateway answers
 * 403); no token or a token that does not verify is `throw new Error('Unauthorized')` exactly
 * (401); any other thrown error would be a 500, so every failure is that one.
 */
import type { APIGatewayAuthorizerWithContextResult, Statement } from 'aws-lambda';
import { BackendContext, backendContext } from './backend-context';
import { DECISION_DEADLINE_MS, withDeadline } from './deadline';
import { Decide, Decision, unauthorized } from './decision';
import { logDecision } from './decision-log';
import { PolicyPaths, policyPaths } from './rest-policy';
import { isObject } from '../shared/json-object';

/** A REST authorizer's answer to a verified caller. */
export type RestAnswer = APIGatewayAuthorizerWithContextResult<BackendContext>;

/** What the decision reads of a REST event: the cache key's three values, and the ARN prefix of the API's stage. */
interface RestRequest {
  readonly headers: unknown;
  readonly httpMethod: string;
  readonly resourcePath: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/`, from the event's method ARN. */
  readonly stageArn: string;
}

/** The REST handler: decides from `decide` (within the deadline), logs the decision, answers. */
export function createRestAuthorizer(decide: Decide, routeKeys: Iterable<string>): (event: unknown) => Promise<RestAnswer> {
  // The routes' policy paths, once per container; a resource path the map does not list is denied, and computed then.
  const pathsByResource = new Map<string, PolicyPaths>();
  for (const key of routeKeys) {
    const resourcePath = key.slice(key.indexOf(' ') + 1);
    pathsByResource.set(resourcePath, policyPaths(resourcePath));
  }
  return async (event) => {
    let decision: Decision;
    let request: RestRequest | undefined;
    try {
      request = restRequestOf(event);
      decision = request === undefined
        ? unauthorized('malformed-event')
        : await withDeadline(decide(request.headers, routeKeysOf(request)), DECISION_DEADLINE_MS, () => unauthorized('timeout'));
    } catch {
      decision = unauthorized('error');
    }
    logDecision(decision);
    if (decision.outcome === 'unauthorized' || request === undefined) throw new Error('Unauthorized');
    const paths = pathsByResource.get(request.resourcePath) ?? policyPaths(request.resourcePath);
    const methodPrefix = request.stageArn + request.httpMethod;
    const statement = (effect: 'Allow' | 'Deny', resource: string | string[]): Statement => ({ Action: 'execute-api:Invoke', Effect: effect, Resource: resource });
    const allowed = decision.outcome === 'allow';
    return {
      principalId: decision.principal.sub,
      policyDocument: {
        Version: '2012-10-17',
        Statement: allowed && paths.deny.length > 0
          ? [statement('Allow', methodPrefix + paths.allow), statement('Deny', paths.deny.map((path) => methodPrefix + path))]
          : [statement(allowed ? 'Allow' : 'Deny', methodPrefix + paths.allow)],
      },
      context: backendContext(decision),
    };
  };
}

/** What a REST authorizer answers when it cannot decide at all (its configuration is unusable): 401. */
export function refuseRest(): never {
  logDecision(unauthorized('config'));
  throw new Error('Unauthorized');
}

/** The route keys a REST request may be listed under: its method's, then its resource's `ANY` (whose event carries the actual method). */
function routeKeysOf({ httpMethod, resourcePath }: RestRequest): readonly string[] {
  return [`${httpMethod} ${resourcePath}`, `ANY ${resourcePath}`];
}

/** The REST event's cache-key values and stage ARN; undefined if the event lacks one of them. */
function restRequestOf(event: unknown): RestRequest | undefined {
  if (!isObject(event) || !isObject(event.requestContext) || typeof event.methodArn !== 'string') return undefined;
  const { httpMethod, resourcePath } = event.requestContext;
  const stageArn = stageArnOf(event.methodArn);
  if (typeof httpMethod !== 'string' || httpMethod === '' || typeof resourcePath !== 'string' || !resourcePath.startsWith('/')) return undefined;
  return stageArn === undefined ? undefined : { headers: event.headers, httpMethod, resourcePath, stageArn };
}

/** `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/orders/1` gives `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/`. */
function stageArnOf(methodArn: string): string | undefined {
  const fields = methodArn.split(':', 5);
  if (fields.length !== 5 || fields[0] !== 'arn' || fields[2] !== 'execute-api') return undefined;
  const prefix = `${fields.join(':')}:`;
  if (!methodArn.startsWith(prefix)) return undefined;
  // The resource: `<api>/<stage>/<method>/<path>`, which may hold more colons.
  const [api, stage, method] = methodArn.slice(prefix.length).split('/', 3);
  return api && stage && method ? `${prefix}${api}/${stage}/` : undefined;
}
