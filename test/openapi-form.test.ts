import { App, CfnParameter, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiDefinition, ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import CREATE_ONLY from './cfn/create-only-properties.json';
import { routesOf } from './template-oracle';
import { keepForLint, newStack, problemsOf, SEED, STRICT_CONTEXT } from './util';

/** `count` routes, alternately for Admin and ReadOnly. */
function routes(count: number): { [route: string]: string[] } {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`GET /items/r${i}`, [i % 2 === 0 ? 'api/admin' : 'api/readonly']]));
}

function bodyOf(template: Template): any {
  return Object.values<any>(template.toJSON().Resources).find((r) => r.Properties?.Body)?.Properties.Body;
}

/**
 * A route added beside the API: refused beside its OpenAPI document (more than 100 routes), an
 * open-route warning beside its resources. Returns the warnings of the second case.
 */
function expectForeignRoute(stack: Stack, count: number, route: string): Annotations | undefined {
  const synth = () => (stack.node.root as App).synth();
  if (count > 100) {
    expect(synth).toThrow(new RegExp(`${route}: a route added beside the API's OpenAPI document \\(the API has more than 100 routes\\); it would escape the access matrix`));
    return undefined;
  }
  synth();
  const warnings = Annotations.fromStack(stack);
  expect(warnings.findWarning('/TestStack/Api', Match.stringLikeRegexp(`${route}: a route this construct did not add takes no token`))).toHaveLength(1);
  return warnings;
}

const KINDS = [
  { kind: 'REST', build: (stack: Stack, props: object) => new ScopedCognitoApi(stack, 'Api', { ...SEED, ...props } as any), perRoute: 'AWS::ApiGateway::Method' },
  { kind: 'HTTP', build: (stack: Stack, props: object) => new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, ...props } as any), perRoute: 'AWS::ApiGatewayV2::Route' },
];

