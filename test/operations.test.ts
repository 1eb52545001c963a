import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { keepForLint, newStack, problemsOf, SEED, synthApi, synthHttpApi } from './util';

/** More than 100 routes: the API is defined by its OpenAPI document. */
const MANY = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['api/admin']]));
const FORMS = [{ form: 'resources', routes: {} }, { form: 'OpenAPI document', routes: { routeScopes: MANY } }];

const refOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as any);

/** The alarms of a template by the metric they watch: `namespace metric statistic` or the expression. */
function alarmsByMetric(template: Template): Record<string, any> {
  return Object.fromEntries(Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm: any) => {
    const p = alarm.Properties;
    const key = p.MetricName ? `${p.Namespace} ${p.MetricName} ${p.Statistic}` : p.Metrics.find((m: any) => m.Expression).Expression;
    return [key, p];
  }));
}

const RATE = 'IF(requests >= 10, errors / requests, 0)';

/** Every alarm fires at or above its threshold, on one period, and no data is no alarm. */
function expectAlarmShape(template: Template): void {
  for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
    expect(alarm.Properties).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    expect(alarm.Properties.DatapointsToAlarm ?? 1).toBe(1);
  }
}

/** The metrics of an API's 5xx-rate alarm, by their id in the expression. */
function rateMetrics(alarm: any): Record<string, unknown> {
  expect(alarm).toMatchObject({ Threshold: 0.05 });
  const expression = alarm.Metrics.find((m: any) => m.Expression);
  expect(expression.Expression).toBe(RATE);
  // The alarm watches the expression (ReturnData is true when absent, as aws-cdk-lib 2.189 writes it).
  expect(expression.ReturnData ?? true).toBe(true);
  return Object.fromEntries(alarm.Metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
}

const apiMetric = (name: string, stat: string, dimension: { Name: string; Value: unknown }) =>
  ({ Metric: { Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: [dimension] }, Period: 300, Stat: stat });

describe('alarms that say sign-in or the API is failing', () => {
  test.each(FORMS)('REST, $form: trigger errors, throttles and duration, and the 5xx rate under the API\'s unique name', ({ routes }) => {
    const { stack, api, template } = synthApi(routes);
    const alarms = alarmsByMetric(template);
    expect(Object.keys(alarms).sort()).toEqual(['AWS/Lambda Duration Maximum', 'AWS/Lambda Errors Sum', 'AWS/Lambda Throttles Sum', RATE]);
    expectAlarmShape(template);
    const trigger = { Name: 'FunctionName', Value: { Ref: refOf(stack, api.triggerFunction!) } };
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarms[`AWS/Lambda ${metric} Sum`]).toMatchObject({ Dimensions: [trigger], Period: 60, Threshold: 1 });
    }
    // 80% of the trigger's 3 s timeout.
    expect(template.toJSON().Resources[refOf(stack, api.triggerFunction!)].Properties.Timeout).toBe(3);
    expect(alarms['AWS/Lambda Duration Maximum']).toMatchObject({ Dimensions: [trigger], Period: 60, Threshold: 2400 });
    const name = template.toJSON().Resources[refOf(stack, api.restApi)].Properties.Name;
    expect(name).toMatch(/^TestStackApi[0-9A-F]{8}$/);
    const apiName = { Name: 'ApiName', Value: name };
    expect(rateMetrics(alarms[RATE])).toEqual({ errors: apiMetric('5XXError', 'Sum', apiName), requests: apiMetric('Count', 'SampleCount', apiName) });
    expect(api.serverErrorRateAlarm).toBeDefined();
    const pool = api.scopedUserPool;
    expect([pool.triggerErrorsAlarm, pool.triggerThrottlesAlarm, pool.triggerDurationAlarm].every(Boolean)).toBe(true);
  });

  test.each(FORMS)('HTTP, $form: the 5xx rate is 5xx over Count of the API, by its ID', ({ routes }) => {
    const { stack, api, template } = synthHttpApi(routes);
    expectAlarmShape(template);
    const cfnApi = api.definedByOpenApi ? api.node.findChild('HttpApi').node.findChild('Resource') : api.httpApi.node.defaultChild;
    const apiId = { Name: 'ApiId', Value: { Ref: stack.getLogicalId(cfnApi as any) } };
    expect(rateMetrics(alarmsByMetric(template)[RATE])).toEqual({ errors: apiMetric('5xx', 'Sum', apiId), requests: apiMetric('Count', 'SampleCount', apiId) });
  });

  test('an API passed in is watched too: REST by its name, HTTP by its ID', () => {
    const stack = newStack();
    const restApi = new apigateway.RestApi(stack, 'Mine', { restApiName: 'orders-api' });
    const rest = synthApi({ restApi }, stack);
    expect(rateMetrics(alarmsByMetric(rest.template)[RATE]).errors).toEqual(apiMetric('5XXError', 'Sum', { Name: 'ApiName', Value: 'orders-api' }));
    const other = newStack();
    const httpApi = new apigwv2.HttpApi(other, 'Mine');
    const http = synthHttpApi({ httpApi }, other);
    expect(rateMetrics(alarmsByMetric(http.template)[RATE]).errors)
      .toEqual(apiMetric('5xx', 'Sum', { Name: 'ApiId', Value: { Ref: refOf(other, httpApi) } }));
  });

  test('two REST APIs of an app have different names, so their metrics do not mix', () => {
    const stack = newStack();
    const one = new ScopedCognitoApi(stack, 'One', SEED);
    const two = new ScopedCognitoApi(stack, 'Two', SEED);
    const names = [one, two].map((api) => Template.fromStack(stack).toJSON().Resources[refOf(stack, api.restApi)].Properties.Name);
    expect(new Set(names).size).toBe(2);
  });

  test('each alarm notifies the alarm topic when it fires and when it recovers', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Pager');
    const { template } = synthHttpApi({ alarmTopic: topic }, stack);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
      expect(alarm.Properties.AlarmDescription).toMatch(/^.{80,}$/);
    }
  });

  test('alarms: false creates none; on an API attached to a pool it leaves the pool\'s alone', () => {
    const { api, template } = synthApi({ alarms: false });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect([api.serverErrorRateAlarm, api.scopedUserPool.triggerErrorsAlarm]).toEqual([undefined, undefined]);

    const stack = newStack();
    const pool = new ScopedUserPool(stack, 'Pool', { groupScopes: SEED.groupScopes! });
    new ScopedCognitoHttpApi(stack, 'Api', { scopedUserPool: pool, routeScopes: SEED.routeScopes, alarms: false });
    const alarms = Object.keys(alarmsByMetric(Template.fromStack(stack))).sort();
    expect(alarms).toEqual(['AWS/Lambda Duration Maximum', 'AWS/Lambda Errors Sum', 'AWS/Lambda Throttles Sum']);
  });
});

