/**
 * A model of the access token Cognito issues, pure logic, from which the access
 * matrix is derived: what the client allows, what a caller can request, and what the trigger adds
 * and suppresses. The tests run the same questions through the shipped trigger bundle.
 *
 * - A user signing in through the SDK (InitiateAuth) asks for `aws.cognito.signin.user.admin`
 *   only; through the authorize endpoint (a client with the code or implicit flow) a user gets the
 *   allowed scopes they ask for, and all of them when they ask for none.
 * - The Pre Token Generation trigger then adds the base scopes and the scopes of the user's groups,
 *   and suppresses every requested scope of a managed resource server they do not grant.
 * - A machine (client-credentials) token carries the allowed scopes the client asks for, or all of
 *   them; the trigger leaves its scopes alone.
 *
 * The matrix asks what a principal *can* reach, so the model takes the largest request: none, which
 * the authorize endpoint and the token endpoint answer with every scope the client allows.
 */
import { compareCodePoints } from '../rules/code-point-order';

/** An app client of the pool, as the model needs it. */
export interface ClientModel {
  /** How the matrix names it. */
  readonly name: string;
  /** Its allowed OAuth scopes, as `identifier/name` where known. */
  readonly allowedScopes: readonly string[];
  /** Whether it gets tokens with the client-credentials flow (then it has no other OAuth flow). */
  readonly clientCredentials: boolean;
  /** Whether users can get tokens through the authorize endpoint (code or implicit flow). */
  readonly authorizeEndpoint: boolean;
  /**
   * Whether it may allow scopes not known at synth time (a deploy-time value, or a client the app
   * does not define): its tokens are then assumed to carry any scope Cognito would issue them.
   */
  readonly unknownScopes: boolean;
  /**
   * Whether users may sign in through it: every client but a machine client, and one whose flows
   * are known only at deploy time (it may be either), which the matrix then counts on both sides.
   */
  readonly servesUsers: boolean;
}

/** What the trigger was generated from. */
export interface TriggerModel {
  readonly baseScopes: readonly string[];
  readonly groupScopes: { readonly [group: string]: readonly string[] };
  /** Identifiers of the resource servers whose scopes the trigger decides on user tokens. */
  readonly managedResourceServers: readonly string[];
}

/** The scope an SDK sign-in requests. */
const SDK_SIGN_IN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The most scopes the access token of a user in `groups` can carry through `client`: asking for
 * none at the authorize endpoint, which grants all the client allows (or signing in through the
 * SDK), and then what the trigger adds and suppresses.
 */
export function userTokenScopes(trigger: TriggerModel, client: ClientModel, groups: readonly string[]): string[] {
  const issued = client.authorizeEndpoint ? client.allowedScopes : [SDK_SIGN_IN_SCOPE];
  const added = new Set([...trigger.baseScopes, ...groups.flatMap((group) => ownScopes(trigger.groupScopes, group))]);
  const managed = new Set(trigger.managedResourceServers);
  const kept = issued.filter((scope) => added.has(scope) || !managed.has(resourceServerOf(scope) ?? ''));
  return [...new Set([...kept, ...added])].sort(compareCodePoints);
}


/**
 * Whether a machine token of `client` can pass a route guarded by `routeScopes`: one of them is
 * among its scopes, or the client may allow scopes not known at synth time. (A user's token needs
 * no such allowance: the trigger decides its managed scopes by value at run time, whatever the
 * client allowed, and a route may only require managed scopes.)
 */
export function machineClientPasses(client: ClientModel, routeScopes: readonly string[]): boolean {
  // Asking for none, a client-credentials token carries every scope the client allows.
  return client.clientCredentials && (client.unknownScopes || passes(client.allowedScopes, routeScopes));
}

/** Whether a token with `scopes` passes a route guarded by `routeScopes` (any of, as API Gateway checks). */
export function passes(scopes: readonly string[], routeScopes: readonly string[]): boolean {
  return routeScopes.some((scope) => scopes.includes(scope));
}

/** A group's scopes; an own property only, so a group named like an Object member stays plain. */
function ownScopes(map: { readonly [group: string]: readonly string[] }, group: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(map, group) ? map[group] : [];
}

/** The resource server identifier of a scope: what precedes its last `/` (scope names hold none), as the trigger reads it. */
function resourceServerOf(scope: string): string | undefined {
  const slash = scope.lastIndexOf('/');
  return slash > 0 ? scope.slice(0, slash) : undefined;
}
