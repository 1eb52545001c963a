/**
 * The tokens Cognito would issue, read from synthesized artifacts alone: each app client's flows and
 * allowed scopes in the template, what a caller can request with them, the shipped trigger bundle
 * run on that request with the map it was shipped with, and Cognito's rule for what it then issues.
 * Independent of the construct's own model (src/private/matrix/token-model.ts), which the tests check
 * against it.
 *
 * A setting the template leaves to deploy time (a `Ref` to a parameter, `Fn::Split`, `Fn::ImportValue`,
 * any other function where a list of strings belongs) is read as the most it could allow: scopes as
 * any scope, OAuth flows as every flow, auth flows as holding `ALLOW_CLIENT_TOKEN_AUTH`.
 */
import { JwtBaseError } from 'aws-jwt-verify/error';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { SignInContext, v2Event } from './lambda/events';
import { Handler, issuedScopes, shippedHandlerWithMap } from './lambda/shipped-bundle';
import { routesOf, shippedScopeMap } from './template-oracle';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** Every OAuth flow Cognito knows: what a client whose flows are known only at deploy time may have. */
const EVERY_OAUTH_FLOW = ['code', 'implicit', 'client_credentials'];
/** The auth flow of GetClientToken, which issues client-credentials tokens without any OAuth flow. */
const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH';

/** An app client as the template declares it. */
export interface TemplateClient {
  /** Its logical ID. */
  readonly id: string;
  /** The scopes it allows, a resource server's `Ref` read as its identifier (empty when `anyScope`). */
  readonly scopes: string[];
  /** Whether its allowed scopes are known only at deploy time: it may allow any scope. */
  readonly anyScope: boolean;
  /** Whether it can get client-credentials (machine) tokens: the OAuth flow, or `ALLOW_CLIENT_TOKEN_AUTH`. */
  readonly clientCredentials: boolean;
  /** Whether it has a flow through the authorize endpoint (code or implicit). */
  readonly authorize: boolean;
  /**
   * The properties deciding access that the template leaves to deploy time, in this order:
   * AllowedOAuthFlowsUserPoolClient, AllowedOAuthFlows, AllowedOAuthScopes, ExplicitAuthFlows.
   */
  readonly deployTimeSettings: string[];
}

/** A token one sign-in could yield: the client it names (`client_id`) and its `scope` claim. */
export interface PossibleToken {
  readonly clientId: string;
  readonly scopes: string[];
  /** How it was got: the trigger source, or `client_credentials`. */
  readonly path: string;
  /** The trigger's response to the request (a user's token). */
  readonly response?: PreTokenGenerationV2TriggerEvent['response'];
}

/**
 * Where and by what a user's tokens are issued: the trigger that answers (the shipped bundle with
 * the pool template's shipped map unless told otherwise), and the event's Region, pool and each
 * client's ID by logical ID (the defaults of `v2Event` unless told otherwise).
 */
export interface Issuance {
  readonly trigger?: Handler;
  readonly region?: string;
  readonly userPoolId?: string;
  readonly clientIdOf?: (logicalId: string) => string;
}

