/**
 * Who may call one route, computed from what the construct synthesized: the scopes on the route,
 * and the most each principal's access token can carry, given each app client's allowed scopes
 * and flows, what a caller can request, and what the trigger adds and suppresses.
 */
export interface RouteAccess {
  /** The API construct the route belongs to, by construct path (a pool's matrix covers several). */
  readonly api: string;
  /**
   * The Region of the API's stack, in the rows of a pool's `accessMatrix()`, where it is known at
   * synth (a stack with an explicit `env`): a replicated pool has APIs in each of its Regions, and
   * its matrix covers them all. An API's own matrix leaves it out.
   *
   * @default - an API's own matrix, or an environment-agnostic stack
   */
  readonly region?: string;
  /** The route, `METHOD /path`. */
  readonly route: string;
  /** The scopes that guard it (any one suffices); empty for a public route. */
  readonly scopes: string[];
  /** The groups whose members' access tokens carry one of those scopes (all groups for a public route). */
  readonly groups: string[];
  /**
   * Whether a signed-in user in no group can get a token that passes: never on a scoped route,
   * since the trigger suppresses every managed scope the user's groups do not grant.
   */
  readonly signedInWithoutGroup: boolean;
  /**
   * The client-credentials clients of the pool, whose tokens the API accepts, allowed to request
   * one of those scopes (all of them for a public route): the machine clients by name, any other
   * such client by construct path.
   */
  readonly machineClients: string[];
  /** Whether anyone may call it without a token. */
  readonly isPublic: boolean;
}
