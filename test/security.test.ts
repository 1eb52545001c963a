import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { newStack, problemsOf, SEED, STRICT_CONTEXT, synthApi, synthHttpApi } from './util';
import { buildExampleApp, REST_EXAMPLE } from '../example/app';
import { HTTP_EXAMPLE } from '../example/http-app';
import { LITE_EXAMPLE } from '../example/lite-app';
import {
  acknowledgeNagFindings, HTTP_NAG_FINDINGS, LITE_NAG_FINDINGS, NagFinding, OPENAPI_FORM_NAG_FINDINGS, PUBLIC_ROUTE_NAG_FINDING,
  REST_NAG_FINDINGS, SHARED_NAG_FINDINGS,
} from '../example/nag-findings';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';

/** The five cdk-nag packs CI runs over the example app. */
const packs = (): NagPack[] => [
  new AwsSolutionsChecks(), new ServerlessChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks(),
];
/** The prefixes of their rule IDs. */
const PACK_PREFIX = /^(AwsSolutions|Serverless|NIST\.800\.53\.R5|HIPAA\.Security|PCI\.DSS\.321)-/;

/** Drops the acknowledgments (recorded as metadata) under a scope, to see the raw findings. */
function dropAcknowledgments(scope: IConstruct): void {
  for (const construct of scope.node.findAll()) {
    const metadata = ((construct.node as any)._metadata ?? []) as Array<{ type: string }>;
    metadata.splice(0, metadata.length, ...metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
  }
}

/** The IDs acknowledged on a stack and everything in it. */
function acknowledgedIn(stack: Stack): string[] {
  const ids = stack.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.keys(entry.data as object).map((key) => key.replace(/^annotation::/i, ''))));
  return [...new Set(ids)].sort();
}

/** What the packs find in an app, acknowledgments honoured: rule ID -> construct paths. */
function findingsOf(app: App): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const pack of packs()) {
    for (const violation of pack.validateScope(app).violations) {
      found.set(violation.ruleName, violation.violatingResources.map((resource) => resource.constructPath ?? '(no construct path)'));
    }
  }
  return found;
}

/** The rule IDs found in each stack: stack name -> sorted IDs. */
function findingsByStack(app: App): Record<string, string[]> {
  const byStack: Record<string, Set<string>> = {};
  for (const [rule, paths] of findingsOf(app)) {
    for (const path of paths) (byStack[path.split('/')[0]] ??= new Set()).add(rule);
  }
  return Object.fromEntries(Object.entries(byStack).map(([stack, rules]) => [stack, [...rules].sort()]));
}

/** The example app synthesized with its acknowledgments dropped: the raw findings by stack, and what each stack had acknowledged. */
const rawExample = (() => {
  let cached: { findings: Record<string, string[]>; acknowledged: Record<string, string[]> } | undefined;
  return () => {
    if (cached) return cached;
    const built = buildExampleApp(undefined, STRICT_CONTEXT);
    const stacks = [built.stack, built.httpStack, built.sharedStack, built.liteStack];
    const acknowledged = Object.fromEntries(stacks.map((stack) => [stack.stackName, acknowledgedIn(stack)]));
    dropAcknowledgments(built.app);
    built.app.synth();
    cached = { findings: findingsByStack(built.app), acknowledged };
    return cached;
  };
})();

/**
 * The policy findings table of docs/security.md: for each row, the rule IDs of its Rule column
 * (those of the packs, and the library's warnings) and whether it says Fixed or Acknowledged.
 */