/** Whether `value` is written with a CloudFormation function (`{ Ref }`, `{ 'Fn::Split' }`, ...) rather than as data. */
function isFunction(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** A list of strings as the template holds it, or undefined when it is known only at deploy time. */
function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** The app clients of the template, with their flows and allowed scopes. */
export function clientsOf(resources: Resources): TemplateClient[] {
  /** A scope as Cognito will know it: a string, or a resource server's `Ref` joined to `/name`; undefined if deploy-time. */
  const scopeOf = (scope: unknown): string | undefined => {
    if (typeof scope === 'string') return scope;
    const join = (scope as any)?.['Fn::Join'];
    if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1].length !== 2) return undefined;
    const [server, name] = join[1];
    const identifier = resources[server?.Ref]?.Type === 'AWS::Cognito::UserPoolResourceServer' ? resources[server.Ref].Properties.Identifier : undefined;
    return typeof identifier === 'string' && typeof name === 'string' ? `${identifier}${name}` : undefined;
  };
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')
    .map(([id, r]) => {
      const properties = r.Properties ?? {};
      const deployTimeSettings: string[] = [];
      /** Property `key` read by `known`; `ifAbsent` when the template leaves it out, `ifDeployTime` (and noted) when not data. */
      const read = <T>(key: string, known: (value: unknown) => T | undefined, ifAbsent: T, ifDeployTime: T): T => {
        const value = properties[key];
        if (value === undefined) return ifAbsent;
        const data = isFunction(value) ? undefined : known(value);
        if (data !== undefined) return data;
        deployTimeSettings.push(key);
        return ifDeployTime;
      };
      // CloudFormation takes the strings 'true' and 'false' for a boolean.
      const oAuth = read('AllowedOAuthFlowsUserPoolClient', (v) => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined), false, true);
      const flows = read('AllowedOAuthFlows', stringList, [], EVERY_OAUTH_FLOW);
      const scopeList = read<Array<string | undefined> | undefined>('AllowedOAuthScopes', (v) => (Array.isArray(v) ? v.map(scopeOf) : undefined), [], undefined);
      const known = scopeList?.every((scope): scope is string => scope !== undefined) ? scopeList as string[] : undefined;
      if (scopeList !== undefined && known === undefined) deployTimeSettings.push('AllowedOAuthScopes');
      const authFlows = read('ExplicitAuthFlows', stringList, [], [CLIENT_TOKEN_AUTH]);
      const oAuthFlows = oAuth ? flows : [];
      return {
        id,
        scopes: known ?? [],
        anyScope: known === undefined,
        clientCredentials: oAuthFlows.includes('client_credentials') || authFlows.includes(CLIENT_TOKEN_AUTH),
        authorize: oAuthFlows.includes('code') || oAuthFlows.includes('implicit'),
        deployTimeSettings,
      };
    });
}

/**
 * Every scope a request could name that matters to the template: each resource server's scopes and
 * each scope a route of the template requires. What a client allowing any scope asks for.
 */
export function scopesOfTemplate(template: { Resources: Resources }): string[] {
  const servers = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Cognito::UserPoolResourceServer')
    .flatMap((r) => (r.Properties.Scopes ?? []).map((s: any) => `${r.Properties.Identifier}/${s.ScopeName}`));
  return [...new Set([...servers, ...routesOf(template).flatMap((route) => route.scopes)])].sort();
}

/**
 * Every access token a user in `groups` can get through the user clients among `accepted` (those
 * with an authorize flow, and any other that is not a machine client, through an SDK sign-in): the
 * widest request each allows (every scope it allows through the authorize endpoint, every scope of the
 * template if it may allow any, or an SDK sign-in), at sign-in and again at refresh, as the shipped
 * trigger with its shipped map answers.
 */
export async function userTokens(
  poolTemplate: { Resources: Resources },
  assemblyDir: string,
  accepted: readonly TemplateClient[],
  groups: string[],
  issuance: Issuance = {},
): Promise<PossibleToken[]> {
  const handler = issuance.trigger ?? shippedHandlerWithMap(shippedScopeMap(poolTemplate, assemblyDir));
  const everyScope = scopesOfTemplate(poolTemplate);
  const tokens: PossibleToken[] = [];
  for (const client of accepted.filter((c) => c.authorize || !c.clientCredentials)) {
    const requested = client.authorize ? (client.anyScope ? everyScope : client.scopes) : ['aws.cognito.signin.user.admin'];
    const signIn = client.authorize ? 'TokenGeneration_HostedAuth' : 'TokenGeneration_Authentication';
    for (const source of [signIn, 'TokenGeneration_RefreshTokens'] as const) {
      const context: SignInContext = { region: issuance.region, userPoolId: issuance.userPoolId, clientId: issuance.clientIdOf?.(client.id) };
      const event = v2Event(groups, source, context);
      event.request.scopes = [...requested];
      const answered = await handler(event);
      tokens.push({ clientId: client.id, scopes: issuedScopes(answered, requested), path: source, response: answered.response });
    }
  }
  return tokens;
}

/**
 * The token a machine client gets from the token endpoint when it asks for no scope in particular:
 * every scope it allows (`everyScope`, what matters to the template, when it may allow any).
 */
export function machineToken(client: TemplateClient, everyScope: readonly string[] = []): PossibleToken {
  return { clientId: client.id, scopes: client.anyScope ? [...everyScope] : [...client.scopes], path: 'client_credentials' };
}

/** Whether aws-jwt-verify accepts `jwt`: only a JWT's own fault counts as refused; any other error fails the test. */
export async function verified(verifier: { verify: (jwt: string) => Promise<unknown> }, jwt: string): Promise<boolean> {
  try {
    await verifier.verify(jwt);
    return true;
  } catch (error) {
    if (error instanceof JwtBaseError) return false;
    throw error;
  }
}
