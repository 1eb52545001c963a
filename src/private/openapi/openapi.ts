import { compareCodePoints } from '../rules/code-point-order';
import { RouteKey } from '../rules/route-key';

/**
 * What both API kinds' OpenAPI definitions share. An API this library creates with more routes
 * than `LARGEST_API_OF_RESOURCES` is defined by one OpenAPI document in the API's `Body` instead of
 * a CloudFormation resource per route and path, so that its template stays a constant number of
 * resources however many routes it has (CloudFormation takes 500 per template).
 */

/**
 * The most routes an API created by the library has as CloudFormation resources (a method or
 * route each, plus REST paths): up to it the template reads as today, one resource per route;
 * beyond it the API is defined by its OpenAPI document. Fixed, so that the form of an API
 * changes only when its route count crosses it.
 */
export const LARGEST_API_OF_RESOURCES = 100;

/** The form an API takes, and why. */
export interface ApiForm {
  /** Whether the API is defined by its OpenAPI document. */
  readonly definedByOpenApi: boolean;
  /** The number of routes the API is built with. */
  readonly routeCount: number;
}

/** Whether an API with these routes, created by the construct (not passed in), is defined by OpenAPI. */
export function isDefinedByOpenApi(routeCount: number, apiPassedIn: boolean): boolean {
  return !apiPassedIn && routeCount > LARGEST_API_OF_RESOURCES;
}

/** Why a setting cannot go with an API defined by its OpenAPI document. */
export function openApiRefuses(setting: string, routeCount: number): string {
  return `${setting}: an API of ${routeCount} routes (more than ${LARGEST_API_OF_RESOURCES}) is defined by one OpenAPI document, ` +
    'which this library writes for Lambda functions (routeHandlers) and its default integration only; back these routes with ' +
    'routeHandlers, or put them on a second API attached to the same scopedUserPool';
}

/** Why a route of an API defined by its OpenAPI document has no construct of its own, and cannot be added later. */
export function openApiHasNoRouteConstructs(what: string): string {
  return `${what}: the API has more than ${LARGEST_API_OF_RESOURCES} routes, so it is defined by one OpenAPI document, ` +
    'where routes have no construct of their own; declare every route in routeScopes or publicRoutes (accessMatrix() lists them)';
}

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

/** The security requirement of a route: the pool's authorizer with the route's scopes, or none for a public route. */
export function security(scopes: readonly string[]): { security?: object[] } {
  return scopes.length === 0 ? {} : { security: [{ [SECURITY_SCHEME]: [...scopes] }] };
}

function operationKey(method: string): string {
  return method === 'ANY' ? 'x-amazon-apigateway-any-method' : method.toLowerCase();
}
