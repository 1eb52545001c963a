/**
 * The Pre Token Generation trigger (V2_0 or V3_0 event) of `ScopedUserPool`, the Cognito half of
 * both API constructs.
 *
 * Decides the custom scopes of every user's access token: adds the OAuth scopes of the caller's
 * Cognito groups (`claimsAndScopeOverrideDetails.accessTokenGeneration.scopesToAdd`) and
 * suppresses every scope of a resource server the construct manages that they do not grant
 * (`scopesToSuppress`), whatever the client allowed or the caller requested. The group map is the
 * `TriggerMap` file (src/private/trigger/trigger-map.ts) that the construct writes next to this
 * bundle at synth time, read once per container. On V3_0, machine tokens (client credentials) get the claims declared for their
 * client, found by client ID in an SSM parameter read on the first machine token only. No
 * runtime dependencies (the AWS SDK is the Lambda runtime's). It logs one line per user token, in
 * Lambda's JSON log format (the construct sets it): the counts of the decision, and never a token,
 * an attribute, a user name or a group name.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { logDecision } from './decision-log';
import { addMachineClaims, clientIdOf, isClientCredentials, parseClientNames, readMachineClaimsConfig } from './machine-claims';
import { applyUserScopes, createScopeResolver, createScopeSuppressor } from './scope-resolver';
import { TRIGGER_MAP_FILE } from '../../src/private/trigger/trigger-map';

/** How long an unknown client ID waits before the parameter is read again. */
const CLIENT_NAMES_REFRESH_MS = 60_000;
/**
 * How long the parameter read may take: Cognito fails the token request if the trigger has not
 * answered in about 5 s, and the function stops at 3 s, so a slow read gives up well before.
 */
const CLIENT_NAMES_TIMEOUT_MS = 1_000;

function loadScopeMap(): unknown {
  try {
    return JSON.parse(readFileSync(join(__dirname, TRIGGER_MAP_FILE), 'utf8'));
  } catch (error) {
    // Fail closed: tokens are issued without extra scopes, and sign-in keeps working.
    console.error(`${TRIGGER_MAP_FILE} could not be read; no scopes will be added: ${(error as Error).name}`);
    return undefined;
  }
}

const scopeMap = loadScopeMap();
const resolveScopes = createScopeResolver(scopeMap);
const suppressScopes = createScopeSuppressor(scopeMap);
const machineClaims = readMachineClaimsConfig(scopeMap);
const claimsByClientName = new Map(machineClaims?.claims ?? []);

let clientNames: Promise<Map<string, string>> | undefined;
let clientNamesReadAt = 0;

/** Reads `[[clientId, clientName], ...]` from SSM; an empty map if it cannot (fail closed). */
async function readClientNames(parameterName: string): Promise<Map<string, string>> {
  clientNamesReadAt = Date.now();
  try {
    // The Node.js Lambda runtime provides AWS SDK v3; the bundle leaves it out (a dev dependency for its types).
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const ssm = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const read = new ssm.SSMClient({ maxAttempts: 2 }).send(new ssm.GetParameterCommand({ Name: parameterName }), {
      abortSignal: AbortSignal.timeout(CLIENT_NAMES_TIMEOUT_MS),
    });
    const output = await withTimeout(read, CLIENT_NAMES_TIMEOUT_MS);
    return parseClientNames(JSON.parse(output.Parameter?.Value ?? '[]'));
  } catch (error) {
    console.error(`the machine client IDs could not be read from ${parameterName}; machine tokens get no claims: ${(error as Error).name}`);
    return new Map();
  }
}

/** `promise`, or a `TimeoutError` after `ms` (the abort signal alone does not cover credential look-ups). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer in ${ms} ms`), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The claims declared for the client asking for a machine token, if any. */
async function claimsForClient(clientId: string | undefined): Promise<Readonly<Record<string, string>> | undefined> {
  if (machineClaims === undefined || clientId === undefined) return undefined;
  clientNames ??= readClientNames(machineClaims.parameterName);
  let names = await clientNames;
  if (!names.has(clientId) && Date.now() - clientNamesReadAt > CLIENT_NAMES_REFRESH_MS) {
    clientNames = readClientNames(machineClaims.parameterName);
    names = await clientNames;
  }
  const name = names.get(clientId);
  return name === undefined ? undefined : claimsByClientName.get(name);
}

export const handler = async (event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> => {
  if (isClientCredentials(event)) {
    try {
      return addMachineClaims(event, await claimsForClient(clientIdOf(event)));
    } catch {
      return event;
    }
  }
  return applyUserScopes(event, resolveScopes, suppressScopes, logDecision);
};
