import { routeOrder } from './access-matrix';
import type { RouteAccess } from '../../route-access';
import { compareCodePoints } from '../rules/code-point-order';

/**
 * The reviewed-access file: who can call what, one fact per line, in words a reviewer reads, so
 * that a change of access shows in a pull request as a diff. Pure: rendering, reading and comparing.
 *
 *     api Orders/Api
 *       DELETE /orders/{id} needs one of orders/write
 *       DELETE /orders/{id} group Admin
 *       GET /health public
 *       GET /orders client billing
 *       GET /orders users in no group
 *
 * Order and whitespace do not matter; a line that reads as none of these is an error.
 */

/** The context key that accepts the computed matrix: the file is rewritten and the changes warned about. */
export const ACCEPT_ACCESS_CONTEXT = 'cdk-scoped-cognito-api:acceptAccess';

/** How a reviewer accepts the changes, as the error and the file's header say it. */
export const ACCEPT_COMMAND = `cdk synth -c ${ACCEPT_ACCESS_CONTEXT}=true`;

/** What a file holds of one route. */
export interface ReviewedRoute {
  readonly isPublic: boolean;
  /** Any one of these scopes lets a token call it (empty when public). */
  readonly scopes: readonly string[];
  /** Who may call it, as the file names them: `group X`, `client Y`, `users in no group`. */
  readonly callers: readonly string[];
}

/** The routes of each API, by API path, then route key. */
export type ReviewedAccess = Map<string, Map<string, ReviewedRoute>>;

const HEADER = [
  '# Who can call what, reviewed. cdk-scoped-cognito-api compares this file with the access matrix at',
  '# synth, and fails on any difference. Review a change, then accept it with',
  `#   ${ACCEPT_COMMAND}`,
  '# and commit this file: the pull request shows the change of access as its diff.',
];

const NO_GROUP = 'users in no group';

/** The callers of a row, as the file names them. */
function callersOf(row: RouteAccess): string[] {
  return [
    ...row.groups.map((group) => `group ${group}`),
    ...(row.signedInWithoutGroup ? [NO_GROUP] : []),
    ...row.machineClients.map((client) => `client ${client}`),
  ];
}

/** The access of matrix rows, in the file's model. */
export function reviewedAccessOf(rows: readonly RouteAccess[]): ReviewedAccess {
  const access: ReviewedAccess = new Map();
  for (const row of rows) {
    const routes = access.get(row.api) ?? new Map<string, ReviewedRoute>();
    access.set(row.api, routes);
    routes.set(row.route, row.isPublic
      ? { isPublic: true, scopes: [], callers: [] }
      : { isPublic: false, scopes: [...row.scopes].sort(compareCodePoints), callers: callersOf(row).sort(compareCodePoints) });
  }
  return access;
}

/** The file's text for an access model: sorted by API, then route, then line. */
export function renderReviewedAccess(access: ReviewedAccess): string {
  const lines = [...HEADER];
  for (const api of [...access.keys()].sort(compareCodePoints)) {
    lines.push('', `api ${api}`);
    const routes = access.get(api)!;
    for (const route of [...routes.keys()].sort((a, b) => compareCodePoints(routeOrder(a), routeOrder(b)))) {
      const { isPublic, scopes, callers } = routes.get(route)!;
      if (isPublic) {
        lines.push(`  ${route} public`);
        continue;
      }
      lines.push(`  ${route} needs one of ${scopes.join(', ')}`);
      for (const caller of callers) lines.push(`  ${route} ${caller}`);
    }
  }
  return lines.join('\n') + '\n';
}

const ROUTE = /^(\S+ \/\S*) (.+)$/;