describe.each(KINDS)('the form of a $kind API', ({ build, perRoute }) => {
  test('up to 100 routes: a resource per route; from 101: one OpenAPI document, with the same routes and scopes', () => {
    const small = newStack();
    const smallApi = build(small, { routeScopes: routes(100) });
    const smallTemplate = Template.fromStack(small);
    expect(smallApi.definedByOpenApi).toBe(false);
    expect(bodyOf(smallTemplate)).toBeUndefined();
    expect(Object.keys(smallTemplate.findResources(perRoute, { Properties: { HttpMethod: 'GET' } })).length
      + Object.keys(smallTemplate.findResources(perRoute, { Properties: { RouteKey: 'GET /items/r0' } })).length).toBeGreaterThan(0);

    const large = newStack();
    const largeApi = build(large, { routeScopes: routes(101), publicRoutes: ['GET /health'] });
    const template = Template.fromStack(large);
    keepForLint(template.toJSON());
    expect(largeApi.definedByOpenApi).toBe(true);
    template.resourceCountIs(perRoute, 0);
    expect(routesOf(template.toJSON() as any)).toEqual(largeApi.accessMatrix().map((row) => ({
      route: row.route,
      authorizationType: row.isPublic ? 'NONE' : perRoute === 'AWS::ApiGateway::Method' ? 'COGNITO_USER_POOLS' : 'JWT',
      scopes: row.scopes,
    })));
    expect(bodyOf(template).paths['/health'].get.security).toBeUndefined();
    expect(bodyOf(template).security).toBeUndefined();
  });

  test('crossing 100 routes keeps the logical IDs of the API and its stage: the same API, ID and URL', () => {
    const ids = (count: number) => {
      const stack = newStack();
      build(stack, { routeScopes: routes(count) });
      const resources = Template.fromStack(stack).toJSON().Resources;
      return Object.keys(resources).filter((id) => ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage'].includes(resources[id].Type)).sort();
    };
    expect(ids(101)).toHaveLength(2);
    expect(ids(101)).toEqual(ids(100));
  });

  test('across 100 routes, every create-only property of a resource that keeps its logical ID stays equal (no replacement), but HTTP\'s ProtocolType', () => {
    const resourcesAt = (count: number) => {
      const stack = newStack();
      build(stack, { routeScopes: routes(count) });
      return Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const [small, large] = [resourcesAt(100), resourcesAt(101)];
    const replaced: string[] = [];
    for (const [id, resource] of Object.entries(small)) {
      const createOnly: string[] | undefined = (CREATE_ONLY as Record<string, string[]>)[resource.Type];
      if (large[id] === undefined || createOnly === undefined) continue;
      for (const property of createOnly) {
        if (JSON.stringify(resource.Properties?.[property]) !== JSON.stringify(large[id].Properties?.[property])) replaced.push(`${resource.Type}.${property}`);
      }
    }
    // Known: CloudFormation refuses ProtocolType beside Body, so an HTTP API crossing 100 routes is
    // replaced (docs/large-apis.md). Any other difference is a new replacement.
    expect(replaced).toEqual(perRoute === 'AWS::ApiGatewayV2::Route' ? ['AWS::ApiGatewayV2::Api.ProtocolType'] : []);
  });

  test('apiDefinition pins the form whatever the route count: an API that grows or shrinks across 100 keeps its form', () => {
    const formAt = (count: number, apiDefinition: ApiDefinition) => {
      const stack = newStack();
      const api = build(stack, { routeScopes: routes(count), apiDefinition });
      const template = Template.fromStack(stack);
      keepForLint(template.toJSON());
      return { api, template, stack };
    };
    for (const count of [2, 101]) {
      const document = formAt(count, ApiDefinition.OPENAPI_DOCUMENT);
      expect(document.api.definedByOpenApi).toBe(true);
      expect(Object.keys(bodyOf(document.template).paths)).toHaveLength(count);
      document.template.resourceCountIs(perRoute, 0);
      const resources = formAt(count, ApiDefinition.RESOURCES);
      expect(resources.api.definedByOpenApi).toBe(false);
      resources.template.resourceCountIs(perRoute, count);
      // The matrix is the same whichever the form.
      expect(resources.api.accessMatrix()).toEqual(document.api.accessMatrix());
    }
  });

  test('with AUTO, an API in the document form is warned about, since its form would follow its count back; a chosen form is not', () => {
    const warned = (apiDefinition?: ApiDefinition) => {
      const stack = newStack();
      build(stack, { routeScopes: routes(101), apiDefinition });
      return Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('so it is defined by its OpenAPI document \\(apiDefinition AUTO\\)'))
        .map((w) => String(w.entry.data));
    };
    expect(warned()).toHaveLength(1);
    expect(warned(ApiDefinition.AUTO)[0]).toMatch(perRoute === 'AWS::ApiGatewayV2::Route'
      ? /a change of form replaces an HTTP API, with a new ID and URL/
      : /a REST API that goes back to resources gets resources for the paths its document created/);
    expect(warned(ApiDefinition.OPENAPI_DOCUMENT)).toHaveLength(0);
  });

  test('the import fails the deploy on a warning instead of leaving part of the document out', () => {
    const stack = newStack();
    build(stack, { routeScopes: routes(101) });
    const api = Object.values<any>(Template.fromStack(stack).toJSON().Resources).find((r) => r.Properties?.Body);
    expect(api.Properties.FailOnWarnings).toBe(true);
    if (perRoute === 'AWS::ApiGateway::Method') expect(api.Properties.Mode).toBe('overwrite');
  });

  test('a route added beside the document is refused; beside the resources, an open one is a warning', () => {
    for (const count of [100, 101]) {
      const stack = newStack();
      const api = build(stack, { routeScopes: routes(count) });
      if (api instanceof ScopedCognitoApi) {
        api.restApi.root.addResource('debug').addMethod('ANY', new apigateway.MockIntegration());
      } else {
        new apigwv2.HttpRoute(stack, 'Debug', {
          httpApi: api.httpApi,
          routeKey: apigwv2.HttpRouteKey.with('/debug', apigwv2.HttpMethod.ANY),
          integration: new integrations.HttpUrlIntegration('Debug', 'https://debug.example.com'),
        });
      }
      expectForeignRoute(stack, count, 'ANY /debug');
    }
  });

  test('the same for a raw CfnResource method or route, found by its CloudFormation type', () => {
    for (const count of [100, 101]) {
      const stack = newStack();
      const api = build(stack, { routeScopes: routes(count) });
      if (api instanceof ScopedCognitoApi) {
        new CfnResource(stack, 'RawDebug', {
          type: 'AWS::ApiGateway::Method',
          properties: { RestApiId: api.restApi.restApiId, ResourceId: api.restApi.restApiRootResourceId, HttpMethod: 'ANY', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } },
        });
      } else {
        new CfnResource(stack, 'RawDebug', {
          type: 'AWS::ApiGatewayV2::Route',
          properties: { ApiId: api.httpApi.apiId, RouteKey: '$default', AuthorizationType: 'NONE' },
        });
      }
      const route = api instanceof ScopedCognitoApi ? 'ANY \\(TestStack/RawDebug\\)' : '\\$default';
      expectForeignRoute(stack, count, route);
    }
  });

  test('a raw route naming the API by a literal Ref is this API\'s; one naming an API by a parameter may be, and is warned about', () => {
    for (const count of [100, 101]) {
      const stack = newStack();
      const api = build(stack, { routeScopes: routes(count) });
      // In both forms the API resource is at <construct>/HttpApi/Resource (HTTP) or the RestApi's own (REST).
      const apiResource = api instanceof ScopedCognitoApi ? api.restApi.node.defaultChild : api.node.findChild('HttpApi').node.findChild('Resource');
      const literalRef = { Ref: stack.getLogicalId(apiResource as CfnResource) };
      const parameter = new CfnParameter(stack, 'SomeApi').valueAsString;
      for (const [id, apiId] of [['Literal', literalRef], ['Parameter', parameter]] as const) {
        new CfnResource(stack, id, api instanceof ScopedCognitoApi
          ? { type: 'AWS::ApiGateway::Method', properties: { RestApiId: apiId, ResourceId: api.restApi.restApiRootResourceId, HttpMethod: 'GET', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } } }
          : { type: 'AWS::ApiGatewayV2::Route', properties: { ApiId: apiId, RouteKey: `GET /${id.toLowerCase()}`, AuthorizationType: 'NONE' } });
      }
      const literal = api instanceof ScopedCognitoApi ? 'GET \\(TestStack/Literal\\)' : 'GET /literal';
      const warnings = expectForeignRoute(stack, count, literal);
      if (warnings) expect(warnings.findWarning('/TestStack/Api', Match.stringLikeRegexp('the API this route names cannot be told at synth'))).toHaveLength(1);
    }
  });

  test('an OPTIONS method others add is a route like any other unless it is a mock (a CORS preflight)', () => {
    const stack = newStack();
    const api = build(stack, { routeScopes: routes(3) });
    if (!(api instanceof ScopedCognitoApi)) return; // HTTP APIs have no preflight methods: API Gateway answers them
    api.restApi.root.addResource('admin2').addMethod('OPTIONS', new apigateway.HttpIntegration('https://backend.example.com'));
    api.restApi.root.addResource('preflight').addMethod('OPTIONS', new apigateway.MockIntegration());
    (stack.node.root as App).synth();
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('a route this construct did not add takes no token'));
    expect(warnings.map((w) => String(w.entry.data).split(':')[0])).toEqual(['OPTIONS /admin2']);
  });

  test('a raw route of another stack\'s API at the same construct path is that API\'s, not this one\'s', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const env = { account: '111111111111', region: 'eu-west-1' };
    const small = build(new Stack(app, 'Small', { env }), { routeScopes: routes(3) });
    build(new Stack(app, 'Large', { env }), { routeScopes: routes(101) });
    const smallStack = Stack.of(small);
    new CfnResource(smallStack, 'RawDebug', small instanceof ScopedCognitoApi
      ? { type: 'AWS::ApiGateway::Method', properties: { RestApiId: small.restApi.restApiId, ResourceId: small.restApi.restApiRootResourceId, HttpMethod: 'GET', AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } } }
      : { type: 'AWS::ApiGatewayV2::Route', properties: { ApiId: small.httpApi.apiId, RouteKey: 'GET /debug', AuthorizationType: 'NONE' } });
    // The large API's document form refuses routes beside it; this one names the small API.
    app.synth();
    expect(Annotations.fromStack(smallStack).findWarning('/Small/Api', Match.stringLikeRegexp('a route this construct did not add takes no token'))).toHaveLength(1);
  });

  test('what has no place in the document is refused, naming the setting', () => {
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const integration = perRoute === 'AWS::ApiGateway::Method'
      ? new apigateway.MockIntegration()
      : new integrations.HttpUrlIntegration('Url', 'https://backend.example.com');
    expect(problemsOf(() => build(stack, { routeScopes: routes(101), routeIntegrations: { 'GET /items/r0': integration } }))).toEqual([
      'routeIntegrations: an API of 101 routes (more than 100) is defined by one OpenAPI document, which this library writes for ' +
        'Lambda functions (routeHandlers) and its default integration only; back these routes with routeHandlers, or put them on a ' +
        'second API attached to the same scopedUserPool',
    ]);
    const api = build(newStack(), { routeScopes: routes(101), routeHandlers: { 'GET /items/r1': fn } });
    const noConstructs = 'the API has more than 100 routes, so it is defined by one OpenAPI document, where routes have no construct ' +
      'of their own; declare every route in routeScopes or publicRoutes (accessMatrix() lists them)';
    expect(() => api.routeFor('GET /items/r1')).toThrow(`TestStack/Api: routeFor('GET /items/r1'): ${noConstructs}`);
    expect(() => api.addRoute('GET /later', ['api/admin'])).toThrow(`TestStack/Api: addRoute('GET /later'): ${noConstructs}`);
  });
});

