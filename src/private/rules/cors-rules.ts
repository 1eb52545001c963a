import { RouteKey } from './route-key';

/** The CORS settings both API kinds share (`apigateway.CorsOptions`, `apigatewayv2.CorsPreflightOptions`). */
export interface CorsOrigins {
  readonly allowOrigins?: string[];
  readonly allowCredentials?: boolean;
}

/** CORS settings that would open the API wider than meant. */
export function corsProblems(cors: CorsOrigins | undefined): string[] {
  if (!cors) return [];
  const problems: string[] = [];
  const origins = cors.allowOrigins ?? [];
  if (origins.length === 0) problems.push('cors.allowOrigins is empty: name the origins that may call the API');
  for (const origin of origins.filter((o) => /['"\s]/.test(o))) {
    problems.push(`cors.allowOrigins: '${origin}' is not an origin (scheme://host[:port], or '*'): no quotes or spaces`);
  }
  if (origins.includes('*') && cors.allowCredentials) {
    problems.push("cors: '*' origins cannot be combined with allowCredentials; name the origins that may send credentials");
  }
  return problems;
}

/**
 * The route that answers the CORS preflights of a route taking a token, if it needs one: an HTTP
 * API answers preflights itself only when no route matches `OPTIONS`, and an `ANY` route does, so
 * preflights (which carry no token) would meet its authorizer. An unauthenticated `OPTIONS` route
 * on the same path is chosen over `ANY`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
 */
export function httpPreflightRoute(route: RouteKey): RouteKey | undefined {
  return route.method === 'ANY' ? { method: 'OPTIONS', path: route.path, key: `OPTIONS ${route.path}` } : undefined;
}
