import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { compare } from './scope-rules';

/** The handler bundle built from `lambda-src/` at build time; it ships in every package. */
export const TRIGGER_BUNDLE = join(__dirname, '..', '..', 'assets', 'lambda-src', 'pre-token-generation', 'index.js');

/** The name the handler reads its map from (see `lambda-src/scope-resolver.ts`). */
export const SCOPE_MAP_FILE = 'scope-map.json';

/** The group map as the handler reads it: sorted, so every jsii language yields the same asset. */
export interface ScopeMapFile {
  readonly baseScopes: string[];
  readonly groups: Array<[string, string[]]>;
  /** Only when some machine client has claims (see `lambda-src/machine-claims.ts`). */
  readonly machineClients?: {
    /** The SSM parameter that maps client IDs, known at deploy time only, to client names. */
    readonly parameterName: string;
    readonly claims: Array<[string, { [name: string]: string }]>;
  };
}

/** Builds the handler's map from the construct's props. */
export function scopeMapFile(
  groupScopes: { [group: string]: string[] },
  baseScopes: readonly string[],
  machineClients?: ScopeMapFile['machineClients'],
): ScopeMapFile {
  return {
    baseScopes: [...new Set(baseScopes)],
    groups: Object.keys(groupScopes)
      .sort(compare)
      .map((group) => [group, [...new Set(groupScopes[group])]]),
    ...(machineClients && machineClients.claims.length > 0 ? { machineClients } : {}),
  };
}

/**
 * Writes the handler bundle and its map into a folder named by their content hash, and returns
 * the folder, for `lambda.Code.fromAsset`. The map travels as a file, not an environment
 * variable, so it is not held to Lambda's 4 KB environment limit.
 */
export function stageTriggerAsset(map: ScopeMapFile): string {
  if (!existsSync(TRIGGER_BUNDLE)) {
    throw new Error(`The trigger bundle ${TRIGGER_BUNDLE} is missing: build the library first ('npx projen bundle').`);
  }
  const handler = readFileSync(TRIGGER_BUNDLE);
  const json = JSON.stringify(map);
  const hash = createHash('sha256').update(handler).update('\0').update(json).digest('hex').slice(0, 16);
  const folder = join(tmpdir(), `cdk-scoped-cognito-api-${hash}`);
  if (!existsSync(join(folder, SCOPE_MAP_FILE))) {
    // Parallel synths (jest workers) may stage the same folder: write aside, then rename at once.
    const partial = `${folder}.${process.pid}.${Date.now()}`;
    mkdirSync(partial, { recursive: true });
    writeFileSync(join(partial, 'index.js'), handler);
    writeFileSync(join(partial, SCOPE_MAP_FILE), json);
    try {
      renameSync(partial, folder);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(folder, SCOPE_MAP_FILE))) throw error;
    }
  }
  return folder;
}
