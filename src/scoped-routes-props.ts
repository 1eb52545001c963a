import { ScopedUserPoolProps } from './scoped-user-pool';

/**
 * What `ScopedCognitoApi` (REST) and `ScopedCognitoHttpApi` (HTTP) share: the Cognito half and
 * the routes with the scopes that may call them.
 */
export interface ScopedRoutesProps extends ScopedUserPoolProps {
  /**
   * Which scopes may call each route, keyed `'METHOD /path'` (for example `'GET /orders/{id}'`).
   * A caller passes with an access token that holds any one of the route's scopes; an ID token
   * never passes.
   */
  readonly routeScopes: { [route: string]: string[] };

  /**
   * Routes anyone may call, without a token (for example `'GET /health'`). A route with no
   * scopes must be listed here: nothing is public unless declared so.
   *
   * @default - no public routes
   */
  readonly publicRoutes?: string[];

  /**
   * Whether to write the access matrix into the cloud assembly directory at synth, as
   * `<unique id>.access-matrix.json` and `.md` next to the templates (see `accessMatrixFiles`),
   * for review or to archive with each deployment.
   *
   * @default false
   */
  readonly writeAccessMatrix?: boolean;
}
