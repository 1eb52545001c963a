import { CfnResource, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { literalString, resolvedProperties, resourcesOfType } from '../rules/cfn-resources';

/** A method or route of an API that its construct did not add. */
export interface ForeignRoute {
  /** `METHOD /path`, or the construct's path when the route key cannot be told. */
  readonly route: string;
  /** Whether it takes no token (or may not: its authorization is known only at deploy time). */
  readonly open: boolean;
}

/** The resource types of a REST method and of an HTTP route, with the property naming their API. */
const ROUTE_TYPES = [
  { type: 'AWS::ApiGateway::Method', apiProperty: 'RestApiId', field: 'restApiId', apiType: 'AWS::ApiGateway::RestApi' },
  { type: 'AWS::ApiGatewayV2::Route', apiProperty: 'ApiId', field: 'apiId', apiType: 'AWS::ApiGatewayV2::Api' },
] as const;

/**
 * The REST methods and HTTP routes anywhere in the app that name the API `apiId` and are not among
 * `ours`: added by hand to an API passed in, to `restApi.root`, with `new HttpRoute(..., { httpApi })`,
 * or as raw `CfnResource`s, found by CloudFormation type however they were declared. CORS preflights
 * (`OPTIONS` methods) are left out.
 */
export function foreignRoutes(scope: IConstruct, apiId: string, ours: ReadonlySet<IConstruct>): ForeignRoute[] {
  const found: ForeignRoute[] = [];
  for (const { type, apiProperty, field, apiType } of ROUTE_TYPES) {
    for (const resource of resourcesOfType(scope, type)) {
      if (ours.has(resource) || ours.has(resource.node.scope!)) continue;
      const properties = resolvedProperties(resource);
      if (!namesApi(resource, (resource as unknown as Record<string, unknown>)[field], properties[apiProperty], apiId, apiType)) continue;
      const method = literalString(properties.HttpMethod);
      if (type === 'AWS::ApiGateway::Method' && method === 'OPTIONS') continue;
      const authorization = properties.AuthorizationType;
      found.push({
        route: routeOf(resource, properties, method),
        open: authorization === undefined || authorization === 'NONE' || literalString(authorization) === undefined,
      });
    }
  }
  return found;
}

/**
 * Whether a method or route names the API `apiId` (its `Ref`, a token). An L1 (of any copy of
 * aws-cdk-lib) holds the reference itself, compared as before; a raw resource only its resolved
 * property, which matches when it resolves, in its own stack, as the API's reference does. Before
 * synthesis a reference to another stack's API resolves as in its own stack, so an API of the raw
 * resource's own stack that resolves alike (the same construct path) is the one it names.
 */
function namesApi(resource: CfnResource, field: unknown, resolved: unknown, apiId: string, apiType: string): boolean {
  if (typeof field === 'string') return field === apiId;
  const stack = Stack.of(resource);
  const wanted = JSON.stringify(resolved);
  if (resolved === undefined || wanted !== JSON.stringify(stack.resolve(apiId))) return false;
  const token = Token.isUnresolved(apiId) ? Tokenization.reverseString(apiId).firstToken : undefined;
  const api = Reference.isReference(token) ? token.target : undefined;
  if (api === undefined || Stack.of(api) === stack) return true;
  return !resourcesOfType(resource, apiType).some((other) => Stack.of(other) === stack && JSON.stringify(stack.resolve(other.ref)) === wanted);
}

/** `METHOD /path` where the resource tells it: an HTTP route's key, a REST method's L2 construct. */
function routeOf(resource: CfnResource, properties: Record<string, unknown>, method: string | undefined): string {
  const routeKey = literalString(properties.RouteKey);
  if (routeKey !== undefined) return routeKey;
  const owner = resource.node.scope as { httpMethod?: unknown; resource?: { path?: unknown } } | undefined;
  if (typeof owner?.httpMethod === 'string' && typeof owner.resource?.path === 'string') return `${owner.httpMethod} ${owner.resource.path}`;
  return method !== undefined ? `${method} (${resource.node.path})` : resource.node.path;
}
