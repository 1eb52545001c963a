/**
 * Production defaults, second round: alarms that notify nobody are warned about, one retention for
 * every log group, X-Ray tracing as an opt-in, a WAF web ACL on the pool and the REST stage, and
 * the HTTP API's placeholder function only when a route uses it.
 */
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Enforcement, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { newStack, problemsOf, SEED, synthApi, synthHttpApi } from './util';

const WEB_ACL = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/api-rate-limits/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function handler(stack: import('aws-cdk-lib').Stack, id: string): lambda.Function {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=1') });
}

function warnings(stack: import('aws-cdk-lib').Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .filter((w) => JSON.stringify(w.entry.data).includes(`[ack: cdk-scoped-cognito-api:${id}]`))
    .map((w) => `${w.id}: ${String(w.entry.data).split(' [ack')[0]}`);
}

describe('alarms that notify nobody', () => {
  test('are warned about on the pool (the trigger\'s three) and on the API (its own), naming the prop that fixes it', () => {
    const { stack } = synthApi();
    expect(warnings(stack, 'alarmsWithoutAction')).toEqual([
      '/TestStack/Api: 1 alarm notifies nobody: give alarmTopic (an SNS topic to notify when they go into alarm and recover), or set alarms: false to create none',
      '/TestStack/Api/Cognito: 3 alarms notify nobody: give alarmTopic (an SNS topic to notify when they go into alarm and recover), or set alarms: false to create none',
    ]);
  });

  test('the Lite API counts its authorizer\'s alarms; its pool has none', () => {
    const { stack } = synthHttpApi({ enforcement: Enforcement.LAMBDA_AUTHORIZER });
    expect(warnings(stack, 'alarmsWithoutAction')).toEqual([expect.stringMatching(/^\/TestStack\/Api: 4 alarms notify nobody/)]);
  });

  test('are not warned about with a topic, or without alarms', () => {
    const stack = newStack();
    new ScopedCognitoApi(stack, 'Api', { ...SEED, alarmTopic: new sns.Topic(stack, 'Pager') });
    new ScopedCognitoHttpApi(stack, 'Quiet', { ...SEED, alarms: false });
    Template.fromStack(stack);
    expect(warnings(stack, 'alarmsWithoutAction')).toEqual([]);
  });
});

describe('logRetention', () => {
  test('sets the retention of every log group the constructs create, both enforcements', () => {
    for (const { template } of [
      synthApi({ logRetention: logs.RetentionDays.ONE_YEAR }),
      synthHttpApi({ logRetention: logs.RetentionDays.ONE_YEAR }),
      synthApi({ logRetention: logs.RetentionDays.ONE_YEAR, enforcement: Enforcement.LAMBDA_AUTHORIZER }),
    ]) {
      const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
      expect(groups.length).toBeGreaterThanOrEqual(2);
      expect(groups.map((g) => g.Properties.RetentionInDays)).toEqual(groups.map(() => 365));
    }
  });

  test('leaves the defaults otherwise: a month for functions, three for access logs', () => {
    const retentions = Object.values(synthApi().template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays).sort();
    expect(retentions).toEqual([30, 90]);
  });
});

describe('tracing', () => {
  test('turns on X-Ray for the functions and the REST stage; nothing by default', () => {
    const { template } = synthApi({ tracing: true, enforcement: Enforcement.LAMBDA_AUTHORIZER });
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    const http = synthHttpApi({ tracing: true }).template;
    for (const fn of Object.values(http.findResources('AWS::Lambda::Function'))) expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    const plain = synthApi().template;
    expect(JSON.stringify(plain.toJSON())).not.toContain('TracingConfig');
    expect(JSON.stringify(plain.toJSON())).not.toContain('TracingEnabled');
  });
});

