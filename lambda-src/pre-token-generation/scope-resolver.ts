/**
 * The pure core of the Pre Token Generation trigger: which scopes a user's groups grant, and which
 * scopes of the resource servers the construct manages a user token must not carry.
 *
 * The construct writes a `TriggerMap` next to the bundled handler; the handler compiles
 * it once per container with {@link createScopeResolver} and {@link createScopeSuppressor} and
 * calls them on every token issuance. All of them are total: malformed input grants nothing rather
 * than throwing, since a throwing trigger fails every sign-in in the user pool.
 */

import { editAccessToken } from './trigger-event';
import type { TriggerMap } from '../../src/private/trigger/trigger-map';
import { isObject } from '../shared/json-object';

/** Returns the scopes that a user in `groups` is granted, de-duplicated, base scopes first. */
export type ScopeResolver = (groups: unknown) => readonly string[];

/**
 * Returns the scopes of managed resource servers in `requested` (the event's `request.scopes`, the
 * scopes Cognito is about to issue) that are not in `granted`, once each; `isManaged` tells whether
 * a scope belongs to a managed resource server.
 */
export interface ScopeSuppressor {
  (requested: unknown, granted: readonly string[]): readonly string[];
  readonly isManaged: (scope: string) => boolean;
}

/** Above this many entries, membership is looked up in a Set rather than by scanning an array. */
const SCAN_LIMIT = 16;

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
 * Compiles the managed resource servers into a suppressor. A scope is managed when the part before
 * its last `/` (scope names hold no `/`) is the identifier of a managed resource server, declared
 * there or not. When the event has no readable scope list, every declared managed scope not
 * granted is suppressed (fail closed). With no managed server, it suppresses nothing.
 */
export function createScopeSuppressor(config: unknown): ScopeSuppressor {
  const { resourceServers } = readConfig(config);
  const none: readonly string[] = Object.freeze([]);
  if (resourceServers.length === 0) return Object.assign(() => none, { isManaged: () => false });
  const managed = new Set(resourceServers.map(([identifier]) => identifier));
  const declared = resourceServers.flatMap(([identifier, names]) => names.map((name) => `${identifier}/${name}`));
  const isManaged = (scope: string): boolean => {
    const slash = scope.lastIndexOf('/');
    return slash > 0 && managed.has(scope.slice(0, slash));
  };
  const suppress = (requested: unknown, granted: readonly string[]): readonly string[] => {
    const candidates: readonly unknown[] = Array.isArray(requested) ? requested : declared;
    // Linear however many scopes there are: small lists are scanned (the usual case, a few
    // scopes), large ones looked up in Sets.
    const grantedSet = granted.length > SCAN_LIMIT ? new Set(granted) : undefined;
    const seen = candidates.length > SCAN_LIMIT ? new Set<string>() : undefined;
    let suppressed: string[] | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const scope = candidates[i];
      if (typeof scope !== 'string' || !isManaged(scope) || (grantedSet ? grantedSet.has(scope) : granted.includes(scope))) continue;
      if (seen ? seen.has(scope) : suppressed?.includes(scope)) continue;
      seen?.add(scope);
      (suppressed ??= []).push(scope);
    }
    return suppressed ?? none;
  };
  return Object.assign(suppress, { isManaged });
}

/**
 * Told what the trigger decided for a user's token, in counts only: the event's trigger source, how
 * many groups the user is in, how many scopes it adds and how many it suppresses.
 */
export type DecisionReport = (source: unknown, groups: number, added: number, suppressed: number) => void;

/** What the trigger decided for a user's token, and what `report` is told of it. */
interface Decision {
  readonly source: unknown;
  readonly groups: number;
  readonly scopes: readonly string[];
  readonly suppressed: readonly string[];
  /** Whether the response already lists a managed scope to add that the groups do not grant. */
  readonly ungrantedToAdd: boolean;
}

/**
 * Applies the trigger's decision to a user's token (a Pre Token Generation V2/V3 event that is not
 * a client-credentials one): adds the scopes of the caller's groups (`scopesToAdd`) and suppresses
 * the managed scopes they do not grant (`scopesToSuppress`), keeping everything else in the
 * response but a managed scope the groups do not grant already listed in `scopesToAdd` (the final
 * list adds no managed scope but the groups'), then tells `report` the counts, and returns the event. Never throws: an event it cannot
 * read or write is returned as it came, which issues the token without extra scopes. The report
 * comes last and on its own: a log line that fails changes nothing in the token.
 */