function docsTable(): Array<{ ids: string[]; status: 'fixed' | 'acknowledged' }> {
  const page = readFileSync(join(__dirname, '..', 'docs', 'security.md'), 'utf8');
  const section = page.split(/^## /m).find((s) => s.startsWith('Policy findings'));
  expect(section).toBeDefined();
  const rows = section!.split('\n').filter((line) => /^\| [^-|]/.test(line) && !line.startsWith('| Tool |')).map((line) => line.slice(2).split(' | '));
  // Rows of other tools (cfn-lint) are not checked here.
  return rows.filter(([tool]) => /^(cdk-nag|cdk-scoped-cognito-api)/.test(tool)).map(([, rule, status]) => {
    const line = `${rule} | ${status}`;
    const ids = [...rule.matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((id) => PACK_PREFIX.test(id) || id.startsWith('cdk-scoped-cognito-api:'));
    expect({ line, ids: ids.length > 0, status: /^(Fixed|Acknowledged)/.test(status) }).toEqual({ line, ids: true, status: true });
    return { ids, status: status.startsWith('Fixed') ? 'fixed' as const : 'acknowledged' as const };
  });
}

describe('cdk-nag, five packs (AwsSolutions, Serverless, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1), over the example app (REST, HTTP, shared-pool and Lite stacks)', () => {
  test('has no finding that is neither fixed nor acknowledged with a reason', () => {
    const { app } = buildExampleApp(undefined, STRICT_CONTEXT);
    Validations.of(app).addPlugins(...packs());
    // A finding that is not acknowledged fails synth, listing the rule and the resource.
    expect(() => app.synth()).not.toThrow();
    // The library's warning about alarms without an action is acknowledged with the findings too.
    for (const stack of app.node.children.filter(Stack.isStack)) {
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('alarmsWithoutAction')).map((w) => `${w.id}: ${w.entry.data}`)).toEqual([]);
    }
  });

  test('every acknowledgment answers a finding of its stack, and every finding of a stack is acknowledged there', () => {
    const { findings, acknowledged } = rawExample();
    const nagAcknowledged = Object.fromEntries(Object.entries(acknowledged).map(([stack, ids]) => [stack, ids.filter((id) => PACK_PREFIX.test(id))]));
    expect(findings).toEqual(nagAcknowledged);
    // What each stack acknowledges beside the packs' rules: the library's warning, where it has alarms (all of them).
    for (const ids of Object.values(acknowledged)) expect(ids.filter((id) => !PACK_PREFIX.test(id))).toEqual(['cdk-scoped-cognito-api:alarmsWithoutAction']);
  });

  test.each([
    ['REST', 'stack', /AwsSolutions-COG8/],
    ['HTTP', 'httpStack', /AwsSolutions-APIG4/],
    ['Lite', 'liteStack', /AwsSolutions-COG4/],
    ['shared-pool', 'sharedStack', /NIST\.800\.53\.R5-LambdaInsideVPC/],
  ] as const)('%s: would fail without the acknowledgments, so the check is live', (_kind, which, finding) => {
    const built = buildExampleApp(undefined, STRICT_CONTEXT);
    dropAcknowledgments(built[which]);
    Validations.of(built.app).addPlugins(...packs());
    expect(() => built.app.synth()).toThrow(finding);
  });

  test('the stages are throttled without an acknowledgment: the Serverless pack\'s default-throttling rule passes', () => {
    const { findings } = rawExample();
    const all = Object.values(findings).flat();
    expect(all).toContain('Serverless-LambdaTracing'); // the pack ran, and reports what is acknowledged above
    expect(all).not.toContain('Serverless-APIGWDefaultThrottling');
  });

  test('the OpenAPI form (more than 100 routes) passes too, with AwsSolutions-APIG2 acknowledged: its request validator is in the document', () => {
    const build = (openApiFindings: ReadonlyArray<NagFinding>) => {
      const app = new App({ context: STRICT_CONTEXT });
      const more = (scope: string) => Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`GET /reports/r${i}`, [scope]]));
      const apis = ([
        ['Rest', REST_NAG_FINDINGS, (stack: Stack) => new ScopedCognitoApi(stack, 'Api', { ...REST_EXAMPLE, routeScopes: { ...REST_EXAMPLE.routeScopes, ...more('api/readonly') } })],
        ['Lite', LITE_NAG_FINDINGS, (stack: Stack) => new ScopedCognitoApi(stack, 'Api', { ...LITE_EXAMPLE, routeScopes: { ...LITE_EXAMPLE.routeScopes, ...more('api/readonly') } })],
        ['Http', HTTP_NAG_FINDINGS, (stack: Stack) => new ScopedCognitoHttpApi(stack, 'Api', { ...HTTP_EXAMPLE, routeScopes: { ...HTTP_EXAMPLE.routeScopes, ...more('orders/read') } })],
      ] as const).map(([name, findings, make]) => {
        const stack = new Stack(app, name);
        const api = make(stack);
        acknowledgeNagFindings(stack, [...findings, ...(name === 'Http' ? [] : openApiFindings)]);
        return api;
      });
      expect(apis.map((api) => api.definedByOpenApi)).toEqual([true, true, true]);
      app.synth();
      return { app, apis };
    };
    const { app, apis } = build(OPENAPI_FORM_NAG_FINDINGS);
    expect([...findingsOf(app).keys()]).toEqual([]);
    // The validator the rule misses: every operation names the document's, which checks body and parameters.
    const body = (apis[0] as ScopedCognitoApi).restApi.node.defaultChild as apigateway.CfnRestApi;
    const document = Stack.of(body).resolve(body.body);
    expect(document['x-amazon-apigateway-request-validators'][document['x-amazon-apigateway-request-validator']])
      .toEqual({ validateRequestBody: true, validateRequestParameters: true });
    // Without the acknowledgment, APIG2 is what the packs find, on the two REST APIs.
    expect([...findingsOf(build([]).app)]).toEqual([['AwsSolutions-APIG2', ['Rest/Api/RestApi/Resource', 'Lite/Api/RestApi/Resource']]]);
  });
});

