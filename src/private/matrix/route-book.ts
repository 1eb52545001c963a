import { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { Construct, IConstruct } from 'constructs';
import { accessMatrix, accessMatrixDocument, AccessMatrixDocument, MatrixPrincipals, renderAccessMatrix, writeAccessMatrixAtSynth } from './access-matrix';
import { attachApi, attachedApis } from './attached-apis';
import { audienceClients, clientsOfPool, isDefinedInApp, unknownAudienceSettings, unknownClient } from './pool-clients';
import type { RouteAccess } from '../../route-access';
import type { ScopedUserPool } from '../../scoped-user-pool';
import { knownRegion } from '../rules/regions';
import { RouteKey } from '../rules/route-key';
import { ScopedRoute } from '../rules/route-rules';

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
  ) {
    attachApi(pool, {
      path: owner.node.path,
      region: knownRegion(owner),
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

  /** The routes recorded so far, guarded and public. */
  public routes(): { readonly scoped: readonly ScopedRoute[]; readonly public: readonly RouteKey[] } {
    return { scoped: this.scopedRoutes, public: this.publicRoutes };
  }

  /**
   * The clients the API accepts that the app cannot place (REST only: those whose pool ID cannot
   * be traced to a pool of the app may be clients of this one).
   */
  public untracedClients(): IConstruct[] {
    if (this.audience !== undefined) return [];
    return clientsOfPool(this.pool.userPool, new Map()).filter(({ traced }) => !traced).map(({ resource }) => resource);
  }

  /**
   * The clients the API accepts whose settings that decide access (allowed scopes, flows) are known
   * only at deploy time, with those settings: the matrix assumes the most they could allow.
   */
  public clientsWithUnknownSettings(): Array<{ client: IConstruct; settings: readonly string[] }> {
    if (this.audience !== undefined) return unknownAudienceSettings(this.audience);
    return clientsOfPool(this.pool.userPool, new Map())
      .filter(({ unknownSettings }) => unknownSettings.length > 0)
      .map(({ resource, unknownSettings }) => ({ client: resource, settings: unknownSettings }));
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
    const names = new Map<IConstruct, string>();
    for (const name of Object.keys(this.pool.machineClientScopes)) {
      names.set(this.pool.machineClient(name).node.defaultChild!, name);
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
      userClients: clients.filter((client) => client.servesUsers),
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
}

