import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { keepForLint, newStack, problemsOf, SEED } from './util';

const ROUTES = {
  'GET /orders': ['api/readonly'],
  'GET /orders/{id}': ['api/readonly'],
  'POST /orders': ['api/admin'],
  'DELETE /orders/{id}': ['api/admin'],
};

function fn(stack: Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
}

function permissionsOf(template: Template, functionLogicalId: string) {
  return Object.values(template.findResources('AWS::Lambda::Permission', {
    Properties: { FunctionName: { 'Fn::GetAtt': [functionLogicalId, 'Arn'] } },
  })).map((resource) => resource.Properties);
}

const KINDS = [
  {
    kind: 'REST',
    build: (stack: Stack, props: object) => new ScopedCognitoApi(stack, 'Api', { ...SEED, routeScopes: ROUTES, ...props }),
    apiType: 'AWS::ApiGateway::RestApi',
    integrationUri: (template: Template, method: string, path: string) => {
      const [m] = Object.values(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: method } }))
        .filter((r) => JSON.stringify(r.Properties.ResourceId).includes(path.replace(/[{}/]/g, '')));
      return JSON.stringify(m.Properties.Integration);
    },
  },
  {
    kind: 'HTTP',
    build: (stack: Stack, props: object) => new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, routeScopes: ROUTES, ...props }),
    apiType: 'AWS::ApiGatewayV2::Api',
    integrationUri: (template: Template, method: string, path: string) => {
      const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${method} ${path}` } }));
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref;
      return JSON.stringify(template.toJSON().Resources[integrationId].Properties);
    },
  },
];

describe.each(KINDS)('routeHandlers, $kind', ({ build, apiType, integrationUri }) => {
  test('each route invokes its function; each function has one permission, for this API only, whatever its number of routes', () => {
    const stack = newStack();
    const orders = fn(stack, 'Orders');
    const admin = fn(stack, 'Admin');
    build(stack, { routeHandlers: { 'GET /orders': orders, 'get /orders/{id}': orders, 'POST /orders': orders, 'DELETE /orders/{id}': admin } });
    const template = Template.fromStack(stack);
    keepForLint(template.toJSON());
    const [apiId] = Object.keys(template.findResources(apiType));
    const ids = (f: lambda.Function) => stack.getLogicalId(f.node.defaultChild as lambda.CfnFunction);

    for (const f of [orders, admin]) {
      expect(permissionsOf(template, ids(f))).toEqual([{
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [ids(f), 'Arn'] },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:eu-west-1:111111111111:', { Ref: apiId }, '/*']] },
      }]);
    }
    expect(integrationUri(template, 'GET', '/orders/{id}')).toContain(ids(orders));
    expect(integrationUri(template, 'POST', '/orders')).toContain(ids(orders));
    expect(integrationUri(template, 'DELETE', '/orders/{id}')).toContain(ids(admin));
    expect(integrationUri(template, 'DELETE', '/orders/{id}')).not.toContain(ids(orders));
  });

  test('handlerIntegration backs routes added later with the same single permission', () => {
    const stack = newStack();
    const orders = fn(stack, 'Orders');
    const api = build(stack, { routeHandlers: { 'GET /orders': orders } });
    api.addRoute('PUT /orders/{id}', ['api/admin'], api.handlerIntegration(orders) as any);
    expect(api.handlerIntegration(orders)).toBe(api.handlerIntegration(orders));
    const template = Template.fromStack(stack);
    expect(permissionsOf(template, stack.getLogicalId(orders.node.defaultChild as lambda.CfnFunction))).toHaveLength(1);
    expect(integrationUri(template, 'PUT', '/orders/{id}')).toContain(stack.getLogicalId(orders.node.defaultChild as lambda.CfnFunction));
  });

  test('a route in routeHandlers and routeIntegrations, or naming no route, is refused', () => {
    const stack = newStack();
    const orders = fn(stack, 'Orders');
    const integration = apiType === 'AWS::ApiGateway::RestApi'
      ? new apigateway.MockIntegration()
      : new integrations.HttpUrlIntegration('Url', 'https://orders.example.com');
    const problems = problemsOf(() => build(stack, {
      routeHandlers: { 'GET /orders': orders, 'GET /nowhere': orders },
      routeIntegrations: { 'get /orders': integration },
    }));
    expect(problems).toEqual([
      "routeHandlers['GET /nowhere']: no such route in routeScopes or publicRoutes",
      "routeHandlers['GET /orders']: the route is in routeIntegrations too; back it with one or the other",
    ]);
  });
});

test('a function behind two APIs gets one permission per API, each naming its own API', () => {
  const stack = newStack();
  const shared = fn(stack, 'Shared');
  const rest = new ScopedCognitoApi(stack, 'Rest', { ...SEED, routeScopes: ROUTES, routeHandlers: { 'GET /orders': shared } });
  new ScopedCognitoHttpApi(stack, 'Http', { scopedUserPool: rest.scopedUserPool, routeScopes: ROUTES, routeHandlers: { 'GET /orders': shared, 'POST /orders': shared } });
  const permissions = permissionsOf(Template.fromStack(stack), stack.getLogicalId(shared.node.defaultChild as lambda.CfnFunction));
  expect(permissions.map((p) => JSON.stringify(p.SourceArn)).sort()).toEqual([
    expect.stringContaining('"Ref":"HttpHttpApi'),
    expect.stringContaining('"Ref":"RestRestApi'),
  ]);
});
