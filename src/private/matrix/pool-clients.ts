import { Reference, Stack, StringConcat, Token, Tokenization } from 'aws-cdk-lib';
import { CfnUserPool, CfnUserPoolClient, CfnUserPoolResourceServer, IUserPoolClient, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { ClientModel } from './token-model';

/** An app client of the pool, found in the app, with what the token model needs of it. */
export interface PoolClient {
  readonly resource: CfnUserPoolClient;
  readonly model: ClientModel;
  /**
   * False when its pool ID cannot be traced at synth (an imported pool's ID, a parameter, a
   * literal): it may belong to this pool, so it is counted as one of its clients.
   */
  readonly traced: boolean;
}

/**
 * Every app client the app defines that belongs to `pool`, or may (its pool ID cannot be traced to
 * a pool of the app), whoever created it (this library, the caller, another stack), read from its
 * CloudFormation resource: its flows and allowed scopes. Clients named in `names` (the machine
 * clients) are called by that name, the others by construct path. Where a setting is known only at
 * deploy time, the model assumes the most it could allow.
 */
export function clientsOfPool(pool: UserPool, names: ReadonlyMap<CfnUserPoolClient, string>): PoolClient[] {
  const own = pool.node.defaultChild as CfnUserPool | undefined;
  return pool.node.root.node
    .findAll()
    .filter((child): child is CfnUserPoolClient => child instanceof CfnUserPoolClient)
    .map((resource) => ({ resource, pool: resource.userPoolId === pool.userPoolId ? own : poolOf(resource.userPoolId) }))
    .filter(({ pool: found }) => found === own || found === undefined)
    .map(({ resource, pool: found }) => ({ resource, model: clientModel(resource, names.get(resource)), traced: found !== undefined }));
}

/**
 * The clients an HTTP API's JWT authorizer accepts (its audience), whatever pool they name: each
 * modelled from its resource, or, for one the app does not define (`fromUserPoolClientId`), as
 * unknown: it may get machine tokens with any scope (users signing in through it still get only
 * what the trigger decides).
 */
export function audienceClients(audience: readonly IUserPoolClient[], names: ReadonlyMap<CfnUserPoolClient, string>): ClientModel[] {
  return audience.map((client) => {
    const resource = client.node.defaultChild;
    return resource instanceof CfnUserPoolClient ? clientModel(resource, names.get(resource)) : unknownClient(client);
  });
}

/** Whether the app defines `client` (it has a CloudFormation resource), rather than importing it by ID. */
export function isDefinedInApp(client: IUserPoolClient): boolean {
  return client.node.defaultChild instanceof CfnUserPoolClient;
}

/**
 * A client the app does not define (`fromUserPoolClientId`): nothing is known of its flows and
 * scopes, so it may get machine tokens with any scope (users signing in through it still get only
 * what the trigger decides).
 */
export function unknownClient(client: IUserPoolClient): ClientModel {
  return { name: client.node.path, allowedScopes: [], clientCredentials: true, authorizeEndpoint: true, unknownScopes: true };
}

/** The pool of the app that `value` references (`Ref`, or the `UserPoolId` attribute), if it can be traced. */
function poolOf(value: string): CfnUserPool | undefined {
  const token = Token.isUnresolved(value) ? Tokenization.reverseString(value).firstToken : undefined;
  return Reference.isReference(token) && token.target instanceof CfnUserPool && ['Ref', 'UserPoolId'].includes(token.displayName)
    ? token.target
    : undefined;
}

function clientModel(resource: CfnUserPoolClient, name: string | undefined): ClientModel {
  const stack = Stack.of(resource);
  const oAuthOn: unknown = stack.resolve(resource.allowedOAuthFlowsUserPoolClient);
  const resolvedFlows: unknown = stack.resolve(resource.allowedOAuthFlows);
  const flows = Array.isArray(resolvedFlows) ? resolvedFlows : ['code', 'implicit', 'client_credentials'];
  const enabled = oAuthOn !== false && oAuthOn !== undefined;
  const owner: IConstruct = resource.node.scope instanceof UserPoolClient ? resource.node.scope : resource;
  const allowedScopes = (resource.allowedOAuthScopes ?? []).map(scopeText);
  return {
    name: name ?? owner.node.path,
    allowedScopes,
    unknownScopes: allowedScopes.some((scope) => Token.isUnresolved(scope)),
    clientCredentials: enabled && flows.some((flow) => flow === 'client_credentials' || typeof flow !== 'string'),
    authorizeEndpoint: enabled && flows.some((flow) => flow === 'code' || flow === 'implicit' || typeof flow !== 'string'),
  };
}

/**
 * A scope as Cognito will know it: `OAuthScope.resourceServer(server, scope)` yields the server's
 * `Ref` (its identifier) and `/name`; the reference is replaced by the identifier the resource
 * declares. A scope still unresolved after that stays a token, which matches no route scope.
 */
function scopeText(scope: string): string {
  if (!Token.isUnresolved(scope)) return scope;
  return Tokenization.reverseString(scope)
    .mapTokens({
      mapToken: (token) =>
        Reference.isReference(token) && token.displayName === 'Ref' && token.target instanceof CfnUserPoolResourceServer
          ? token.target.identifier
          : token,
    })
    .join(new StringConcat());
}
