import { MachineClientClaims, TRIGGER_MAP_FILE, TriggerMap } from './trigger-map';
import { bundlePath, releaseStagedBundle, stageBundle } from '../bundles/staged-bundle';
import { compareCodePoints } from '../rules/code-point-order';

/** The handler bundle built from `lambda-src/` at build time; it ships in every package. */
export const TRIGGER_BUNDLE = bundlePath('pre-token-generation');

/** Builds the handler's map from the construct's props. */
export function scopeMapFile(
  groupScopes: { [group: string]: string[] },
  baseScopes: readonly string[],
  resourceServers: ReadonlyMap<string, string[]>,
  machineClients?: MachineClientClaims,
): TriggerMap {
  return {
    baseScopes: [...new Set(baseScopes)],
    groups: Object.keys(groupScopes)
      .sort(compareCodePoints)
      .map((group) => [group, [...new Set(groupScopes[group])]]),
    resourceServers: [...resourceServers].map(([identifier, names]) => [identifier, [...names]]),
    ...(machineClients && machineClients.claims.length > 0 ? { machineClients } : {}),
  };
}

/** Stages the trigger bundle with its map (see `stageBundle`). */
export function stageTriggerAsset(map: TriggerMap, options: { readonly keep?: boolean } = {}): string {
  return stageBundle(TRIGGER_BUNDLE, { [TRIGGER_MAP_FILE]: JSON.stringify(map) }, options);
}

/** Removes a staged trigger folder once its asset copied it (see `releaseStagedBundle`). */
export function releaseTriggerAsset(folder: string): void {
  releaseStagedBundle(folder);
}
