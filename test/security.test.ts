import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { newStack, problemsOf, SEED, STRICT_CONTEXT, synthApi, synthHttpApi } from './util';
import { buildExampleApp } from '../example/app';

describe('cdk-nag AwsSolutions and Serverless over the example app (REST, HTTP and Lite stacks)', () => {
  test('has no unacknowledged finding', () => {
    const { app } = buildExampleApp(undefined, STRICT_CONTEXT);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
    // A finding that is not acknowledged fails synth, listing the rule and the resource.
    expect(() => app.synth()).not.toThrow();
  });

  test.each([
    ['REST', 'stack', /AwsSolutions-COG8/],
    ['HTTP', 'httpStack', /AwsSolutions-APIG4/],
    ['Lite', 'liteStack', /AwsSolutions-COG4/],
  ] as const)('%s: would fail without the acknowledgments, so the check is live', (_kind, which, finding) => {
    const built = buildExampleApp(undefined, STRICT_CONTEXT);
    // Drop the acknowledgments (recorded as metadata) to see the raw findings.
    for (const construct of built[which].node.findAll()) {
      const metadata = ((construct.node as any)._metadata ?? []) as Array<{ type: string }>;
      metadata.splice(0, metadata.length, ...metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    }
    Validations.of(built.app).addPlugins(new AwsSolutionsChecks(built.app), new ServerlessChecks(built.app));
    expect(() => built.app.synth()).toThrow(finding);
  });

  test('the stages are throttled without an acknowledgment: the Serverless pack\'s default-throttling rule passes', () => {
    const built = buildExampleApp(undefined, STRICT_CONTEXT);
    for (const construct of built.app.node.findAll()) {
      const metadata = ((construct.node as any)._metadata ?? []) as Array<{ type: string }>;
      metadata.splice(0, metadata.length, ...metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY));
    }
    Validations.of(built.app).addPlugins(new ServerlessChecks(built.app));
    let message = '';
    try {
      built.app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Serverless-LambdaTracing/); // the pack ran, and reports what is acknowledged above
    expect(message).not.toMatch(/Serverless-APIGWDefaultThrottling/);
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