describe('logEncryptionKey encrypts every log group the construct creates', () => {
  function kmsKeysOfLogGroups(template: Template): Record<string, unknown> {
    return Object.fromEntries(Object.entries(template.findResources('AWS::Logs::LogGroup')).map(([id, group]) => [id, group.Properties.KmsKeyId]));
  }

  test.each([
    ...FORMS.map((f) => ({ ...f, kind: 'REST', synth: (props: object, stack: Stack) => synthApi(props, stack), groups: 2 })),
    ...FORMS.map((f) => ({ ...f, kind: 'HTTP', synth: (props: object, stack: Stack) => synthHttpApi(props, stack), groups: 3 })),
  ])('$kind, $form: trigger, placeholder and access logs, and the key lets CloudWatch Logs use it, once', ({ routes, synth, groups }) => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    const { template } = synth({ ...routes, logEncryptionKey: key }, stack);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    const byGroup = kmsKeysOfLogGroups(template);
    expect(Object.keys(byGroup)).toHaveLength(groups);
    for (const kmsKey of Object.values(byGroup)) expect(kmsKey).toEqual(keyArn);
    const statements = template.toJSON().Resources[stack.getLogicalId(key.node.defaultChild as kms.CfnKey)].Properties.KeyPolicy.Statement;
    const forLogs = statements.filter((s: any) => JSON.stringify(s.Principal).includes('logs.'));
    expect(forLogs).toEqual([{
      Sid: 'CloudWatchLogsEncryptsLogGroupsOfThisAccountAndRegion',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:*']] } } },
    }]);
  });

  test.each([
    { kind: 'REST', make: (stack: Stack, props: any) => new ScopedCognitoApi(stack, 'Api', props) },
    { kind: 'HTTP', make: (stack: Stack, props: any) => new ScopedCognitoHttpApi(stack, 'Api', props) },
  ])('$kind on a shared pool without a key: the API\'s own log groups get the key, and the key policy its statement', ({ make }) => {
    const stack = newStack();
    const pool = new ScopedUserPool(stack, 'Pool', { groupScopes: SEED.groupScopes! });
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    make(stack, { scopedUserPool: pool, routeScopes: SEED.routeScopes, logEncryptionKey: key });
    const template = Template.fromStack(stack);
    keepForLint(template.toJSON());
    const byGroup = kmsKeysOfLogGroups(template);
    expect(byGroup[refOf(stack, pool.triggerLogGroup!)]).toBeUndefined();
    const encrypted = Object.entries(byGroup).filter(([, kmsKey]) => kmsKey !== undefined).map(([id]) => id);
    expect(encrypted.length).toBeGreaterThan(0);
    const statements = template.toJSON().Resources[refOf(stack, key)].Properties.KeyPolicy.Statement;
    expect(statements.filter((st: any) => st.Sid === 'CloudWatchLogsEncryptsLogGroupsOfThisAccountAndRegion')).toHaveLength(1);
  });

  test('a key of another Region or account is refused: CloudWatch Logs uses one of the log group\'s own Region', () => {
    const app = new App();
    const keys = new Stack(app, 'Keys', { env: { account: '111111111111', region: 'us-east-1' } });
    const key = new kms.Key(keys, 'LogKey');
    const stack = new Stack(app, 'Api', { env: { account: '111111111111', region: 'eu-west-1' }, crossRegionReferences: true });
    expect(problemsOf(() => new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, logEncryptionKey: key }))).toEqual([
      'logEncryptionKey: Keys/LogKey is in region us-east-1, the log groups in eu-west-1; use a key of the log groups\' own Region and account',
    ]);
  });

  test('without a key, CloudWatch Logs\' own encryption', () => {
    expect(Object.values(kmsKeysOfLogGroups(synthHttpApi().template))).toEqual([undefined, undefined, undefined]);
  });

  test('an imported key is used, and a warning says its policy must allow CloudWatch Logs', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const { template } = synthApi({ logEncryptionKey: key }, stack);
    expect(new Set(Object.values(kmsKeysOfLogGroups(template)))).toEqual(new Set([key.keyArn]));
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp('logEncryptionKey: .*is imported.*logs\\.<region>\\.amazonaws\\.com'));
  });

  test('the trigger and the placeholder log in Lambda\'s JSON format; their log groups are public', () => {
    const { stack, api, template } = synthHttpApi();
    for (const fn of [api.triggerFunction!, api.defaultRouteFunction!]) {
      expect(template.toJSON().Resources[refOf(stack, fn)].Properties.LoggingConfig).toEqual({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
        LogGroup: { Ref: expect.any(String) },
      });
    }
    const logGroupOf = (fn: { node: { defaultChild?: unknown } }) =>
      template.toJSON().Resources[refOf(stack, fn)].Properties.LoggingConfig.LogGroup.Ref;
    expect(logGroupOf(api.triggerFunction!)).toBe(refOf(stack, api.scopedUserPool.triggerLogGroup!));
    expect(logGroupOf(api.defaultRouteFunction!)).toBe(refOf(stack, api.defaultRouteLogGroup!));
  });
});

