/**
 * The pure core of machine-token customization (V3_0 client-credentials events): which claims a
 * machine client's access token gets, by client name.
 *
 * The construct writes the claims by client name into the same map file as the group scopes, and
 * the client IDs (known only at deploy time) into an SSM parameter the handler reads. Every
 * function here is total: an event or a value it cannot read adds nothing rather than throwing.
 */

import { editAccessToken } from './trigger-event';
import type { MachineClientClaims } from '../../src/private/trigger/trigger-map';
import { Dict, isObject } from '../shared/json-object';

/** Whether the event asks for a machine token (client-credentials grant, V3_0 only). */
export function isClientCredentials(event: unknown): boolean {
  try {
    return isObject(event) && event.triggerSource === 'TokenGeneration_ClientCredentials';
  } catch {
    return false;
  }
}

/** The app client that asks for the token. */
export function clientIdOf(event: unknown): string | undefined {
  try {
    const caller = isObject(event) && isObject(event.callerContext) ? event.callerContext : undefined;
    return typeof caller?.clientId === 'string' ? caller.clientId : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the machine-client part of the map file; undefined when there is none or it is malformed. */
export function readMachineClaimsConfig(config: unknown): MachineClientClaims | undefined {
  const machine = isObject(config) && isObject(config.machineClients) ? config.machineClients : undefined;
  if (!machine || typeof machine.parameterName !== 'string' || !Array.isArray(machine.claims)) return undefined;
  const claims: Array<readonly [string, Readonly<Record<string, string>>]> = [];
  for (const entry of machine.claims) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && isObject(entry[1])) claims.push([entry[0], stringValues(entry[1])]);
  }
  return { parameterName: machine.parameterName, claims };
}

/** Parses the parameter's `[[clientId, clientName], ...]` into a map from ID to name. */
export function parseClientNames(value: unknown): Map<string, string> {
  const names = new Map<string, string>();
  if (!Array.isArray(value)) return names;
  for (const entry of value) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') names.set(entry[0], entry[1]);
  }
  return names;
}

/**
 * Adds `claims` to the access token of a client-credentials event (`claimsToAddOrOverride`),
 * keeping the rest of the response, and returns the event. Claims already in the response win
 * only where these do not name them. Never throws; never adds scopes.
 */
export function addMachineClaims<E>(event: E, claims: Readonly<Record<string, string>> | undefined): E {
  if (claims === undefined || Object.keys(claims).length === 0) return event;
  return editAccessToken(event, (accessToken) => {
    const existing = isObject(accessToken.claimsToAddOrOverride) ? accessToken.claimsToAddOrOverride : {};
    accessToken.claimsToAddOrOverride = { ...existing, ...claims };
  });
}

function stringValues(record: Dict): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    // defineProperty: a claim named '__proto__' stays a plain key.
    if (typeof value === 'string') Object.defineProperty(result, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return result;
}
