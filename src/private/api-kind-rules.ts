import { corsProblems, CorsOrigins } from './cors-rules';
import { HTTP_API_QUOTAS } from './quotas';

/** What the REST construct's own checks look at. */
export interface RestApiSettings {
  readonly cors?: CorsOrigins;
  readonly cloudWatchRole?: boolean;
  readonly restApi?: unknown;
}

/** What the HTTP construct's own checks look at. */
export interface HttpApiSettings {
  readonly cors?: CorsOrigins;
  readonly httpApi?: unknown;
  readonly routeScopes: { readonly [route: string]: readonly string[] };
}

/** The problems only a REST API construct knows of, for `checkApiProps`. */
export function restApiProblems(props: RestApiSettings): string[] {
  return [
    ...corsProblems(props.cors),
    ...(props.cloudWatchRole !== undefined && props.restApi ? ['cloudWatchRole: set cloudWatchRole on the restApi you pass in, not here'] : []),
  ];
}

/** The problems only an HTTP API construct knows of, for `checkApiProps`. */
export function httpApiProblems(props: HttpApiSettings): string[] {
  return [
    ...corsProblems(props.cors),
    ...(props.cors && props.httpApi ? ['cors: set corsPreflight on the httpApi you pass in, not here'] : []),
    ...Object.entries(props.routeScopes).flatMap(([route, scopes]) => httpRouteScopeProblems(route, scopes)),
  ];
}

/** An HTTP API route takes at most 10 scopes (a quota that cannot be raised). */
export function httpRouteScopeProblems(route: string, scopes: readonly string[]): string[] {
  const { scopesPerRoute, source } = HTTP_API_QUOTAS;
  return Array.isArray(scopes) && scopes.length > scopesPerRoute
    ? [`routeScopes['${route}']: ${scopes.length} scopes, but an HTTP API route takes at most ${scopesPerRoute} (API Gateway quota, not adjustable: ${source}); guard it with fewer, broader scopes`]
    : [];
}

/** An HTTP API's JWT authorizer takes at most 50 audiences (a quota that cannot be raised). */
export function httpAudienceProblems(audienceSize: number): string[] {
  const { audiencesPerAuthorizer, source } = HTTP_API_QUOTAS;
  return audienceSize > audiencesPerAuthorizer
    ? [
      `the JWT authorizer would trust ${audienceSize} clients (the user client, the pool's machine clients and additionalClients), ` +
        `but it takes at most ${audiencesPerAuthorizer} audiences (API Gateway quota, not adjustable: ${source}); ` +
        'use fewer machine clients on this pool, or a REST API, whose Cognito authorizer accepts every client of the pool',
    ]
    : [];
}
