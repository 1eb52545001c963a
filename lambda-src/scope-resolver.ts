/**
 * The pure core of the Pre Token Generation trigger: which scopes a user's groups grant.
 *
 * The construct writes a {@link ScopeMapConfig} next to the bundled handler; the handler compiles
 * it once per container with {@link createScopeResolver} and calls the resolver on every token
 * issuance. Both functions are total: malformed input grants nothing rather than throwing, since
 * a throwing trigger fails every sign-in in the user pool.
 */

/** The file the construct writes next to the bundled handler. */
export const SCOPE_MAP_FILE = 'scope-map.json';

/** What the construct generates from `groupScopes`. */
export interface ScopeMapConfig {
  /** Scopes added to the access token of every user, whatever their groups. */
  readonly baseScopes: readonly string[];
  /** `[group, scopes]` pairs; a list of pairs, so that no group name can touch a prototype. */
  readonly groups: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** Returns the scopes that a user in `groups` is granted, de-duplicated, base scopes first. */
export type ScopeResolver = (groups: unknown) => readonly string[];

/**
 * Compiles a scope map into a resolver whose cost grows with the user's groups only, never with
 * the size of the map. A user in one group gets a precomputed array; for several groups each
 * scope has a numeric id and is de-duplicated with an epoch-stamped array instead of a Set.
 */
export function createScopeResolver(config: unknown): ScopeResolver {
  const { baseScopes, groups } = readConfig(config);
  const scopeById: string[] = [];
  const idByScope = new Map<string, number>();
  const idsOf = (scopes: readonly string[]): Uint32Array => {
    const ids: number[] = [];
    for (const scope of scopes) {
      let id = idByScope.get(scope);
      if (id === undefined) {
        id = scopeById.push(scope) - 1;
        idByScope.set(scope, id);
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return Uint32Array.from(ids);
  };

  const namesOf = (ids: Uint32Array): string[] => Array.from(ids, (id) => scopeById[id]);

  const baseIds = idsOf(baseScopes);
  const baseOnly = Object.freeze(namesOf(baseIds));
  const scopesByGroup = new Map<string, string[]>();
  for (const [group, scopes] of groups) {
    scopesByGroup.set(group, [...(scopesByGroup.get(group) ?? []), ...scopes]);
  }
  const idsByGroup = new Map<string, Uint32Array>();
  const scopesOfSingleGroup = new Map<string, readonly string[]>();
  for (const [group, scopes] of scopesByGroup) {
    idsByGroup.set(group, idsOf(scopes));
    scopesOfSingleGroup.set(group, Object.freeze(namesOf(idsOf([...baseOnly, ...scopes]))));
  }

  const stamps = new Uint32Array(scopeById.length);
  let epoch = 0;

  return (userGroups: unknown): readonly string[] => {
    if (!Array.isArray(userGroups) || userGroups.length === 0) return baseOnly;
    if (userGroups.length === 1) return scopesOfSingleGroup.get(userGroups[0] as string) ?? baseOnly;

    epoch += 1;
    if (epoch === 0xffffffff) {
      stamps.fill(0);
      epoch = 1;
    }
    const granted: string[] = [];
    for (let i = 0; i < baseIds.length; i++) {
      stamps[baseIds[i]] = epoch;
      granted.push(scopeById[baseIds[i]]);
    }
    for (let g = 0; g < userGroups.length; g++) {
      const ids = idsByGroup.get(userGroups[g] as string);
      if (ids === undefined) continue;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        if (stamps[id] !== epoch) {
          stamps[id] = epoch;
          granted.push(scopeById[id]);
        }
      }
    }
    return granted;
  };
}

/**
 * Adds the scopes of the caller's groups to a Pre Token Generation V2/V3 event's response, keeping
 * everything else in the response, and returns the event. Never throws: an event it cannot read
 * or write is returned as it came, which issues the token without extra scopes (fail closed).
 */
export function addGroupScopes<E>(event: E, resolveScopes: ScopeResolver): E {
  try {
    const target: unknown = event;
    if (!isObject(target)) return event;
    // Machine-to-machine tokens (V3_0 client-credentials events) have no user and no groups.
    if (target.triggerSource === 'TokenGeneration_ClientCredentials') return event;
    const request = isObject(target.request) ? target.request : undefined;
    const groupConfiguration = request && isObject(request.groupConfiguration) ? request.groupConfiguration : undefined;
    const scopes = resolveScopes(groupConfiguration?.groupsToOverride);
    if (scopes.length === 0) return event;

    const response = isObject(target.response) ? target.response : {};
    const details = isObject(response.claimsAndScopeOverrideDetails) ? response.claimsAndScopeOverrideDetails : {};
    const accessToken = isObject(details.accessTokenGeneration) ? details.accessTokenGeneration : {};
    const existing = accessToken.scopesToAdd;
    accessToken.scopesToAdd = Array.isArray(existing) && existing.length > 0 ? union(existing, scopes) : scopes;
    details.accessTokenGeneration = accessToken;
    response.claimsAndScopeOverrideDetails = details;
    target.response = response;
  } catch {
    // A frozen or hostile event: leave it as it is rather than fail the sign-in.
  }
  return event;
}

type Dict = Record<string, unknown>;

function isObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null;
}

function union(first: readonly unknown[], second: readonly string[]): unknown[] {
  const result = [...first];
  for (const scope of second) {
    if (!result.includes(scope)) result.push(scope);
  }
  return result;
}

function readConfig(config: unknown): ScopeMapConfig {
  const empty: ScopeMapConfig = { baseScopes: [], groups: [] };
  if (!isObject(config)) return empty;
  const baseScopes = stringsOf(config.baseScopes);
  const groups: Array<readonly [string, readonly string[]]> = [];
  if (Array.isArray(config.groups)) {
    for (const entry of config.groups) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') groups.push([entry[0], stringsOf(entry[1])]);
    }
  }
  return { baseScopes, groups };
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
