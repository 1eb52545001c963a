import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScopedCognitoApi, ThreatProtection } from '../src';
import { newStack, problemsOf, SEED, synthApi } from './util';

describe('the Cognito half', () => {
  test('wires the pre-token-generation trigger on the V2_0 event in CloudFormation', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('PreTokenGeneration'), 'Arn'] }, LambdaVersion: 'V2_0' },
      },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'cognito-idp.amazonaws.com',
      Action: 'lambda:InvokeFunction',
    });
  });

  test('creates the pool on the Essentials plan with no threat protection by default', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      UserPoolAddOns: Match.absent(),
    });
  });

  test('keeps users safe: deletion protection on and the pool retained on stack deletion', () => {
    const { template } = synthApi();
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
  });

  test.each([
    [ThreatProtection.AUDIT, 'AUDIT'],
    [ThreatProtection.ENFORCED, 'ENFORCED'],
  ])('threat protection %s on the Plus plan', (threatProtection, mode) => {
    const { template } = synthApi({ featurePlan: cognito.FeaturePlan.PLUS, threatProtection });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: mode, AdvancedSecurityAdditionalFlows: { CustomAuthMode: mode } },
    });
  });

  test('creates one group per mapped group, named as in the map', () => {
    const { template } = synthApi();
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'Admin' });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'ReadOnly' });
  });

  test('adopts existing groups instead of creating them when createGroups is false', () => {
    const { template, api } = synthApi({ createGroups: false });
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    expect(api.scopedUserPool.groups).toEqual([]);
  });

  test('declares the mapped scopes on a resource server per identifier', () => {
    const { template } = synthApi({
      groupScopes: { Admin: ['api/admin', 'billing/read'], ReadOnly: ['api/readonly'] },
    });
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 2);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'api',
      Scopes: [
        { ScopeName: 'admin', ScopeDescription: 'api/admin' },
        { ScopeName: 'readonly', ScopeDescription: 'api/readonly' },
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'billing',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'billing/read' }],
    });
  });

  test('creates an SRP app client without a secret and without OAuth flows by default', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlows: Match.absent(),
    });
  });

  test('an OAuth user client allows OpenID scopes only: no custom scope any signed-in user could request', () => {
    const { template } = synthApi({
      oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    });
    // The construct's user client, the one without a client-credentials flow.
    const [client] = Object.values<any>(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AllowedOAuthScopes).toEqual(['openid', 'profile']);
    expect(client.Properties.CallbackURLs).toEqual(['https://app.example.com/callback']);
  });

  test('the trigger is a small arm64 function on the current Node.js runtime, within Cognito\'s 5 s wait', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 3,
      Environment: Match.absent(),
    });
  });
});

describe('the API half', () => {
  test('guards each route with the Cognito authorizer and its scopes', () => {
    const { template } = synthApi();
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'Arn'] }],
    });
    for (const [path, scope] of [
      ['admin', 'api/admin'],
      ['readonly', 'api/readonly'],
    ]) {
      const resourceId = logicalIdOfResource(template, path);
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: 'GET',
        ResourceId: { Ref: resourceId },
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: Match.stringLikeRegexp('Authorizer') },
        AuthorizationScopes: [scope],
      });
    }
  });

  test('answers with a mock 200 by default, and with the given integration when there is one', () => {
    const { template } = synthApi({
      routeIntegrations: { 'get /readonly': new apigateway.HttpIntegration('https://backend.example.com/readonly') },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationScopes: ['api/admin'],
      Integration: Match.objectLike({ Type: 'MOCK' }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationScopes: ['api/readonly'],
      Integration: Match.objectLike({ Type: 'HTTP_PROXY', Uri: 'https://backend.example.com/readonly' }),
    });
  });

  test('creates a regional API with access logs and error-level execution logs, without data tracing', () => {
    const { template } = synthApi();
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: [Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false })],
    });
  });

  test('sets the account\'s CloudWatch role for execution logs, unless told the account has one', () => {
    const withRole = synthApi().template;
    withRole.resourceCountIs('AWS::ApiGateway::Account', 1);
    withRole.hasResourceProperties('AWS::ApiGateway::Account', { CloudWatchRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CloudWatchRole'), 'Arn'] } });
    const withoutRole = synthApi({ cloudWatchRole: false }).template;
    withoutRole.resourceCountIs('AWS::ApiGateway::Account', 0);
    withoutRole.resourceCountIs('AWS::IAM::Role', 1); // the trigger's
    withoutRole.hasResourceProperties('AWS::ApiGateway::Stage', { MethodSettings: [Match.objectLike({ LoggingLevel: 'ERROR' })] });
    expect(problemsOf(() => synthApi({ cloudWatchRole: false, restApi: new apigateway.RestApi(newStack(), 'Mine') }))).toEqual([
      'cloudWatchRole: set cloudWatchRole on the restApi you pass in, not here',
    ]);
  });

  test('public routes take no token, and only when declared', () => {
    const { template } = synthApi({ publicRoutes: ['GET /health'] });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ResourceId: { Ref: logicalIdOfResource(template, 'health') },
      AuthorizationType: 'NONE',
      AuthorizationScopes: Match.absent(),
    });
  });

  test('addRoute adds a scoped route after construction, checked like the others', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    const method = api.addRoute('DELETE /admin/{id}', ['api/admin']);
    expect(api.routeFor('delete /admin/{id}')).toBe(method);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'DELETE',
      AuthorizationScopes: ['api/admin'],
    });
    expect(() => api.addRoute('DELETE /admin/{id}', ['api/admin'])).toThrow(/routeScopes\['DELETE \/admin\/\{id\}'\]: the same route as/);
    expect(() => api.addRoute('GET /other', ['api/admn'])).toThrow(/scope 'api\/admn' is granted to no group/);
  });
});

describe('bring your own', () => {
  test('wires into an existing user pool without creating another', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'MyPool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool });
    const template = Template.fromStack(stack);
    expect(api.userPool).toBe(userPool);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGenerationConfig: Match.objectLike({ LambdaVersion: 'V2_0' }) },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'Admin',
      UserPoolId: { Ref: stack.getLogicalId(userPool.node.defaultChild as cognito.CfnUserPool) },
    });
  });

  test('adds the routes to an existing REST API', () => {
    const stack = newStack();
    const restApi = new apigateway.RestApi(stack, 'MyApi');
    restApi.root.addMethod('GET');
    const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, restApi });
    const template = Template.fromStack(stack);
    expect(api.restApi).toBe(restApi);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGateway::Method', 3);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      RestApiId: { Ref: stack.getLogicalId(restApi.node.defaultChild as apigateway.CfnRestApi) },
      AuthorizationScopes: ['api/admin'],
    });
  });

  test('refuses a pool that already has a pre-token-generation trigger', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'MyPool');
    const mine = new lambda.Function(stack, 'MyTrigger', { runtime: lambda.Runtime.NODEJS_LATEST, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async (e) => e;') });
    userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, mine, cognito.LambdaVersion.V2_0);
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Second', { ...SEED, userPool }))).toContain(
      'userPool: the pool already has a pre-token-generation trigger, and a pool takes only one; remove it, this construct adds its own',
    );
  });
});

function logicalIdOfResource(template: Template, pathPart: string): string {
  const found = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } });
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return ids[0];
}
