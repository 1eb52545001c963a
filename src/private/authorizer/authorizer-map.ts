/**
 * The generated Lambda authorizer's wire format: the map the construct writes next to the bundled
 * handler at synth time and the handler reads once per container. Declared once, here, for the
 * construct (`authorizer-asset.ts`), the handler (`lambda-src/lambda-authorizer/`) and the tests
 * that read a shipped map back; no aws-cdk-lib import, so the handler's bundle can take it in.
 */

/** The file's name, next to the handler's `index.js`. */
export const AUTHORIZER_MAP_FILE = 'access-map.json';

/** The environment variable holding the user pool's ID (`<region>_<id>`), known once deployed. */
export const USER_POOL_ID_ENV = 'USER_POOL_ID';

/**
 * The environment variable holding the issuer URL the pool's tokens carry (`iss`), the one issuer
 * the authorizer accepts: original or updated, as the pool is set up (known once deployed).
 */
export const ISSUER_ENV = 'ISSUER';

/**
 * The environment variable holding the JSON array of the app client IDs whose tokens the API
 * accepts (`client_id`), known once deployed. Only when `acceptedClients` is `'listed'`.
 */
export const CLIENT_IDS_ENV = 'CLIENT_IDS';

/**
 * What the file holds; lists of pairs rather than objects, so that no name can touch a prototype.
 * Everything in it is known at synth time.
 */
export interface AuthorizerMap {
  /** The event the API sends: a REST `REQUEST` authorizer's, or an HTTP API's payload 2.0 with simple responses. */
  readonly api: 'REST' | 'HTTP';
  /**
   * Whose tokens pass the client check: every app client of the pool (as a REST API's Cognito
   * authorizer accepts), or only those listed in `CLIENT_IDS` (as an HTTP API's JWT authorizer does).
   */
  readonly acceptedClients: 'anyOfPool' | 'listed';
  /** Scopes every signed-in user is granted, whatever their groups. */
  readonly baseScopes: readonly string[];
  /** `[group, scopes]` pairs, sorted by group: what a user in the group is granted. */
  readonly groups: ReadonlyArray<readonly [string, readonly string[]]>;
  /**
   * `[identifier, scope names]` of each resource server the construct manages. A user token's own
   * `scope` claim grants none of their scopes (the groups decide them), as the trigger suppresses them.
   */
  readonly resourceServers: ReadonlyArray<readonly [string, readonly string[]]>;
  /**
   * `[route key, scopes]` of each scoped route of the API, sorted by key: `METHOD /path` as API
   * Gateway names it (REST: the method and resource path, `ANY` for an `ANY` method; HTTP: the
   * route key). Any one of the scopes lets a caller through. A route not listed is refused.
   */
  readonly routes: ReadonlyArray<readonly [string, readonly string[]]>;
}
