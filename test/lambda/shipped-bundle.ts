/**
 * The shipped trigger bundle (assets/lambda-src/pre-token-generation/index.js, the file every
 * package ships and the construct stages), run with a map of the test's choosing, and Cognito's
 * side of a token request: what it issues from the request and the trigger's response.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { TRIGGER_BUNDLE } from '../../src/private/trigger/trigger-asset';

export type Handler = (event: unknown) => Promise<PreTokenGenerationV2TriggerEvent>;

const moduleBody = new Function('exports', 'require', 'module', '__filename', '__dirname', 'console', readFileSync(TRIGGER_BUNDLE, 'utf8'));

/** The console the bundle sees by default: its INFO line per token goes nowhere, as at log level WARN; errors show. */
const QUIET_CONSOLE = { ...console, info: () => undefined };

/**
 * The bundle's handler, loaded as Lambda loads it, except that its one file read (the map next to
 * it) answers with `map`, and it logs to `log`. Loading is cheap, so property tests can use a fresh
 * map on every run.
 */
export function shippedHandlerWithMap(map: unknown, log: Pick<Console, 'info' | 'error'> = QUIET_CONSOLE): Handler {
  const module = { exports: {} as { handler?: Handler } };
  const fakeFs = { readFileSync: () => JSON.stringify(map) };
  const requireFor = (name: string): unknown => {
    if (name === 'fs') return fakeFs;
    if (name === 'path') return path;
    throw new Error(`the bundle asked for '${name}' on a user's token path`);
  };
  moduleBody(module.exports, requireFor, module, '/var/task/index.js', '/var/task', log);
  return module.exports.handler!;
}

/**
 * The scopes Cognito writes into the access token: those it was about to issue (the event's
 * `request.scopes`), minus the trigger's `scopesToSuppress`, plus its `scopesToAdd`.
 */
export function issuedScopes(event: PreTokenGenerationV2TriggerEvent, requested: readonly string[]): string[] {
  const token = event.response?.claimsAndScopeOverrideDetails?.accessTokenGeneration;
  const suppressed = new Set(token?.scopesToSuppress ?? []);
  return [...new Set([...requested.filter((scope) => !suppressed.has(scope)), ...(token?.scopesToAdd ?? [])])].sort();
}

/** The trigger sources of a user's token (V2_0 and V3_0 alike). */
export const USER_TRIGGER_SOURCES = [
  'TokenGeneration_HostedAuth',
  'TokenGeneration_Authentication',
  'TokenGeneration_NewPasswordChallenge',
  'TokenGeneration_AuthenticateDevice',
  'TokenGeneration_RefreshTokens',
] as const;
