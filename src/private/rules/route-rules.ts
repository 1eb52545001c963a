import { compareCodePoints } from './code-point-order';
import { parameterSlots, parseRouteKey, RouteKey } from './route-key';
import { isResolved, RESERVED_SCOPES, scopeSyntaxProblem } from './scope-rules';

/** A route with the scopes that may call it (any of them). */
export interface ScopedRoute {
  readonly route: RouteKey;
  readonly scopes: string[];
}

/** What the routes of an API will be, or what stops them. */
export interface RouteCheck {
  readonly scopedRoutes: ScopedRoute[];
  readonly publicRoutes: RouteKey[];
  readonly problems: string[];
}

/** The inputs of {@link checkRoutes}. */
export interface RouteCheckInput {
  readonly routeScopes: { [route: string]: string[] };
  readonly publicRoutes: readonly string[];
  /** Every scope some group grants. */
  readonly heldScopes: readonly string[];
  /** Scopes every signed-in user gets. */
  readonly baseScopes: readonly string[];
  /** Routes the API already has, for routes added after construction. */
  readonly existingRoutes: readonly RouteKey[];
  readonly corsEnabled: boolean;
}

/**
 * Parses and checks route keys and their scopes. Every problem names its key and says how to fix
 * it; all of them are collected, so one synth shows them all.
 */
export function checkRoutes(input: RouteCheckInput): RouteCheck {
  const problems: string[] = [];
  const seen = new Map<string, string>(input.existingRoutes.map((route) => [route.key, route.key]));
  const slots = new Map<string, string>();
  for (const route of input.existingRoutes) rememberSlots(route, slots);

  const parse = (prop: string, raw: string): RouteKey | undefined => {
    const parsed = parseRouteKey(raw);
    for (const problem of parsed.problems) problems.push(`${prop}['${raw}']: ${problem}`);
    const route = parsed.route;
    if (!route) return undefined;
    const earlier = seen.get(route.key);
    if (earlier !== undefined) {
      problems.push(`${prop}['${raw}']: the same route as '${earlier}'; declare each route once`);
      return undefined;
    }
    seen.set(route.key, raw);
    if (input.corsEnabled && route.method === 'OPTIONS') {
      problems.push(`${prop}['${raw}']: with CORS on, OPTIONS answers the preflight unauthenticated; remove this route`);
    }
    for (const conflict of rememberSlots(route, slots)) problems.push(`${prop}['${raw}']: ${conflict}`);
    return route;
  };

  const publicRoutes: RouteKey[] = [];
  // Sorted: Java's and Python's maps iterate in their own order, and the API's deployment ID
  // hashes the methods in the order they were added; sorted, every language yields one template.
  for (const raw of [...input.publicRoutes].sort(compareCodePoints)) {
    const route = parse('publicRoutes', raw);
    if (route) publicRoutes.push(route);
  }

  const granted = new Set(input.heldScopes);
  const known = [...granted].join(', ') || 'none';
  const scopedRoutes: ScopedRoute[] = [];
  for (const [raw, scopes] of Object.entries(input.routeScopes).sort(([a], [b]) => compareCodePoints(a, b))) {
    const route = parse('routeScopes', raw);
    if (!Array.isArray(scopes) || scopes.length === 0) {
      problems.push(`routeScopes['${raw}']: no scopes; list the scopes that may call it, or declare it in publicRoutes`);
      continue;
    }
    for (const scope of scopes.filter(isResolved)) {
      const problem = routeScopeProblem(scope, granted, input.baseScopes, known);
      if (problem) problems.push(`routeScopes['${raw}']: ${problem}`);
    }
    if (route) scopedRoutes.push({ route, scopes: [...scopes] });
  }
  return { scopedRoutes, publicRoutes, problems };
}

function routeScopeProblem(scope: string, granted: Set<string>, baseScopes: readonly string[], known: string): string | undefined {
  const syntax = scopeSyntaxProblem(scope);
  if (syntax) return syntax;
  if (RESERVED_SCOPES.includes(scope) || baseScopes.includes(scope)) {
    return `'${scope}' is held by every signed-in user, so the route would be open to all; guard it with a custom scope`;
  }
  if (!granted.has(scope)) return `scope '${scope}' is granted to no group or machine client (known: ${known})`;
  return undefined;
}

