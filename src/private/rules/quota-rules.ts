import { CLOUDFORMATION_QUOTAS, COGNITO_QUOTAS, HTTP_API_QUOTAS, REST_API_QUOTAS } from './quotas';

/**
 * The checks of every documented quota a configuration can break at deploy time, each message
 * naming the quota, whether it can be raised, and its source. Hard quotas are problems (synth
 * fails); those that can be raised are warnings.
 */

/** How a quota reads in a message: its service, name, figure, and whether and where it can be raised. */
function quota(service: string, name: string, figure: number, adjustable: boolean, source: string): string {
  return `${service} quota "${name}": ${figure.toLocaleString('en-US')}, ${adjustable ? 'can be raised' : 'cannot be raised'}; ${source}`;
}

// ----- Cognito ------------------------------------------------------------------------------------

/** Each machine client's allowed scopes: at most 50 per app client. */
export function appClientScopeProblems(clientScopes: { readonly [client: string]: readonly string[] }): string[] {
  const { scopesPerAppClient, source } = COGNITO_QUOTAS;
  return Object.entries(clientScopes)
    .filter(([, scopes]) => scopes.length > scopesPerAppClient)
    .map(([client, scopes]) =>
      `machineClients['${client}']: ${scopes.length} scopes, but an app client allows at most ${scopesPerAppClient} ` +
      `(${quota('Cognito', 'Scopes per app client', scopesPerAppClient, false, source)}); grant it fewer, broader scopes`);
}

/** Scopes per resource server (100): a server holds the scopes groups and machine clients name under its identifier. */
export function resourceServerScopeProblems(servers: ReadonlyMap<string, readonly string[]>): string[] {
  const { scopesPerResourceServer, source } = COGNITO_QUOTAS;
  return [...servers]
    .filter(([, names]) => names.length > scopesPerResourceServer)
    .map(([identifier, names]) =>
      `groupScopes: resource server '${identifier}' would hold ${names.length} scopes, but one holds at most ${scopesPerResourceServer} ` +
      `(${quota('Cognito', 'Scopes per resource server', scopesPerResourceServer, false, source)}); ` +
      `spread them over several identifiers (for example '${identifier}-orders/read')`);
}

/** Groups per pool: 10,000, a hard quota. */
export function groupCountProblems(groupCount: number): string[] {
  const { groupsPerPool, source } = COGNITO_QUOTAS;
  return groupCount > groupsPerPool
    ? [`groupScopes: ${groupCount.toLocaleString('en-US')} groups, but a user pool holds at most ${groupsPerPool.toLocaleString('en-US')} ` +
      `(${quota('Cognito', 'Groups per user pool', groupsPerPool, false, source)})`]
    : [];
}

/** Resource servers per pool: 25 by default (a warning), 300 at most (a problem). */
export function resourceServerCountRules(serverCount: number): { problems: string[]; warnings: string[] } {
  const { resourceServersPerPool, resourceServersPerPoolMaximum, source } = COGNITO_QUOTAS;
  const stated = quota('Cognito', 'Resource servers per user pool', resourceServersPerPool, true, source);
  if (serverCount > resourceServersPerPoolMaximum) {
    return {
      problems: [`groupScopes: the scopes name ${serverCount} resource-server identifiers, but a user pool holds at most ` +
        `${resourceServersPerPoolMaximum} even with a raised quota (${stated}, to ${resourceServersPerPoolMaximum}); use fewer identifiers`],
      warnings: [],
    };
  }
  return {
    problems: [],
    warnings: serverCount > resourceServersPerPool
      ? [`the scopes name ${serverCount} resource-server identifiers, more than the default ${resourceServersPerPool} (${stated}): ` +
        'raise the quota before deploying, or use fewer identifiers']
      : [],
  };
}

// ----- API Gateway --------------------------------------------------------------------------------

/** An HTTP API route takes at most 10 scopes. */
export function httpRouteScopeProblems(route: string, scopes: readonly string[]): string[] {
  const { scopesPerRoute, source } = HTTP_API_QUOTAS;
  return Array.isArray(scopes) && scopes.length > scopesPerRoute
    ? [`routeScopes['${route}']: ${scopes.length} scopes, but an HTTP API route takes at most ${scopesPerRoute} ` +
      `(${quota('API Gateway', 'Scopes per route', scopesPerRoute, false, source)}); guard it with fewer, broader scopes`]
    : [];
}

