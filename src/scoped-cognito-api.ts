import { Annotations, CfnResource, Lazy, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { OpenApiRoute } from './private/openapi/openapi';
import { MOCK_REQUEST_TEMPLATE, mockResponseBody, restFunctionIntegration, restMockIntegration, restOpenApiDocument } from './private/openapi/openapi-rest';
import { authorizerErrorCorsHeaders, SEVERAL_ORIGINS_WARNING } from './private/openapi/rest-cors';
import { restApiProblems } from './private/rules/api-kind-rules';
import { REST_IDENTITY_SOURCES } from './private/rules/authorizer-rules';
import { restResourceCountWarnings } from './private/rules/quota-rules';
import { RouteKey } from './private/rules/route-key';
import { stageThrottle } from './private/rules/throttle-rules';
import { restServerErrorRate, serverErrorRateAlarm } from './private/wiring/alarms';
import { allowAuthorizerInvocation } from './private/wiring/generated-authorizer';
import { LambdaBackends, lambdaInvocationUri, lambdaInvocationUriObject } from './private/wiring/lambda-backends';
import { accessLogGroup } from './private/wiring/log-groups';
import { changesSinceMade, documentOverrideProblems } from './private/wiring/own-guards';
import { checkDocumentSizeAtSynth } from './private/wiring/template-quotas';
import { RouteBackend, ScopedApiBase } from './scoped-api-base';
import { ScopedRoutesProps } from './scoped-routes-props';

const ALLOW_ORIGIN_HEADER = 'method.response.header.Access-Control-Allow-Origin';

/** Props of {@link ScopedCognitoApi}. */
export interface ScopedCognitoApiProps extends ScopedRoutesProps {
  /**
   * The integration behind each route, keyed like `routeScopes` and `publicRoutes`.
   *
   * @default - a mock integration answering 200 with `{"route": "METHOD /path"}`
   */
  readonly routeIntegrations?: { [route: string]: apigateway.Integration };

  /**
   * An existing REST API to add the routes to.
   *
   * @default - a new regional REST API with access logging and error-level execution logging
   */
  readonly restApi?: apigateway.RestApi;

  /**
   * Whether the created API sets the account's API Gateway CloudWatch role, which execution logs
   * need (`AWS::ApiGateway::Account`, one setting per account and region). Turn it off when the
   * account already has the role, for example when another stack sets it: each API that sets it
   * overwrites the others' setting. Only for the API this construct creates.
   *
   * @default true
   */
  readonly cloudWatchRole?: boolean;

  /**
   * CORS for browser callers: preflight `OPTIONS` stays unauthenticated, and the 401/403
   * responses of the authorizer carry the CORS headers when one origin (or `*`) is allowed; with
   * several, they carry none (a gateway response cannot choose among them), with a warning.
   * `*` origins cannot go with credentials.
   *
   * @default - CORS off
   */
  readonly cors?: apigateway.CorsOptions;
}

/**
 * Scope-based access control for an API Gateway REST API with Cognito, as one unit: a user pool
 * whose access tokens carry the OAuth scopes of the caller's groups (added by a generated Pre
 * Token Generation trigger), machine clients with their own scopes, and a REST API whose methods
 * each require one of their route's scopes. For an HTTP API, see `ScopedCognitoHttpApi`.
 */
export class ScopedCognitoApi extends ScopedApiBase {
  /**
   * The REST API, created or passed in: a `RestApi` with a resource per route, or, when
   * `definedByOpenApi`, a `SpecRestApi` defined by the OpenAPI document of its routes.
   */
  public readonly restApi: apigateway.RestApiBase;
  /**
   * The Cognito user-pools authorizer every scoped route uses (in the OpenAPI document instead, when
   * `definedByOpenApi`; undefined with `Enforcement.LAMBDA_AUTHORIZER`).
   */
  public readonly authorizer?: apigateway.CognitoUserPoolsAuthorizer;
  /**
   * With `Enforcement.LAMBDA_AUTHORIZER`, the `REQUEST` authorizer every scoped route uses, backed by
   * `authorizerFunction`; its cache key is the Authorization header, the method and the resource
   * path (in the OpenAPI document instead, when `definedByOpenApi`).
   */
  public readonly lambdaAuthorizer?: apigateway.RequestAuthorizer;
  /**
   * Validates the request parameters and bodies of the routes this construct adds, against their
   * models (in the OpenAPI document instead, when `definedByOpenApi`).
   */
  public readonly requestValidator?: apigateway.RequestValidator;
  /** The access-log group of the created API's stage (undefined when `restApi` was passed in). */
  public readonly accessLogGroup?: logs.LogGroup;
  /**
   * In alarm when 5% or more of the API's requests in five minutes, 10 at least, answer 5xx
   * (undefined with `alarms: false`). It reads the API's metrics by its name, which the construct
   * makes unique for the API it creates; give a `restApi` you pass in a unique name.
   */
  public readonly serverErrorRateAlarm?: cloudwatch.Alarm;

  private readonly methodsByRoute = new Map<string, apigateway.Method>();
  private readonly cors?: apigateway.CorsOptions;
  private readonly functions: LambdaBackends<apigateway.Integration>;
  /** The routes of the OpenAPI document, when `definedByOpenApi`. */
  private readonly documentRoutes: OpenApiRoute<object>[] = [];
  /** The `AuthorizerUri` of `lambdaAuthorizer` as it was made, resolved. */
  private readonly lambdaAuthorizerUri?: unknown;
  /** The ARN of the pool in the API's Region, which its Cognito authorizer trusts (a replica's there). */
  private readonly userPoolArnInRegion: string;

  constructor(scope: Construct, id: string, props: ScopedCognitoApiProps) {
    // A Cognito user-pools authorizer accepts the access tokens of every app client of the pool.
    super(scope, id, props, {
      name: 'REST',
      corsEnabled: props.cors !== undefined,
      apiPassedIn: props.restApi !== undefined,
      problems: () => restApiProblems(props),
    });
    this.cors = props.cors;
    this.userPoolArnInRegion = this.scopedUserPool._userPoolArnFor(this);
    if (props.cors && !authorizerErrorCorsHeaders(props.cors)) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:corsErrorResponses', SEVERAL_ORIGINS_WARNING);
    }

    if (props.restApi) {
      this.restApi = props.restApi;
      const leftToYou = [props.webAclArn !== undefined ? 'webAclArn' : undefined, props.tracing ? 'tracing' : undefined].filter((p) => p !== undefined);
      if (leftToYou.length > 0) {
        Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:passedInStage',
          `${leftToYou.join(' and ')}: the restApi was passed in, and its stage is yours to configure: associate the web ACL with it ` +
            '(AWS::WAFv2::WebACLAssociation) or turn its tracing on yourself; the construct applies them to its own pool and functions only');
      }
    } else {
      const throttle = stageThrottle(props.throttle);
      this.accessLogGroup = accessLogGroup(this, props.logEncryptionKey, props.logRetention);
      const apiProps: apigateway.RestApiBaseProps = {
        // Unique in the account and Region: the API's CloudWatch metrics name it by this name.
        restApiName: Names.uniqueResourceName(this, { maxLength: 255 }),
        description: 'Scope-guarded API (cdk-scoped-cognito-api)',
        endpointTypes: [apigateway.EndpointType.REGIONAL],
        ...(props.cloudWatchRole === false
          ? { cloudWatchRole: false }
          : { cloudWatchRole: true, cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN }),
        deployOptions: {
          throttlingRateLimit: throttle.rateLimit,
          throttlingBurstLimit: throttle.burstLimit,
          accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
          accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
          loggingLevel: apigateway.MethodLoggingLevel.ERROR,
          dataTraceEnabled: false,
          ...(props.tracing ? { tracingEnabled: true } : {}),
        },
      };
      this.restApi = this.definedByOpenApi ? this.openApiRestApi(apiProps) : new apigateway.RestApi(this, 'RestApi', apiProps);
      if (props.webAclArn !== undefined) {
        // Rate-based rules per client IP, before the stage throttle and the authorizer.
        new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.restApi.deploymentStage.stageArn, webAclArn: props.webAclArn });
      }
    }
    if (!this.definedByOpenApi) {
      this.requestValidator = new apigateway.RequestValidator(this, 'RequestValidator', {
        restApi: this.restApi,
        validateRequestBody: true,
        validateRequestParameters: true,
      });
      if (this.authorizerFunction) {
        this.lambdaAuthorizer = new apigateway.RequestAuthorizer(this, 'Authorizer', {
          handler: this.authorizerFunction,
          identitySources: [...REST_IDENTITY_SOURCES],
          resultsCacheTtl: this._authorizerCacheTtl,
        });
        // As made, for the check that nothing changed it since.
        this.lambdaAuthorizerUri = Stack.of(this).resolve((this.lambdaAuthorizer.node.defaultChild as apigateway.CfnAuthorizer).authorizerUri);
      } else {
        this.authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
          cognitoUserPools: [this.userPool],
        });
        // The pool in the API's Region: a replica there, if the pool has one.
        (this.authorizer.node.defaultChild as apigateway.CfnAuthorizer).providerArns = [this.userPoolArnInRegion];
      }
      if (props.cors) this.addCorsToAuthorizerResponses(props.cors);
      if (this.authorizerFunction) this.refuseOnAuthorizerFailure(props.cors);
    } else if (this.authorizerFunction) {
      allowAuthorizerInvocation(this, this.authorizerFunction, this.restApi.restApiId);
    }
    this.functions = new LambdaBackends(this, () => this.restApi.restApiId, (fn) => new apigateway.Integration({
      type: apigateway.IntegrationType.AWS_PROXY,
      integrationHttpMethod: 'POST',
      uri: lambdaInvocationUri(this, fn),
    }));

    if (this.definedByOpenApi) {
      this._addRoutesOfProps((route, scopes, backend) => this.addToDocument(route, scopes, backend));
    } else {
      this._addRoutesOfProps((route, scopes, backend) => this.addMethod(route, scopes, this.integrationOf(backend)));
    }
    if (props.alarms !== false) {
      this.serverErrorRateAlarm = serverErrorRateAlarm(this, restServerErrorRate(this.restApi), props.alarmTopic);
    }
    this.node.addValidation({
      validate: () => this._foreignRouteFindings(
        this.restApi.restApiId,
        new Set([...this.methodsByRoute.values()].map((m) => m.node.defaultChild!)),
        this.lambdaAuthorizer?.node.defaultChild,
      ),
    });
    this.node.addValidation({
      validate: () => this._quotaFindings({ warnings: restResourceCountWarnings(this.routePaths()), problems: [] }),
    });
    this.node.addValidation({ validate: () => this.ownGuardProblems() });
  }

  /** What changed the guards this construct made, after it made them: its methods, its authorizer, its document. */
  private ownGuardProblems(): string[] {
    const methods = new Map([...this.methodsByRoute].map(([key, method]) => [key, method.node.defaultChild as CfnResource]));
    const lambdaAuthorizer = this.lambdaAuthorizer?.node.defaultChild as CfnResource | undefined;
    return [
      ...this._ownGuardProblems(methods, lambdaAuthorizer
        ? { scopedType: 'CUSTOM', authorizer: lambdaAuthorizer, scopesInTemplate: false }
        : { scopedType: 'COGNITO_USER_POOLS', authorizer: this.authorizer?.node.defaultChild, scopesInTemplate: true }),
      ...(lambdaAuthorizer
        ? changesSinceMade(lambdaAuthorizer, {
          Type: 'REQUEST',
          IdentitySource: REST_IDENTITY_SOURCES.join(','),
          AuthorizerUri: this.lambdaAuthorizerUri,
          AuthorizerResultTtlInSeconds: this._authorizerCacheTtl.toSeconds(),
        })
        : []),
      ...(this.authorizer
        ? changesSinceMade(this.authorizer.node.defaultChild as CfnResource, {
          ProviderARNs: Stack.of(this).resolve([this.userPoolArnInRegion]),
          Type: 'COGNITO_USER_POOLS',
        })
        : []),
      ...(this.definedByOpenApi ? documentOverrideProblems(this.restApi.node.defaultChild as CfnResource) : []),
    ];
  }

  /**
   * Adds a route after construction, guarded like those of `routeScopes`. The same checks apply,
   * and a problem throws at once, naming the route.
   *
   * @param route the route, `'METHOD /path'`
   * @param scopes the scopes that may call it (any one suffices)
   * @param integration what answers it; default: a mock answering 200
   */
  public addRoute(route: string, scopes: string[], integration?: apigateway.Integration): apigateway.Method {
    const checked = this._checkAddedRoute(route, scopes);
    return this.addMethod(checked.route, checked.scopes, integration);
  }

  /**
   * The proxy integration of a Lambda function for this API, as `routeHandlers` makes it: one per
   * function, and the first call allows this API, and only it, to invoke the function, with one
   * resource-policy statement however many routes it backs. Pass it to `addRoute`.
   *
   * @param handler the function behind the routes
   */
  public handlerIntegration(handler: lambda.IFunction): apigateway.Integration {
    return this.functions.integrationFor(handler);
  }

  /**
   * The API Gateway method of a route.
   *
   * @param route the route, `'METHOD /path'`, spelled as in `routeScopes` or normalized
   */
  public routeFor(route: string): apigateway.Method {
    return this._findRoute(this.methodsByRoute, route);
  }

  /**
   * The API Gateway method of a route.
   *
   * @deprecated use `routeFor`, the name both API constructs share
   * @param route the route, `'METHOD /path'`, spelled as in `routeScopes` or normalized
   */
  public methodFor(route: string): apigateway.Method {
    return this.routeFor(route);
  }

  private integrationOf(backend: RouteBackend): apigateway.Integration | undefined {
    return backend.handler ? this.functions.integrationFor(backend.handler) : backend.integration as apigateway.Integration | undefined;
  }

  /** A REST API defined by the OpenAPI document of its routes (`definedByOpenApi`): a constant number of resources. */
  private openApiRestApi(apiProps: apigateway.RestApiBaseProps): apigateway.SpecRestApi {
    const document = Lazy.any({
      produce: () => restOpenApiDocument({
        title: `${Names.uniqueId(this)} (cdk-scoped-cognito-api)`,
        userPoolArn: this.userPoolArnInRegion,
        cors: this.cors,
        lambdaAuthorizer: this.authorizerFunction && {
          uri: lambdaInvocationUriObject(this.authorizerFunction),
          cacheTtlSeconds: this._authorizerCacheTtl.toSeconds(),
        },
      }, this.documentRoutes),
    });
    checkDocumentSizeAtSynth(this, document);
    // aws-cdk-lib hashes the API's definition into the deployment's logical ID: each change of the
    // document deploys anew (a test checks it).
    const api = new apigateway.SpecRestApi(this, 'RestApi', {
      ...apiProps,
      apiDefinition: apigateway.ApiDefinition.fromInline(document),
      // Authorization lives in the document: an import that would skip part of it fails the deploy.
      failOnWarnings: true,
    });
    // The document is the whole API: each import replaces what it defines.
    (api.node.defaultChild as apigateway.CfnRestApi).mode = 'overwrite';
    return api;
  }

  private routePaths(): string[] {
    const routes = this._routeBook.routes();
    return [...routes.scoped.map(({ route }) => route.path), ...routes.public.map((route) => route.path)];
  }

  private addToDocument(route: RouteKey, scopes: string[], backend: RouteBackend): void {
    this._routeBook.record(route, scopes);
    this.documentRoutes.push({
      route,
      scopes,
      integration: backend.handler ? this.documentIntegration(backend.handler) : restMockIntegration(route.key, this.cors),
    });
  }

  private documentIntegration(handler: lambda.IFunction): object {
    this.functions.allow(handler);
    return restFunctionIntegration(lambdaInvocationUriObject(handler));
  }

  private addMethod(route: RouteKey, scopes: string[], integration?: apigateway.Integration): apigateway.Method {
    const resource = this.restApi.root.resourceForPath(route.path);
    if (this.cors && !resource.node.tryFindChild('OPTIONS') && !this.restApi.root.defaultCorsPreflightOptions) {
      resource.addCorsPreflight(this.cors);
    }
    const isPublic = scopes.length === 0;
    this._routeBook.record(route, scopes);
    const guard: apigateway.MethodOptions = isPublic
      ? { authorizationType: apigateway.AuthorizationType.NONE }
      // The Lambda authorizer holds the route's scopes in its map, by the method and resource path.
      : this.lambdaAuthorizer
        ? { authorizationType: apigateway.AuthorizationType.CUSTOM, authorizer: this.lambdaAuthorizer }
        : { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer: this.authorizer, authorizationScopes: scopes };
    const method = resource.addMethod(route.method, integration ?? this.mockIntegration(route), {
      requestValidator: this.requestValidator,
      ...guard,
      ...(integration ? {} : { methodResponses: [{ statusCode: '200', responseParameters: this.corsMethodResponseParameters() }] }),
    });
    this.methodsByRoute.set(route.key, method);
    return method;
  }

  private mockIntegration(route: RouteKey): apigateway.Integration {
    return new apigateway.MockIntegration({
      passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
      requestTemplates: { 'application/json': MOCK_REQUEST_TEMPLATE },
      integrationResponses: [
        {
          statusCode: '200',
          responseTemplates: { 'application/json': mockResponseBody(route.key) },
          responseParameters: this.corsIntegrationResponseParameters(),
        },
      ],
    });
  }

  /** Mock responses name the first allowed origin, when CORS is on. */
  private corsIntegrationResponseParameters(): { [name: string]: string } | undefined {
    const origin = this.cors?.allowOrigins[0];
    return origin === undefined ? undefined : { [ALLOW_ORIGIN_HEADER]: `'${origin}'` };
  }

  private corsMethodResponseParameters(): { [name: string]: boolean } | undefined {
    return this.cors === undefined ? undefined : { [ALLOW_ORIGIN_HEADER]: true };
  }

  /**
   * A Lambda authorizer that fails (a crash, a timeout, a throttle) is a 500 by default
   * (`AUTHORIZER_FAILURE`, `AUTHORIZER_CONFIGURATION_ERROR`): the API answers 401 instead, a refusal
   * like any other, with the CORS headers of the authorizer's other refusals.
   */
  private refuseOnAuthorizerFailure(cors: apigateway.CorsOptions | undefined): void {
    const responseHeaders = cors && authorizerErrorCorsHeaders(cors);
    for (const type of [apigateway.ResponseType.AUTHORIZER_FAILURE, apigateway.ResponseType.AUTHORIZER_CONFIGURATION_ERROR]) {
      this.restApi.addGatewayResponse(`Refuse${type.responseType}`, {
        type,
        statusCode: '401',
        templates: { 'application/json': '{"message":"Unauthorized"}' },
        ...(responseHeaders ? { responseHeaders } : {}),
      });
    }
  }

  /** 401 and 403 come from the authorizer, before any integration: they need CORS headers too. */
  private addCorsToAuthorizerResponses(cors: apigateway.CorsOptions): void {
    const responseHeaders = authorizerErrorCorsHeaders(cors);
    if (!responseHeaders) return;
    for (const type of [apigateway.ResponseType.UNAUTHORIZED, apigateway.ResponseType.ACCESS_DENIED]) {
      this.restApi.addGatewayResponse(`Cors${type.responseType}`, { type, responseHeaders });
    }
  }
}