describe('the table of policy findings in docs/security.md', () => {
  /** Every acknowledgment the example and the OpenAPI form make. */
  const acknowledgments = [
    ...REST_NAG_FINDINGS, ...HTTP_NAG_FINDINGS, ...SHARED_NAG_FINDINGS, ...LITE_NAG_FINDINGS, PUBLIC_ROUTE_NAG_FINDING, ...OPENAPI_FORM_NAG_FINDINGS,
  ];

  test('names every acknowledged rule as acknowledged, and nothing else', () => {
    const documented = docsTable().filter((row) => row.status === 'acknowledged').flatMap((row) => row.ids);
    expect([...new Set(documented)].sort()).toEqual([...new Set(acknowledgments.map((finding) => finding.id))].sort());
    for (const finding of acknowledgments) expect(finding.reason.length).toBeGreaterThanOrEqual(40);
  });

  test('what it calls fixed, the packs find on a plain aws-cdk-lib equivalent and not on the example', () => {
    const fixed = docsTable().filter((row) => row.status === 'fixed').flatMap((row) => row.ids);
    expect(fixed.length).toBeGreaterThanOrEqual(10);
    // The same kinds of resource, written with aws-cdk-lib alone: a pool with a trigger, a REST and an HTTP route, a log group.
    const app = new App();
    const stack = new Stack(app, 'Plain');
    const pool = new cognito.UserPool(stack, 'Pool');
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=1') });
    pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, fn);
    new apigateway.RestApi(stack, 'Rest').root.addResource('admin').addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] }),
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: ['api/admin'],
    });
    new apigwv2.HttpApi(stack, 'Http').addRoutes({
      path: '/admin',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpLambdaIntegration('Fn', fn),
      authorizer: new authorizers.HttpUserPoolAuthorizer('Authorizer', pool),
      authorizationScopes: ['api/admin'],
    });
    new logs.CfnLogGroup(stack, 'Logs', {});
    app.synth();
    const plain = [...findingsOf(app).keys()];
    const example = Object.values(rawExample().findings).flat();
    expect(fixed.filter((id) => !plain.includes(id) || example.includes(id))).toEqual([]);
  });
});

