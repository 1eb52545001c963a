/**
 * The test oracle: reads back what a synthesized stack really holds (routes, their guards, the
 * trigger and its group map or the generated Lambda authorizer and its map, the machine clients
 * and their scopes) from the CloudFormation
 * template and the cloud assembly, not from the construct's props. The tests check the
 * construct's own access matrix against it, and the demo (example/demo.ts) prints it.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { AUTHORIZER_MAP_FILE, AuthorizerMap } from '../src/private/authorizer/authorizer-map';
import { TRIGGER_MAP_FILE, TriggerMap } from '../src/private/trigger/trigger-map';

type Resources = Record<string, { Type: string; Properties?: any }>;

/** A method as the template declares it. */
export interface TemplateRoute {
  readonly route: string;
  readonly authorizationType: string;
  readonly scopes: string[];
}

/**
 * Every route of the template, REST API methods (with their full path, CORS preflights left
 * out) and HTTP API routes alike, sorted by path then method; the method and route resources
 * whose logical IDs are in `leaveOut` left out (routes the caller added beside the API).
 */
export function routesOf(template: { Resources: Resources }, leaveOut: ReadonlySet<string> = new Set()): TemplateRoute[] {
  const resources = Object.fromEntries(Object.entries(template.Resources).filter(([id]) => !leaveOut.has(id)));
  const all = template.Resources;
  const pathOf = (resourceId: any): string => {
    if (resourceId?.Ref === undefined) return ''; // the API's root resource
    const resource = all[resourceId.Ref];
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
  };
  const restMethods = Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod !== 'OPTIONS')
    .map((r) => ({
      route: `${r.Properties.HttpMethod} ${pathOf(r.Properties.ResourceId) || '/'}`,
      // CloudFormation's default: no authorization.
      authorizationType: r.Properties.AuthorizationType ?? 'NONE',
      scopes: r.Properties.AuthorizationScopes ?? [],
    }));
  // With CORS on, an unauthenticated OPTIONS route answers preflights: left out, as REST preflights are.
  const corsApis = new Set(Object.entries(resources).filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties?.CorsConfiguration).map(([id]) => id));
  const isPreflight = (r: { Properties?: any }) =>
    corsApis.has(r.Properties.ApiId?.Ref) && r.Properties.RouteKey.startsWith('OPTIONS ') && (r.Properties.AuthorizationType ?? 'NONE') === 'NONE';
  const httpRoutes = Object.values(resources)
    .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route' && !isPreflight(r))
    .map((r) => ({
      route: r.Properties.RouteKey,
      authorizationType: r.Properties.AuthorizationType ?? 'NONE',
      scopes: r.Properties.AuthorizationScopes ?? [],
    }));
  const order = (route: string) => route.split(' ').reverse().join(' ');
  return [...restMethods, ...httpRoutes, ...documentRoutesOf(resources)].sort((a, b) => (order(a.route) < order(b.route) ? -1 : 1));
}

/**
 * The routes of APIs defined by an OpenAPI document (`Body`), read as API Gateway imports them:
 * an operation's security requirement names an authorizer of `components.securitySchemes` and its
 * scopes; no requirement (and no document-wide one) means no authorization. Preflights (REST
 * `options`, and HTTP `options` without security when the document has CORS) are left out, as above.
 */
