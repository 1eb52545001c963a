import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ScopedCognitoHttpApi, ScopedCognitoHttpApiProps } from '../src';
import { routesOf } from './template-oracle';
import { newStack, problemsOf, SEED, synthApi, synthHttpApi } from './util';

const problems = (props: Partial<ScopedCognitoHttpApiProps>) => problemsOf(() => synthHttpApi(props));

describe('ScopedCognitoHttpApi', () => {
  test('guards each route with the user-pool JWT authorizer and its scopes', () => {
    const { template } = synthHttpApi({ routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly', 'api/admin'] } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /admin',
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: Match.stringLikeRegexp('Authorizer') },
      AuthorizationScopes: ['api/admin'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /readonly', AuthorizationScopes: ['api/readonly', 'api/admin'] });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
  });

  test('the authorizer trusts the pool as issuer and the user and machine clients as audience', () => {
    const { template } = synthHttpApi({ machineClients: [{ name: 'reporting', scopes: ['api/readonly'] }] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: Match.stringLikeRegexp('CognitoUserPool') }]] },
        Audience: [{ Ref: Match.stringLikeRegexp('CognitoClient') }, { Ref: Match.stringLikeRegexp('CognitoMachineClientreporting') }],
      },
    });
  });

  test('additionalClients: other clients of the pool join the audience, so their users\' access tokens pass too', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const webClient = userPool.addClient('Web');
    const { template } = synthHttpApi({ userPool, additionalClients: [webClient] }, stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: Match.objectLike({
        Issuer: { 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: stack.getLogicalId(userPool.node.defaultChild as cognito.CfnUserPool) }]] },
        Audience: [{ Ref: Match.stringLikeRegexp('CognitoClient') }, { Ref: stack.getLogicalId(webClient.node.defaultChild as cognito.CfnUserPoolClient) }],
      }),
    });
  });

  test('shares the Cognito half with the REST construct: the same props give the same Cognito resources', () => {
    const cognitoOf = (template: Template) =>
      Object.fromEntries(Object.entries(template.toJSON().Resources as Record<string, any>).filter(([, r]) => /^AWS::Cognito::/.test(r.Type)));
    const props = { machineClients: [{ name: 'reporting', scopes: ['api/readonly'] }] };
    expect(cognitoOf(synthHttpApi(props).template)).toEqual(cognitoOf(synthApi(props).template));
  });

  test('answers with a small default function, or with the given integrations', () => {
    const { template, api } = synthHttpApi({ publicRoutes: ['GET /health'] });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 128,
      Code: { ZipFile: Match.stringLikeRegexp('event.routeKey') },
    });
    // One integration for every route, and one permission: this API may invoke it, whatever the route.
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    expect(Object.values(template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'apigateway.amazonaws.com' } }))).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ SourceArn: { 'Fn::Join': ['', expect.arrayContaining([{ Ref: expect.stringMatching(/^ApiHttpApi/) }, '/*'])] } }) }),
    ]);
    expect(api.defaultRouteFunction).toBeDefined();

    const stack = newStack();
    const url = new integrations.HttpUrlIntegration('Orders', 'https://orders.example.com');
    const fallback = new integrations.HttpUrlIntegration('Fallback', 'https://fallback.example.com');
    const given = synthHttpApi({ routeIntegrations: { 'GET /admin': url }, defaultIntegration: fallback }, stack);
    given.template.resourceCountIs('AWS::Lambda::Function', 1); // the trigger only
    given.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://orders.example.com' });
    given.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://fallback.example.com' });
    expect(given.api.defaultRouteFunction).toBeUndefined();
  });

  test('public routes take no token, and only when declared', () => {
    const { template } = synthHttpApi({ publicRoutes: ['GET /health'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /health',
      AuthorizationType: 'NONE',
      AuthorizationScopes: Match.absent(),
    });
    expect(problems({ routeScopes: { 'GET /health': [] } })).toEqual([
      "routeScopes['GET /health']: no scopes; list the scopes that may call it, or declare it in publicRoutes",
    ]);
  });

  test('creates an HTTP API whose default stage writes JSON access logs, kept 3 months and retained', () => {
    const { template } = synthHttpApi();
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context.requestId'),
      },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 90 }, DeletionPolicy: 'Retain' });
  });

  test('adds the routes to an existing HTTP API; its default authorizer applies to none of them', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'OtherPool');
    const httpApi = new apigwv2.HttpApi(stack, 'Existing', {
      defaultAuthorizer: new authorizers.HttpUserPoolAuthorizer('Other', pool),
    });
    const { template, api } = synthHttpApi({ httpApi, publicRoutes: ['GET /health'] }, stack);
    expect(api.httpApi).toBe(httpApi);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
    const adminRoute = Object.values<any>(template.findResources('AWS::ApiGatewayV2::Route')).find((r) => r.Properties.RouteKey === 'GET /admin');
    expect(adminRoute.Properties.AuthorizerId).toEqual(stack.resolve(api.authorizer!.authorizerId));
    expect(api.accessLogGroup).toBeUndefined();
  });

  test('an existing HTTP API\'s default authorization scopes land on no route: public routes take no token, scoped ones their own scopes', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'OtherPool');
    const httpApi = new apigwv2.HttpApi(stack, 'Existing', {
      defaultAuthorizer: new authorizers.HttpUserPoolAuthorizer('Other', pool),
      defaultAuthorizationScopes: ['api/readonly'],
    });
    const { template } = synthHttpApi({ httpApi, publicRoutes: ['GET /health'] }, stack);
    const routes = Object.fromEntries(Object.values<any>(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey, r.Properties]));
    expect(routes['GET /health'].AuthorizationType).toBe('NONE');
    expect(routes['GET /health'].AuthorizationScopes).toBeUndefined();
    expect(routes['GET /admin'].AuthorizationScopes).toEqual(['api/admin']);
  });

  test('addRoute adds a scoped route after construction, checked like the others; routeFor finds it', () => {
    const stack = newStack();
    const api = new ScopedCognitoHttpApi(stack, 'Api', SEED);
    const route = api.addRoute('DELETE /admin/{id}', ['api/admin']);
    expect(api.routeFor('delete /admin/{id}')).toBe(route);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'DELETE /admin/{id}', AuthorizationScopes: ['api/admin'] });
    expect(() => api.addRoute('GET /other', ['api/admn'])).toThrow(/scope 'api\/admn' is granted to no group or machine client/);
    expect(() => api.addRoute('GET /admin', ['api/admin'])).toThrow(/the same route as 'GET \/admin'/);
    expect(() => api.routeFor('GET /nope')).toThrow("TestStack/Api: no route 'GET /nope' (known: GET /admin, GET /readonly, DELETE /admin/{id})");
    expect(api.accessMatrix().map((row) => row.route)).toEqual(['GET /admin', 'DELETE /admin/{id}', 'GET /readonly']);
  });

  test('CORS: API Gateway answers the preflight, and the settings are checked', () => {
    synthHttpApi({ cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } }).template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: ['https://app.example.com'], AllowCredentials: true },
    });
    expect(problems({ cors: { allowOrigins: ['*'], allowCredentials: true } })).toEqual([
      "cors: '*' origins cannot be combined with allowCredentials; name the origins that may send credentials",
    ]);
    expect(problems({ cors: {} })).toEqual(['cors.allowOrigins is empty: name the origins that may call the API']);
    expect(problems({ cors: { allowOrigins: ['https://a.example.com'] }, routeScopes: { 'OPTIONS /admin': ['api/admin'] } })).toEqual([
      "routeScopes['OPTIONS /admin']: with CORS on, OPTIONS answers the preflight unauthenticated; remove this route",
    ]);
    const stack = newStack();
    const httpApi = new apigwv2.HttpApi(stack, 'Existing');
    expect(problemsOf(() => synthHttpApi({ httpApi, cors: { allowOrigins: ['https://a.example.com'] } }, stack))).toEqual([
      'cors: set corsPreflight on the httpApi you pass in, not here',
    ]);
  });

  test('the same checks as the REST construct, in one error', () => {
    expect(problems({ routeScopes: { 'GET /admin': ['api/admn'], 'FETCH /x': ['api/admin'] }, routeIntegrations: { 'GET /nope': new integrations.HttpUrlIntegration('U', 'https://x.example.com') } })).toEqual([
      "routeScopes['FETCH /x']: unknown HTTP method 'FETCH' (use one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)",
      "routeScopes['GET /admin']: scope 'api/admn' is granted to no group or machine client (known: api/admin, api/readonly)",
      "routeIntegrations['GET /nope']: no such route in routeScopes or publicRoutes",
    ]);
  });

  test('hard quotas: at most 10 scopes per route and 50 audiences per JWT authorizer, named with their source', () => {
    const many = Array.from({ length: 11 }, (_, i) => `api/s${i}`);
    const source = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
    expect(problemsOf(() => synthHttpApi({ groupScopes: { Admin: many }, routeScopes: { 'GET /admin': many } }))).toEqual([
      `routeScopes['GET /admin']: 11 scopes, but an HTTP API route takes at most 10 (API Gateway quota "Scopes per route": 10, cannot be raised; ${source}); guard it with fewer, broader scopes`,
    ]);
    const { api } = synthHttpApi({ groupScopes: { Admin: many, ReadOnly: ['api/readonly'] }, routeScopes: { 'GET /admin': many.slice(0, 10) } });
    expect(() => api.addRoute('GET /more', many)).toThrow(/routeScopes\['GET \/more'\]: 11 scopes, but an HTTP API route takes at most 10/);
    const machineClients = Array.from({ length: 50 }, (_, i) => ({ name: `svc${i}`, scopes: ['api/admin'] }));
    expect(problemsOf(() => synthHttpApi({ machineClients }))).toEqual([
      'the JWT authorizer would trust 51 clients (the user client, the pool\'s machine clients and additionalClients), ' +
        `but it takes at most 50 audiences (API Gateway quota "Audiences per authorizer": 50, cannot be raised; ${source}); ` +
        'use fewer machine clients on this pool, or a REST API, whose Cognito authorizer accepts every client of the pool',
    ]);
    expect(() => synthHttpApi({ machineClients: machineClients.slice(0, 49) })).not.toThrow();
  });

  test('a group that reaches no route is warned about', () => {
    const { stack } = synthHttpApi({ routeScopes: { 'GET /admin': ['api/admin'] } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp("groupScopes\\['ReadOnly'\\]: the group reaches no route"));
  });
});

