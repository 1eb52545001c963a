import { AUTHORIZER_MAP_FILE, AuthorizerMap } from './authorizer-map';
import { bundlePath, stageBundle } from '../bundles/staged-bundle';
import { compareCodePoints } from '../rules/code-point-order';

/** The generated Lambda authorizer's bundle, built from `lambda-src/lambda-authorizer/` at build time; it ships in every package. */
export const AUTHORIZER_BUNDLE = bundlePath('lambda-authorizer');

/** What the authorizer of one API decides from: the pool's maps and the API's scoped routes. */
export interface AuthorizerMapInput {
  readonly api: 'REST' | 'HTTP';
  /** Whether the API accepts the tokens of every client of the pool (REST) or of listed clients only (HTTP). */
  readonly anyClientOfPool: boolean;
  readonly baseScopes: readonly string[];
  readonly groupScopes: { readonly [group: string]: readonly string[] };
  /** The scope names of each resource server the pool manages, by identifier. */
  readonly resourceServers: ReadonlyMap<string, readonly string[]>;
  /** The scoped routes, by normalized route key (`METHOD /path`). */
  readonly routes: ReadonlyArray<{ readonly key: string; readonly scopes: readonly string[] }>;
}

/** Builds the authorizer's map; each list sorted, so one set of maps always gives the same file. */
export function authorizerMapFile(input: AuthorizerMapInput): AuthorizerMap {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort(compareCodePoints);
  return {
    api: input.api,
    acceptedClients: input.anyClientOfPool ? 'anyOfPool' : 'listed',
    baseScopes: sorted(input.baseScopes),
    groups: Object.keys(input.groupScopes).sort(compareCodePoints).map((group) => [group, sorted(input.groupScopes[group])]),
    resourceServers: [...input.resourceServers].sort(([a], [b]) => compareCodePoints(a, b)).map(([identifier, names]) => [identifier, sorted(names)]),
    routes: [...input.routes].sort((a, b) => compareCodePoints(a.key, b.key)).map(({ key, scopes }) => [key, sorted(scopes)]),
  };
}

/** Stages the authorizer bundle with its map (see `stageBundle`). */
export function stageAuthorizerAsset(map: AuthorizerMap, options: { readonly keep?: boolean } = {}): string {
  return stageBundle(AUTHORIZER_BUNDLE, { [AUTHORIZER_MAP_FILE]: JSON.stringify(map) }, options);
}