describe('webAclArn', () => {
  test('associates the web ACL with the pool and the REST stage', () => {
    const { template } = synthApi({ webAclArn: WEB_ACL });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: WEB_ACL, ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'Arn'] } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: WEB_ACL,
      ResourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/restapis/'), Match.stringLikeRegexp('/stages/')])] },
    });
  });

  test('an HTTP API associates it with its pool only, and says so; with a shared pool there is nothing to protect', () => {
    const { stack, template } = synthHttpApi({ webAclArn: WEB_ACL });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expect(warnings(stack, 'webAclNotOnHttpApi')).toHaveLength(1);
    const other = newStack();
    const pool = new ScopedUserPool(other, 'Pool', { groupScopes: SEED.groupScopes! });
    expect(problemsOf(() => new ScopedCognitoHttpApi(other, 'Api', { scopedUserPool: pool, routeScopes: SEED.routeScopes, webAclArn: WEB_ACL })))
      .toEqual([expect.stringMatching(/^webAclArn: AWS WAF cannot protect an HTTP API, and this one creates no user pool/)]);
  });

  test('a web ACL of another Region or account is refused; a lookup not yet made, or a token, is left to deploy time', () => {
    expect(problemsOf(() => synthApi({ webAclArn: WEB_ACL.replace('eu-west-1', 'us-east-1').replace('111111111111', '222222222222') }))).toEqual([
      'webAclArn: the web ACL is in us-east-1, the stack in eu-west-1; a web ACL protects resources of its own Region only',
      'webAclArn: the web ACL is in account 222222222222, the stack in 111111111111; it must be in the resources\' account',
    ]);
    const stack = newStack();
    const looked = ssm.StringParameter.valueFromLookup(stack, '/waf/arn');
    expect(looked.startsWith('dummy-value-for-')).toBe(true);
    new ScopedCognitoApi(stack, 'Api', { ...SEED, webAclArn: looked });
    new ScopedCognitoApi(stack, 'Token', { ...SEED, webAclArn: ssm.StringParameter.valueForStringParameter(stack, '/waf/arn') });
  });

  test('a REST API passed in keeps its stage: webAclArn and tracing are warned to be the caller\'s to apply there', () => {
    const stack = newStack();
    new ScopedCognitoApi(stack, 'Api', { ...SEED, restApi: new apigateway.RestApi(stack, 'Mine'), webAclArn: WEB_ACL, tracing: true });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expect(warnings(stack, 'passedInStage')).toEqual([expect.stringMatching(/^\/TestStack\/Api: webAclArn and tracing: the restApi was passed in/)]);
  });

  test('a CLOUDFRONT-scoped or malformed ARN is refused', () => {
    expect(problemsOf(() => synthApi({ webAclArn: WEB_ACL.replace('regional', 'global') })))
      .toEqual([expect.stringMatching(/^webAclArn: the web ACL has the CLOUDFRONT scope/)]);
    expect(problemsOf(() => synthApi({ webAclArn: 'my-acl' }))).toEqual([expect.stringMatching(/^webAclArn: 'my-acl' is not the ARN/)]);
  });
});

describe('the HTTP API\'s placeholder function', () => {
  test('is not created when every route has a handler', () => {
    const stack = newStack();
    const fn = handler(stack, 'Orders');
    const api = new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, routeHandlers: { 'GET /admin': fn, 'GET /readonly': fn } });
    const template = Template.fromStack(stack);
    expect(api.defaultRouteFunction).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => !id.includes('PreTokenGeneration'))).toEqual([expect.stringMatching(/^Orders/)]);
  });

  test('is created when a route needs it, also by a route added later, with its logical ID as before', () => {
    const stack = newStack();
    const fn = handler(stack, 'Orders');
    const api = new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, routeHandlers: { 'GET /admin': fn, 'GET /readonly': fn } });
    expect(api.defaultRouteFunction).toBeUndefined();
    api.addRoute('GET /later', ['api/admin']);
    expect(api.defaultRouteFunction!.node.path).toBe('TestStack/Api/DefaultRoute');
    const ids = Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
    expect(ids.find((id) => id.startsWith('ApiDefaultRoute'))).toBe(ids.find((id) => id.startsWith('ApiDefaultRoute') && id.length === 'ApiDefaultRoute'.length + 8));
    expect(synthHttpApi().api.defaultRouteFunction!.node.path).toBe('TestStack/Api/DefaultRoute');
  });

  test('a reservation for it is warned about when no route uses it', () => {
    const stack = newStack();
    const fn = handler(stack, 'Orders');
    new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, routeHandlers: { 'GET /admin': fn, 'GET /readonly': fn }, defaultRouteReservedConcurrency: 2 });
    Template.fromStack(stack);
    expect(warnings(stack, 'unusedReservation')).toHaveLength(1);
  });

  test('still answers the preflights of an ANY route beside a defaultIntegration', () => {
    const stack = newStack();
    const api = new ScopedCognitoHttpApi(stack, 'Api', {
      groupScopes: SEED.groupScopes,
      routeScopes: { 'ANY /orders': ['api/admin'] },
      cors: { allowOrigins: ['https://app.example.com'] },
      defaultIntegration: new integrations.HttpUrlIntegration('Backend', 'https://backend.example.com'),
    });
    expect(api.defaultRouteFunction).toBeDefined();
  });
});
