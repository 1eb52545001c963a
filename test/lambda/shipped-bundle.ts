/**
 * The shipped trigger bundle (assets/lambda-src/pre-token-generation/index.js, the file every
 * package ships and the construct stages), run with a map of the test's choosing, and Cognito's
 * side of a token request: what it issues from the request and the trigger's response.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { TRIGGER_BUNDLE } from '../../src/private/trigger/trigger-asset';
import { TRIGGER_MAP_FILE, TriggerMap } from '../../src/private/trigger/trigger-map';

export type Handler = (event: unknown) => Promise<PreTokenGenerationV2TriggerEvent>;

/** The module bodies compiled so far, by their code: the repo's bundle, and any staged copy that differs from it. */
const moduleBodies = new Map<string, (...args: unknown[]) => void>();

function moduleBodyOf(code: string): (...args: unknown[]) => void {
  let body = moduleBodies.get(code);
  if (!body) {
    body = new Function('exports', 'require', 'module', '__filename', '__dirname', 'console', code) as (...args: unknown[]) => void;
    moduleBodies.set(code, body);
  }
  return body;
}

/** The console the bundle sees by default: its INFO line per token goes nowhere, as at log level WARN; errors show. */
const QUIET_CONSOLE = { ...console, info: () => undefined };

/**
 * The bundle's handler, loaded as Lambda loads it, except that its one file read (the map next to
 * it) answers with `map`, and it logs to `log`. Loading is cheap, so property tests can use a fresh
 * map on every run.
 */
export function shippedHandlerWithMap(map: unknown, log: Pick<Console, 'info' | 'error'> = QUIET_CONSOLE): Handler {
  return loadTrigger(readFileSync(TRIGGER_BUNDLE, 'utf8'), () => JSON.stringify(map), log);
}

/**
 * The handler of a staged trigger asset (a folder of the cloud assembly: its `index.js` and
 * `scope-map.json`, as deployed), loaded as Lambda loads it: the one file it may read is its map,
 * at `/var/task/scope-map.json`. `tamper` changes the map as read, to show a check catches it.
 */
export function stagedTrigger(folder: string, tamper?: (map: TriggerMap) => unknown, log: Pick<Console, 'info' | 'error'> = QUIET_CONSOLE): Handler {
  const mapText = readFileSync(path.join(folder, TRIGGER_MAP_FILE), 'utf8');
  const served = tamper ? JSON.stringify(tamper(JSON.parse(mapText))) : mapText;
  const mapPath = path.join('/var/task', TRIGGER_MAP_FILE);
  return loadTrigger(readFileSync(path.join(folder, 'index.js'), 'utf8'), (file) => {
    if (file !== mapPath) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
    return served;
  }, log);
}

function loadTrigger(code: string, readFile: (file: string) => string, log: Pick<Console, 'info' | 'error'>): Handler {
  const module = { exports: {} as { handler?: Handler } };
  const fakeFs = { readFileSync: (file: string) => readFile(file) };
  const requireFor = (name: string): unknown => {
    if (name === 'fs') return fakeFs;
    if (name === 'path') return path;
    throw new Error(`the bundle asked for '${name}' on a user's token path`);
  };
  moduleBodyOf(code)(module.exports, requireFor, module, '/var/task/index.js', '/var/task', log);
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
