import { CfnResource, Reference, Token, Tokenization } from 'aws-cdk-lib';
import { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { ClientModel } from './token-model';
import { isResourceOfType, literalString, literalStrings, readProperty, referenceOf, resourcesOfType } from '../rules/cfn-resources';

const USER_POOL = 'AWS::Cognito::UserPool';
const USER_POOL_CLIENT = 'AWS::Cognito::UserPoolClient';
/** Every OAuth flow Cognito knows: what a client may have when its flows are known only at deploy time. */
const ALL_OAUTH_FLOWS = ['code', 'implicit', 'client_credentials'];
/**
 * The auth flow of `GetClientToken`, which issues machine tokens (client credentials) through the
 * user-pools API rather than the token endpoint ([GetClientToken](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetClientToken.html)).
 */
const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH';

/** An app client of the pool, found in the app, with what the token model needs of it. */
export interface PoolClient {
  readonly resource: CfnResource;
  readonly model: ClientModel;
  /**
   * False when its pool ID cannot be traced at synth (an imported pool's ID, a parameter, a
   * literal): it may belong to this pool, so it is counted as one of its clients.
   */
  readonly traced: boolean;
  /** Its settings that decide access but are known only at deploy time (`AllowedOAuthScopes`, ...). */
  readonly unknownSettings: readonly string[];
}

/**
 * Every app client the app defines that belongs to `pool`, or may (its pool ID cannot be traced to
 * a pool of the app), whoever created it (this library, the caller, another stack, a raw
 * `CfnResource`, an included template), read from the properties its template will hold: its flows
 * and allowed scopes. Clients named in `names` (the machine clients) are called by that name, the
 * others by construct path. Where a setting is known only at deploy time, the model assumes the
 * most it could allow.
 */
export function clientsOfPool(pool: UserPool, names: ReadonlyMap<IConstruct, string>): PoolClient[] {
  const own = pool.node.defaultChild as CfnResource | undefined;
  return resourcesOfType(pool, USER_POOL_CLIENT).flatMap((resource) => {
    const found = poolOf(resource);
    if (found !== own && found !== undefined) return [];
    return [{ ...readClient(resource, names.get(resource)), resource, traced: found !== undefined }];
  });
}

/**
 * The clients an HTTP API's JWT authorizer accepts (its audience), whatever pool they name: each
 * modelled from its resource, or, for one the app does not define (`fromUserPoolClientId`), as
 * unknown: it may get machine tokens with any scope (users signing in through it still get only
 * what the trigger decides).
 */
export function audienceClients(audience: readonly IUserPoolClient[], names: ReadonlyMap<IConstruct, string>): ClientModel[] {
  return audience.map((client) => {
    const resource = clientResourceOf(client);
    return resource ? readClient(resource, names.get(resource)).model : unknownClient(client);
  });
}

/** The settings of each audience client that decide access but are known only at deploy time. */
export function unknownAudienceSettings(audience: readonly IUserPoolClient[]): Array<{ client: IConstruct; settings: readonly string[] }> {
  return audience.flatMap((client) => {
    const resource = clientResourceOf(client);
    if (!resource) return [];
    const { unknownSettings } = readClient(resource, undefined);
    return unknownSettings.length > 0 ? [{ client: resource, settings: unknownSettings }] : [];
  });
}

/** Whether the app defines `client` (it has a CloudFormation resource), rather than importing it by ID. */
export function isDefinedInApp(client: IUserPoolClient): boolean {
  return clientResourceOf(client) !== undefined;
}

/**
 * The resource of an app client the app defines: the client's own, or, for one imported by an ID
 * that is the `Ref` of a client resource of the app (`fromUserPoolClientId(scope, id, cfnClient.ref)`,
 * the way an L1, raw or included client is handed to an L2 prop), that resource.
 */
function clientResourceOf(client: IUserPoolClient): CfnResource | undefined {
  const own = client.node.defaultChild;
  if (isResourceOfType(own, USER_POOL_CLIENT)) return own;
  const token = Token.isUnresolved(client.userPoolClientId) ? Tokenization.reverseString(client.userPoolClientId) : undefined;
  const reference = token?.length === 1 ? token.firstToken : undefined;
  return Reference.isReference(reference) && reference.displayName === 'Ref' && isResourceOfType(reference.target, USER_POOL_CLIENT)
    ? reference.target
    : undefined;
}

/**
 * A client the app does not define (`fromUserPoolClientId`): nothing is known of its flows and
 * scopes, so it may get machine tokens with any scope (users signing in through it still get only
 * what the trigger decides). Named by its path and its client ID, which is who it is: another ID
 * under the same path is another caller.
 */
export function unknownClient(client: IUserPoolClient): ClientModel {
  const id = Token.isUnresolved(client.userPoolClientId) ? 'known only at deploy time' : client.userPoolClientId;
  return {
    name: `${client.node.path} (client ID ${id})`,
    allowedScopes: [],
    clientCredentials: true,
    authorizeEndpoint: true,
    unknownScopes: true,
    servesUsers: true,
  };
}

/**
 * The pool of the app whose ID the client's `UserPoolId` names (its `Ref` or its `UserPoolId`
 * attribute, whichever stack it is in); undefined if it names none (an imported pool's ID, a
 * parameter, a literal).
 */
function poolOf(client: CfnResource): CfnResource | undefined {
  const reference = referenceOf(readProperty(client, 'UserPoolId'));
  return reference !== undefined && isResourceOfType(reference.target, USER_POOL) && ['Ref', 'UserPoolId'].includes(reference.attribute)
    ? reference.target
    : undefined;
}

/** The model of a client from the properties its template will hold, and what of them is unknown at synth. */
function readClient(resource: CfnResource, name: string | undefined): { model: ClientModel; unknownSettings: string[] } {
  const unknownSettings: string[] = [];
  /** Property `key` as `literal` reads it; `ifAbsent` without one, `ifUnknown` (the most it could allow) when deploy-time. */
  const read = <T>(key: string, literal: (value: unknown) => T | undefined, ifAbsent: T, ifUnknown: T): T => {
    const { value } = readProperty(resource, key);
    if (value === undefined) return ifAbsent;
    const known = literal(value);
    if (known !== undefined) return known;
    unknownSettings.push(key);
    return ifUnknown;
  };
  const oAuthOn = read('AllowedOAuthFlowsUserPoolClient', booleanOf, false, true);
  const flows = read('AllowedOAuthFlows', literalStrings, ALL_OAUTH_FLOWS, ALL_OAUTH_FLOWS);
  const scopes = read<string[] | undefined>('AllowedOAuthScopes', literalStrings, [], undefined);
  // Without ExplicitAuthFlows Cognito allows SRP, refresh and custom sign-in; a deploy-time list may hold GetClientToken's flow.
  const authFlows = read('ExplicitAuthFlows', literalStrings, [], [CLIENT_TOKEN_AUTH]);
  const clientCredentials = (oAuthOn && flows.includes('client_credentials')) || authFlows.includes(CLIENT_TOKEN_AUTH);
  return {
    unknownSettings,
    model: {
      name: name ?? ownerOf(resource).node.path,
      allowedScopes: scopes ?? [],
      unknownScopes: scopes === undefined,
      clientCredentials,
      authorizeEndpoint: oAuthOn && (flows.includes('code') || flows.includes('implicit')),
      // A client whose flows are known only at deploy time may serve users as well as services.
      servesUsers: !clientCredentials || unknownSettings.some((key) => key !== 'AllowedOAuthScopes'),
    },
  };
}

/** A boolean property: CloudFormation takes `true` and `'true'` alike. */
function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = literalString(value)?.toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

/** The construct whose resource `resource` is (a `UserPoolClient` for its `CfnUserPoolClient`), by which the matrix names it. */
function ownerOf(resource: CfnResource): IConstruct {
  const parent = resource.node.scope;
  return parent !== undefined && parent.node.defaultChild === resource ? parent : resource;
}
