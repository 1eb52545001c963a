/**
 * Enforcement.LAMBDA_AUTHORIZER, as the templates show it: a Lite pool without a trigger, a
 * generated REQUEST authorizer on every scoped route of both API kinds and both forms, keyed on the
 * token and the route, with its map in the asset, and the refusals of what has no place with it.
 */
import { App, CfnCondition, CfnResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Enforcement, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { shippedAuthorizerMap } from './lambda/shipped-authorizer';
import { newStack, principalColumns, problemsOf, SEED, synthApi, synthHttpApi } from './util';

const LITE = { enforcement: Enforcement.LAMBDA_AUTHORIZER };
const MAPS = {
  groupScopes: { Admin: ['orders/read', 'orders/write'], Reader: ['orders/read'] },
  routeScopes: { 'GET /orders': ['orders/read'], 'ANY /orders/{id}': ['orders/write'], 'GET /files/{proxy+}': ['orders/read'] },
  publicRoutes: ['GET /health'],
  machineClients: [{ name: 'billing', scopes: ['orders/read'] }],
};

function hundredAndOneRoutes(): { [route: string]: string[] } {
  return Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['orders/read']]));
}

describe('the pool', () => {
  test('is on Lite with no trigger, no LambdaConfig and no trigger alarms', () => {
    const { api, template } = synthApi({ ...MAPS, ...LITE });
    const pool = template.findResources('AWS::Cognito::UserPool');
    const [properties] = Object.values(pool).map((r) => r.Properties);
    expect(properties.UserPoolTier).toBe('LITE');
    expect(properties.LambdaConfig).toBeUndefined();
    expect(api.triggerFunction).toBeUndefined();
    expect(api.scopedUserPool.triggerErrorsAlarm).toBeUndefined();
    expect(api.scopedUserPool.enforcement).toBe(Enforcement.LAMBDA_AUTHORIZER);
    expect(JSON.stringify(template.toJSON())).not.toContain('PreTokenGeneration');
  });

  test('may be on Essentials or Plus with the authorizer', () => {
    const { template } = synthApi({ ...SEED, ...LITE, featurePlan: cognito.FeaturePlan.ESSENTIALS });
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'ESSENTIALS' });
  });

  test('the default enforcement on Lite is refused, naming the authorizer', () => {
    const problems = problemsOf(() => synthApi({ featurePlan: cognito.FeaturePlan.LITE }));
    expect(problems.join('\n')).toMatch(/LITE cannot run the V2_0 .*Enforcement\.LAMBDA_AUTHORIZER/);
  });

  test('the trigger settings and machine-client claims are refused, saying why', () => {
    const problems = problemsOf(() => synthApi({
      ...LITE,
      triggerEventVersion: cognito.LambdaVersion.V3_0,
      triggerReservedConcurrency: 5,
      groupScopes: MAPS.groupScopes,
      routeScopes: MAPS.routeScopes,
      machineClients: [{ name: 'billing', scopes: ['orders/read'], claims: { tenant: 'a' } }],
    }));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^triggerEventVersion: Enforcement.LAMBDA_AUTHORIZER runs no Pre Token Generation trigger/),
      expect.stringMatching(/^triggerReservedConcurrency: .*authorizerReservedConcurrency/),
      expect.stringMatching(/^machineClients 'billing'.claims: only the V3_0 .*\$context.authorizer.clientId/),
    ]));
  });

  test('a Pre Token Generation trigger added to the pool afterwards is refused: it can rewrite cognito:groups', () => {
    const stack = newStack();
    const pool = new ScopedUserPool(stack, 'Pool', { groupScopes: MAPS.groupScopes, ...LITE });
    const fn = new lambda.Function(stack, 'Mine', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    pool.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, fn);
    expect(() => Template.fromStack(stack)).toThrow(/a Pre Token Generation trigger was added to the pool, which can change the cognito:groups claim/);
  });

  test('a passed-in pool with a trigger is refused; one in another stack is fine (no trigger has to live beside it)', () => {
    const app = new App();
    const poolStack = new Stack(app, 'Pools');
    const userPool = new cognito.UserPool(poolStack, 'Existing', { featurePlan: cognito.FeaturePlan.LITE });
    const apiStack = new Stack(app, 'Apis');
    const api = new ScopedCognitoApi(apiStack, 'Api', { ...SEED, ...LITE, userPool });
    expect(Template.fromStack(apiStack).resourceCountIs('AWS::ApiGateway::Authorizer', 1)).toBeUndefined();
    expect(api.authorizerFunction).toBeDefined();

    const stack = newStack();
    const withTrigger = new cognito.UserPool(stack, 'WithTrigger', {
      lambdaTriggers: { preTokenGeneration: new lambda.Function(stack, 'T', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromInline('x') }) },
    });
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { ...SEED, ...LITE, userPool: withTrigger })).join('\n'))
      .toMatch(/the pool has a pre-token-generation trigger, which can change the cognito:groups claim/);
  });

  test('an API on a shared pool follows its enforcement; a conflicting one is an error naming both', () => {
    const stack = newStack();
    const pool = new ScopedUserPool(stack, 'Pool', { groupScopes: MAPS.groupScopes, ...LITE });
    const same = new ScopedCognitoHttpApi(stack, 'Same', { scopedUserPool: pool, routeScopes: MAPS.routeScopes, ...LITE });
    const follows = new ScopedCognitoApi(stack, 'Follows', { scopedUserPool: pool, routeScopes: MAPS.routeScopes });
    expect(same.authorizerFunction).toBeDefined();
    expect(follows.authorizerFunction).toBeDefined();
    const problems = problemsOf(() => new ScopedCognitoApi(stack, 'Other', {
      scopedUserPool: pool, routeScopes: MAPS.routeScopes, enforcement: Enforcement.ACCESS_TOKEN_SCOPES,
    }));
    expect(problems).toEqual([
      'enforcement: ACCESS_TOKEN_SCOPES, but the API follows the enforcement of its scopedUserPool, TestStack/Pool, which is LAMBDA_AUTHORIZER; ' +
        'set enforcement on the ScopedUserPool, or leave it out here',
    ]);
  });
});

