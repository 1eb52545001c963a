/**
 * How an API this library creates is defined in its template. The form of a deployed API should
 * not change: for an HTTP API, a change of form replaces the API (a new ID and URL), since the
 * OpenAPI form cannot carry `ProtocolType`, which CloudFormation sets only at creation.
 */
export enum ApiDefinition {
  /**
   * By its route count: CloudFormation resources up to 100 routes, the OpenAPI document above. An
   * HTTP API in the document form this way is warned about, since it may have crossed 100 routes.
   */
  AUTO = 'AUTO',
  /**
   * A CloudFormation resource per route (and per REST path), whatever the route count, within
   * CloudFormation's 500 resources per template (checked at synth).
   */
  RESOURCES = 'RESOURCES',
  /**
   * One OpenAPI document in the API's `Body`, whatever the route count: the form to choose for an
   * HTTP API that may grow beyond 100 routes, from its first deployment.
   */
  OPENAPI_DOCUMENT = 'OPENAPI_DOCUMENT',
}
