/**
 * The map compiled once per container into lookups, so that a call costs a few `Map` and `Set`
 * look-ups whatever the size of the map: which scopes a route wants, which scopes a principal is
 * granted, and whether those meet.
 */
import type { Principal } from './principal';
import type { AuthorizerMap } from '../../src/private/authorizer/authorizer-map';

/** The map, ready for lookups. `Map`s throughout: a group or route named `__proto__` is a plain key. */
export interface AccessRules {
  /** The scopes of each scoped route, by route key (`METHOD /path`); any one lets a caller through. */
  readonly routeScopes: ReadonlyMap<string, readonly string[]>;
  /** The scopes each group of the map grants. */
  readonly groupScopes: ReadonlyMap<string, readonly string[]>;
  /** Scopes every signed-in user is granted. */
  readonly baseScopes: readonly string[];
  /** Whether a scope is of a resource server the construct manages (which a user's own `scope` claim does not grant). */
  readonly isManaged: (scope: string) => boolean;
}

/** Compiles the map's lists of pairs into lookups. */
export function compileAccessRules(map: AuthorizerMap): AccessRules {
  const managed = new Set(map.resourceServers.map(([identifier]) => identifier));
  return {
    routeScopes: new Map(map.routes),
    groupScopes: new Map(map.groups),
    baseScopes: map.baseScopes,
    // As the trigger reads a scope (lambda-src/pre-token-generation/scope-resolver.ts): its resource
    // server is what precedes the last `/` (scope names hold no `/`).
    isManaged: (scope) => {
      const slash = scope.lastIndexOf('/');
      return slash > 0 && managed.has(scope.slice(0, slash));
    },
  };
}

/** The caller's groups that are groups of the map, in the token's order. */
export function knownGroups(principal: Principal, rules: AccessRules): readonly string[] {
  return principal.groups.filter((group) => rules.groupScopes.has(group));
}

/**
 * The scopes a principal is granted. A machine client: exactly its token's `scope` claim (what its
 * client may ask for). A user: the base scopes, the scopes of each of its groups that the map
 * knows, and the entries of its token's `scope` claim that are not of a managed resource server
 * (`openid`, a scope of another API's server): a managed scope is the groups' to grant, never the token's.
 */
export function grantedScopes(principal: Principal, groups: readonly string[], rules: AccessRules): Set<string> {
  if (principal.type === 'machine') return new Set(principal.tokenScopes);
  const granted = new Set(rules.baseScopes);
  for (const group of groups) {
    for (const scope of rules.groupScopes.get(group)!) granted.add(scope);
  }
  for (const scope of principal.tokenScopes) {
    if (!rules.isManaged(scope)) granted.add(scope);
  }
  return granted;
}

/** Whether any of a route's scopes is granted. */
export function grantsAnyOf(granted: ReadonlySet<string>, routeScopes: readonly string[]): boolean {
  return routeScopes.some((scope) => granted.has(scope));
}
