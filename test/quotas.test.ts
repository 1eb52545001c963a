import { CfnWaitConditionHandle } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { newStack, problemsOf, SEED, synthApi, synthHttpApi } from './util';

/** Each documented quota a configuration can break at deploy time, checked at synth with its name and source. */
const COGNITO = 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html';
const REST = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html';
const HTTP = 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html';
const CLOUDFORMATION = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html';

const numbered = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
/** `count` routes, each guarded by `scopes`. */
const routeMap = (count: number, route: (i: number) => string, scopes: string[]) => Object.fromEntries(numbered(count, (i) => [route(i), scopes]));

describe('Cognito quotas', () => {
  test('an app client allows at most 50 scopes', () => {
    const scopes = numbered(51, (i) => `api/s${i}`);
    expect(problemsOf(() => synthApi({ groupScopes: { Admin: ['api/admin'] }, machineClients: [{ name: 'billing', scopes }], routeScopes: { 'GET /admin': ['api/admin'] } }))).toEqual([
      `machineClients['billing']: 51 scopes, but an app client allows at most 50 (Cognito quota "Scopes per app client": 50, cannot be raised; ${COGNITO}); grant it fewer, broader scopes`,
    ]);
    expect(() => synthApi({ groupScopes: { Admin: ['api/admin'] }, machineClients: [{ name: 'billing', scopes: scopes.slice(0, 50) }], routeScopes: { 'GET /admin': ['api/admin'] } })).not.toThrow();
  });

  test('a user pool holds at most 10,000 groups', () => {
    const groupScopes = Object.fromEntries(numbered(10_001, (i) => `Team${i}`).map((group) => [group, ['api/admin']]));
    expect(problemsOf(() => new ScopedCognitoApi(newStack(), 'Api', { groupScopes, routeScopes: { 'GET /admin': ['api/admin'] } }))).toEqual([
      `groupScopes: 10,001 groups, but a user pool holds at most 10,000 (Cognito quota "Groups per user pool": 10,000, cannot be raised; ${COGNITO})`,
    ]);
  });

  test('more than 25 resource servers needs a raised quota (a warning); more than 300 cannot be', () => {
    const servers = (count: number) => ({ Admin: numbered(count, (i) => `svc${i}/read`) });
    const { stack } = synthApi({ groupScopes: servers(26), routeScopes: { 'GET /admin': ['svc0/read'] } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp(
      `the scopes name 26 resource-server identifiers, more than the default 25 \\(Cognito quota "Resource servers per user pool": 25, can be raised; ${COGNITO}\\)`,
    ));
    const { stack: quiet } = synthApi({ groupScopes: servers(25), routeScopes: { 'GET /admin': ['svc0/read'] } });
    expect(Annotations.fromStack(quiet).findWarning('*', Match.stringLikeRegexp('resource-server identifiers'))).toHaveLength(0);
    expect(problemsOf(() => synthApi({ groupScopes: servers(301), routeScopes: { 'GET /admin': ['svc0/read'] } }))).toEqual([
      'groupScopes: the scopes name 301 resource-server identifiers, but a user pool holds at most 300 even with a raised quota ' +
        `(Cognito quota "Resource servers per user pool": 25, can be raised; ${COGNITO}, to 300); use fewer identifiers`,
    ]);
  });
});

describe('API Gateway quotas', () => {
  test('a REST API of more than 300 resources (the root, paths and their prefixes) needs a raised quota', () => {
    const routeScopes = routeMap(149, (i) => `GET /r${i}/{id}`, ['api/admin']);
    const { stack } = synthApi({ routeScopes: { ...routeScopes, 'GET /extra/{id}': ['api/readonly'] } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(
      `the routes make 301 resources \\(the root, and each path with its prefixes\\), more than the default 300 of a REST API \\(API Gateway quota "Resources per API": 300, can be raised; ${REST}\\)`,
    ));
    const { stack: quiet } = synthApi({ routeScopes: { ...routeScopes, 'GET /extra': ['api/readonly'] } });
    expect(Annotations.fromStack(quiet).findWarning('*', Match.stringLikeRegexp('resources \\(a path'))).toHaveLength(0);
  });

  test('an HTTP API of more than 300 routes needs a raised quota', () => {
    const routeScopes = routeMap(301, (i) => `GET /r${i}`, ['api/admin']);
    const { stack } = synthHttpApi({ routeScopes });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(
      `301 routes, more than the default 300 of an HTTP API \\(API Gateway quota "Routes per API": 300, can be raised; ${HTTP}\\)`,
    ));
  });

  test('an HTTP API takes at most 300 integrations, in either form', () => {
    for (const count of [101, 301]) {
      const stack = newStack();
      const routeScopes = routeMap(count, (i) => `GET /r${i}`, ['api/admin']);
      const routeHandlers = Object.fromEntries(Object.keys(routeScopes).map((route, i) =>
        [route, lambda.Function.fromFunctionArn(stack, `Fn${i}`, `arn:aws:lambda:eu-west-1:111111111111:function:backend-${i}`)]));
      new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, routeScopes, routeHandlers });
      const expected = count > 300
        ? [`the routes use ${count} integrations (functions, routeIntegrations and the default), but an HTTP API takes at most 300 ` +
          `(API Gateway quota "Integrations per API": 300, cannot be raised; ${HTTP}); share functions between routes, or split the API`]
        : [];
      expect(validationErrors(stack)).toEqual(expected);
    }
  });
});

