/**
 * The trigger's wire format: the map the construct writes next to the bundled handler at synth
 * time and the handler reads once per container. Declared once, here, for the construct
 * (`trigger-asset.ts`), the handler (`lambda-src/`) and the tests that read a shipped map back; no
 * aws-cdk-lib import, so the handler's bundle can take it in.
 */

/** The file's name, next to the handler's `index.js`. */
export const TRIGGER_MAP_FILE = 'scope-map.json';

/** What the file holds; lists of pairs rather than objects, so that no name can touch a prototype. */
export interface TriggerMap {
  /** Scopes added to the access token of every user, whatever their groups. */
  readonly baseScopes: readonly string[];
  /** `[group, scopes]` pairs, sorted by group. */
  readonly groups: ReadonlyArray<readonly [string, readonly string[]]>;
  /**
   * `[identifier, scope names]` of each resource server the construct manages. The trigger is the
   * authority for their scopes on user tokens: one the user's groups do not grant is suppressed,
   * whichever client or request put it there.
   */
  readonly resourceServers: ReadonlyArray<readonly [string, readonly string[]]>;
  /** Only when some machine client has claims. */
  readonly machineClients?: MachineClientClaims;
}

/** The claims of the machine clients that have some, for the V3_0 trigger. */
export interface MachineClientClaims {
  /** The SSM parameter holding `[[clientId, clientName], ...]`: client IDs exist only once deployed. */
  readonly parameterName: string;
  /** `[clientName, claims]` pairs, sorted by name. */
  readonly claims: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]>;
}
