import { Annotations, CfnResource, Duration, Lazy, Names, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { IssuerType } from './issuer-type';
import { isDefinedInApp } from './private/matrix/pool-clients';
import { OpenApiRoute } from './private/openapi/openapi';
import { httpCorsExtension, httpFunctionIntegration, httpOpenApiDocument } from './private/openapi/openapi-http';
import { httpApiProblems } from './private/rules/api-kind-rules';
import { HTTP_IDENTITY_SOURCES } from './private/rules/authorizer-rules';
import { isResourceOfType, rawProperty, readProperty, referenceOf } from './private/rules/cfn-resources';
import { reservedConcurrencyProblems } from './private/rules/concurrency-rules';
import { httpPreflightRoute } from './private/rules/cors-rules';
import { failOnProblems } from './private/rules/problems';
import { httpAudienceProblems, httpIntegrationCountProblems, httpRouteCountWarnings, httpRouteScopeProblems } from './private/rules/quota-rules';
import { parseRouteKey, RouteKey } from './private/rules/route-key';
import { stageThrottle } from './private/rules/throttle-rules';
import { httpServerErrorRate, serverErrorRateAlarm } from './private/wiring/alarms';
import { FunctionWithOwnLogs, functionWithOwnLogs, FunctionWithOwnLogsProps } from './private/wiring/function-with-own-logs';
import { allowAuthorizerInvocation } from './private/wiring/generated-authorizer';
import { HttpFunctionIntegration } from './private/wiring/http-function-integration';
import { LambdaBackends, lambdaInvocationUri, lambdaInvocationUriObject } from './private/wiring/lambda-backends';
import { accessLogGroup } from './private/wiring/log-groups';
import { changesSinceMade, documentOverrideProblems } from './private/wiring/own-guards';
import { checkDocumentSizeAtSynth } from './private/wiring/template-quotas';
import { RouteBackend, ScopedApiBase } from './scoped-api-base';
import { ScopedRoutesProps } from './scoped-routes-props';

/** Answers a route the caller passed: 200 with the route key, like the REST API's mock integration. */
const DEFAULT_ROUTE_HANDLER = [
  'exports.handler = async (event) => ({',
  '  statusCode: 200,',
  "  headers: { 'content-type': 'application/json' },",
  '  body: JSON.stringify({ route: event.routeKey }),',
  '});',
].join('\n');

/** Props of {@link ScopedCognitoHttpApi}. */
export interface ScopedCognitoHttpApiProps extends ScopedRoutesProps {
  /**
   * The integration behind each route, keyed like `routeScopes` and `publicRoutes`.
   *
   * @default - `defaultIntegration`
   */
  readonly routeIntegrations?: { [route: string]: apigwv2.HttpRouteIntegration };

  /**
   * The integration behind every route that `routeIntegrations` does not name. HTTP APIs have
   * no mock integration, so without one the construct adds a small function that answers 200.
   *
   * @default - a Lambda function (arm64, 128 MB) answering 200 with `{"route": "METHOD /path"}`
   */
  readonly defaultIntegration?: apigwv2.HttpRouteIntegration;

  /**
   * An existing HTTP API to add the routes to. Its default authorizer, if any, does not apply to
   * them: scoped routes get this construct's authorizer, public routes none.
   *
   * @default - a new HTTP API whose default stage writes access logs
   */
  readonly httpApi?: apigwv2.HttpApi;

  /**
   * Other app clients of the user pool whose users may call the API, for example the web client
   * of a `userPool` you pass in. The JWT authorizer accepts access tokens of the clients it lists
   * only (their `client_id` claim); a REST API's Cognito authorizer accepts every client of the pool.
   *
   * @default - only the pool's user client and machine clients (those of `scopedUserPool` when given)
   */
  readonly additionalClients?: cognito.IUserPoolClient[];

  /**
   * CORS for browser callers, on the HTTP API this construct creates: API Gateway answers the
   * preflight itself, unauthenticated. An `ANY` route would take the preflights to its authorizer,
   * so each guarded `ANY` route gets an unauthenticated `OPTIONS` route on its path, answered by the
   * placeholder function (never the route's backend) and left out of the access matrix. `*` origins
   * cannot go with credentials. For an existing `httpApi`, set `corsPreflight` on it (the same applies).
   *
   * @default - CORS off
   */
  readonly cors?: apigwv2.CorsPreflightOptions;

  /**
   * Lambda concurrency kept for, and the most allowed to, the placeholder function that answers
   * routes without an integration, so that a flood on them cannot take the account's concurrency
   * from other functions (the Pre Token Generation trigger among them). Only without
   * `defaultIntegration`. Like any reservation, it fails the deployment on accounts whose concurrency
   * quota is below this value plus 100, the unreserved minimum Lambda keeps.
   *
   * @default - none: the placeholder draws on the account's unreserved concurrency, within the stage's `throttle`
   */
  readonly defaultRouteReservedConcurrency?: number;
}

/**
 * Scope-based access control for an API Gateway HTTP API (v2) with Cognito: the same group,
 * machine-client and route maps as `ScopedCognitoApi`, and the same Cognito half, guarding
 * `HttpApi` routes with a JWT authorizer on the user pool and route `authorizationScopes`.
 */
export class ScopedCognitoHttpApi extends ScopedApiBase {
  /**
   * The HTTP API, created or passed in: an `HttpApi` with a route resource per route, or, when
   * `definedByOpenApi`, the API defined by the OpenAPI document of its routes.
   */
  public readonly httpApi: apigwv2.IHttpApi;
  /**
   * The JWT authorizer every scoped route uses: it trusts the pool as issuer and, as audience, the
   * user client, the machine clients and `additionalClients` (in the OpenAPI document instead, when
   * `definedByOpenApi`; undefined with `Enforcement.LAMBDA_AUTHORIZER`).
   */
  public readonly authorizer?: authorizers.HttpUserPoolAuthorizer;
  /**
   * With `Enforcement.LAMBDA_AUTHORIZER`, the Lambda authorizer every scoped route uses (payload 2.0,
   * simple responses), backed by `authorizerFunction`; its cache key is the Authorization header and
   * the route key (in the OpenAPI document instead, when `definedByOpenApi`).
   */
  public readonly lambdaAuthorizer?: authorizers.HttpLambdaAuthorizer;
  /** The access-log group of the created API's default stage (undefined when `httpApi` was passed in). */
  public readonly accessLogGroup?: logs.LogGroup;
  /**
   * The function behind routes without an integration, and behind the CORS preflight routes of `ANY`
   * routes: created only when a route uses it (undefined when every route has an integration or a
   * handler, or `defaultIntegration` answers them).
   */
  public get defaultRouteFunction(): lambda.Function | undefined {
    return this.placeholder?.fn;
  }
  /** The log group of `defaultRouteFunction` (undefined when there is none). */
  public get defaultRouteLogGroup(): logs.LogGroup | undefined {
    return this.placeholder?.logGroup;
  }
  /** In alarm when 5% or more of the API's requests in five minutes, 10 at least, answer 5xx (undefined with `alarms: false`). */
  public readonly serverErrorRateAlarm?: cloudwatch.Alarm;

  private readonly routesByKey = new Map<string, apigwv2.HttpRoute>();
  /** The `OPTIONS` routes added for the preflights of `ANY` routes, by key (no construct in the document form). */
  private readonly preflightRoutes = new Map<string, apigwv2.HttpRoute | undefined>();
  /** The API routes are added to as resources (unless `definedByOpenApi`). */
  private readonly routedApi?: apigwv2.HttpApi;
  private readonly defaultIntegration?: apigwv2.HttpRouteIntegration;
  /** The routes of the OpenAPI document, when `definedByOpenApi`. */
  private readonly documentRoutes: OpenApiRoute<string>[] = [];
  /** The integrations of the OpenAPI document, by name, when `definedByOpenApi`. */
  private readonly documentIntegrations: { [name: string]: object } = {};
  /** The integrations of the routes added as resources (each one integration of the API). */
  private readonly integrationsUsed = new Set<apigwv2.HttpRouteIntegration>();
  private readonly functions: LambdaBackends<apigwv2.HttpRouteIntegration>;
  /** The placeholder function and its log group, once a route uses it. */
  private placeholder?: FunctionWithOwnLogs;
  /** Whether the JWT authorizer was set to the pool's updated issuer. */
  private issuerSet = false;
  /** What the placeholder is made with. */
  private readonly placeholderProps: FunctionWithOwnLogsProps;

  constructor(scope: Construct, id: string, props: ScopedCognitoHttpApiProps) {
    super(scope, id, props, {
      name: 'HTTP',
      corsEnabled: answersPreflights(props),
      apiPassedIn: props.httpApi !== undefined,
      acceptedClients: (pool) => [pool.userPoolClient, ...pool.machineClients, ...(props.additionalClients ?? [])],
      problems: (form) => [
        ...httpApiProblems(props, form),
        ...reservedConcurrencyProblems('defaultRouteReservedConcurrency', props.defaultRouteReservedConcurrency),
        ...(props.webAclArn !== undefined && props.scopedUserPool
          ? ['webAclArn: AWS WAF cannot protect an HTTP API, and this one creates no user pool to protect: associate the web ACL with the ' +
            'ScopedUserPool (its webAclArn), and put a REST API or CloudFront in front of the HTTP API for per-client rate limits']
          : []),
        ...(props.defaultRouteReservedConcurrency !== undefined && props.defaultIntegration && !needsPreflightFunction(props)
          ? ['defaultRouteReservedConcurrency: there is no placeholder function with a defaultIntegration (unless CORS preflights of an ANY ' +
            'route in routeScopes need it); reserve concurrency on your own function']
          : []),
      ],
    });
    const audience = this._acceptedClients!;
    for (const client of (props.additionalClients ?? []).filter((c) => !isDefinedInApp(c))) {
      Annotations.of(this).addWarningV2(
        'cdk-scoped-cognito-api:unknownClient',
        `additionalClients: ${client.node.path} is not defined in this app, so its flows and scopes are unknown; ` +
          'the access matrix assumes it may get machine tokens with any scope',
      );
    }
    // The JWT authorizer accepts the access tokens of its audience's clients only.
    this._routeBook.acceptOnly(audience);
    failOnProblems(this, httpAudienceProblems(audience.length));

    // The stage of the API this construct creates, whatever its form: logged and throttled.
    let stage: apigwv2.CfnStage | undefined;
    if (this.definedByOpenApi) {
      ({ api: this.httpApi, stage } = this.openApiHttpApi(audience, props.cors));
    } else if (props.httpApi) {
      this.httpApi = this.routedApi = props.httpApi;
    } else {
      this.httpApi = this.routedApi = new apigwv2.HttpApi(this, 'HttpApi', {
        description: 'Scope-guarded HTTP API (cdk-scoped-cognito-api)',
        corsPreflight: props.cors,
      });
      stage = this.routedApi.defaultStage?.node.defaultChild as apigwv2.CfnStage;
    }
    if (stage) {
      this.accessLogGroup = this.addAccessLogs(stage, props.logEncryptionKey, props.logRetention);
      throttleStage(stage, props.throttle);
    }
    if (this.definedByOpenApi) {
      if (this.authorizerFunction) allowAuthorizerInvocation(this, this.authorizerFunction, this.httpApi.apiId);
    } else if (this.authorizerFunction) {
      // The function holds the accepted clients, and each route's scopes, in its map and environment.
      this.lambdaAuthorizer = new authorizers.HttpLambdaAuthorizer('Authorizer', this.authorizerFunction, {
        responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
        identitySource: [...HTTP_IDENTITY_SOURCES],
        resultsCacheTtl: this._authorizerCacheTtl,
      });
    } else {
      this.authorizer = new authorizers.HttpUserPoolAuthorizer('Authorizer', this.userPool, {
        // Access tokens name their client in `client_id`; API Gateway matches it against these.
        userPoolClients: audience,
        // The issuer names the pool's (primary) Region, wherever the API is: a replica's tokens carry it too.
        userPoolRegion: Stack.of(this.userPool).region,
      });
    }
    this.functions = new LambdaBackends(this, () => this.httpApi.apiId, (fn) => new HttpFunctionIntegration(`${fn.node.id}Integration`, fn));
    this.defaultIntegration = props.defaultIntegration;
    this.placeholderProps = {
      description: 'Answers 200 with the route key: the placeholder integration of cdk-scoped-cognito-api',
      roleDescription: 'Default route function of cdk-scoped-cognito-api: writes its own logs only',
      code: lambda.Code.fromInline(DEFAULT_ROUTE_HANDLER),
      memorySize: 128,
      timeout: Duration.seconds(3),
      logEncryptionKey: props.logEncryptionKey,
      reservedConcurrency: props.defaultRouteReservedConcurrency,
      logRetention: props.logRetention,
      tracing: props.tracing,
    };
    if (props.alarms !== false) {
      this.serverErrorRateAlarm = serverErrorRateAlarm(this, httpServerErrorRate(this.httpApi), props.alarmTopic);
    }

    if (this.definedByOpenApi) {
      this._addRoutesOfProps((route, scopes, backend) => this.addToDocument(route, scopes, backend));
    } else {
      this._addRoutesOfProps((route, scopes, backend) =>
        this.addHttpRoute(route, scopes, backend.integration as apigwv2.HttpRouteIntegration | undefined, backend.handler));
    }
    this.node.addValidation({
      validate: () => this._foreignRouteFindings(
        this.httpApi.apiId,
        new Set([...this.routesByKey.values(), ...this.preflightRoutes.values()].map((r) => r?.node.defaultChild).filter((r) => r !== undefined)),
        this.lambdaAuthorizer ? this.authorizersOfOwnRoutes().values().next().value : undefined,
      ),
    });
    this.node.addValidation({
      validate: () => this._quotaFindings({
        warnings: httpRouteCountWarnings(this._routeBook.routes().scoped.length + this._routeBook.routes().public.length + this.preflightRoutes.size),
        problems: httpIntegrationCountProblems(this.definedByOpenApi ? Object.keys(this.documentIntegrations).length : this.integrationsUsed.size),
      }),
    });
    this.node.addValidation({ validate: () => this.ownGuardProblems(audience) });
    if (props.webAclArn !== undefined) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:webAclNotOnHttpApi',
        'webAclArn: the web ACL protects the user pool only; AWS WAF cannot protect an HTTP API, whose defence is its stage throttle ' +
        '(put a REST API or CloudFront in front of it for per-client rate limits)');
    }
    this.node.addValidation({
      validate: () => {
        if (props.defaultRouteReservedConcurrency !== undefined && this.placeholder === undefined) {
          Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:unusedReservation',
            'defaultRouteReservedConcurrency: every route has an integration or a handler, so there is no placeholder function to reserve it for');
        }
        return [];
      },
    });
  }

  /**
   * What changed the guards this construct made, after it made them: its routes, its JWT authorizer
   * (which `HttpUserPoolAuthorizer` creates on the API when a route first uses it), its document.
   */
  private ownGuardProblems(audience: readonly cognito.IUserPoolClient[]): string[] {
    if (this.definedByOpenApi) return documentOverrideProblems(this.node.findChild('HttpApi').node.findChild('Resource') as CfnResource);
    const routes = new Map([...this.routesByKey].map(([key, route]) => [key, route.node.defaultChild as CfnResource]));
    const named = this.authorizersOfOwnRoutes();
    const [authorizer] = named;
    const byLambda = this.authorizerFunction !== undefined;
    return [
      ...this._ownGuardProblems(routes, {
        scopedType: byLambda ? 'CUSTOM' : 'JWT',
        authorizer: named.size === 1 ? authorizer : undefined,
        scopesInTemplate: !byLambda,
      }),
      ...(named.size > 1 ? [`${this.node.path}: its scoped routes name ${named.size} authorizers, not its one ${byLambda ? 'Lambda' : 'JWT'} authorizer`] : []),
      ...(authorizer && byLambda
        ? changesSinceMade(authorizer as CfnResource, {
          AuthorizerType: 'REQUEST',
          IdentitySource: [...HTTP_IDENTITY_SOURCES],
          AuthorizerUri: Stack.of(this).resolve(lambdaInvocationUri(this, this.authorizerFunction!)),
          AuthorizerPayloadFormatVersion: '2.0',
          EnableSimpleResponses: true,
          AuthorizerResultTtlInSeconds: this._authorizerCacheTtl.toSeconds(),
        })
        : []),
      ...(authorizer && !byLambda
        ? changesSinceMade(authorizer as CfnResource, {
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: Stack.of(this).resolve({
            Audience: audience.map((client) => client.userPoolClientId),
            Issuer: this.scopedUserPool.issuerUrl,
          }),
        })
        : []),
    ];
  }

  /** The authorizer resources the scoped routes this construct added name (one, unless something changed them). */
  private authorizersOfOwnRoutes(): Set<IConstruct> {
    const scopedKeys = new Set(this._routeBook.routes().scoped.map(({ route }) => route.key));
    return new Set([...this.routesByKey].filter(([key]) => scopedKeys.has(key))
      .map(([, route]) => referenceOf(readProperty(route.node.defaultChild as CfnResource, 'AuthorizerId'))?.target)
      .filter((target): target is IConstruct => isResourceOfType(target, 'AWS::ApiGatewayV2::Authorizer')));
  }

  /**
   * Adds a route after construction, guarded like those of `routeScopes`. The same checks apply,
   * and a problem throws at once, naming the route.
   *
   * @param route the route, `'METHOD /path'`
   * @param scopes the scopes that may call it (any one suffices)
   * @param integration what answers it; default: `defaultIntegration`
   */
  public addRoute(route: string, scopes: string[], integration?: apigwv2.HttpRouteIntegration): apigwv2.HttpRoute {
    failOnProblems(this, httpRouteScopeProblems(route, scopes));
    const checked = this._checkAddedRoute(route, scopes);
    return this.addHttpRoute(checked.route, checked.scopes, integration);
  }

  /**
   * The proxy integration of a Lambda function for this API, as `routeHandlers` makes it: one per
   * function, and the first call allows this API, and only it, to invoke the function, with one
   * resource-policy statement however many routes it backs. Pass it to `addRoute`.
   *
   * @param handler the function behind the routes
   */
  public handlerIntegration(handler: lambda.IFunction): apigwv2.HttpRouteIntegration {
    return this.functions.integrationFor(handler);
  }

  /**
   * The HTTP API route of a route key.
   *
   * @param route the route, `'METHOD /path'`, spelled as in `routeScopes` or normalized
   */
  public routeFor(route: string): apigwv2.HttpRoute {
    return this._findRoute(this.routesByKey, route);
  }

  private addHttpRoute(route: RouteKey, scopes: string[], integration?: apigwv2.HttpRouteIntegration, handler?: lambda.IFunction): apigwv2.HttpRoute {
    this._routeBook.record(route, scopes);
    const [httpRoute] = this.routedApi!.addRoutes({
      path: route.path,
      methods: [route.method as apigwv2.HttpMethod],
      integration: this.integrationOf(integration, handler),
      // Explicit even for public routes, so an existing API's default authorizer and default
      // authorization scopes cannot apply (a route without an authorizer takes no scopes).
      ...(scopes.length === 0
        ? { authorizer: new apigwv2.HttpNoneAuthorizer(), authorizationScopes: [] }
        // The Lambda authorizer holds the route's scopes in its map, by route key.
        : this.lambdaAuthorizer
          ? { authorizer: this.lambdaAuthorizer, authorizationScopes: [] }
          : { authorizer: this.authorizer, authorizationScopes: scopes }),
    });
    this.routesByKey.set(route.key, httpRoute);
    if (scopes.length > 0 && !this.lambdaAuthorizer) this.trustPoolIssuer(httpRoute);
    if (scopes.length > 0) this.addPreflightRoute(route);
    return httpRoute;
  }

  /**
   * `HttpUserPoolAuthorizer` writes the original issuer: the JWT authorizer it made when the first
   * scoped route bound it is set to the pool's issuer instead, when that is the updated one.
   */
  private trustPoolIssuer(httpRoute: apigwv2.HttpRoute): void {
    if (this.issuerSet || this.scopedUserPool.issuer !== IssuerType.UPDATED) return;
    const authorizer = referenceOf(readProperty(httpRoute.node.defaultChild as CfnResource, 'AuthorizerId'))?.target;
    if (!isResourceOfType(authorizer, 'AWS::ApiGatewayV2::Authorizer')) {
      throw new Error(`${this.node.path}: aws-cdk-lib did not create the JWT authorizer where expected`);
    }
    // Whole, so the property reads as one value (the audience as aws-cdk-lib wrote it).
    const made = rawProperty(authorizer, 'JwtConfiguration') as { readonly audience?: string[] };
    authorizer.addPropertyOverride('JwtConfiguration', { Audience: made.audience, Issuer: this.scopedUserPool.issuerUrl });
    this.issuerSet = true;
  }

  /**
   * With CORS on, an unauthenticated `OPTIONS` route beside a guarded `ANY` route, answered by the
   * placeholder function (never the route's own backend), so preflights do not meet the authorizer.
   * Left out of the access matrix, as REST preflights are.
   */
  private addPreflightRoute(route: RouteKey): void {
    const preflight = this._corsEnabled ? httpPreflightRoute(route) : undefined;
    if (!preflight || this.preflightRoutes.has(preflight.key) || this.routesByKey.has(preflight.key)) return;
    if (this.definedByOpenApi) {
      this.preflightRoutes.set(preflight.key, undefined);
      this.documentRoutes.push({ route: preflight, scopes: [], integration: this.documentIntegrationOf(this.placeholderFunction()) });
      return;
    }
    const [httpRoute] = this.routedApi!.addRoutes({
      path: preflight.path,
      methods: [apigwv2.HttpMethod.OPTIONS],
      integration: this.integrationOf(this.functions.integrationFor(this.placeholderFunction())),
      authorizer: new apigwv2.HttpNoneAuthorizer(),
      authorizationScopes: [],
    });
    this.preflightRoutes.set(preflight.key, httpRoute);
  }

  /** What answers a route: its integration, its function, else `defaultIntegration` or the placeholder function. */
  private integrationOf(integration?: apigwv2.HttpRouteIntegration, handler?: lambda.IFunction): apigwv2.HttpRouteIntegration {
    const used = integration ?? (handler ? this.functions.integrationFor(handler) : undefined)
      ?? this.defaultIntegration ?? this.functions.integrationFor(this.placeholderFunction());
    this.integrationsUsed.add(used);
    return used;
  }

  /**
   * An HTTP API defined by the OpenAPI document of its routes (`definedByOpenApi`): a constant number
   * of resources; its `$default` stage deploys every change of the document.
   */
  private openApiHttpApi(
    audience: readonly cognito.IUserPoolClient[],
    cors: apigwv2.CorsPreflightOptions | undefined,
  ): { api: apigwv2.IHttpApi; stage: apigwv2.CfnStage } {
    const document = Lazy.any({
      produce: () => httpOpenApiDocument({
        title: `${Names.uniqueId(this)} (cdk-scoped-cognito-api)`,
        // As HttpUserPoolAuthorizer names it, and as the `iss` claim of the pool's tokens reads.
        issuer: this.scopedUserPool.issuerUrl,
        audience: audience.map((client) => client.userPoolClientId),
        cors: cors && httpCorsExtension(cors),
        integrations: this.documentIntegrations,
        lambdaAuthorizer: this.authorizerFunction && {
          uri: lambdaInvocationUriObject(this.authorizerFunction),
          cacheTtlSeconds: this._authorizerCacheTtl.toSeconds(),
        },
      }, this.documentRoutes),
    });
    checkDocumentSizeAtSynth(this, document);
    // At the paths where `HttpApi` puts them, so the API and its stage keep their logical IDs, and the
    // API its ID and URL, when its route count crosses 100 either way.
    const holder = new Construct(this, 'HttpApi');
    const api = new apigwv2.CfnApi(holder, 'Resource', {
      body: document,
      // Authorization lives in the document: an import that would skip part of it fails the deploy.
      failOnWarnings: true,
    });
    return {
      api: apigwv2.HttpApi.fromHttpApiAttributes(this, 'HttpApiOfDocument', { httpApiId: api.ref, apiEndpoint: api.attrApiEndpoint }),
      stage: new apigwv2.CfnStage(new Construct(holder, 'DefaultStage'), 'Resource', { apiId: api.ref, stageName: '$default', autoDeploy: true }),
    };
  }

  private addToDocument(route: RouteKey, scopes: string[], backend: RouteBackend): void {
    this._routeBook.record(route, scopes);
    // `defaultIntegration` is refused in this form: the placeholder answers what no function does.
    this.documentRoutes.push({ route, scopes, integration: this.documentIntegrationOf(backend.handler ?? this.placeholderFunction()) });
    if (scopes.length > 0) this.addPreflightRoute(route);
  }

  /** The placeholder function (`DefaultRoute`), created the first time a route needs it. */
  private placeholderFunction(): lambda.Function {
    this.placeholder ??= functionWithOwnLogs(this, 'DefaultRoute', this.placeholderProps);
    return this.placeholder.fn;
  }

  /** The name of a function's integration in the OpenAPI document: one per function, allowed to invoke it once. */
  private documentIntegrationOf(handler: lambda.IFunction): string {
    this.functions.allow(handler);
    const name = Names.uniqueId(handler);
    this.documentIntegrations[name] = httpFunctionIntegration(handler.functionArn);
    return name;
  }

  /** JSON access logs on the default stage, kept three months and retained with the stack. */
  private addAccessLogs(stage: apigwv2.CfnStage, encryptionKey: kms.IKey | undefined, retention: logs.RetentionDays | undefined): logs.LogGroup {
    const logGroup = accessLogGroup(this, encryptionKey, retention);
    // Set on the CloudFormation stage: aws-cdk-lib 2.189 (the library's floor) has no HttpStage prop for it.
    stage.accessLogSettings = {
      destinationArn: logGroup.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        authorizerError: '$context.authorizer.error',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    return logGroup;
  }
}

/** The stage's throttle, for every route (set on the CloudFormation stage, for both forms). */
function throttleStage(stage: apigwv2.CfnStage, throttle: apigateway.ThrottleSettings | undefined): void {
  const { rateLimit, burstLimit } = stageThrottle(throttle);
  stage.defaultRouteSettings = { throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit };
}

/** Whether the API answers CORS preflights: the created API's `cors`, or the CORS configuration of a passed-in API's template. */
function answersPreflights(props: ScopedCognitoHttpApiProps): boolean {
  if (props.cors !== undefined) return true;
  const api = props.httpApi?.node.defaultChild;
  return isResourceOfType(api, 'AWS::ApiGatewayV2::Api') && rawProperty(api, 'CorsConfiguration') !== undefined;
}

/**
 * Whether the placeholder function must exist beside a `defaultIntegration`: with CORS on, it answers
 * the preflights of the `ANY` routes of `routeScopes` (unauthenticated, so it takes the reservation
 * `defaultRouteReservedConcurrency` gives).
 */
function needsPreflightFunction(props: ScopedCognitoHttpApiProps): boolean {
  return answersPreflights(props) && Object.keys(props.routeScopes).some((key) => parseRouteKey(key).route?.method === 'ANY');
}
