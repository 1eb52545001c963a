import { Annotations } from 'aws-cdk-lib';
import { CfnUserPoolClient, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { accessMatrix, accessMatrixDocument, AccessMatrixDocument, MatrixPrincipals, renderAccessMatrix, writeAccessMatrixAtSynth } from './access-matrix';
import { ROUTE_SCOPES_AT_SYNTH } from './api-rules';
import { attachApi, attachedApis } from './attached-apis';
import { audienceClients, clientsOfPool, isDefinedInApp, unknownClient } from './pool-clients';
import { failOnProblems } from './problems';
import { resolveScopeMap } from './resolve-scopes';
import { RouteKey } from './route-key';
import { checkRoutes, publicRouteOverlaps, ScopedRoute } from './route-rules';
import type { RouteAccess } from '../route-access';
import type { ScopedUserPool } from '../scoped-user-pool';

/**
 * The routes an API construct has added, whatever the API kind, and who may call them: the one
 * place the access matrix is computed from, so it cannot drift from what was synthesized.
 */
export class RouteBook {
  private readonly scopedRoutes: ScopedRoute[] = [];
  private readonly publicRoutes: RouteKey[] = [];

  /**
   * The clients whose access tokens the API accepts (an HTTP API's JWT authorizer); undefined while
   * it accepts every client of the pool (a REST API's Cognito authorizer).
   */
  private audience: readonly IUserPoolClient[] | undefined;

  constructor(
    private readonly owner: Construct,
    private readonly pool: ScopedUserPool,
    private readonly corsEnabled: boolean,
  ) {
    owner.node.addValidation({ validate: () => this.warnAboutOpenPaths() });
    attachApi(pool, {
      path: owner.node.path,
      document: () => this.document(),
      importedClients: () => (this.audience ?? []).filter((client) => !isDefinedInApp(client)),
    });
  }

  /** The API accepts the access tokens of these clients only, not of every client of the pool. */
  public acceptOnly(audience: readonly IUserPoolClient[]): void {
    this.audience = audience;
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
      heldScopes: this.pool.scopesRoutesMayRequire(),
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
      this.owner.node.path,
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
      ? [
        ...clientsOfPool(this.pool.userPool, names).map(({ model }) => model),
        // Clients of the pool that other APIs on it import by ID: this API accepts them too.
        ...[...new Set(attachedApis(this.pool).flatMap((api) => api.importedClients()))].map(unknownClient),
      ]
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
    return writeAccessMatrixAtSynth(this.owner, () => this.document(), () => this.markdown());
  }

  /**
   * A public route that also answers under a scoped route's path may serve what that route
   * guards; a client the REST authorizer may accept but the matrix cannot place is counted in.
   */
  private warnAboutOpenPaths(): string[] {
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
    return [];
  }
}
