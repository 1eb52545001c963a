import { compare } from './scope-rules';

/** One route of the matrix: who may call it, computed from the maps the construct synthesized. */
export interface RouteAccessRow {
  readonly route: string;
  readonly scopes: string[];
  readonly groups: string[];
  readonly isPublic: boolean;
}

/**
 * Which groups can call each route: a group can when it grants any of the route's scopes (API
 * Gateway's any-of rule); everyone can call a public route.
 */
export function accessMatrix(
  groupScopes: { [group: string]: string[] },
  scopedRoutes: ReadonlyArray<{ route: string; scopes: readonly string[] }>,
  publicRoutes: readonly string[],
): RouteAccessRow[] {
  const groups = Object.keys(groupScopes).sort(compare);
  const rows: RouteAccessRow[] = scopedRoutes.map(({ route, scopes }) => ({
    route,
    scopes: [...scopes],
    groups: groups.filter((group) => groupScopes[group].some((scope) => scopes.includes(scope))),
    isPublic: false,
  }));
  for (const route of publicRoutes) rows.push({ route, scopes: [], groups: [...groups], isPublic: true });
  return rows.sort((a, b) => compare(routeOrder(a.route), routeOrder(b.route)));
}

/** A Markdown table, one row per route and one column per group: `yes` where the group may call. */
export function renderAccessMatrix(groups: readonly string[], rows: readonly RouteAccessRow[]): string {
  const sorted = [...groups].sort(compare);
  const header = `| route | scopes (any of) | ${sorted.join(' | ')} |`;
  const rule = `|---|---|${sorted.map(() => '---|').join('')}`;
  const lines = rows.map((row) => {
    const cells = sorted.map((group) => (row.groups.includes(group) ? 'yes' : '-'));
    return `| \`${row.route}\` | ${row.isPublic ? '(public)' : row.scopes.map((s) => `\`${s}\``).join(', ')} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...lines].join('\n') + '\n';
}

/** Sorts routes by path, then method. */
function routeOrder(route: string): string {
  const [method, path] = route.split(' ');
  return `${path} ${method}`;
}
