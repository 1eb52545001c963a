import { CfnResource, Reference, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isResourceOfType, literalString, readProperty, referenceOf, resourcesOfType } from '../rules/cfn-resources';

/** A method or route of an API that its construct did not add. */
export interface ForeignRoute {
  /** `METHOD /path`, or the construct's path when the route key cannot be told. */
  readonly route: string;
  /** Whether it takes no token (or may not: its authorization is known only at deploy time). */
  readonly open: boolean;
  /** Its authorization type, when the template states it (`COGNITO_USER_POOLS`, `JWT`, `CUSTOM`, `AWS_IAM`). */
  readonly authorizationType?: string;
  /** True when the API it names cannot be told at synth (an import, a parameter): it may be this one. */
  readonly untraced?: boolean;
  /** The authorizer resource it names (`AuthorizerId`), when it is a reference. */
  readonly authorizer?: IConstruct;
}

/** The resource types of a REST method and of an HTTP route, with the property naming their API. */
const ROUTE_TYPES = [
  { type: 'AWS::ApiGateway::Method', apiProperty: 'RestApiId', apiType: 'AWS::ApiGateway::RestApi' },
  { type: 'AWS::ApiGatewayV2::Route', apiProperty: 'ApiId', apiType: 'AWS::ApiGatewayV2::Api' },
] as const;

/**
 * The REST methods and HTTP routes anywhere in the app that name the API `apiId` and are not among
 * `ours`: added by hand to an API passed in, to `restApi.root`, with `new HttpRoute(..., { httpApi })`,
 * or as raw `CfnResource`s, found by CloudFormation type however they were declared; and those whose
 * API cannot be told at synth (`untraced`). CORS preflights (mock `OPTIONS` methods) are left out.
 */
export function foreignRoutes(scope: IConstruct, apiId: string, ours: ReadonlySet<IConstruct>): ForeignRoute[] {
  const api = apiOf(apiId);
  const found: ForeignRoute[] = [];
  for (const { type, apiProperty, apiType } of ROUTE_TYPES) {
    for (const resource of resourcesOfType(scope, type)) {
      if (ours.has(resource) || ours.has(resource.node.scope!)) continue;
      const named = readProperty(resource, apiProperty);
      const target = referenceOf(named)?.target;
      // A literal ID names an API deployed already, not one this template creates; a reference to
      // something other than an API (a parameter, a custom resource) may hold this one's ID.
      const untraced = api !== undefined && (target === undefined ? literalString(named.value) === undefined : !isResourceOfType(target, apiType));
      if (!untraced && (api !== undefined ? target !== api : named.value !== apiId)) continue;
      const method = literalString(readProperty(resource, 'HttpMethod').value);
      if (type === 'AWS::ApiGateway::Method' && method === 'OPTIONS' && isMock(readProperty(resource, 'Integration').value)) continue;
      const authorization = readProperty(resource, 'AuthorizationType').value;
      const authorizer = referenceOf(readProperty(resource, 'AuthorizerId'))?.target;
      found.push({
        ...(authorizer !== undefined ? { authorizer } : {}),
        route: routeOf(resource, method),
        // Without a literal authorization type it may take no token.
        open: authorization === undefined || literalString(authorization) === undefined || authorization === 'NONE',
        ...(literalString(authorization) !== undefined ? { authorizationType: literalString(authorization) } : {}),
        ...(untraced ? { untraced } : {}),
      });
    }
  }
  return found;
}

/** Whether a REST method's integration is a mock: a CORS preflight answers so; any other OPTIONS method is a route. */
function isMock(integration: unknown): boolean {
  // An L1 field holds the struct with camel-case keys, a raw resource's property the template's.
  const fields = typeof integration === 'object' && integration !== null ? (integration as { Type?: unknown; type?: unknown }) : {};
  return (fields.Type ?? fields.type) === 'MOCK';
}

/** The API resource whose ID `apiId` is (its `Ref`), if the token names one. */
function apiOf(apiId: string): IConstruct | undefined {
  const token = Token.isUnresolved(apiId) ? Tokenization.reverseString(apiId).firstToken : undefined;
  return Reference.isReference(token) && token.displayName === 'Ref' ? token.target : undefined;
}

/** `METHOD /path` where the resource tells it: an HTTP route's key, a REST method's L2 construct. */
function routeOf(resource: CfnResource, method: string | undefined): string {
  const routeKey = literalString(readProperty(resource, 'RouteKey').value);
  if (routeKey !== undefined) return routeKey;
  const owner = resource.node.scope as { httpMethod?: unknown; resource?: { path?: unknown } } | undefined;
  if (typeof owner?.httpMethod === 'string' && typeof owner.resource?.path === 'string') return `${owner.httpMethod} ${owner.resource.path}`;
  return method !== undefined ? `${method} (${resource.node.path})` : resource.node.path;
}
