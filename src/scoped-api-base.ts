import { Annotations, CfnResource, Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { ApiDefinition } from './api-definition';
import { Enforcement } from './enforcement';
import { checkReviewedAccessAtSynth } from './private/matrix/reviewed-access-check';
import { RouteBook } from './private/matrix/route-book';
import { formFollowsCountWarning, openApiHasNoRouteConstructs } from './private/rules/api-form';
import { ApiKind, checkAddedRoute, checkApiProps, CheckedApiRoutes } from './private/rules/api-rules';
import { knownRegion } from './private/rules/regions';
import { findRoute, RouteKey } from './private/rules/route-key';
import { foreignGuardedRouteWarning, foreignOpenRouteWarning, publicRouteOverlaps, routeBesideDocumentProblem, ScopedRoute } from './private/rules/route-rules';
import { warnAboutSilentAlarms } from './private/wiring/alarms';
import { foreignRoutes } from './private/wiring/foreign-routes';
import { DEFAULT_AUTHORIZER_CACHE_TTL, generatedAuthorizer } from './private/wiring/generated-authorizer';
import { GuardKind, ownRouteGuardProblems } from './private/wiring/own-guards';
import { poolForApi } from './private/wiring/pool-for-api';
import { checkTemplateResourcesAtSynth } from './private/wiring/template-quotas';
import { RouteAccess } from './route-access';
import { ScopedRoutesProps } from './scoped-routes-props';
import { ScopedUserPool } from './scoped-user-pool';

/**
 * What backs a route of the props: an integration of `routeIntegrations`, a function of
 * `routeHandlers`, or neither (the API kind's default).
 *
 * @internal
 */
export interface RouteBackend {
  readonly integration?: unknown;
  readonly handler?: lambda.IFunction;
}

/**
 * What `ScopedCognitoApi` (REST) and `ScopedCognitoHttpApi` (HTTP) share: the checks of their
 * props, the Cognito half (their own or a shared one), the book of their routes, and the access
 * matrix. A hidden base class: jsii folds its members into both API classes, so no language sees
 * a base class to extend.
 *
 * @internal
 */
export abstract class ScopedApiBase extends Construct {
  /** The Cognito half: pool, groups, resource servers, clients and trigger; its own or the one it was given. */
  public readonly scopedUserPool: ScopedUserPool;
  /** The user pool, created or passed in. */
  public readonly userPool: cognito.UserPool;
  /** The app client users sign in with. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The Pre Token Generation trigger that decides the scopes of user access tokens (undefined with `Enforcement.LAMBDA_AUTHORIZER`). */
  public readonly triggerFunction?: lambda.Function;
  /**
   * The files this construct writes into the cloud assembly directory at synth: the access
   * matrix as JSON and as Markdown. Empty unless `writeAccessMatrix` is set.
   */
  public readonly accessMatrixFiles: string[];
  /**
   * Whether the API is defined by one OpenAPI document (its `Body`) rather than a CloudFormation
   * resource per route: an API this construct creates with more than 100 routes, so that its
   * template stays a constant number of resources. Its routes then have no construct of their own
   * (`routeFor`, `addRoute` refuse), and `routeIntegrations` is refused: back routes with
   * `routeHandlers` or the default.
   */
  public readonly definedByOpenApi: boolean;
  /**
   * The generated Lambda authorizer of this API, with `Enforcement.LAMBDA_AUTHORIZER` (undefined
   * otherwise): it verifies the access token and lets a caller through a scoped route when the
   * scopes of its groups (a user) or of its token (a machine client) include one of the route's.
   */
  public readonly authorizerFunction?: lambda.Function;
  /** The log group of `authorizerFunction`: one JSON line per decision, with counts only. */
  public readonly authorizerLogGroup?: logs.LogGroup;
  /**
   * In alarm when the authorizer fails (its refusals of bad tokens are not failures): each failed
   * run refuses a call (undefined without `authorizerFunction` or with `alarms: false`).
   */
  public readonly authorizerErrorsAlarm?: cloudwatch.Alarm;
  /** In alarm when Lambda throttles the authorizer, which refuses the call (undefined without `authorizerFunction` or with `alarms: false`). */
  public readonly authorizerThrottlesAlarm?: cloudwatch.Alarm;
  /** In alarm when an authorizer run comes near its timeout (undefined without `authorizerFunction` or with `alarms: false`). */
  public readonly authorizerDurationAlarm?: cloudwatch.Alarm;

  /**
   * The app clients whose tokens the API accepts, when it lists them (HTTP: the user client, the
   * machine clients and `additionalClients`); undefined when it accepts every client of the pool (REST).
   *
   * @internal
   */
  protected readonly _acceptedClients?: cognito.IUserPoolClient[];
  /**
   * How long API Gateway keeps the generated authorizer's answers: `authorizerCacheTtl`, or five minutes.
   *
   * @internal
   */
  protected readonly _authorizerCacheTtl: Duration;

  /** @internal */
  protected readonly _routeBook: RouteBook;
  /** The routes of the props, checked, for the API kind to add. */
  private readonly checkedRoutes: CheckedApiRoutes<unknown>;
  /**
   * Whether the API answers CORS preflights (then `OPTIONS` routes are its own).
   *
   * @internal
   */
  protected readonly _corsEnabled: boolean;
  /** Whether its access is reviewed (its `reviewedAccess`, or its pool's): then a route outside the matrix is an error. */
  private readonly accessReviewed: boolean;

  /**
   * Checks the props (one error lists every problem, the API kind's among them), then sets up the
   * Cognito half and the book of routes.
   *
   * @param scope the parent construct
   * @param id the construct's id
   * @param props the routes and the Cognito half, with the API kind's `routeIntegrations`
   * @param kind what the API kind tells the checks about itself
   */
  protected constructor(scope: Construct, id: string, props: ScopedRoutesProps, kind: ApiKind) {
    super(scope, id);
    const routeIntegrations = (props as { routeIntegrations?: { [route: string]: unknown } }).routeIntegrations;
    this.checkedRoutes = checkApiProps(this, props, routeIntegrations, kind);
    this.definedByOpenApi = this.checkedRoutes.definedByOpenApi;
    this._corsEnabled = kind.corsEnabled;
    this.scopedUserPool = poolForApi(this, props, this.checkedRoutes.checkedPool);
    this.userPool = this.scopedUserPool.userPool;
    this.userPoolClient = this.scopedUserPool.userPoolClient;
    this.triggerFunction = this.scopedUserPool.triggerFunction;
    this._routeBook = new RouteBook(this, this.scopedUserPool);
    this.accessMatrixFiles = props.writeAccessMatrix ? this._routeBook.writeAtSynth() : [];
    this._acceptedClients = kind.acceptedClients?.(this.scopedUserPool);
    this._authorizerCacheTtl = props.authorizerCacheTtl ?? DEFAULT_AUTHORIZER_CACHE_TTL;
    if (this.checkedRoutes.enforcement === Enforcement.LAMBDA_AUTHORIZER) {
      const pool = this.scopedUserPool;
      ({
        fn: this.authorizerFunction,
        logGroup: this.authorizerLogGroup,
        errors: this.authorizerErrorsAlarm,
        throttles: this.authorizerThrottlesAlarm,
        duration: this.authorizerDurationAlarm,
      } = generatedAuthorizer(this, {
        api: kind.name,
        userPool: this.userPool,
        issuer: pool.issuerUrl,
        clients: this._acceptedClients,
        baseScopes: pool.baseScopes,
        groupScopes: pool.groupScopes,
        resourceServers: pool._resourceServerScopes(),
        routes: this.checkedRoutes.scopedRoutes.map(({ route, scopes }) => ({ key: route.key, scopes })),
        reservedConcurrency: props.authorizerReservedConcurrency,
        logEncryptionKey: props.logEncryptionKey,
        logRetention: props.logRetention,
        tracing: props.tracing,
        alarms: props.alarms !== false,
        alarmTopic: props.alarmTopic,
      }));
    }
    if (props.reviewedAccess !== undefined) checkReviewedAccessAtSynth(this, props.reviewedAccess, () => this.accessMatrix());
    this.accessReviewed = props.reviewedAccess !== undefined || this.scopedUserPool._reviewedAccess !== undefined;
    if (this.definedByOpenApi && (props.apiDefinition ?? ApiDefinition.AUTO) === ApiDefinition.AUTO) {
      const routeCount = this.checkedRoutes.scopedRoutes.length + this.checkedRoutes.publicRoutes.length;
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:apiFormFollowsRouteCount', formFollowsCountWarning(kind.name, routeCount));
    }
    this.node.addValidation({ validate: () => this.warnAboutOpenPaths() });
    this.node.addValidation({ validate: () => this.warnAboutPoolInOtherRegion() });
    warnAboutSilentAlarms(this, props.alarmTopic);
    checkTemplateResourcesAtSynth(this);
  }

  /**
   * Checks a route added after construction like those of `routeScopes`; throws naming it.
   *
   * @internal
   */
  protected _checkAddedRoute(route: string, scopes: string[]): ScopedRoute {
    if (this.definedByOpenApi) throw new Error(`${this.node.path}: ${openApiHasNoRouteConstructs(`addRoute('${route}')`)}`);
    if (this.authorizerFunction) {
      throw new Error(`${this.node.path}: addRoute('${route}'): with Enforcement.LAMBDA_AUTHORIZER, the authorizer's map of routes ships ` +
        'with its code, written when the API is constructed; declare the route in routeScopes');
    }
    return checkAddedRoute(this, this.scopedUserPool, this._routeBook.routes(), this._corsEnabled, route, scopes);
  }

  /**
   * The construct an API kind added for a route; throws naming the route when there is none, or
   * when the API is defined by its OpenAPI document.
   *
   * @internal
   */
  protected _findRoute<T>(byKey: ReadonlyMap<string, T>, route: string): T {
    if (this.definedByOpenApi) throw new Error(`${this.node.path}: ${openApiHasNoRouteConstructs(`routeFor('${route}')`)}`);
    return findRoute(this, byKey, route);
  }

  /**
   * Where the template's guard of a route this construct added differs from what it recorded (see
   * `ownRouteGuardProblems`), for the routes that are resources (`resources`, by route key).
   *
   * @internal
   */
  protected _ownGuardProblems(resources: ReadonlyMap<string, CfnResource>, kind: GuardKind): string[] {
    const { scoped, public: open } = this._routeBook.routes();
    const own = [...scoped, ...open.map((route) => ({ route, scopes: [] as string[] }))].flatMap(({ route, scopes }) => {
      const resource = resources.get(route.key);
      return resource ? [{ route, scopes, resource }] : [];
    });
    return ownRouteGuardProblems(own, kind);
  }

  /**
   * Adds the routes of the props (scoped ones, then public ones) through the API kind's `add`,
   * with what backs each: the integration `routeIntegrations` gives it or the function
   * `routeHandlers` gives it, if any.
   *
   * @internal
   */
  protected _addRoutesOfProps(add: (route: RouteKey, scopes: string[], backend: RouteBackend) => void): void {
    const { scopedRoutes, publicRoutes, integrations, handlers } = this.checkedRoutes;
    const backend = (route: RouteKey) => ({ integration: integrations.get(route.key), handler: handlers.get(route.key) });
    for (const { route, scopes } of scopedRoutes) add(route, scopes, backend(route));
    for (const route of publicRoutes) add(route, [], backend(route));
  }

  /**
   * Who may call each route: each group, a signed-in user in no group, and each client-credentials
   * client whose tokens the API accepts, computed from what this construct synthesized (the scopes
   * on each route) and a model of the tokens Cognito issues (each client's allowed scopes and
   * flows, what a caller can request, what the trigger adds and suppresses). Sorted by path, then method.
   */
  public accessMatrix(): RouteAccess[] {
    return this._routeBook.matrix();
  }

  /** The access matrix as a Markdown table: a row per route, a column per group, one for users in no group, then per machine client. */
  public accessMatrixMarkdown(): string {
    return this._routeBook.markdown();
  }

  /**
   * Reports quotas the routes may break at deploy time, when the app synthesizes: those that can
   * be raised as warnings, the others as errors (returned).
   *
   * @internal
   */
  protected _quotaFindings(findings: { warnings: string[]; problems: string[] }): string[] {
    for (const warning of findings.warnings) Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:quota', warning);
    return findings.problems;
  }

  /**
   * Routes of the API that this construct did not add: an open one is a warning, and any one is an
   * error on an API defined by its OpenAPI document.
   *
   * @internal
   */
  protected _foreignRouteFindings(apiId: string, ours: ReadonlySet<IConstruct>, ownLambdaAuthorizer?: IConstruct): string[] {
    const problems: string[] = [];
    const { scoped, public: open } = this._routeBook.routes();
    const ownKeys = new Set([...scoped.map(({ route }) => route.key), ...open.map((route) => route.key)]);
    for (const route of foreignRoutes(this, apiId, ours)) {
      if (!route.untraced && ownKeys.has(route.route)) {
        problems.push(`${route.route}: another route with the key of one this construct added; API Gateway takes one route per key, ` +
          'so the deploy would fail: remove it, and declare the route in routeScopes or publicRoutes');
      } else if (ownLambdaAuthorizer !== undefined && route.authorizer === ownLambdaAuthorizer) {
        // REST: the authorizer would decide it as the ANY route of its path, if any (its event carries the actual method).
        problems.push(`${route.route}: a route this construct did not add uses its generated Lambda authorizer, whose map of routes ` +
          'cannot describe it (on REST it would take the scopes of an ANY route on its path): declare it in routeScopes');
      } else if (this.accessReviewed) {
        problems.push(`${route.route}: a route this construct did not add${route.untraced ? ' (or may not: its API cannot be told at synth)' : ''} ` +
          'is outside the access matrix, so outside reviewedAccess: declare it in routeScopes or publicRoutes, or remove it');
      } else if (route.untraced) {
        Annotations.of(this).addWarningV2(
          'cdk-scoped-cognito-api:untracedRoute',
          `${route.route}: the API this route names cannot be told at synth (an import, a parameter), so it may be this one; ` +
            'if it is, it escapes the access matrix: name the API by reference',
        );
      } else if (this.definedByOpenApi) {
        problems.push(routeBesideDocumentProblem(route.route));
      } else if (route.open) {
        Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:otherOpenRoute', foreignOpenRouteWarning(route.route));
      } else {
        Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:otherGuardedRoute', foreignGuardedRouteWarning(route.route, route.authorizationType));
      }
    }
    return problems;
  }

  /**
   * A public route that also answers under a scoped route's path may serve what that route
   * guards; a client the REST authorizer may accept but the matrix cannot place is counted in.
   */
  private warnAboutPoolInOtherRegion(): string[] {
    const here = knownRegion(this);
    const poolRegion = knownRegion(this.userPool);
    if (here === undefined || poolRegion === undefined || here === poolRegion) return [];
    if (this.scopedUserPool.replicaRegions().includes(here)) return [];
    Annotations.of(this).addWarningV2(
      'cdk-scoped-cognito-api:poolInOtherRegion',
      `the API is in ${here}, its pool in ${poolRegion}, which has no replica in ${here}: its callers sign in, and a REST Cognito ` +
        `authorizer trusts the pool, in ${poolRegion}; add a ScopedUserPoolReplica in a stack in ${here} to keep the API usable when ${poolRegion} is not`,
    );
    return [];
  }

  private warnAboutOpenPaths(): string[] {
    const routes = this._routeBook.routes();
    for (const warning of publicRouteOverlaps(routes.public, routes.scoped)) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:publicRouteOverlaps', warning);
    }
    for (const client of this._routeBook.untracedClients()) {
      Annotations.of(this).addWarningV2(
        'cdk-scoped-cognito-api:untracedClient',
        `${client.node.path}: its user pool ID cannot be traced at synth, so it may be a client of this pool, whose ` +
          'every client the REST authorizer accepts; the access matrix counts it as one',
      );
    }
    for (const { client, settings } of this._routeBook.clientsWithUnknownSettings()) {
      Annotations.of(this).addWarningV2(
        'cdk-scoped-cognito-api:clientSettingsUnknown',
        `${client.node.path}: its ${settings.join(', ')} ${settings.length === 1 ? 'is' : 'are'} known only at deploy time, so the access matrix ` +
          'assumes the most it could allow: tokens of it may carry any scope it could request, and reach every scoped route they could',
      );
    }
    return [];
  }
}