describe('secure defaults', () => {
  test('a strong password policy', () => {
    synthApi().template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
  });

  test('the trigger may only write its own logs: no managed policy, no wildcard', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
      ManagedPolicyArns: Match.absent(),
      Policies: [
        {
          PolicyName: 'WriteOwnLogs',
          PolicyDocument: {
            Statement: [
              {
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                Effect: 'Allow',
                Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('PreTokenGenerationLogs'), 'Arn'] },
              },
            ],
            Version: '2012-10-17',
          },
        },
      ],
    });
  });

  test('HTTP API: each function (trigger, default route) may only write its own log group', () => {
    const { template } = synthHttpApi();
    const roles = Object.values<any>(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(2);
    for (const role of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toEqual([
        {
          PolicyName: 'WriteOwnLogs',
          PolicyDocument: {
            Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/Logs[0-9A-F]{8}$/), 'Arn'] } }],
            Version: '2012-10-17',
          },
        },
      ]);
    }
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('routes are checked by a request validator', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationScopes: ['api/admin'],
      RequestValidatorId: { Ref: Match.stringLikeRegexp('RequestValidator') },
    });
  });
});

describe('CORS', () => {
  const cors: apigateway.CorsOptions = { allowOrigins: ['https://app.example.com'], allowCredentials: true };

  test('preflight OPTIONS stays unauthenticated while the route needs a token', () => {
    const { template } = synthApi({ cors });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', AuthorizationType: 'COGNITO_USER_POOLS' });
    expect(Object.keys(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }))).toHaveLength(2);
  });

  test.each([
    ['UNAUTHORIZED', 'UNAUTHORIZED'],
    ['ACCESS_DENIED', 'ACCESS_DENIED'],
  ])('the authorizer\'s %s response carries the CORS headers', (type) => {
    synthApi({ cors }).template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: type,
      ResponseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
      },
    });
  });

  test('several origins: the error responses name none, never the caller\'s, and a warning says why browser code cannot read them', () => {
    for (const manyRoutes of [false, true]) {
      const routeScopes = manyRoutes ? Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['api/admin']])) : SEED.routeScopes;
      const { template, stack } = synthApi({ routeScopes, cors: { allowOrigins: ['https://a.example.com', 'https://b.example.com'], allowCredentials: true } });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/gatewayresponse\.header\.Access-Control-Allow-Origin/);
      template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 0);
      Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('several origins: the authorizer\'s 401 and 403 carry no Access-Control-Allow-Origin'));
    }
  });

  test('works on an API passed in too', () => {
    const stack = newStack();
    const restApi = new apigateway.RestApi(stack, 'Mine');
    const { template } = synthApi({ cors, restApi }, stack);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 2);
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'OPTIONS', AuthorizationType: 'NONE' });
  });

  test('* origins with credentials are refused', () => {
    expect(problemsOf(() => synthApi({ cors: { allowOrigins: apigateway.Cors.ALL_ORIGINS, allowCredentials: true } }))).toEqual([
      "cors: '*' origins cannot be combined with allowCredentials; name the origins that may send credentials",
    ]);
  });

  test('an origin with quotes or spaces, which would break out of the header mappings, is refused', () => {
    expect(problemsOf(() => synthApi({ cors: { allowOrigins: ["https://a.example.com' ", 'https://b.example.com"'] } }))).toEqual([
      "cors.allowOrigins: 'https://a.example.com' ' is not an origin (scheme://host[:port], or '*'): no quotes or spaces",
      "cors.allowOrigins: 'https://b.example.com\"' is not an origin (scheme://host[:port], or '*'): no quotes or spaces",
    ]);
  });

  test('without CORS there is no preflight and no gateway response', () => {
    const { template } = synthApi();
    template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 0);
    expect(Object.keys(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }))).toHaveLength(0);
  });
});
