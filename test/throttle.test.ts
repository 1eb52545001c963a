import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { newStack, problemsOf, synthApi, synthHttpApi } from './util';

/** More than 100 routes: the API is defined by its OpenAPI document. */
const MANY = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['api/admin']]));

function restThrottle(template: Template) {
  const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage'));
  return stage.Properties.MethodSettings.map((s: any) => ({ path: `${s.HttpMethod} ${s.ResourcePath}`, rate: s.ThrottlingRateLimit, burst: s.ThrottlingBurstLimit }));
}

function httpThrottle(template: Template) {
  const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
  return stage.Properties.DefaultRouteSettings;
}

describe('the stage is throttled by default', () => {
  test.each([{ form: 'resources', routeScopes: undefined }, { form: 'OpenAPI document', routeScopes: MANY }])('REST, $form: 1,000 requests per second, a burst of 500, on every method', ({ routeScopes }) => {
    const { template } = synthApi(routeScopes ? { routeScopes } : {});
    expect(restThrottle(template)).toEqual([{ path: '* /*', rate: 1000, burst: 500 }]);
    const custom = synthApi({ ...(routeScopes ? { routeScopes } : {}), throttle: { rateLimit: 50, burstLimit: 20 } }, newStack());
    expect(restThrottle(custom.template)).toEqual([{ path: '* /*', rate: 50, burst: 20 }]);
  });

  test.each([{ form: 'resources', routeScopes: undefined }, { form: 'OpenAPI document', routeScopes: MANY }])('HTTP, $form: the same, on every route of the default stage', ({ routeScopes }) => {
    const { template } = synthHttpApi(routeScopes ? { routeScopes } : {});
    expect(httpThrottle(template)).toEqual({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 });
    const custom = synthHttpApi({ ...(routeScopes ? { routeScopes } : {}), throttle: { rateLimit: 50 } }, newStack());
    expect(httpThrottle(custom.template)).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 500 });
  });

  test('a throttle that would not limit as meant, or on an API passed in, is refused', () => {
    expect(problemsOf(() => synthApi({ throttle: { rateLimit: 0, burstLimit: 2.5 } }))).toEqual([
      'throttle.rateLimit: 0; requests per second must be more than 0',
      'throttle.burstLimit: 2.5; a burst is a whole number of requests, more than 0',
    ]);
    const stack = newStack();
    expect(problemsOf(() => synthApi({ restApi: new apigateway.RestApi(stack, 'Mine'), throttle: { rateLimit: 10 } }, stack))).toEqual([
      'throttle: set throttling on the stage of the restApi you pass in, not here',
    ]);
    const other = newStack();
    expect(problemsOf(() => synthHttpApi({ httpApi: new apigwv2.HttpApi(other, 'Mine'), throttle: { burstLimit: 10 } }, other))).toEqual([
      'throttle: set throttling on the stage of the httpApi you pass in, not here',
    ]);
  });
});
