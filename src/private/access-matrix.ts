import { compare } from './scope-rules';
import type { RouteAccess } from '../access-matrix';

/** Who holds which scopes: the groups (through the trigger) and the machine clients (as allowed OAuth scopes). */
export interface ScopeHolders {
  readonly groupScopes: { [group: string]: string[] };
  readonly machineClientScopes: { [client: string]: string[] };
}

/** The access matrix as the JSON file written next to the cloud assembly holds it. */
export interface AccessMatrixDocument {
  readonly groups: string[];
  readonly machineClients: string[];
  readonly routes: RouteAccess[];
}

/**
 * Which groups and machine clients can call each route: one can when it holds any of the route's
 * scopes (API Gateway's any-of rule); everyone can call a public route. Sorted by path, then method.
 */
export function accessMatrix(
  holders: ScopeHolders,
  scopedRoutes: ReadonlyArray<{ route: string; scopes: readonly string[] }>,
  publicRoutes: readonly string[],
): RouteAccess[] {
  const groups = Object.keys(holders.groupScopes).sort(compare);
  const clients = Object.keys(holders.machineClientScopes).sort(compare);
  const holding = (names: string[], map: { [name: string]: string[] }, scopes: readonly string[]) =>
    names.filter((name) => map[name].some((scope) => scopes.includes(scope)));
  const rows: RouteAccess[] = scopedRoutes.map(({ route, scopes }) => ({
    route,
    scopes: [...scopes],
    groups: holding(groups, holders.groupScopes, scopes),
    machineClients: holding(clients, holders.machineClientScopes, scopes),
    isPublic: false,
  }));
  for (const route of publicRoutes) rows.push({ route, scopes: [], groups: [...groups], machineClients: [...clients], isPublic: true });
  return rows.sort((a, b) => compare(routeOrder(a.route), routeOrder(b.route)));
}

/** The matrix with its column names, for the JSON file. */
export function accessMatrixDocument(holders: ScopeHolders, rows: RouteAccess[]): AccessMatrixDocument {
  return {
    groups: Object.keys(holders.groupScopes).sort(compare),
    machineClients: Object.keys(holders.machineClientScopes).sort(compare),
    routes: rows,
  };
}

/**
 * A Markdown table, one row per route and one column per group, then per machine client
 * (headed `name (client)`): `yes` where it may call the route.
 */
export function renderAccessMatrix(document: AccessMatrixDocument): string {
  const columns = [
    ...document.groups.map((name) => ({ title: name, may: (row: RouteAccess) => row.groups.includes(name) })),
    ...document.machineClients.map((name) => ({ title: `${name} (client)`, may: (row: RouteAccess) => row.machineClients.includes(name) })),
  ];
  const header = `| route | scopes (any of) | ${columns.map((c) => escapeCell(c.title)).join(' | ')} |`;
  const rule = `|---|---|${columns.map(() => '---|').join('')}`;
  const lines = document.routes.map((row) => {
    const cells = columns.map((column) => (column.may(row) ? 'yes' : '-'));
    const scopes = row.isPublic ? '(public)' : row.scopes.map((s) => `\`${escapeCell(s)}\``).join(', ');
    return `| \`${row.route}\` | ${scopes} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...lines].join('\n') + '\n';
}

/** Group names may hold `|`, which would split a Markdown cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Sorts routes by path, then method. */
function routeOrder(route: string): string {
  const [method, path] = route.split(' ');
  return `${path} ${method}`;
}
