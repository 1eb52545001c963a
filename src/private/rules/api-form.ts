import { ApiDefinition } from '../../api-definition';

/**
 * The form an API takes. An API this library creates with more routes than
 * `LARGEST_API_OF_RESOURCES` is defined by one OpenAPI document in the API's `Body` (written in
 * `openapi/`) instead of a CloudFormation resource per route and path, so that its template stays a constant
 * number of resources however many routes it has (CloudFormation takes 500 per template).
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
export function isDefinedByOpenApi(routeCount: number, apiPassedIn: boolean, definition: ApiDefinition = ApiDefinition.AUTO): boolean {
  if (apiPassedIn || definition === ApiDefinition.RESOURCES) return false;
  return definition === ApiDefinition.OPENAPI_DOCUMENT || routeCount > LARGEST_API_OF_RESOURCES;
}

/** What is wrong with the form asked for. */
export function apiDefinitionProblems(definition: ApiDefinition | undefined, apiPassedIn: boolean): string[] {
  if (definition === undefined) return [];
  if (!Object.values(ApiDefinition).includes(definition)) return [`apiDefinition: '${definition}' is not an ApiDefinition`];
  return apiPassedIn && definition !== ApiDefinition.AUTO
    ? ['apiDefinition: an API you pass in keeps a resource per route; remove apiDefinition']
    : [];
}

/** Why an API in the document form because of its route count (`AUTO`) should have its form chosen instead. */
export function formFollowsCountWarning(kind: 'REST' | 'HTTP', routeCount: number): string {
  const change = kind === 'HTTP'
    ? 'a change of form replaces an HTTP API, with a new ID and URL (ProtocolType is set only at creation)'
    : 'a REST API that goes back to resources gets resources for the paths its document created, which API Gateway may refuse';
  return `the ${kind} API has ${routeCount} routes, more than ${LARGEST_API_OF_RESOURCES}, so it is defined by its OpenAPI document (apiDefinition AUTO), ` +
    `and would go back to resources should its count fall to ${LARGEST_API_OF_RESOURCES} or fewer; ${change}: ` +
    `set apiDefinition: ApiDefinition.OPENAPI_DOCUMENT to keep this form${kind === 'HTTP' ? ', or RESOURCES to keep a deployed API of resources as it was' : ''}`;
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
