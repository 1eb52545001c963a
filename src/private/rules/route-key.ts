import { IConstruct } from 'constructs';
/** HTTP methods a route key may name; `ANY` matches every method, as in API Gateway. */
export const HTTP_METHODS: readonly string[] = ['ANY', 'DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/** A parsed route key such as `'GET /orders/{id}'`. */
export interface RouteKey {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path starting with `/`, without a trailing slash (except the root `/`). */
  readonly path: string;
  /** The normalized key, `METHOD /path`: two spellings of one route have the same key. */
  readonly key: string;
}

/** A route key, or why it is not one. */
export interface ParsedRouteKey {
  readonly route?: RouteKey;
  readonly problems: string[];
}

const LITERAL_SEGMENT = /^[A-Za-z0-9:._$-]+$/;
const PARAMETER_SEGMENT = /^\{[A-Za-z0-9:._$-]+\+?\}$/;

/**
 * Parses `'METHOD /path'`. Path parts follow API Gateway's rules (`[A-Za-z0-9:._-$]`), a part may
 * be a parameter `{id}`, and the last part may be greedy `{proxy+}`.
 */
export function parseRouteKey(raw: string): ParsedRouteKey {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(raw);
  if (!match) {
    return { problems: ["expected 'METHOD /path', for example 'GET /admin'"] };
  }
  const method = match[1].toUpperCase();
  const path = match[2];
  const problems: string[] = [];
  if (!HTTP_METHODS.includes(method)) {
    problems.push(`unknown HTTP method '${match[1]}' (use one of ${HTTP_METHODS.join(', ')})`);
  }
  problems.push(...pathProblems(path));
  return problems.length > 0 ? { problems } : { route: { method, path, key: `${method} ${path}` }, problems };
}

function pathProblems(path: string): string[] {
  if (!path.startsWith('/')) return [`path '${path}' must start with '/'`];
  if (path === '/') return [];
  if (path.endsWith('/')) return [`path '${path}' must not end with '/'`];
  const segments = path.slice(1).split('/');
  const problems: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === '') {
      problems.push(`path '${path}' has an empty segment ('//')`);
    } else if (segment.startsWith('{') || segment.endsWith('}')) {
      if (!PARAMETER_SEGMENT.test(segment)) {
        problems.push(`path '${path}': '${segment}' is not a path parameter (write '{name}' or '{name+}')`);
      } else if (segment.endsWith('+}') && index !== segments.length - 1) {
        problems.push(`path '${path}': greedy parameter '${segment}' must be the last segment`);
      }
    } else if (!LITERAL_SEGMENT.test(segment)) {
      problems.push(`path '${path}': segment '${segment}' may only hold the characters [A-Za-z0-9:._-$]`);
    } else if (segment.toLowerCase() === '$default') {
      // An HTTP API's catch-all route is named `$default`: a path naming it might be read as that route.
      problems.push(`path '${path}': '${segment}' is the name of API Gateway's catch-all route; name the path otherwise`);
    }
  });
  return problems;
}

/**
 * The parameter slot a path occupies at each depth: `/orders/{id}/items` -> `/orders/{}`.
 * API Gateway allows one parameter name per slot; two names in one slot cannot deploy.
 */
export function parameterSlots(path: string): Array<{ slot: string; name: string }> {
  const slots: Array<{ slot: string; name: string }> = [];
  let parent = '';
  for (const segment of path.split('/').slice(1)) {
    if (segment.startsWith('{')) slots.push({ slot: `${parent}/{}`, name: segment });
    parent += `/${segment.startsWith('{') ? '{}' : segment}`;
  }
  return slots;
}

/**
 * What an API construct added for `route` (spelled as in `routeScopes` or normalized); throws
 * naming `owner` and the known routes when it added none.
 */
export function findRoute<T>(owner: IConstruct, byKey: ReadonlyMap<string, T>, route: string): T {
  const key = parseRouteKey(route).route?.key;
  const found = key === undefined ? undefined : byKey.get(key);
  if (found === undefined) throw new Error(`${owner.node.path}: no route '${route}' (known: ${[...byKey.keys()].join(', ')})`);
  return found;
}
