/**
 * Who may call one route, computed from the maps the construct synthesized: the scopes on the
 * route's method and the scopes each group's and each machine client's tokens carry.
 */
export interface RouteAccess {
  /** The route, `METHOD /path`. */
  readonly route: string;
  /** The scopes that guard it (any one suffices); empty for a public route. */
  readonly scopes: string[];
  /** The groups whose members' access tokens carry one of those scopes (all groups for a public route). */
  readonly groups: string[];
  /** The machine clients allowed to request one of those scopes (all of them for a public route). */
  readonly machineClients: string[];
  /** Whether anyone may call it without a token. */
  readonly isPublic: boolean;
}
