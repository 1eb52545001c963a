import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiDefinition } from './api-definition';
import { OperationsOptions } from './operations-options';
import { ScopedUserPool } from './scoped-user-pool';
import { ScopedUserPoolOptions } from './scoped-user-pool-props';

/**
 * What `ScopedCognitoApi` (REST) and `ScopedCognitoHttpApi` (HTTP) share: the Cognito half, their
 * own or a shared one, and the routes with the scopes that may call them.
 */
export interface ScopedRoutesProps extends ScopedUserPoolOptions, OperationsOptions {
  /**
   * Which OAuth scopes each Cognito group grants, for example `{ Admin: ['api/admin'] }`, for the
   * Cognito half this construct creates. Scopes have the form `identifier/name`; each identifier
   * becomes a resource server. Required unless `scopedUserPool` is given.
   *
   * @default - none: `scopedUserPool` must be given
   */
  readonly groupScopes?: { [group: string]: string[] };

  /**
   * An existing Cognito half to attach this API to instead of creating one, so that one user pool,
   * with its one trigger, serves several APIs (of either kind, in any stack of the app; the API's
   * stack then depends on the pool's). The routes are checked against the scopes that pool grants,
   * and the pool's access matrix covers this API. Not allowed together with `groupScopes` or any
   * setting of the pool (`userPool`, `featurePlan`, `machineClients`...).
   *
   * @default - a new `ScopedUserPool` from this construct's own settings
   */
  readonly scopedUserPool?: ScopedUserPool;

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
   * The Lambda function behind each route, keyed like `routeScopes` and `publicRoutes`, for
   * example `{ 'GET /orders/{id}': ordersFn }` (a proxy integration). Each function is allowed to be
   * invoked by this API, and only it, with one resource-policy statement however many routes it
   * backs. A route named here may not also be in `routeIntegrations`.
   *
   * @default - no route is backed by a function given here
   */
  readonly routeHandlers?: { [route: string]: lambda.IFunction };

  /**
   * The throttle of the stage of the API this construct creates: steady requests per second and
   * burst, for the whole stage. Every API of the account shares the account's throttle quota in the
   * Region (10,000 requests per second in most Regions, 2,500 in some); a cap of its own keeps one
   * API, or a flood on a public route, from taking it all. Raise it for an API that needs more.
   * Clients over it get 429. For an API you pass in, throttle its stage yourself.
   *
   * @default - 1,000 requests per second, a burst of 500
   */
  readonly throttle?: apigateway.ThrottleSettings;

  /**
   * How the API this construct creates is defined: a CloudFormation resource per route, or one
   * OpenAPI document (see `definedByOpenApi`). Choose it for good before the first deployment: an
   * HTTP API whose form changes is replaced, with a new ID and URL. Not for an API you pass in,
   * which always keeps a resource per route.
   *
   * @default ApiDefinition.AUTO - resources up to 100 routes, the document above
   */
  readonly apiDefinition?: ApiDefinition;

  /**
   * With `Enforcement.LAMBDA_AUTHORIZER`: how long API Gateway keeps the generated authorizer's
   * answer for one token on one route (REST: the token, method and resource path are the cache
   * key; HTTP: the token and route key), so that repeated calls do not each run the function. An
   * answer is kept this long even past the token's expiry, or after its user left a group: keep it
   * short. `Duration.seconds(0)` turns caching off. At most one hour.
   *
   * @default Duration.minutes(5)
   */
  readonly authorizerCacheTtl?: Duration;

  /**
   * With `Enforcement.LAMBDA_AUTHORIZER`: Lambda concurrency kept for the generated authorizer of
   * this API alone, and the most it may use, so that no other function of the account can take what
   * the API's callers need (a throttled authorizer refuses the call). Like any reservation, it fails
   * the deployment on accounts whose concurrency quota is below this value plus 100, the unreserved
   * minimum Lambda keeps.
   *
   * @default - none: the authorizer draws on the account's unreserved concurrency, within the stage's `throttle`
   */
  readonly authorizerReservedConcurrency?: number;

  /**
   * Whether to write the access matrix into the cloud assembly directory at synth, as
   * `<unique id>.access-matrix.json` and `.md` next to the templates (see `accessMatrixFiles`),
   * for review or to archive with each deployment.
   *
   * @default false
   */
  readonly writeAccessMatrix?: boolean;

  /**
   * A committed file with the expected access matrix of this API (a path relative to the app's
   * working directory): synth fails when it is missing, and when who can call what differs from it,
   * listing each change in words (`+ ReadOnly can now call DELETE /orders/{id} (orders/write)`).
   * Review a change, accept it with `cdk synth -c cdk-scoped-cognito-api:acceptAccess=true`, which
   * rewrites the file, and commit the file: the pull request shows the change of access as its diff.
   * A pipeline never passes the key, so an unreviewed change fails it.
   *
   * @default - the access matrix is not compared with a reviewed file
   */
  readonly reviewedAccess?: string;
}