describe('CORS preflights of ANY routes (issue 20, item 4)', () => {
  const cors = { allowOrigins: ['https://app.example.com'] };
  const routeScopes = { 'ANY /orders/{id}': ['api/admin'], 'GET /readonly': ['api/readonly'] };
  const logicalIdOf = (stack: any, construct: any) => stack.getLogicalId(construct.node.defaultChild);

  test('a guarded ANY route gets an unauthenticated OPTIONS route on its path, answered by the placeholder, and left out of the matrix', () => {
    const { api, stack, template } = synthHttpApi({ cors, routeScopes });
    const routes = template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'OPTIONS /orders/{id}' } });
    expect(Object.values<any>(routes).map((r) => [r.Properties.AuthorizationType, r.Properties.AuthorizationScopes])).toEqual([['NONE', undefined]]);
    // Its integration invokes the placeholder function, the one behind the ANY route here too.
    const [preflight] = Object.values<any>(routes);
    const integration = template.toJSON().Resources[preflight.Properties.Target['Fn::Join'][1][1].Ref];
    expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(logicalIdOf(stack, api.defaultRouteFunction));
    // GET routes need none: API Gateway answers their preflights itself.
    template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { RouteKey: Match.stringLikeRegexp('^OPTIONS') }, 1);
    expect(api.accessMatrix().map((row) => row.route)).toEqual(['ANY /orders/{id}', 'GET /readonly']);
    expect(routesOf(template.toJSON() as any).map((route) => route.route)).toEqual(['ANY /orders/{id}', 'GET /readonly']);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api', Match.stringLikeRegexp('did not add|publicRoutes'));
    // Without CORS there is none.
    synthHttpApi({ routeScopes }).template.resourcePropertiesCountIs('AWS::ApiGatewayV2::Route', { RouteKey: Match.stringLikeRegexp('^OPTIONS') }, 0);
  });

  test('the preflight never reaches the route\'s own backend: with a defaultIntegration, the placeholder is created for it', () => {
    const defaultIntegration = () => new integrations.HttpUrlIntegration('Backend', 'https://backend.example.com');
    const { api, template } = synthHttpApi({ cors, routeScopes, defaultIntegration: defaultIntegration() });
    expect(api.defaultRouteFunction).toBeDefined();
    const [preflight] = Object.values<any>(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'OPTIONS /orders/{id}' } }));
    const integration = template.toJSON().Resources[preflight.Properties.Target['Fn::Join'][1][1].Ref];
    expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
    // The unauthenticated preflights take the placeholder's reservation, if given.
    const reserved = synthHttpApi({ cors, routeScopes, defaultIntegration: defaultIntegration(), defaultRouteReservedConcurrency: 5 });
    reserved.template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 5, Description: Match.stringLikeRegexp('placeholder integration'),
    });
    // No ANY route: no placeholder beside a defaultIntegration, until an ANY route added later needs it for its preflights.
    const { api: plain } = synthHttpApi({ cors, defaultIntegration: defaultIntegration() });
    expect(plain.defaultRouteFunction).toBeUndefined();
    plain.addRoute('ANY /later', ['api/admin']);
    expect(plain.defaultRouteFunction!.node.path).toBe('TestStack/Api/DefaultRoute');
  });

  test('routes added later and a passed-in API with corsPreflight get one too; a public OPTIONS route there is refused', () => {
    const later = newStack();
    const api = new ScopedCognitoHttpApi(later, 'Api', { ...SEED, cors });
    api.addRoute('ANY /later/{proxy+}', ['api/admin']);
    Template.fromStack(later).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'OPTIONS /later/{proxy+}', AuthorizationType: 'NONE' });
    const stack = newStack();
    const httpApi = new apigwv2.HttpApi(stack, 'Existing', { corsPreflight: cors });
    synthHttpApi({ httpApi, routeScopes }, stack).template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'OPTIONS /orders/{id}', AuthorizationType: 'NONE',
    });
    const other = newStack();
    const withCors = new apigwv2.HttpApi(other, 'Existing', { corsPreflight: cors });
    expect(problemsOf(() => synthHttpApi({ httpApi: withCors, publicRoutes: ['OPTIONS /x'] }, other))).toEqual([
      "publicRoutes['OPTIONS /x']: with CORS on, OPTIONS answers the preflight unauthenticated; remove this route",
    ]);
  });

  test('in the OpenAPI form, the path of a guarded ANY route gets an options operation without security, answered by the placeholder', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['api/readonly']]));
    const { api, template } = synthHttpApi({ cors, routeScopes: { ...many, 'ANY /orders/{id}': ['api/admin'] } });
    expect(api.definedByOpenApi).toBe(true);
    const [resource] = Object.values<any>(template.findResources('AWS::ApiGatewayV2::Api'));
    const item = resource.Properties.Body.paths['/orders/{id}'];
    expect(item.options.security).toBeUndefined();
    expect(item.options['x-amazon-apigateway-integration']).toEqual(item['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration']);
    expect(item['x-amazon-apigateway-any-method'].security).toEqual([{ [Object.keys(resource.Properties.Body.components.securitySchemes)[0]]: ['api/admin'] }]);
    expect(resource.Properties.Body.paths['/r0'].options).toBeUndefined();
    expect(routesOf(template.toJSON() as any).map((route) => route.route)).toEqual(api.accessMatrix().map((row) => row.route));
  });
});