function documentRoutesOf(resources: Resources): TemplateRoute[] {
  const routes: TemplateRoute[] = [];
  for (const resource of Object.values(resources)) {
    const body = resource.Properties?.Body;
    if (body === undefined || !['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'].includes(resource.Type)) continue;
    if (body.security !== undefined) throw new Error('oracle: a document-wide security requirement is not modelled');
    const rest = resource.Type === 'AWS::ApiGateway::RestApi';
    for (const [path, item] of Object.entries<any>(body.paths)) {
      for (const [key, operation] of Object.entries<any>(item)) {
        const preflight = key === 'options' && (rest || (body['x-amazon-apigateway-cors'] !== undefined && operation.security === undefined));
        if (key === 'parameters' || preflight) continue;
        const method = key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase();
        const requirements: Array<{ [scheme: string]: string[] }> = operation.security ?? [];
        if (requirements.length > 1) throw new Error('oracle: alternative security requirements are not modelled');
        const [scheme, scopes] = Object.entries<string[]>(requirements[0] ?? {})[0] ?? [];
        const authorizationType = scheme === undefined ? 'NONE' : documentAuthorizationType(body.components.securitySchemes[scheme], rest);
        // API Gateway reads a requirement's scopes for Cognito and JWT authorizers only.
        routes.push({ route: `${method} ${path}`, authorizationType, scopes: authorizationType === 'CUSTOM' ? [] : scopes ?? [] });
      }
    }
  }
  return routes;
}

/**
 * How API Gateway authorizes with a security scheme of a document: a Cognito user-pools authorizer
 * (REST: `x-amazon-apigateway-authtype` and the authorizer's type both `cognito_user_pools`, with a
 * provider), a JWT authorizer (HTTP), or anything else, whose scopes API Gateway ignores.
 */
function documentAuthorizationType(scheme: any, rest: boolean): string {
  const authorizer = scheme?.['x-amazon-apigateway-authorizer'];
  if (rest) {
    const cognito = scheme?.['x-amazon-apigateway-authtype'] === 'cognito_user_pools' && authorizer?.type === 'cognito_user_pools';
    return cognito && authorizer.providerARNs?.length > 0 ? 'COGNITO_USER_POOLS' : 'CUSTOM';
  }
  return authorizer?.type === 'jwt' ? 'JWT' : 'CUSTOM';
}

/**
 * The JWT configuration of the stack's one HTTP API, whether its authorizer is a resource or in its
 * OpenAPI document: the issuer and the audience's clients as the template states them.
 */
export function jwtConfigurationOf(template: { Resources: Resources }): { issuer: unknown; audience: unknown[] } | undefined {
  const resources = Object.values(template.Resources);
  const found = [
    ...resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer').map((r) => r.Properties.JwtConfiguration)
      .map((c) => ({ issuer: c.Issuer, audience: c.Audience })),
    ...resources.filter((r) => r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties?.Body)
      .flatMap((r) => Object.values<any>(r.Properties.Body.components.securitySchemes))
      .map((scheme) => scheme['x-amazon-apigateway-authorizer']?.jwtConfiguration)
      .filter((c) => c !== undefined),
  ];
  if (found.length > 1) throw new Error('oracle: more than one JWT authorizer in the stack');
  return found[0] && { issuer: found[0].issuer, audience: found[0].audience };
}

/** The user pools (`Fn::GetAtt` ARNs) the Cognito authorizers of the stack's REST APIs trust, resources and documents alike. */
export function cognitoProvidersOf(template: { Resources: Resources }): unknown[] {
  const resources = Object.values(template.Resources);
  return [
    ...resources.filter((r) => r.Type === 'AWS::ApiGateway::Authorizer').flatMap((r) => r.Properties.ProviderARNs),
    ...resources.filter((r) => r.Type === 'AWS::ApiGateway::RestApi' && r.Properties?.Body)
      .flatMap((r) => Object.values<any>(r.Properties.Body.components.securitySchemes))
      .flatMap((scheme) => scheme['x-amazon-apigateway-authorizer']?.providerARNs ?? []),
  ];
}

/**
 * The scopes each client-credentials app client may request, by client name, as the template
 * declares them (`<resource server Ref>/name` resolved to the server's identifier).
 */
export function machineClientScopesOf(template: { Resources: Resources }): { [client: string]: string[] } {
  const resources = template.Resources;
  const scopeOf = (scope: any): string => {
    if (typeof scope === 'string') return scope;
    const [server, name] = scope['Fn::Join'][1];
    return `${resources[server.Ref].Properties.Identifier}${name}`;
  };
  return Object.fromEntries(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::Cognito::UserPoolClient' && r.Properties.AllowedOAuthFlows?.includes('client_credentials'))
      .map((r) => [r.Properties.ClientName, (r.Properties.AllowedOAuthScopes ?? []).map(scopeOf)]),
  );
}

