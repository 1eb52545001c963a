/**
 * The generated Lambda authorizer (`Enforcement.LAMBDA_AUTHORIZER`) of a `ScopedCognitoApi` (a REST
 * `REQUEST` authorizer) or a `ScopedCognitoHttpApi` (payload format 2.0, simple responses).
 *
 * Verifies the caller's access token with aws-jwt-verify (bundled in) against the pool in
 * `USER_POOL_ID` and, for an HTTP API, the clients in `CLIENT_IDS`; grants a user the scopes of
 * its `cognito:groups` (plus the base scopes and its token's scopes of no managed resource
 * server), and a machine client its token's scopes; and lets the call through when one of the
 * route's scopes is granted. The map of groups and routes is the `AuthorizerMap` file
 * (src/private/authorizer/authorizer-map.ts) the construct writes next to this bundle at synth.
 *
 * Once per container: the map and the environment are read, the verifier created, the JWKS
 * fetched on the first call and kept. A configuration that cannot be read refuses every request
 * (fail closed), with one error line naming the setting. Per call: the look-ups, within a deadline
 * of about 3 s. One log line per request, counts only: never a token, a name, a group or a scope.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { compileAccessRules } from './access-rules';
import { AuthorizerConfig, readAuthorizerConfig } from './authorizer-config';
import { createDecide } from './decision';
import { createHttpAuthorizer, HttpAnswer, isHttpEvent, refuseHttp } from './http-authorizer';
import { createRestAuthorizer, refuseRest, RestAnswer } from './rest-authorizer';
import { createAccessTokenVerifier } from './token-verifier';
import { AUTHORIZER_MAP_FILE, USER_POOL_ID_ENV } from '../../src/private/authorizer/authorizer-map';

type Authorizer = (event: unknown) => Promise<RestAnswer | HttpAnswer>;

/** The handler for the configuration, or one that refuses every request if it cannot be used. */
function createAuthorizer(): Authorizer {
  const reading = readAuthorizerConfig(() => readFileSync(join(__dirname, AUTHORIZER_MAP_FILE), 'utf8'), process.env);
  if ('problem' in reading) return refuseEverything(reading.problem);
  try {
    return authorizerFor(reading.config);
  } catch {
    // aws-jwt-verify refuses a user pool ID it cannot read.
    return refuseEverything(USER_POOL_ID_ENV);
  }
}

function authorizerFor({ map, userPoolId, issuer, clientIds }: AuthorizerConfig): Authorizer {
  const rules = compileAccessRules(map);
  const decide = createDecide(rules, createAccessTokenVerifier(userPoolId, issuer, clientIds));
  return map.api === 'REST' ? createRestAuthorizer(decide, rules.routeScopes.keys()) : createHttpAuthorizer(decide);
}

function refuseEverything(problem: string): Authorizer {
  console.error(`the authorizer refuses every request: ${problem} is missing or malformed`);
  return async (event) => (isHttpEvent(event) ? refuseHttp() : refuseRest());
}

export const handler: Authorizer = createAuthorizer();
