import { writeFileSync } from 'fs';
import { join } from 'path';
import { attachCustomSynthesis, Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ClientModel, machineClientPasses, passes, TriggerModel, userTokenScopes } from './token-model';
import type { RouteAccess } from '../../route-access';
import { compareCodePoints } from '../rules/code-point-order';

/** Who may hold a token the API accepts. */
export interface MatrixPrincipals {
  /** What the trigger adds and suppresses on user tokens. */
  readonly trigger: TriggerModel;
  /** The groups of the map, each a column: a signed-in user in that group. */
  readonly groups: readonly string[];
  /** The clients users may sign in through whose tokens the API accepts. */
  readonly userClients: readonly ClientModel[];
  /** The client-credentials clients whose tokens the API accepts, each a column. */
  readonly machineClients: readonly ClientModel[];
}

/** The access matrix as the JSON file written next to the cloud assembly holds it. */
export interface AccessMatrixDocument {
  readonly groups: string[];
  readonly machineClients: string[];
  readonly routes: RouteAccess[];
}

/**
 * Who can call each route, from the tokens Cognito would issue (see `token-model.ts`): a principal
 * can when the most its tokens can carry holds any of the route's scopes (API Gateway's any-of
 * rule); everyone can call a public route. A user in a group reaches a route through any client
 * the API accepts. Sorted by path, then method.
 */
export function accessMatrix(
  api: string,
  principals: MatrixPrincipals,
  scopedRoutes: ReadonlyArray<{ route: string; scopes: readonly string[] }>,
  publicRoutes: readonly string[],
): RouteAccess[] {
  const groups = [...principals.groups].sort(compareCodePoints);
  const machineClients = [...principals.machineClients].sort((a, b) => compareCodePoints(a.name, b.name));
  // The most each principal's token can carry, over every client it can use.
  const userScopes = (userGroups: string[]) =>
    principals.userClients.map((client) => userTokenScopes(principals.trigger, client, userGroups));
  const groupTokens = groups.map((group) => ({ group, tokens: userScopes([group]) }));
  const noGroupTokens = userScopes([]);

  const rows: RouteAccess[] = scopedRoutes.map(({ route, scopes }) => ({
    api,
    route,
    scopes: [...scopes],
    groups: groupTokens.filter(({ tokens }) => tokens.some((token) => passes(token, scopes))).map(({ group }) => group),
    signedInWithoutGroup: noGroupTokens.some((token) => passes(token, scopes)),
    machineClients: machineClients.filter((client) => machineClientPasses(client, scopes)).map(({ name }) => name),
    isPublic: false,
  }));
  for (const route of publicRoutes) {
    rows.push({
      api,
      route,
      scopes: [],
      groups: [...groups],
      signedInWithoutGroup: true,
      machineClients: machineClients.map(({ name }) => name),
      isPublic: true,
    });
  }
  return rows.sort((a, b) => compareCodePoints(routeOrder(a.route), routeOrder(b.route)));
}

/** The matrix with its column names, for the JSON file. */
export function accessMatrixDocument(principals: MatrixPrincipals, rows: RouteAccess[]): AccessMatrixDocument {
  return {
    groups: [...principals.groups].sort(compareCodePoints),
    machineClients: principals.machineClients.map(({ name }) => name).sort(compareCodePoints),
    routes: rows,
  };
}

/**
 * A Markdown table, one row per route and one column per group, then one for a signed-in user in
 * no group, then one per machine client (headed `name (client)`): `yes` where it may call the route.
 */
export function renderAccessMatrix(document: AccessMatrixDocument): string {
  const columns = [
    ...document.groups.map((name) => ({ title: name, may: (row: RouteAccess) => row.groups.includes(name) })),
    { title: '(no group)', may: (row: RouteAccess) => row.signedInWithoutGroup },
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

/** An API's matrix with its Region in each row, for a pool's matrix, which may cover several Regions. */
export function inRegion(document: AccessMatrixDocument, region: string | undefined): AccessMatrixDocument {
  return region === undefined ? document : { ...document, routes: document.routes.map((row) => ({ ...row, region })) };
}

/**
 * The matrices of several APIs (those attached to one pool) as one: every group and machine
 * client that is a column of any, and every row, sorted by API, then path, then method.
 */
export function mergeAccessMatrices(documents: readonly AccessMatrixDocument[]): AccessMatrixDocument {
  return {
    groups: [...new Set(documents.flatMap((d) => d.groups))].sort(compareCodePoints),
    machineClients: [...new Set(documents.flatMap((d) => d.machineClients))].sort(compareCodePoints),
    routes: documents
      .flatMap((d) => d.routes)
      .sort((a, b) => compareCodePoints(a.api, b.api) || compareCodePoints(routeOrder(a.route), routeOrder(b.route))),
  };
}

/** Several APIs' matrix as Markdown: a heading per API (its construct path, and its Region where known), then its table. */
export function renderAccessMatrices(document: AccessMatrixDocument): string {
  const apis = [...new Set(document.routes.map((row) => row.api))];
  return apis
    .map((api) => {
      const routes = document.routes.filter((row) => row.api === api);
      const region = routes[0]?.region;
      return `### ${api}${region === undefined ? '' : ` (${region})`}\n\n${renderAccessMatrix({ ...document, routes })}`;
    })
    .join('\n');
}

/**
 * Writes a matrix into the cloud assembly directory when the app synthesizes (after every route
 * has been added), as `<unique id of owner>.access-matrix.json` and `.md`; returns the file names.
 */
export function writeAccessMatrixAtSynth(owner: Construct, document: () => AccessMatrixDocument, markdown: () => string): string[] {
  const stem = `${Names.uniqueId(owner)}.access-matrix`;
  const files = [`${stem}.json`, `${stem}.md`];
  attachCustomSynthesis(owner, {
    onSynthesize: (session) => {
      writeFileSync(join(session.outdir, files[0]), JSON.stringify(document(), null, 2) + '\n');
      writeFileSync(join(session.outdir, files[1]), markdown());
    },
  });
  return files;
}

/** Group names may hold `|`, which would split a Markdown cell. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The key that sorts routes by path, then method. */
export function routeOrder(route: string): string {
  const [method, path] = route.split(' ');
  return `${path} ${method}`;
}