describe('a REST API defined by its document', () => {
  test('holds the Cognito authorizer, request validation and the mock placeholder of the resource form', () => {
    const stack = newStack();
    new ScopedCognitoApi(stack, 'Api', { ...SEED, routeScopes: routes(101), publicRoutes: ['GET /health'] });
    const template = Template.fromStack(stack);
    const body = bodyOf(template);
    expect(body.components.securitySchemes.CognitoUserPool).toEqual({
      'type': 'apiKey',
      'name': 'Authorization',
      'in': 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [{ 'Fn::GetAtt': [expect.stringMatching(/^ApiCognitoUserPool/), 'Arn'] }] },
    });
    expect(body['x-amazon-apigateway-request-validator']).toBe('parameters-and-body');
    expect(body['x-amazon-apigateway-request-validators']['parameters-and-body']).toEqual({ validateRequestBody: true, validateRequestParameters: true });
    expect(body.paths['/items/r0'].get).toEqual({
      'security': [{ CognitoUserPool: ['api/admin'] }],
      'responses': { 200: { description: 'OK' } },
      'x-amazon-apigateway-integration': expect.objectContaining({ type: 'mock', responses: { default: expect.objectContaining({ responseTemplates: { 'application/json': '{"route":"GET /items/r0"}' } }) } }),
    });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
    template.resourceCountIs('AWS::ApiGateway::Deployment', 1);
    expect(Object.values(template.findResources('AWS::ApiGateway::Stage'))[0].Properties.AccessLogSetting.DestinationArn['Fn::GetAtt'][0]).toMatch(/^ApiAccessLogs/);
  });

  test('a change of a route deploys anew: the deployment is named after the document', () => {
    const deploymentOf = (scopes: string[]) => {
      const stack = new Stack(new App({ context: STRICT_CONTEXT }), 'TestStack');
      new ScopedCognitoApi(stack, 'Api', { ...SEED, routeScopes: { ...routes(101), 'GET /items/r0': scopes } });
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'))[0];
    };
    expect(deploymentOf(['api/admin'])).toBe(deploymentOf(['api/admin']));
    expect(deploymentOf(['api/admin'])).not.toBe(deploymentOf(['api/readonly']));
  });

  test('CORS: a preflight on every path, and the authorizer\'s 401 and 403 carry the headers', () => {
    const stack = newStack();
    new ScopedCognitoApi(stack, 'Api', { ...SEED, routeScopes: routes(101), cors: { allowOrigins: ['https://app.example.com', 'https://admin.example.com'] } });
    const template = Template.fromStack(stack);
    keepForLint(template.toJSON());
    const body = bodyOf(template);
    for (const item of Object.values<any>(body.paths)) {
      expect(item.options.security).toBeUndefined();
      expect(item.options['x-amazon-apigateway-integration'].type).toBe('mock');
    }
    const preflight = body.paths['/items/r0'].options['x-amazon-apigateway-integration'].responses.default;
    expect(preflight.statusCode).toBe('204');
    expect(preflight.responseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'https://app.example.com'");
    expect(preflight.responseTemplates['application/json']).toContain('$origin == "https://admin.example.com"');
    // Several origins: a gateway response cannot choose among them, so it names none (never the caller's).
    expect(body['x-amazon-apigateway-gateway-responses']).toBeUndefined();
    expect(body.paths['/items/r0'].get['x-amazon-apigateway-integration'].responses.default.responseParameters)
      .toEqual({ 'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'" });
  });
});

describe('an HTTP API defined by its document', () => {
  test('a JWT authorizer with the pool as issuer and its clients as audience; each function one integration, referenced by its routes', () => {
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
    const api = new ScopedCognitoHttpApi(stack, 'Api', {
      ...SEED,
      routeScopes: routes(101),
      routeHandlers: { 'GET /items/r0': fn, 'GET /items/r1': fn },
      machineClients: [{ name: 'billing', scopes: ['api/admin'] }],
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: [apigwv2.CorsHttpMethod.GET] },
    });
    const template = Template.fromStack(stack);
    keepForLint(template.toJSON());
    const body = bodyOf(template);
    const jwt = body.components.securitySchemes.CognitoUserPool['x-amazon-apigateway-authorizer'];
    expect(jwt.type).toBe('jwt');
    expect(jwt.identitySource).toBe('$request.header.Authorization');
    expect(jwt.jwtConfiguration.audience).toEqual([
      { Ref: stack.getLogicalId(api.userPoolClient.node.defaultChild as any) },
      { Ref: stack.getLogicalId(api.scopedUserPool.machineClient('billing').node.defaultChild as any) },
    ]);
    // What the CloudFormation form's authorizer trusts (scoped-cognito-http-api.test.ts), and the `iss` of the pool's tokens.
    expect(jwt.jwtConfiguration.issuer).toEqual({ 'Fn::Join': ['', ['https://cognito-idp.eu-west-1.amazonaws.com/', { Ref: stack.getLogicalId(api.userPool.node.defaultChild as any) }]] });
    const named = Object.keys(body.components['x-amazon-apigateway-integrations']);
    expect(named).toHaveLength(2); // the function, and the placeholder behind every other route
    expect(body.paths['/items/r0'].get['x-amazon-apigateway-integration'].$ref).toBe(body.paths['/items/r1'].get['x-amazon-apigateway-integration'].$ref);
    expect(body.paths['/items/r0'].get['x-amazon-apigateway-integration'].$ref).not.toBe(body.paths['/items/r2'].get['x-amazon-apigateway-integration'].$ref);
    expect(body['x-amazon-apigateway-cors']).toEqual({ allowOrigins: ['https://app.example.com'], allowMethods: ['GET'] });
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage.Properties).toEqual(expect.objectContaining({ StageName: '$default', AutoDeploy: true }));
    expect(stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]).toMatch(/^ApiAccessLogs/);
    template.resourceCountIs('AWS::Lambda::Permission', 3); // the function, the placeholder, and the trigger's
  });

  test('defaultIntegration has no place in the document', () => {
    const url = new integrations.HttpUrlIntegration('Url', 'https://backend.example.com');
    expect(problemsOf(() => new ScopedCognitoHttpApi(newStack(), 'Api', { ...SEED, routeScopes: routes(101), defaultIntegration: url }))).toEqual([
      expect.stringMatching(/^defaultIntegration: an API of 101 routes \(more than 100\) is defined by one OpenAPI document/),
    ]);
  });
});

describe('apiDefinition on an API passed in', () => {
  test('is refused unless AUTO: a passed-in API keeps a resource per route', () => {
    const stack = newStack();
    const restApi = new apigateway.RestApi(stack, 'Mine');
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { ...SEED, restApi, apiDefinition: ApiDefinition.OPENAPI_DOCUMENT }))).toEqual([
      'apiDefinition: an API you pass in keeps a resource per route; remove apiDefinition',
    ]);
    const other = newStack();
    const httpApi = new apigwv2.HttpApi(other, 'Mine');
    expect(() => new ScopedCognitoHttpApi(other, 'Api', { ...SEED, httpApi, apiDefinition: ApiDefinition.AUTO })).not.toThrow();
  });
});
