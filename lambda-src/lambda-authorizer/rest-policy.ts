/**
 * The resources of a REST answer's policy, which API Gateway caches with the answer and evaluates
 * against the method ARN (`arn:...:<api>/<stage>/<METHOD>/<path>`) of every request with the same
 * cache key. A request of the same method and resource has any path its parameters allow, so the
 * policy's resource is the resource path with each parameter (`{id}`, `{proxy+}`) as `*`: a cached
 * `Allow` for `/orders/{id}` covers `/orders/2` as well as `/orders/1`.
 *
 * `*`, the one wildcard, also spans `/` and matches nothing: `/orders/*` alone would match
 * `/orders/1/secret`. The cache key holds the resource path, so API Gateway never evaluates one
 * resource's answer for another; should the identity sources ever leave it out, an `Allow` must
 * not reach further than its own resource. So an `Allow` comes with a `Deny` (an explicit deny
 * wins) of each parameter as a value holding a `/`, or as an empty one: the `Allow` then matches
 * exactly the paths whose parameters are each one non-empty segment. A greedy `{proxy+}` spans
 * segments by design: it covers every path under it, and API Gateway routes a more specific
 * resource apart.
 */

/** The path parts of a resource's policy, after `<api>/<stage>/<METHOD>`. */
export interface PolicyPaths {
  /** The resource path with each parameter as `*`; the root, `/`. */
  readonly allow: string;
  /** What an `Allow` must not cover: its parameters spanning `/`, or empty. None with a greedy parameter or no parameter. */
  readonly deny: readonly string[];
}

const PARAMETER = /^\{[^{}/]+\}$/;
const GREEDY = /^\{[^{}/]+\+\}$/;

/** The policy paths of a resource path (`/orders/{id}`). */
export function policyPaths(resourcePath: string): PolicyPaths {
  const segments = resourcePath.split('/');
  const wildcards = segments.map((segment) => (PARAMETER.test(segment) || GREEDY.test(segment) ? '*' : segment));
  const allow = wildcards.join('/');
  if (segments.some((segment) => GREEDY.test(segment))) return { allow, deny: [] };
  const deny = new Set<string>();
  segments.forEach((segment, i) => {
    if (!PARAMETER.test(segment)) return;
    for (const value of ['*/*', '']) deny.add(wildcards.map((part, j) => (j === i ? value : part)).join('/'));
  });
  return { allow, deny: [...deny] };
}