/** Reads a file's text: the access it states, or the lines it cannot read (numbered from 1). */
export function parseReviewedAccess(text: string): { access: ReviewedAccess; problems: string[] } {
  const access: ReviewedAccess = new Map();
  const problems: string[] = [];
  let api: Map<string, ReviewedRoute> | undefined;
  const facts = new Map<Map<string, ReviewedRoute>, Map<string, { isPublic: boolean; scopes?: string[]; callers: Set<string> }>>();
  // Each fact once, each API once: a file a reviewer reads must not say one thing and mean another.
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (line === '' || line.startsWith('#')) return;
    const apiLine = /^api (.+)$/.exec(line);
    if (apiLine) {
      if (access.has(apiLine[1])) problems.push(`line ${index + 1}: 'api ${apiLine[1]}' comes a second time; give each API one section`);
      api = access.get(apiLine[1]) ?? new Map();
      access.set(apiLine[1], api);
      if (!facts.has(api)) facts.set(api, new Map());
      return;
    }
    const said = `${[...access].find(([, routes]) => routes === api)?.[0]}\u0000${line}`;
    if (api && seen.has(said)) {
      problems.push(`line ${index + 1} says again what an earlier line says: '${raw.trim()}'`);
      return;
    }
    seen.add(said);
    const match = ROUTE.exec(line);
    if (!api || !match) {
      problems.push(`line ${index + 1} ${api ? 'is not understood' : 'comes before any \'api\' line'}: '${raw.trim()}'`);
      return;
    }
    const [, route, fact] = match;
    const routes = facts.get(api)!;
    const known = routes.get(route) ?? { isPublic: false, callers: new Set<string>() };
    routes.set(route, known);
    if (fact === 'public') {known.isPublic = true;} else if (fact.startsWith('needs one of ')) {
      if (known.scopes !== undefined) problems.push(`line ${index + 1}: a second 'needs one of' for ${route}; give its scopes on one line`);
      known.scopes = fact.slice('needs one of '.length).split(',').map((s) => s.trim()).filter((s) => s !== '');
    } else if (fact === NO_GROUP || /^(group|client) \S/.test(fact)) {known.callers.add(fact);} else {problems.push(`line ${index + 1} is not understood: '${raw.trim()}'`);}
    if (known.isPublic && (known.scopes !== undefined || known.callers.size > 0)) {
      problems.push(`line ${index + 1}: ${route} is said to be public and to need scopes or have callers; it is one or the other`);
    }
  });
  for (const [routesOfApi, routes] of facts) {
    for (const [route, { isPublic, scopes, callers }] of routes) {
      routesOfApi.set(route, isPublic
        ? { isPublic: true, scopes: [], callers: [] }
        : { isPublic: false, scopes: [...(scopes ?? [])].sort(compareCodePoints), callers: [...callers].sort(compareCodePoints) });
    }
  }
  return { access, problems };
}

/**
 * Every difference between the reviewed access and the computed one, in words, grouped by API:
 * `+ ReadOnly can now call DELETE /orders/{id} (orders/write)`, `- route GET /legacy`. No
 * difference, no entry.
 */
export function accessChanges(reviewed: ReviewedAccess, computed: ReviewedAccess): Map<string, string[]> {
  const changes = new Map<string, string[]>();
  const apis = [...new Set([...reviewed.keys(), ...computed.keys()])].sort(compareCodePoints);
  for (const api of apis) {
    const before = reviewed.get(api) ?? new Map<string, ReviewedRoute>();
    const after = computed.get(api) ?? new Map<string, ReviewedRoute>();
    const lines: string[] = [];
    const routes = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => compareCodePoints(routeOrder(a), routeOrder(b)));
    for (const route of routes) lines.push(...routeChanges(route, before.get(route), after.get(route)));
    if (lines.length > 0) changes.set(api, lines);
  }
  return changes;
}

function routeChanges(route: string, before: ReviewedRoute | undefined, after: ReviewedRoute | undefined): string[] {
  if (!before) return [after!.isPublic ? `+ public route ${route}` : `+ route ${route} (${after!.callers.map(who).join(', ') || 'nobody'})`];
  if (!after) return [`- ${before.isPublic ? 'public route' : 'route'} ${route}`];
  if (before.isPublic !== after.isPublic) {
    return [after.isPublic ? `+ ${route} is now public` : `- ${route} is no longer public (${after.callers.map(who).join(', ') || 'nobody'})`];
  }
  if (after.isPublic) return [];
  const lines: string[] = [];
  const scopes = (list: readonly string[]) => list.join(', ') || 'no scope';
  if (scopes(before.scopes) !== scopes(after.scopes)) lines.push(`~ ${route} now needs one of ${scopes(after.scopes)} (was ${scopes(before.scopes)})`);
  for (const caller of after.callers.filter((c) => !before.callers.includes(c))) lines.push(`+ ${who(caller)} can now call ${route} (${scopes(after.scopes)})`);
  for (const caller of before.callers.filter((c) => !after.callers.includes(c))) lines.push(`- ${who(caller)} can no longer call ${route}`);
  return lines;
}

/** A caller in a sentence: `Admin`, `billing (client)`, `signed-in users in no group`. */
function who(caller: string): string {
  if (caller === NO_GROUP) return 'signed-in users in no group';
  if (caller.startsWith('client ')) return `${caller.slice('client '.length)} (client)`;
  return caller.slice('group '.length);
}
