import { compareCodePoints } from '../rules/code-point-order';
import { RouteKey } from '../rules/route-key';

/**
 * What both API kinds' OpenAPI definitions share. When an API is defined by one rather than by a
 * CloudFormation resource per route and path, and what it then refuses, is decided in
 * `rules/api-form.ts`.
 */

/** A route as the OpenAPI document states it. */
export interface OpenApiRoute<B> {
  readonly route: RouteKey;
  /** The scopes that may call it (any one); none: public. */
  readonly scopes: readonly string[];
  /** The `x-amazon-apigateway-integration` object. */
  readonly integration: B;
}

/** The name of the security scheme of the pool's authorizer, in both kinds' documents. */
export const SECURITY_SCHEME = 'CognitoUserPool';
/** The name of the security scheme of the generated Lambda authorizer (`Enforcement.LAMBDA_AUTHORIZER`), in both kinds' documents. */
export const LAMBDA_SECURITY_SCHEME = 'ScopedLambdaAuthorizer';

/**
 * `paths` of an OpenAPI document: each route's operation made by `operation`, and `ANY` as API
 * Gateway's `x-amazon-apigateway-any-method`. Path parameters are not declared, as the
 * CloudFormation form declares none: API Gateway takes them from the path. Paths and methods in code-point order, so the document, and the
 * deployment it triggers, changes only when a route does.
 */
export function openApiPaths<B>(routes: readonly OpenApiRoute<B>[], operation: (route: OpenApiRoute<B>) => object): { [path: string]: object } {
  const byPath = new Map<string, OpenApiRoute<B>[]>();
  for (const route of routes) byPath.set(route.route.path, [...(byPath.get(route.route.path) ?? []), route]);
  const paths: { [path: string]: object } = {};
  for (const path of [...byPath.keys()].sort(compareCodePoints)) {
    const item: { [key: string]: unknown } = {};
    for (const route of byPath.get(path)!.sort((a, b) => compareCodePoints(a.route.method, b.route.method))) {
      item[operationKey(route.route.method)] = operation(route);
    }
    paths[path] = item;
  }
  return paths;
}

/**
 * The security requirement of a route: the pool's authorizer with the route's scopes, or the
 * generated Lambda authorizer (which holds the route's scopes in its map), or none for a public route.
 */
export function security(scopes: readonly string[], byLambda: boolean): { security?: object[] } {
  if (scopes.length === 0) return {};
  return { security: [byLambda ? { [LAMBDA_SECURITY_SCHEME]: [] } : { [SECURITY_SCHEME]: [...scopes] }] };
}

function operationKey(method: string): string {
  return method === 'ANY' ? 'x-amazon-apigateway-any-method' : method.toLowerCase();
}
