/**
 * The tokens Cognito would issue, read from synthesized artifacts alone: each app client's flows and
 * allowed scopes in the template, what a caller can request with them, the shipped trigger bundle
 * run on that request with the map it was shipped with, and Cognito's rule for what it then issues.
 * Independent of the construct's own model (src/private/matrix/token-model.ts), which the tests check
 * against it.
 */
import { v2Event } from './lambda/events';
import { issuedScopes, shippedHandlerWithMap } from './lambda/shipped-bundle';
import { shippedScopeMap } from './template-oracle';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** An app client as the template declares it. */
export interface TemplateClient {
  /** Its logical ID. */
  readonly id: string;
  /** The scopes it allows, a resource server's `Ref` read as its identifier. */
  readonly scopes: string[];
  /** Whether it has the client-credentials flow (a machine client). */
  readonly clientCredentials: boolean;
  /** Whether it has a flow through the authorize endpoint (code or implicit). */
  readonly authorize: boolean;
}

/** A token one sign-in could yield: the client it names (`client_id`) and its `scope` claim. */
export interface PossibleToken {
  readonly clientId: string;
  readonly scopes: string[];
  /** How it was got: the trigger source, or `client_credentials`. */
  readonly path: string;
}

/** The app clients of the template, with their flows and allowed scopes. */
export function clientsOf(resources: Resources): TemplateClient[] {
  const scopeOf = (scope: any): string => {
    if (typeof scope === 'string') return scope;
    const [server, name] = scope['Fn::Join'][1];
    return `${resources[server.Ref].Properties.Identifier}${name}`;
  };
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolClient')
    .map(([id, r]) => {
      const oAuth = r.Properties.AllowedOAuthFlowsUserPoolClient === true;
      const flows: string[] = oAuth ? r.Properties.AllowedOAuthFlows ?? [] : [];
      return {
        id,
        scopes: (r.Properties.AllowedOAuthScopes ?? []).map(scopeOf) as string[],
        clientCredentials: flows.includes('client_credentials'),
        authorize: flows.includes('code') || flows.includes('implicit'),
      };
    });
}

/**
 * Every access token a user in `groups` can get through the user clients among `accepted`: the
 * widest request each allows (every scope it allows through the authorize endpoint, or an SDK
 * sign-in), at sign-in and again at refresh, as the shipped trigger with its shipped map answers.
 */
export async function userTokens(
  poolTemplate: { Resources: Resources },
  assemblyDir: string,
  accepted: readonly TemplateClient[],
  groups: string[],
): Promise<PossibleToken[]> {
  const handler = shippedHandlerWithMap(shippedScopeMap(poolTemplate, assemblyDir));
  const tokens: PossibleToken[] = [];
  for (const client of accepted.filter((c) => !c.clientCredentials)) {
    const requested = client.authorize ? client.scopes : ['aws.cognito.signin.user.admin'];
    const signIn = client.authorize ? 'TokenGeneration_HostedAuth' : 'TokenGeneration_Authentication';
    for (const source of [signIn, 'TokenGeneration_RefreshTokens'] as const) {
      const event = v2Event(groups, source);
      event.request.scopes = [...requested];
      tokens.push({ clientId: client.id, scopes: issuedScopes(await handler(event), requested), path: source });
    }
  }
  return tokens;
}

/** The token a machine client gets from the token endpoint when it asks for no scope in particular: every scope it allows. */
export function machineToken(client: TemplateClient): PossibleToken {
  return { clientId: client.id, scopes: [...client.scopes], path: 'client_credentials' };
}