export function applyUserScopes<E>(event: E, resolveScopes: ScopeResolver, suppressScopes: ScopeSuppressor, report?: DecisionReport): E {
  const decision = decide(event, resolveScopes, suppressScopes);
  if (decision === undefined) return event;
  const { scopes, suppressed, ungrantedToAdd } = decision;
  if (scopes.length > 0 || suppressed.length > 0 || ungrantedToAdd) {
    editAccessToken(event, (accessToken) => {
      const existing = ungrantedToAdd ? grantedOnly(accessToken.scopesToAdd, scopes, suppressScopes.isManaged) : accessToken.scopesToAdd;
      if (scopes.length > 0 || ungrantedToAdd) accessToken.scopesToAdd = merged(existing, scopes);
      if (suppressed.length > 0) accessToken.scopesToSuppress = merged(accessToken.scopesToSuppress, suppressed);
    });
  }
  try {
    report?.(decision.source, decision.groups, scopes.length, suppressed.length);
  } catch {
    // The token is decided already; a log line that cannot be written must not fail the sign-in.
  }
  return event;
}

/** The decision for a user's token; undefined for a machine token or an event whose properties cannot be read. */
function decide(event: unknown, resolveScopes: ScopeResolver, suppressScopes: ScopeSuppressor): Decision | undefined {
  try {
    if (!isObject(event)) return undefined;
    const source = event.triggerSource;
    // Machine-to-machine tokens (V3_0 client-credentials events) have no user and no groups.
    if (source === 'TokenGeneration_ClientCredentials') return undefined;
    const request = isObject(event.request) ? event.request : undefined;
    const groupConfiguration = request && isObject(request.groupConfiguration) ? request.groupConfiguration : undefined;
    const groups = groupConfiguration?.groupsToOverride;
    const scopes = resolveScopes(groups);
    const toAdd = scopesToAddOf(event);
    const isGranted = (entry: unknown) => isGrantedEntry(entry, scopes, suppressScopes.isManaged);
    const ungrantedToAdd = toAdd !== undefined && (!Array.isArray(toAdd) || !toAdd.every(isGranted));
    return { source, groups: Array.isArray(groups) ? groups.length : 0, scopes, suppressed: suppressScopes(request?.scopes, scopes), ungrantedToAdd };
  } catch {
    // An event whose properties cannot be read: leave it as it is rather than fail the sign-in.
    return undefined;
  }
}

/** The `scopesToAdd` the event's response already holds (Cognito sends none), if it holds one (null counts as none). */
function scopesToAddOf(event: Record<string, unknown>): unknown {
  const response = event.response;
  if (!isObject(response) || !isObject(response.claimsAndScopeOverrideDetails)) return undefined;
  const accessToken = response.claimsAndScopeOverrideDetails.accessTokenGeneration;
  return isObject(accessToken) && accessToken.scopesToAdd !== null ? accessToken.scopesToAdd : undefined;
}

/**
 * Whether an entry of a pre-filled `scopesToAdd` may stay: a string none of whose space-separated
 * parts (a token's `scope` claim is one space-separated string) is a managed scope that `granted`
 * lacks. Anything else (a non-string) grants nothing the handler can vouch for.
 */
function isGrantedEntry(entry: unknown, granted: readonly string[], isManaged: (scope: string) => boolean): boolean {
  return typeof entry === 'string' && entry.split(/\s+/).every((part) => !isManaged(part) || granted.includes(part));
}

/** `existing` without the entries that are not granted (`isGrantedEntry`); a non-list becomes empty. */
function grantedOnly(existing: unknown, granted: readonly string[], isManaged: (scope: string) => boolean): unknown[] {
  if (!Array.isArray(existing)) return [];
  return existing.filter((entry) => isGrantedEntry(entry, granted, isManaged));
}

/** `scopes` after what the response already lists, once each. */
function merged(existing: unknown, scopes: readonly string[]): readonly unknown[] {
  if (!Array.isArray(existing) || existing.length === 0) return scopes;
  const result = [...existing];
  for (const scope of scopes) {
    if (!result.includes(scope)) result.push(scope);
  }
  return result;
}

function readConfig(config: unknown): TriggerMap {
  if (!isObject(config)) return { baseScopes: [], groups: [], resourceServers: [] };
  return { baseScopes: stringsOf(config.baseScopes), groups: pairsOf(config.groups), resourceServers: pairsOf(config.resourceServers) };
}

/** `[name, strings]` pairs, skipping malformed entries. */
function pairsOf(value: unknown): Array<readonly [string, readonly string[]]> {
  const pairs: Array<readonly [string, readonly string[]]> = [];
  if (!Array.isArray(value)) return pairs;
  for (const entry of value) {
    if (Array.isArray(entry) && typeof entry[0] === 'string') pairs.push([entry[0], stringsOf(entry[1])]);
  }
  return pairs;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