describe('a REST API', () => {
  test('guards scoped routes with a REQUEST authorizer keyed on the token, the method and the resource path', () => {
    const { template } = synthApi({ ...MAPS, ...LITE });
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.Authorization,context.httpMethod,context.resourcePath',
      AuthorizerResultTtlInSeconds: 300,
    });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((r) => r.Properties);
    const scoped = methods.filter((m) => m.HttpMethod !== 'OPTIONS' && m.AuthorizationType !== 'NONE');
    expect(scoped).toHaveLength(3);
    for (const method of scoped) {
      expect(method.AuthorizationType).toBe('CUSTOM');
      expect(method.AuthorizationScopes).toBeUndefined();
      expect(method.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^ApiAuthorizer/) });
    }
  });

  test('answers an authorizer failure 401, never 500', () => {
    const { template } = synthApi({ ...MAPS, ...LITE });
    for (const type of ['AUTHORIZER_FAILURE', 'AUTHORIZER_CONFIGURATION_ERROR']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', { ResponseType: type, StatusCode: '401' });
    }
  });

  test('ships the map of its scoped routes and the pool\'s groups; accepts any client of the pool, as the Cognito authorizer did', () => {
    const { stack, api, template } = synthApi({ ...MAPS, ...LITE });
    expect(shippedAuthorizerMap(stack, api.authorizerFunction!)).toEqual({
      api: 'REST',
      acceptedClients: 'anyOfPool',
      baseScopes: ['openid', 'profile'],
      groups: [['Admin', ['orders/read', 'orders/write']], ['Reader', ['orders/read']]],
      resourceServers: [['orders', ['read', 'write']]],
      routes: [['ANY /orders/{id}', ['orders/write']], ['GET /files/{proxy+}', ['orders/read']], ['GET /orders', ['orders/read']]],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { USER_POOL_ID: { Ref: Match.stringLikeRegexp('^ApiCognitoUserPool') } } },
      Timeout: 5,
      MemorySize: 256,
      Architectures: ['arm64'],
    });
  });

  test('takes the cache TTL, 0 turns caching off; outside 0..3600 whole seconds is refused', () => {
    synthApi({ ...MAPS, ...LITE, authorizerCacheTtl: Duration.seconds(0) }).template
      .hasResourceProperties('AWS::ApiGateway::Authorizer', { AuthorizerResultTtlInSeconds: 0 });
    expect(problemsOf(() => synthApi({ ...MAPS, ...LITE, authorizerCacheTtl: Duration.hours(2) })))
      .toEqual([expect.stringMatching(/^authorizerCacheTtl: 7200 s; .* from 0 \(off\) to 3600/)]);
    expect(problemsOf(() => synthApi({ ...MAPS, authorizerCacheTtl: Duration.minutes(1), authorizerReservedConcurrency: 2 }))).toEqual([
      'authorizerCacheTtl: there is no Lambda authorizer with ACCESS_TOKEN_SCOPES; remove it, or set enforcement: Enforcement.LAMBDA_AUTHORIZER',
      'authorizerReservedConcurrency: there is no Lambda authorizer with ACCESS_TOKEN_SCOPES; remove it, or set enforcement: Enforcement.LAMBDA_AUTHORIZER',
    ]);
  });

  test('alarms on errors other than its 401 refusals, on throttles and on duration', () => {
    const { api, template } = synthApi({ ...MAPS, ...LITE, authorizerReservedConcurrency: 10 });
    expect(api.authorizerErrorsAlarm && api.authorizerThrottlesAlarm && api.authorizerDurationAlarm).toBeDefined();
    template.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.message.decision = "unauthorized" }' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'errors - FILL(refusals, 0)' })]),
    });
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 10 });
  });

  test('refuses addRoute: the map ships with the code', () => {
    const { api } = synthApi({ ...MAPS, ...LITE });
    expect(() => api.addRoute('GET /later', ['orders/read'])).toThrow(/with Enforcement.LAMBDA_AUTHORIZER, the authorizer's map of routes ships with its code/);
  });

  test('an override that puts scopes or another identity source on the guard fails synth', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { ...MAPS, ...LITE });
    (api.routeFor('GET /orders').node.defaultChild as CfnResource).addPropertyOverride('AuthorizationScopes', ['orders/read']);
    (api.lambdaAuthorizer!.node.defaultChild as CfnResource).addPropertyOverride('IdentitySource', 'method.request.header.Authorization');
    (api.lambdaAuthorizer!.node.defaultChild as CfnResource).addPropertyOverride('AuthorizerResultTtlInSeconds', 3600);
    expect(() => Template.fromStack(stack)).toThrow(/GET \/orders: the template guards it otherwise[\s\S]*its IdentitySource was changed[\s\S]*its AuthorizerResultTtlInSeconds was changed/);
  });

  test('in the OpenAPI form: the request authorizer in the document, its permission, and every route in the map', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { groupScopes: MAPS.groupScopes, routeScopes: hundredAndOneRoutes(), ...LITE });
    const template = Template.fromStack(stack);
    const [body] = Object.values(template.findResources('AWS::ApiGateway::RestApi')).map((r) => r.Properties.Body);
    const scheme = body.components.securitySchemes.ScopedLambdaAuthorizer;
    expect(scheme['x-amazon-apigateway-authtype']).toBe('custom');
    expect(scheme['x-amazon-apigateway-authorizer']).toMatchObject({
      type: 'request',
      identitySource: 'method.request.header.Authorization, context.httpMethod, context.resourcePath',
      authorizerResultTtlInSeconds: 300,
    });
    expect(body.paths['/r0'].get.security).toEqual([{ ScopedLambdaAuthorizer: [] }]);
    expect(body['x-amazon-apigateway-gateway-responses'].AUTHORIZER_FAILURE.statusCode).toBe(401);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/\\*$')])] },
    });
    expect(shippedAuthorizerMap(stack, api.authorizerFunction!).routes).toHaveLength(101);
  });
});

