import { Reference, Stack, StringConcat, Token, Tokenization } from 'aws-cdk-lib';
import { CfnUserPoolClient, CfnUserPoolResourceServer, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
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
    .filter((child): child is CfnUserPoolClient => child instanceof CfnUserPoolClient && child.userPoolId === pool.userPoolId)
    .map((resource) => ({ resource, model: clientModel(resource, names.get(resource)) }));
}

function clientModel(resource: CfnUserPoolClient, name: string | undefined): ClientModel {
  const stack = Stack.of(resource);
  const oAuthOn: unknown = stack.resolve(resource.allowedOAuthFlowsUserPoolClient);
  const resolvedFlows: unknown = stack.resolve(resource.allowedOAuthFlows);
  const flows = Array.isArray(resolvedFlows) ? resolvedFlows : ['code', 'implicit', 'client_credentials'];
  const enabled = oAuthOn !== false && oAuthOn !== undefined;
  const owner = resource.node.scope instanceof UserPoolClient ? resource.node.scope : resource;
  return {
    name: name ?? owner.node.path,
    allowedScopes: (resource.allowedOAuthScopes ?? []).map(scopeText),
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