describe('reserved concurrency for the trigger and the placeholder', () => {
  const reserved = (template: Template, stack: Stack, fn: { node: { defaultChild?: unknown } }) =>
    template.toJSON().Resources[refOf(stack, fn)].Properties.ReservedConcurrentExecutions;

  test('none by default: a reservation fails the deployment on accounts with a small concurrency quota', () => {
    const { stack, api, template } = synthHttpApi();
    expect([reserved(template, stack, api.triggerFunction!), reserved(template, stack, api.defaultRouteFunction!)]).toEqual([undefined, undefined]);
  });

  test('set, on the trigger and on the placeholder', () => {
    const { stack, api, template } = synthHttpApi({ triggerReservedConcurrency: 40, defaultRouteReservedConcurrency: 5 });
    expect([reserved(template, stack, api.triggerFunction!), reserved(template, stack, api.defaultRouteFunction!)]).toEqual([40, 5]);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('triggerReservedConcurrency'));
  });

  test.each([
    { version: cognito.LambdaVersion.V2_0, needed: 29, rate: 145 },
    { version: cognito.LambdaVersion.V3_0, needed: 59, rate: 295 },
  ])('below what Cognito\'s default quotas send the trigger on $version ($needed), a warning: the reservation caps it', ({ version, needed, rate }) => {
    const below = synthApi({ triggerEventVersion: version, triggerReservedConcurrency: needed - 1 });
    Annotations.fromStack(below.stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp(
      `triggerReservedConcurrency: ${needed - 1} also caps the trigger.*${rate} token requests per second.*need ${needed} at 200 ms a run.*needs ${needed - 1 + 100} of the account's concurrency`,
    ));
    const enough = synthApi({ triggerEventVersion: version, triggerReservedConcurrency: needed });
    Annotations.fromStack(enough.stack).hasNoWarning('*', Match.stringLikeRegexp('triggerReservedConcurrency'));
  });

  test('refused: not a whole number above 0, on a shared pool, for a placeholder that is not there', () => {
    expect(problemsOf(() => synthApi({ triggerReservedConcurrency: 0 }))).toEqual([
      'triggerReservedConcurrency: 0; reserved concurrency is a whole number of executions, at least 1 (leave it unset to reserve none)',
    ]);
    expect(problemsOf(() => new ScopedUserPool(newStack(), 'Pool', { groupScopes: SEED.groupScopes!, triggerReservedConcurrency: 2.5 }))).toEqual([
      'triggerReservedConcurrency: 2.5; reserved concurrency is a whole number of executions, at least 1 (leave it unset to reserve none)',
    ]);
    const stack = newStack();
    const pool = new ScopedUserPool(stack, 'Pool', { groupScopes: SEED.groupScopes! });
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { scopedUserPool: pool, routeScopes: SEED.routeScopes, triggerReservedConcurrency: 20 }))).toEqual([
      expect.stringMatching(/^scopedUserPool and triggerReservedConcurrency: /),
    ]);
    const fn = synthHttpApi().api.defaultRouteFunction!;
    expect(problemsOf(() => synthHttpApi({ defaultRouteReservedConcurrency: -1 }))).toEqual([
      'defaultRouteReservedConcurrency: -1; reserved concurrency is a whole number of executions, at least 1 (leave it unset to reserve none)',
    ]);
    expect(problemsOf(() => synthHttpApi({
      defaultIntegration: new integrations.HttpLambdaIntegration('Mine', fn),
      defaultRouteReservedConcurrency: 3,
    }))).toEqual([
      'defaultRouteReservedConcurrency: there is no placeholder function with a defaultIntegration (unless CORS preflights of an ANY route in ' +
        'routeScopes need it); reserve concurrency on your own function',
    ]);
  });

  test('a value known only at deploy time (a parameter) is left to the deployment', () => {
    const stack = newStack();
    const atDeploy = new CfnParameter(stack, 'Reserved', { type: 'Number' }).valueAsNumber;
    const { api, template } = synthApi({ triggerReservedConcurrency: atDeploy }, stack);
    expect(template.toJSON().Resources[refOf(stack, api.triggerFunction!)].Properties.ReservedConcurrentExecutions).toEqual({ Ref: 'Reserved' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('triggerReservedConcurrency'));
  });

  test('the settings reach the template as CloudFormation wants them (cfn-lint)', () => {
    const stack = newStack();
    new ScopedCognitoHttpApi(stack, 'Api', {
      ...SEED,
      triggerReservedConcurrency: 30,
      defaultRouteReservedConcurrency: 5,
      logEncryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      alarmTopic: new sns.Topic(stack, 'Topic'),
    });
    new apigwv2.HttpApi(stack, 'Unrelated');
    keepForLint(Template.fromStack(stack).toJSON());
  });
});
