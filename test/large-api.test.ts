import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { LAMBDA_POLICY_BYTES, lambdaPolicySizes } from './lambda-policy';
import { routesOf } from './template-oracle';
import { keepForLint, STRICT_CONTEXT } from './util';

/**
 * 1,000 routes with Lambda backends, on one function and spread over ten, for each API kind: the
 * app must deploy, so every template stays within CloudFormation's 500 resources and 1 MB and every
 * function's resource policy within Lambda's 20 KB, and every route keeps its scopes and function.
 */
const ROUTES = 1000;
const GROUPS = 20;

function largeApp(kind: 'REST' | 'HTTP', functionCount: number) {
  const app = new App({ context: STRICT_CONTEXT });
  const stack = new Stack(app, 'Large', { env: { account: '111111111111', region: 'eu-west-1' } });
  const functions = Array.from({ length: functionCount }, (_, i) => new lambda.Function(stack, `Backend${i}`, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
  }));
  const groupScopes: Record<string, string[]> = {};
  for (let g = 0; g < GROUPS; g++) groupScopes[`Team${g}`] = [`orders/read-${g}`, `billing/write-${g}`];
  const routeScopes: Record<string, string[]> = {};
  const routeHandlers: Record<string, lambda.IFunction> = {};
  for (let i = 0; i < ROUTES; i++) {
    const route = `${['GET', 'POST', 'DELETE', 'PUT'][i % 4]} /tenants/{tenant}/resource-${Math.floor(i / 4)}/{id}`;
    routeScopes[route] = [`orders/read-${i % GROUPS}`, `billing/write-${(i + 7) % GROUPS}`];
    routeHandlers[route] = functions[i % functionCount];
  }
  const props = { groupScopes, routeScopes, routeHandlers, publicRoutes: ['GET /health'] };
  const api = kind === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
  const assembly = app.synth();
  return { stack, api, functions, routeScopes, routeHandlers, assembly };
}

describe.each(['REST', 'HTTP'] as const)('a %s API of 1,000 routes with Lambda backends', (kind) => {
  test.each([1, 10])('over %i function(s): every template fits CloudFormation, every policy fits Lambda, every route keeps its scopes and function', (functionCount) => {
    const { stack, api, functions, routeScopes, routeHandlers, assembly } = largeApp(kind, functionCount);
    expect(api.definedByOpenApi).toBe(true);

    for (const artifact of assembly.stacks) {
      const bytes = readFileSync(join(assembly.directory, artifact.templateFile)).length;
      expect(Object.keys(artifact.template.Resources).length).toBeLessThanOrEqual(500);
      expect(bytes).toBeLessThanOrEqual(1_000_000);
    }
    const template = assembly.getStackByName('Large').template;
    if (functionCount === 10) keepForLint(template);

    const policies = lambdaPolicySizes(template);
    for (const fn of functions) {
      const size = policies.get(stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction));
      expect(size).toBeDefined();
      expect(size!).toBeLessThan(LAMBDA_POLICY_BYTES);
    }

    // Every route, as API Gateway will import it, has the scopes it was given, and the matrix agrees.
    const fromTemplate = routesOf(template);
    expect(fromTemplate).toHaveLength(ROUTES + 1);
    const byRoute = new Map(fromTemplate.map((route) => [route.route, route]));
    for (const [route, scopes] of Object.entries(routeScopes)) expect(byRoute.get(route)?.scopes).toEqual(scopes);
    expect(byRoute.get('GET /health')?.authorizationType).toBe('NONE');
    expect(api.accessMatrix().map((row) => [row.route, row.scopes])).toEqual(fromTemplate.map((route) => [route.route, route.scopes]));

    // ...and is answered by its own function.
    const body = Object.values<any>(template.Resources).find((r) => r.Properties?.Body)!.Properties.Body;
    const functionOf = (route: string): string => {
      const [method, path] = route.split(' ');
      const integration = body.paths[path][method.toLowerCase()]['x-amazon-apigateway-integration'];
      const resolved = integration.$ref ? body.components['x-amazon-apigateway-integrations'][integration.$ref.split('/').pop()] : integration;
      return JSON.stringify(resolved.uri).match(/"Fn::GetAtt":\["(\w+)","Arn"\]/)![1];
    };
    for (const [route, fn] of Object.entries(routeHandlers)) {
      expect(functionOf(route)).toBe(stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction));
    }
  });
});