describe('an HTTP API', () => {
  test('guards scoped routes with a simple-response Lambda authorizer keyed on the token and the route key, accepting its clients only', () => {
    const { stack, api, template } = synthHttpApi({ ...MAPS, ...LITE });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.Authorization', '$context.routeKey'],
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
      AuthorizerResultTtlInSeconds: 300,
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    for (const route of routes.filter((r) => r.RouteKey !== 'GET /health')) {
      expect(route.AuthorizationType).toBe('CUSTOM');
      expect(route.AuthorizationScopes).toBeUndefined();
    }
    expect(shippedAuthorizerMap(stack, api.authorizerFunction!)).toMatchObject({ api: 'HTTP', acceptedClients: 'listed' });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: Match.stringLikeRegexp('HTTP API') } }));
    const clientIds = stack.resolve(fn.Properties.Environment.Variables.CLIENT_IDS);
    expect(JSON.stringify(clientIds)).toContain('ApiCognitoClient');
    expect(JSON.stringify(clientIds)).toContain('ApiCognitoMachineClientbilling');
  });

  test('in the OpenAPI form: the Lambda authorizer in the document with the route key in its identity sources', () => {
    const stack = newStack();
    new ScopedCognitoHttpApi(stack, 'Api', { groupScopes: MAPS.groupScopes, routeScopes: hundredAndOneRoutes(), ...LITE });
    const template = Template.fromStack(stack);
    const [body] = Object.values(template.findResources('AWS::ApiGatewayV2::Api')).map((r) => r.Properties.Body);
    expect(body.components.securitySchemes.ScopedLambdaAuthorizer['x-amazon-apigateway-authorizer']).toMatchObject({
      type: 'request',
      identitySource: '$request.header.Authorization, $context.routeKey',
      enableSimpleResponses: true,
      authorizerPayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/\\*$')])] },
    });
  });
});

