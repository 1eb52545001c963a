import { Reference, Stack, StringConcat, Token, Tokenization } from 'aws-cdk-lib';
import { CfnUserPool, CfnUserPoolClient, CfnUserPoolResourceServer, IUserPoolClient, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { ClientModel } from './token-model';

/** An app client of the pool, found in the app, with what the token model needs of it. */
export interface PoolClient {
  readonly resource: CfnUserPoolClient;
  readonly model: ClientModel;
}

/**
 * Every app client of `pool` that the app defines, whoever created it (this library, the caller,
 * another stack), read from its CloudFormation resource: its flows and allowed scopes. Clients
 * named in `names` (the machine clients) are called by that name, the others by construct path.
 * Where a setting is known only at deploy time, the model assumes the most it could allow.
 */
export function clientsOfPool(pool: UserPool, names: ReadonlyMap<CfnUserPoolClient, string>): PoolClient[] {
  return pool.node.root.node
    .findAll()
    .filter((child): child is CfnUserPoolClient => child instanceof CfnUserPoolClient && refersTo(child.userPoolId, pool))
    .map((resource) => ({ resource, model: clientModel(resource, names.get(resource)) }));
}

/**
 * A client the API accepts that the app does not define (`UserPoolClient.fromUserPoolClientId`):
 * nothing is known of its flows and scopes, so the model assumes it may get machine tokens with
 * any scope. Users signing in through it still get only what the trigger decides.
 */
export function unknownClient(client: IUserPoolClient): ClientModel {
  return { name: client.node.path, allowedScopes: [], clientCredentials: true, authorizeEndpoint: true, unknownScopes: true };
}

/** Whether `value` is the pool's ID: `pool.userPoolId` itself, or a `Ref` or `UserPoolId` attribute of its resource. */
function refersTo(value: string, pool: UserPool): boolean {
  if (value === pool.userPoolId) return true;
  const token = Token.isUnresolved(value) ? Tokenization.reverseString(value).firstToken : undefined;
  return (
    Reference.isReference(token) &&
    token.target === (pool.node.defaultChild as CfnUserPool | undefined) &&
    ['Ref', 'UserPoolId'].includes(token.displayName)
  );
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