describe('CloudFormation quotas', () => {
  test('a template of more than 500 resources is refused at synth, naming the quota', () => {
    const stack = newStack();
    for (let i = 0; i < 490; i++) new CfnWaitConditionHandle(stack, `Filler${i}`);
    new ScopedCognitoApi(stack, 'Api', { ...SEED });
    expect(validationErrors(stack)).toEqual([
      expect.stringMatching(new RegExp(`^stack TestStack would have 5\\d\\d resources, but a template takes at most 500 \\(CloudFormation quota "Resources": 500, cannot be raised; ${CLOUDFORMATION}\\); move resources to another stack`)),
    ]);
  });

  test('OpenAPI documents that would not fit in the 1 MB template together are refused at synth', () => {
    const message = new RegExp('^the OpenAPI documents of the APIs in stack TestStack take [\\d,]+ bytes of its template, but a template takes at most 1,000,000 ' +
      `\\(CloudFormation quota "Template body size in an Amazon S3 object": 1,000,000, cannot be raised; ${CLOUDFORMATION}\\); put the APIs`);
    const scopes = numbered(90, (i) => `orders-and-invoices-of-every-tenant/read-the-records-of-kind-${i}`);
    const one = newStack();
    new ScopedCognitoApi(one, 'Api', { groupScopes: { Admin: scopes }, routeScopes: routeMap(240, (i) => `GET /tenants/{tenant}/records/kind-${i}`, scopes) });
    expect(validationErrors(one)).toEqual([expect.stringMatching(message)]);

    // Documents that each fit, but not together.
    const apis = (count: number) => {
      const stack = newStack();
      const first = new ScopedCognitoApi(stack, 'Api0', { groupScopes: { Admin: scopes }, routeScopes: routeMap(101, (i) => `GET /records/kind-${i}`, scopes.slice(0, 60)) });
      for (let n = 1; n < count; n++) {
        new ScopedCognitoApi(stack, `Api${n}`, { scopedUserPool: first.scopedUserPool, routeScopes: routeMap(101, (i) => `GET /records/kind-${i}`, scopes.slice(0, 60)) });
      }
      return stack;
    };
    expect(validationErrors(apis(1))).toEqual([]);
    const two = apis(3);
    expect(validationErrors(two)).toEqual([expect.stringMatching(message)]);
  });
});

/** The errors synth reports for a stack, one per line, without the construct path. */
function validationErrors(stack: ReturnType<typeof newStack>): string[] {
  try {
    (stack.node.root as any).synth();
  } catch (error) {
    const message = (error as Error).message;
    if (!message.includes('Validation failed')) throw error;
    return message.split('\n').slice(1).map((line) => line.trim().replace(/^\[[^\]]+\] /, ''));
  }
  return [];
}