test('the access matrix is the same for the same maps under either enforcement (both kinds)', () => {
  for (const synth of [synthApi, synthHttpApi]) {
    const scopes = synth(MAPS).api.accessMatrix();
    const lite = synth({ ...MAPS, ...LITE }).api.accessMatrix();
    expect(principalColumns(lite)).toEqual(principalColumns(scopes));
  }
});

describe('what would make the authorizer weaker than the matrix', () => {
  test('a change of its function (environment, code, layers) after the construct made it fails synth', () => {
    const changes: Array<(api: ScopedCognitoApi) => void> = [
      (api) => api.authorizerFunction!.addEnvironment('USER_POOL_ID', 'eu-west-1_Attacker'),
      (api) => api.authorizerFunction!.addEnvironment('NODE_OPTIONS', '--require /opt/other.js'),
      (api) => (api.authorizerFunction!.node.defaultChild as CfnResource).addPropertyOverride('Code', { ZipFile: 'exports.handler = async () => ({})' }),
      (api) => api.authorizerFunction!.addLayers(lambda.LayerVersion.fromLayerVersionArn(api, 'Layer', 'arn:aws:lambda:eu-west-1:111111111111:layer:x:1')),
      (api) => (api.authorizerFunction!.node.defaultChild as CfnResource).addPropertyOverride('Handler', 'other.handler'),
    ];
    for (const change of changes) {
      const stack = newStack();
      const api = new ScopedCognitoApi(stack, 'Api', { ...MAPS, ...LITE });
      change(api);
      expect(() => Template.fromStack(stack)).toThrow(/TestStack\/Api\/AuthorizerFunction\/Resource: its (Environment|Code|Layers|Handler) was changed after the construct made it/);
    }
  });

  test('either generated function (the authorizer, the trigger) replaced in the tree, retyped or made conditional fails synth', () => {
    const made: Array<[string, (stack: Stack) => lambda.Function]> = [
      ['Api/AuthorizerFunction', (stack) => new ScopedCognitoApi(stack, 'Api', { ...MAPS, ...LITE }).authorizerFunction!],
      ['Api/Cognito/PreTokenGeneration', (stack) => new ScopedCognitoApi(stack, 'Api', MAPS).scopedUserPool.triggerFunction!],
    ];
    const changes: Array<[string, (fn: lambda.Function) => void]> = [
      ['a CloudFormation condition was put on it', (fn) => {
        (fn.node.defaultChild as CfnResource).cfnOptions.condition = new CfnCondition(fn, 'Never', { expression: Fn.conditionEquals('a', 'b') });
      }],
      ['its resource type was changed', (fn) => (fn.node.defaultChild as CfnResource).addOverride('Type', 'Custom::Lookalike')],
      ['it was removed or replaced', (fn) => {
        fn.node.tryRemoveChild('Resource');
        new lambda.CfnFunction(fn, 'Resource', { code: { zipFile: 'exports.handler = async (e) => e' }, role: 'arn:aws:iam::111111111111:role/x' });
      }],
    ];
    for (const [path, make] of made) {
      for (const [change, edit] of changes) {
        const stack = newStack();
        edit(make(stack));
        expect(() => Template.fromStack(stack)).toThrow(`TestStack/${path}/Resource: ${change} after the construct made it`);
      }
    }
  });

  test('a route added beside the construct that uses its authorizer is an error (REST would decide it as the ANY route of its path)', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { ...MAPS, ...LITE, routeScopes: { 'ANY /orders': ['orders/read'] } });
    api.restApi.root.getResource('orders')!.addMethod('DELETE', undefined, { authorizer: api.lambdaAuthorizer, authorizationType: apigateway.AuthorizationType.CUSTOM });
    expect(() => Template.fromStack(stack)).toThrow(/DELETE \/orders: a route this construct did not add uses its generated Lambda authorizer/);

    const httpStack = newStack();
    const http = new ScopedCognitoHttpApi(httpStack, 'Api', { ...MAPS, ...LITE });
    (http.httpApi as apigwv2.HttpApi).addRoutes({
      path: '/admin',
      methods: [apigwv2.HttpMethod.DELETE],
      authorizer: http.lambdaAuthorizer,
      integration: new integrations.HttpUrlIntegration('Backend', 'https://backend.example.com'),
    });
    expect(() => Template.fromStack(httpStack)).toThrow(/DELETE \/admin: a route this construct did not add uses its generated Lambda authorizer/);
  });

  test('a pool on the authorizer with no API attached says nothing enforces its maps', () => {
    const stack = newStack();
    new ScopedUserPool(stack, 'Pool', { groupScopes: MAPS.groupScopes, ...LITE });
    Template.fromStack(stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('nothingEnforces'))).toHaveLength(1);
  });
});