/** Records the route's path-parameter names; returns a problem for each slot that had another name. */
function rememberSlots(route: RouteKey, slots: Map<string, string>): string[] {
  const conflicts: string[] = [];
  for (const { slot, name } of parameterSlots(route.path)) {
    const earlier = slots.get(slot);
    if (earlier === undefined) {slots.set(slot, name);} else if (earlier !== name) {
      conflicts.push(`path parameter '${name}' sits where another route has '${earlier}'; use one name per position`);
    }
  }
  return conflicts;
}

/**
 * Public routes that catch requests under a scoped route's path: one whose path pattern (with a
 * parameter or greedy segment) can match that path, or an `ANY` route on it. Such a request, with a
 * method the scoped route does not take, reaches the public route without a token; and a pattern
 * catches, whatever the method, the variants of the scoped path that API Gateway does not route to
 * it (`/Admin`, `/admin/`: paths are case-sensitive) but a backend may serve as the same resource.
 * Harmless unless its integration also serves the scoped route's resources (one function
 * dispatching on the path, say). One warning per pair.
 */
export function publicRouteOverlaps(publicRoutes: readonly RouteKey[], scopedRoutes: readonly ScopedRoute[]): string[] {
  const warnings: string[] = [];
  for (const open of publicRoutes) {
    const pattern = segmentsOf(open.path).some((segment) => isGreedy(segment) || isParameter(segment));
    for (const { route } of scopedRoutes) {
      if (!pathsOverlap(segmentsOf(open.path), segmentsOf(route.path))) {
        const methodsMeet = open.method === route.method || open.method === 'ANY' || route.method === 'ANY';
        if (methodsMeet && pathsOverlap(segmentsOf(open.path.toLowerCase()), segmentsOf(route.path.toLowerCase()))) {
          warnings.push(
            `publicRoutes['${open.key}'] differs from the scoped '${route.key}' only in the case of its path: API Gateway routes them apart, ` +
              'but a backend that matches paths whatever their case would serve, without a token, what the scoped route guards',
          );
        }
        continue;
      }
      const anyMethod = open.method === 'ANY';
      // A public route on the very path for another method is an ordinary design (public GET, guarded POST).
      const otherMethod = (anyMethod || open.method !== route.method) && (anyMethod || open.path !== route.path);
      if (otherMethod) {
        warnings.push(
          `publicRoutes['${open.key}'] also answers requests to ${route.path} without a token (any method '${route.key}' does not take): ` +
            'make sure its integration does not serve what the scoped route guards',
        );
      } else if (pattern && open.path !== route.path) {
        warnings.push(
          `publicRoutes['${open.key}'] also answers, without a token, the variants of ${route.path} that API Gateway does not route to ` +
            `'${route.key}' (another case, a trailing slash): make sure its integration does not serve what the scoped route guards`,
        );
      }
    }
  }
  return warnings;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

const isGreedy = (segment: string) => /^\{.+\+\}$/.test(segment);
const isParameter = (segment: string) => /^\{[^+]+\}$/.test(segment);

/** Whether some concrete path matches both patterns. */
function pathsOverlap(open: readonly string[], guarded: readonly string[]): boolean {
  if (open.length === 0 || guarded.length === 0) return open.length === guarded.length;
  const [a, ...restA] = open;
  const [b, ...restB] = guarded;
  // A greedy segment takes one or more segments, whatever they are.
  if (isGreedy(a)) return guarded.some((_, i) => pathsOverlap(restA, guarded.slice(i + 1)));
  if (isGreedy(b)) return open.some((_, i) => pathsOverlap(open.slice(i + 1), restB));
  return (a === b || isParameter(a) || isParameter(b)) && pathsOverlap(restA, restB);
}

/** What to say of a route on the API that this construct did not add and that takes no token. */
export function foreignOpenRouteWarning(route: string): string {
  return `${route}: a route this construct did not add takes no token; it is public, and not in the access matrix`;
}

/**
 * A route added outside the OpenAPI document of an API defined by one: the matrix cannot see it,
 * the functions of `routeHandlers` may be invoked through it, and API Gateway does not support route
 * resources beside a document (its next import may drop them).
 */
export function routeBesideDocumentProblem(route: string): string {
  return `${route}: a route added beside the API's OpenAPI document (the API has more than 100 routes); ` +
    'it would escape the access matrix, and API Gateway does not support route resources next to an imported definition; ' +
    'declare it in routeScopes or publicRoutes';
}

/** What to say of a route on the API that this construct did not add and that takes a token. */
export function foreignGuardedRouteWarning(route: string, authorizationType: string | undefined): string {
  return `${route}: a route this construct did not add (authorization ${authorizationType ?? 'unknown'}); who may call it is not in the access matrix: ` +
    'add it with addRoute so the matrix covers it';
}
