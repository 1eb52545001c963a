import { writeFileSync } from 'fs';
import { join } from 'path';
import { Annotations, attachCustomSynthesis, Names } from 'aws-cdk-lib';
import { CfnUserPoolClient, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { accessMatrix, accessMatrixDocument, AccessMatrixDocument, MatrixPrincipals, renderAccessMatrix } from './access-matrix';
import { audienceClients, clientsOfPool } from './pool-clients';
import { failOnProblems } from './problems';
import { resolveScopeMap } from './resolve-scopes';
import { parseRouteKey, RouteKey } from './route-key';
import { checkRoutes, publicRouteOverlaps, ScopedRoute } from './route-rules';
import { grantedScopes } from './scope-rules';
import { checkUserPoolProps } from './user-pool-rules';
import type { RouteAccess } from '../access-matrix';
import type { ScopedRoutesProps } from '../scoped-routes-props';
import type { ScopedUserPool } from '../scoped-user-pool';

/** Why a route's scopes must be known at synth time. */
const ROUTE_SCOPES_AT_SYNTH = 'a route\'s scopes decide who may call it and are checked at synth time against those the pool grants';

/** An API construct's routes, checked, with the integration each was given. */
export interface CheckedApiRoutes<I> {
  readonly scopedRoutes: ScopedRoute[];
  readonly publicRoutes: RouteKey[];
  /** By route key. */
  readonly integrations: Map<string, I>;
}

/**
 * Checks an API construct's props before anything is built, the Cognito half's included, so that
 * one error lists every problem. `apiProblems` are those only the API kind knows of (CORS...).
 */
export function checkApiProps<I>(
  owner: Construct,
  props: ScopedRoutesProps,
  routeIntegrations: { [route: string]: I } | undefined,
  corsEnabled: boolean,
  apiProblems: readonly string[],
): CheckedApiRoutes<I> {
  const cognito = checkUserPoolProps(owner, props);
  const tokenProblems: string[] = [];
  const routes = checkRoutes({
    routeScopes: resolveScopeMap(owner, props.routeScopes, 'routeScopes', ROUTE_SCOPES_AT_SYNTH, tokenProblems),
    publicRoutes: props.publicRoutes ?? [],
    grantedScopes: grantedScopes(cognito.groupScopes, cognito.machineClientScopes),
    baseScopes: cognito.baseScopes,
    existingRoutes: [],
    corsEnabled,
  });
  const declared = new Set([...routes.scopedRoutes.map((r) => r.route.key), ...routes.publicRoutes.map((r) => r.key)]);
  const integrations = new Map<string, I>();
  const integrationProblems: string[] = [];
  for (const [raw, integration] of Object.entries(routeIntegrations ?? {})) {
    const key = parseRouteKey(raw).route?.key;
    if (key !== undefined && declared.has(key)) integrations.set(key, integration);
    else integrationProblems.push(`routeIntegrations['${raw}']: no such route in routeScopes or publicRoutes`);
  }
  failOnProblems(owner, [
    ...cognito.problems,
    ...tokenProblems,
    ...(Object.keys(props.routeScopes).length === 0 ? ['routeScopes is empty: guard at least one route with a scope'] : []),
    ...routes.problems,
    ...integrationProblems,
    ...apiProblems,
  ]);
  return { scopedRoutes: routes.scopedRoutes, publicRoutes: routes.publicRoutes, integrations };
}

/**
 * The routes an API construct has added, whatever the API kind, and who may call them: the one
 * place the access matrix is computed from, so it cannot drift from what was synthesized.
 */
export class RouteBook {
  private readonly scopedRoutes: ScopedRoute[] = [];
  private readonly publicRoutes: RouteKey[] = [];

  /**
   * @param audience the clients whose access tokens the API accepts (an HTTP API's JWT authorizer);
   * undefined when it accepts every client of the pool (a REST API's Cognito authorizer)
   */
  constructor(
    private readonly owner: Construct,
    private readonly pool: ScopedUserPool,
    private readonly corsEnabled: boolean,
    private readonly audience: readonly IUserPoolClient[] | undefined,
  ) {
    owner.node.addValidation({ validate: () => this.warnAboutUnreachableHolders() });
  }

  /** Records a route the API now has; no scopes means public. */
  public record(route: RouteKey, scopes: readonly string[]): void {
    if (scopes.length === 0) this.publicRoutes.push(route);
    else this.scopedRoutes.push({ route, scopes: [...scopes] });
  }

  /** Checks a route added after construction like those of `routeScopes`; throws naming it. */
  public checkNewRoute(route: string, scopes: string[]): ScopedRoute {
    const tokenProblems: string[] = [];
    const routeScopes = resolveScopeMap(this.owner, { [route]: scopes }, 'routeScopes', ROUTE_SCOPES_AT_SYNTH, tokenProblems);
    failOnProblems(this.owner, tokenProblems);
    const checked = checkRoutes({
      routeScopes,
      publicRoutes: [],
      grantedScopes: this.pool.grantableScopes(),
      baseScopes: this.pool.baseScopes,
      existingRoutes: [...this.scopedRoutes.map((r) => r.route), ...this.publicRoutes],
      corsEnabled: this.corsEnabled,
    });
    failOnProblems(this.owner, checked.problems);
    return checked.scopedRoutes[0];
  }

  /** Who may call each route. */
  public matrix(): RouteAccess[] {
    return accessMatrix(
      this.principals(),
      this.scopedRoutes.map(({ route, scopes }) => ({ route: route.key, scopes })),
      this.publicRoutes.map((route) => route.key),
    );
  }

  /** The matrix with its column names. */
  public document(): AccessMatrixDocument {
    return accessMatrixDocument(this.principals(), this.matrix());
  }

  /** The pool's groups and the clients of the pool this API accepts, as they stand now. */
  private principals(): MatrixPrincipals {
    const names = new Map<CfnUserPoolClient, string>();
    for (const name of Object.keys(this.pool.machineClientScopes)) {
      names.set(this.pool.machineClient(name).node.defaultChild as CfnUserPoolClient, name);
    }
    const clients = this.audience === undefined
      ? clientsOfPool(this.pool.userPool, names).map(({ model }) => model)
      : audienceClients(this.audience, names);
    return {
      trigger: {
        baseScopes: this.pool.baseScopes,
        groupScopes: this.pool.groupScopes,
        managedResourceServers: this.pool.managedResourceServers(),
      },
      groups: Object.keys(this.pool.groupScopes),
      userClients: clients.filter((client) => !client.clientCredentials),
      machineClients: clients.filter((client) => client.clientCredentials),
    };
  }

  /** The matrix as a Markdown table. */
  public markdown(): string {
    return renderAccessMatrix(this.document());
  }

  /**
   * Writes the matrix into the cloud assembly directory when the app synthesizes (after every
   * route has been added), as JSON and Markdown; returns the two file names.
   */
  public writeAtSynth(): string[] {
    const stem = `${Names.uniqueId(this.owner)}.access-matrix`;
    const files = [`${stem}.json`, `${stem}.md`];
    attachCustomSynthesis(this.owner, {
      onSynthesize: (session) => {
        writeFileSync(join(session.outdir, files[0]), JSON.stringify(this.document(), null, 2) + '\n');
        writeFileSync(join(session.outdir, files[1]), this.markdown());
      },
    });
    return files;
  }

  /**
   * A group or machine client that reaches no route is likely a typo in one of the maps; a public
   * route that also answers under a scoped route's path may serve what that route guards.
   */
  private warnAboutUnreachableHolders(): string[] {
    for (const warning of publicRouteOverlaps(this.publicRoutes, this.scopedRoutes)) {
      Annotations.of(this.owner).addWarningV2('cdk-scoped-cognito-api:publicRouteOverlaps', warning);
    }
    if (this.audience === undefined) {
      for (const { resource } of clientsOfPool(this.pool.userPool, new Map()).filter(({ traced }) => !traced)) {
        Annotations.of(this.owner).addWarningV2(
          'cdk-scoped-cognito-api:untracedClient',
          `${resource.node.path}: its user pool ID cannot be traced at synth, so it may be a client of this pool, whose ` +
            'every client the REST authorizer accepts; the access matrix counts it as one',
        );
      }
    }
    const rows = this.matrix().filter((row) => !row.isPublic);
    const reachable = {
      groupScopes: new Set(rows.flatMap((row) => row.groups)),
      machineClients: new Set(rows.flatMap((row) => row.machineClients)),
    };
    for (const group of Object.keys(this.pool.groupScopes).filter((name) => !reachable.groupScopes.has(name))) {
      Annotations.of(this.owner).addWarningV2(
        'cdk-scoped-cognito-api:unreachableGroup',
        `groupScopes['${group}']: the group reaches no route; its scopes guard no route of this API`,
      );
    }
    for (const client of Object.keys(this.pool.machineClientScopes).filter((name) => !reachable.machineClients.has(name))) {
      Annotations.of(this.owner).addWarningV2(
        'cdk-scoped-cognito-api:unreachableMachineClient',
        `machineClients '${client}': the client reaches no route; its scopes guard no route of this API`,
      );
    }
    return [];
  }
}