/** The pre-token-generation trigger's event version (`V2_0`), if the template has one. */
export function triggerVersionOf(template: { Resources: Resources }): string | undefined {
  const pool = Object.values(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool');
  return pool?.Properties?.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion;
}

/**
 * The map the trigger was shipped with: the `TRIGGER_MAP_FILE` inside the trigger's asset in
 * the cloud assembly, found through the function's S3 key (`<asset hash>.zip`).
 */
export function shippedScopeMap(
  template: { Resources: Resources },
  assemblyDir: string,
): TriggerMap | undefined {
  return shippedMaps<TriggerMap>(template, assemblyDir, TRIGGER_MAP_FILE)[0];
}

/**
 * The map the stack's generated Lambda authorizer was shipped with (`Enforcement.LAMBDA_AUTHORIZER`):
 * the `AUTHORIZER_MAP_FILE` inside its asset, found as the trigger's is. A stack with more than one
 * is not modelled.
 */
export function shippedAuthorizerMap(template: { Resources: Resources }, assemblyDir: string): AuthorizerMap | undefined {
  const maps = shippedMaps<AuthorizerMap>(template, assemblyDir, AUTHORIZER_MAP_FILE);
  if (maps.length > 1) throw new Error('oracle: more than one generated Lambda authorizer in the stack');
  return maps[0];
}

/** The `file` of each function asset of the template that holds one, parsed. */
function shippedMaps<T>(template: { Resources: Resources }, assemblyDir: string, file: string): T[] {
  const maps: T[] = [];
  for (const resource of Object.values(template.Resources)) {
    const key: unknown = resource.Type === 'AWS::Lambda::Function' ? resource.Properties?.Code?.S3Key : undefined;
    if (typeof key !== 'string') continue;
    const path = join(assemblyDir, `asset.${key.replace(/\.zip$/, '')}`, file);
    if (existsSync(path)) maps.push(JSON.parse(readFileSync(path, 'utf8')));
  }
  return maps;
}

/** Counts of each resource type, sorted by type. */
export function resourceCounts(template: { Resources: Resources }): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of Object.values(template.Resources)) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Who may call a route, as the template and the shipped trigger map say. */
export interface TemplateAccess {
  readonly route: string;
  readonly groups: string[];
  readonly machineClients: string[];
}

/**
 * The access matrix worked out from the synthesized artifacts alone: the scopes on each route
 * of the template, the group map shipped with the trigger, and the clients' allowed scopes. A
 * route without authorization is open to everyone. With a generated Lambda authorizer, its shipped
 * map gives the groups and the scopes of each `CUSTOM` route instead (the template has none there).
 */
export function accessFromTemplate(template: { Resources: Resources }, assemblyDir: string): TemplateAccess[] {
  const authorizerMap = shippedAuthorizerMap(template, assemblyDir);
  const groups = (authorizerMap ?? shippedScopeMap(template, assemblyDir))?.groups ?? [];
  const authorizerRoutes = new Map(authorizerMap?.routes ?? []);
  const clients = Object.entries(machineClientScopesOf(template));
  return routesOf(template).map((route) => {
    const open = route.authorizationType === 'NONE';
    const routeScopes = route.authorizationType === 'CUSTOM' ? authorizerRoutes.get(route.route) ?? [] : route.scopes;
    const holds = (scopes: readonly string[]) => open || scopes.some((scope) => routeScopes.includes(scope));
    return {
      route: route.route,
      groups: groups.filter(([, scopes]) => holds(scopes)).map(([group]) => group).sort(),
      machineClients: clients.filter(([, scopes]) => holds(scopes)).map(([client]) => client).sort(),
    };
  });
}
