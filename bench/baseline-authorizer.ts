/**
 * The baseline of the authorizer benchmark (bench/bench.ts, section 5): a Lambda authorizer written
 * by hand with aws-jwt-verify, the way its README and public write-ups show, making the same check
 * as the generated one: the access token verified against the pool (signature, issuer, `token_use`,
 * expiry), the scopes of its `cognito:groups` looked up in a map, one of the route's scopes
 * required; a REST policy or an HTTP simple response, with the caller in the context.
 *
 * What it leaves out, and the generated one does: machine clients, `baseScopes` and the token's own
 * scopes of no managed resource server, the deadline that refuses before the function's timeout,
 * the case-insensitive header read, the policy wildcarded over path parameters, the unreadable
 * configuration refused, the log line per decision; and its map is a plain object (a group named
 * `__proto__` would reach the prototype). It is bundled by the benchmark with the shipped bundle's
 * esbuild options, and shipped nowhere.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

/** What the map next to the bundle (`baseline-map.json`) holds: what each group grants, what each route (`METHOD /path`) needs. */
export interface BaselineMap {
  readonly groupScopes: { readonly [group: string]: readonly string[] };
  readonly routeScopes: { readonly [route: string]: readonly string[] };
}

const map: BaselineMap = JSON.parse(readFileSync(join(__dirname, 'baseline-map.json'), 'utf8'));
const verifier = CognitoJwtVerifier.create({ userPoolId: process.env.USER_POOL_ID!, tokenUse: 'access', clientId: null });

export const handler = async (event: any): Promise<unknown> => {
  const http = event.version === '2.0';
  const header: string = (http ? event.headers?.authorization : event.headers?.Authorization) ?? '';
  let payload;
  try {
    payload = await verifier.verify(header.replace(/^Bearer /, ''));
  } catch {
    if (http) return { isAuthorized: false };
    throw new Error('Unauthorized');
  }
  const groups = payload['cognito:groups'] ?? [];
  const granted = new Set(groups.flatMap((group) => map.groupScopes[group] ?? []));
  const route = http ? event.routeKey : `${event.requestContext.httpMethod} ${event.requestContext.resourcePath}`;
  const allowed = (map.routeScopes[route] ?? []).some((scope) => granted.has(scope));
  const context = { sub: payload.sub, username: String(payload.username), groups: JSON.stringify(groups), scopes: [...granted].join(' ') };
  if (http) return allowed ? { isAuthorized: true, context } : { isAuthorized: false };
  return {
    principalId: payload.sub,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: allowed ? 'Allow' : 'Deny', Resource: event.methodArn }] },
    context,
  };
};
