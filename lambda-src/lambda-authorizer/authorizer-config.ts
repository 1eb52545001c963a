/**
 * What the authorizer decides from, read once per container: the `AuthorizerMap` file the
 * construct writes next to the bundle (src/private/authorizer/authorizer-map.ts) and the
 * environment (`USER_POOL_ID`, `ISSUER`, and `CLIENT_IDS` when the map lists its clients).
 *
 * Read strictly, unlike the trigger's map: a part that is missing or malformed makes the whole
 * configuration unusable, and every request is refused (fail closed). Skipping a bad entry would
 * not be safe here: a resource server left out would let a user's own `scope` claim grant its scopes.
 */
import type { AuthorizerMap } from '../../src/private/authorizer/authorizer-map';
import { AUTHORIZER_MAP_FILE, CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../../src/private/authorizer/authorizer-map';
import { isObject } from '../shared/json-object';

/** A configuration the authorizer can decide from. */
export interface AuthorizerConfig {
  readonly map: AuthorizerMap;
  /** The pool whose access tokens pass (`<region>_<id>`). */
  readonly userPoolId: string;
  /** The one issuer whose tokens pass (`iss`), the pool's. */
  readonly issuer: string;
  /** The app clients whose tokens pass; null: every client of the pool. */
  readonly clientIds: readonly string[] | null;
}

/** A usable configuration, or the name of the setting that is missing or malformed (never its value). */
export type ConfigReading = { readonly config: AuthorizerConfig } | { readonly problem: string };

/**
 * Reads the map (`readMap` returns the file's text, and may throw) and the environment. The first
 * problem found is named: the file, a field of it, or an environment variable.
 */
export function readAuthorizerConfig(readMap: () => string, env: Readonly<Record<string, string | undefined>>): ConfigReading {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readMap());
  } catch {
    return { problem: AUTHORIZER_MAP_FILE };
  }
  const map = readMapFields(parsed);
  if (typeof map === 'string') return { problem: `${AUTHORIZER_MAP_FILE} (${map})` };

  const userPoolId = env[USER_POOL_ID_ENV];
  if (typeof userPoolId !== 'string' || userPoolId === '') return { problem: USER_POOL_ID_ENV };
  const issuer = env[ISSUER_ENV];
  if (typeof issuer !== 'string' || !issuer.startsWith('https://')) return { problem: ISSUER_ENV };

  if (map.acceptedClients === 'anyOfPool') return { config: { map, userPoolId, issuer, clientIds: null } };
  const clientIds = clientIdsOf(env[CLIENT_IDS_ENV]);
  return clientIds === undefined ? { problem: CLIENT_IDS_ENV } : { config: { map, userPoolId, issuer, clientIds } };
}

/** The map, or the name of its first malformed field. */
function readMapFields(value: unknown): AuthorizerMap | string {
  if (!isObject(value)) return 'not an object';
  const { api, acceptedClients, baseScopes, groups, resourceServers, routes } = value;
  if (api !== 'REST' && api !== 'HTTP') return 'api';
  if (acceptedClients !== 'anyOfPool' && acceptedClients !== 'listed') return 'acceptedClients';
  if (!isStringList(baseScopes)) return 'baseScopes';
  if (!isPairList(groups)) return 'groups';
  if (!isPairList(resourceServers)) return 'resourceServers';
  if (!isPairList(routes)) return 'routes';
  return { api, acceptedClients, baseScopes, groups, resourceServers, routes };
}

/** `CLIENT_IDS`: a JSON array of at least one non-empty string; undefined otherwise. */
function clientIdsOf(text: string | undefined): readonly string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const ids: unknown = JSON.parse(text);
    return isStringList(ids) && ids.length > 0 && ids.every((id) => id !== '') ? ids : undefined;
  } catch {
    return undefined;
  }
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** `[name, strings]` pairs, each name non-empty and listed once. */
function isPairList(value: unknown): value is ReadonlyArray<readonly [string, readonly string[]]> {
  if (!Array.isArray(value)) return false;
  const names = new Set<string>();
  for (const entry of value) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || entry[0] === '' || !isStringList(entry[1])) return false;
    if (names.has(entry[0])) return false;
    names.add(entry[0]);
  }
  return true;
}