/** An HTTP API's JWT authorizer takes at most 50 audiences. */
export function httpAudienceProblems(audienceSize: number): string[] {
  const { audiencesPerAuthorizer, source } = HTTP_API_QUOTAS;
  return audienceSize > audiencesPerAuthorizer
    ? [
      `the JWT authorizer would trust ${audienceSize} clients (the user client, the pool's machine clients and additionalClients), ` +
        `but it takes at most ${audiencesPerAuthorizer} audiences (${quota('API Gateway', 'Audiences per authorizer', audiencesPerAuthorizer, false, source)}); ` +
        'use fewer machine clients on this pool, or a REST API, whose Cognito authorizer accepts every client of the pool',
    ]
    : [];
}

/** An HTTP API takes at most 300 integrations: one per function, integration of `routeIntegrations`, and the default. */
export function httpIntegrationCountProblems(integrationCount: number): string[] {
  const { integrationsPerApi, source } = HTTP_API_QUOTAS;
  return integrationCount > integrationsPerApi
    ? [`the routes use ${integrationCount} integrations (functions, routeIntegrations and the default), but an HTTP API takes at most ` +
      `${integrationsPerApi} (${quota('API Gateway', 'Integrations per API', integrationsPerApi, false, source)}); share functions between routes, or split the API`]
    : [];
}

/** An HTTP API takes 300 routes by default: more need a raised quota. */
export function httpRouteCountWarnings(routeCount: number): string[] {
  const { routesPerApi, source } = HTTP_API_QUOTAS;
  return routeCount > routesPerApi
    ? [`${routeCount} routes, more than the default ${routesPerApi} of an HTTP API (${quota('API Gateway', 'Routes per API', routesPerApi, true, source)}): raise the quota before deploying`]
    : [];
}

/** A REST API takes 300 resources (the root, and each path with its prefixes) by default: more need a raised quota. */
export function restResourceCountWarnings(paths: readonly string[]): string[] {
  const { resourcesPerApi, source } = REST_API_QUOTAS;
  const resources = new Set<string>(['/']);
  for (const path of paths) {
    const segments = path.split('/').filter((segment) => segment !== '');
    segments.forEach((_, i) => resources.add(`/${segments.slice(0, i + 1).join('/')}`));
  }
  return resources.size > resourcesPerApi
    ? [`the routes make ${resources.size} resources (the root, and each path with its prefixes), more than the default ${resourcesPerApi} of a REST API ` +
      `(${quota('API Gateway', 'Resources per API', resourcesPerApi, true, source)}): raise the quota before deploying`]
    : [];
}

// ----- CloudFormation -----------------------------------------------------------------------------

/** A template takes at most 500 resources. */
export function templateResourceProblems(stackPath: string, resourceCount: number): string[] {
  const { resourcesPerTemplate, source } = CLOUDFORMATION_QUOTAS;
  return resourceCount > resourcesPerTemplate
    ? [`stack ${stackPath} would have ${resourceCount} resources, but a template takes at most ${resourcesPerTemplate} ` +
      `(${quota('CloudFormation', 'Resources', resourcesPerTemplate, false, source)}); move resources to another stack ` +
      '(an API with more than 100 routes takes a constant number of resources)']
    : [];
}

/** A template takes at most 1 MB: the OpenAPI documents of the APIs in a stack must fit in it together. */
export function documentSizeProblems(stackPath: string, documentBytes: number): string[] {
  const { templateBytes, source } = CLOUDFORMATION_QUOTAS;
  return documentBytes > templateBytes
    ? [`the OpenAPI documents of the APIs in stack ${stackPath} take ${documentBytes.toLocaleString('en-US')} bytes of its template, ` +
      `but a template takes at most ${templateBytes.toLocaleString('en-US')} ` +
      `(${quota('CloudFormation', 'Template body size in an Amazon S3 object', templateBytes, false, source)}); ` +
      "put the APIs, or the routes of one split over two APIs on the same scopedUserPool, in different stacks, or set the stack's suppressTemplateIndentation"]
    : [];
}
