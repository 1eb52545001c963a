/**
 * The access matrix sees every app client of the pool however it is declared (an L1 class, a raw
 * `CfnResource`, a client `CfnInclude` read from a template, scopes from `Lazy.list`, a parameter
 * or `Fn.split`), reading what its template will hold. What is known only at deploy time is assumed
 * to allow the most it could, with a warning naming the setting: a client the REST authorizer
 * accepts is never shown reaching less than its tokens can.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnParameter, CfnResource, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { newStack, SEED, STRICT_CONTEXT, synthApi, synthHttpApi } from './util';
import { ScopedCognitoApi, ScopedUserPool } from '../src';

/** Each route and the machine clients the matrix shows reaching it. */
const machineColumns = (api: { accessMatrix(): Array<{ route: string; machineClients: string[] }> }) =>
  api.accessMatrix().map((row) => [row.route, row.machineClients]);

/** A client-credentials client of `userPoolId` allowing `scopes`, as an L1 would write it. */
const machineClientProps = (userPoolId: string, scopes: string[]) => ({
  userPoolId,
  generateSecret: true,
  allowedOAuthFlowsUserPoolClient: true,
  allowedOAuthFlows: ['client_credentials'],
  allowedOAuthScopes: scopes,
});

describe('the matrix reads a client\'s scopes as its template will hold them', () => {
  test('scopes from Lazy.list that resolve at synth are read: the client reaches the routes they guard', () => {
    const { api, stack } = synthApi();
    new cognito.CfnUserPoolClient(stack, 'Lazy', machineClientProps(api.userPool.userPoolId, Lazy.list({ produce: () => ['api/admin'] })));
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/Lazy']], ['GET /readonly', []]]);
  });

  test.each([
    ['a CommaDelimitedList parameter', (stack: any) => new CfnParameter(stack, 'Scopes', { type: 'CommaDelimitedList' }).valueAsList],
    ['Fn.split of an import', () => Fn.split(',', Fn.importValue('PartnerScopes'))],
  ])('scopes from %s are known only at deploy time: the client may reach every scoped route, with a warning', (_, scopes) => {
    const { api, stack } = synthApi();
    new cognito.CfnUserPoolClient(stack, 'Deferred', machineClientProps(api.userPool.userPoolId, scopes(stack)));
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/Deferred']], ['GET /readonly', ['TestStack/Deferred']]]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/Deferred: its AllowedOAuthScopes is known only at deploy time'));
  });

  test('a raw CfnResource of the client type is a client like any other', () => {
    const { api, stack } = synthApi();
    new CfnResource(stack, 'Raw', {
      type: 'AWS::Cognito::UserPoolClient',
      properties: { UserPoolId: api.userPool.userPoolId, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['api/readonly'] },
    });
    expect(machineColumns(api)).toEqual([['GET /admin', []], ['GET /readonly', ['TestStack/Raw']]]);
  });

  test('an escape-hatch override of a client\'s scopes is what the matrix reads', () => {
    const { api, stack } = synthApi();
    const client = new cognito.CfnUserPoolClient(stack, 'Overridden', machineClientProps(api.userPool.userPoolId, ['api/readonly']));
    client.addPropertyOverride('AllowedOAuthScopes', ['api/admin']);
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/Overridden']], ['GET /readonly', []]]);
  });

  test('a client CfnInclude reads from a template, its scopes a parameter, is counted as unknown rather than crashing synth', () => {
    const { api, stack } = synthApi();
    const file = join(mkdtempSync(join(tmpdir(), 'include-')), 'partner.json');
    writeFileSync(file, JSON.stringify({
      Parameters: { PartnerScopes: { Type: 'CommaDelimitedList' } },
      Resources: {
        Partner: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: { UserPoolId: 'eu-west-1_Partner1', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: { Ref: 'PartnerScopes' } },
        },
      },
    }));
    new cfninc.CfnInclude(stack, 'Included', { templateFile: file });
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/Included/Partner']], ['GET /readonly', ['TestStack/Included/Partner']]]);
    const warnings = Annotations.fromStack(stack);
    warnings.hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/Included/Partner: its user pool ID cannot be traced'));
    warnings.hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/Included/Partner: its AllowedOAuthScopes is known only at deploy time'));
  });

  test('an included client whose scope joins the resource server\'s Ref (passed as an include parameter) reads as that scope, not as unknown', () => {
    const { api, stack } = synthApi();
    const file = join(mkdtempSync(join(tmpdir(), 'include-')), 'partner.json');
    writeFileSync(file, JSON.stringify({
      Parameters: { Server: { Type: 'String' }, PoolId: { Type: 'String' } },
      Resources: {
        Partner: {
          Type: 'AWS::Cognito::UserPoolClient',
          Properties: {
            UserPoolId: { Ref: 'PoolId' },
            GenerateSecret: true,
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['client_credentials'],
            AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: 'Server' }, '/readonly']] }],
          },
        },
      },
    }));
    new cfninc.CfnInclude(stack, 'Included', {
      templateFile: file,
      parameters: { Server: api.scopedUserPool.resourceServers[0].userPoolResourceServerId, PoolId: api.userPool.userPoolId },
    });
    expect(machineColumns(api)).toEqual([['GET /admin', []], ['GET /readonly', ['TestStack/Included/Partner']]]);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api', Match.stringLikeRegexp('known only at deploy time'));
  });

  test('a raw client\'s literal Fn::Join of the resource server\'s logical ID reads as the scope too', () => {
    const { api, stack } = synthApi();
    const serverId = stack.resolve((api.scopedUserPool.resourceServers[0].node.defaultChild as CfnResource).logicalId);
    new CfnResource(stack, 'Raw', {
      type: 'AWS::Cognito::UserPoolClient',
      properties: {
        UserPoolId: api.userPool.userPoolId,
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: serverId }, '/admin']] }],
      },
    });
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/Raw']], ['GET /readonly', []]]);
  });

  test('a client whose OAuth flows are a parameter may use client credentials: it is counted as a machine client', () => {
    const { api, stack } = synthApi();
    new cognito.CfnUserPoolClient(stack, 'Flows', {
      ...machineClientProps(api.userPool.userPoolId, ['api/readonly']),
      allowedOAuthFlows: new CfnParameter(stack, 'FlowList', { type: 'CommaDelimitedList' }).valueAsList,
    });
    expect(machineColumns(api)).toEqual([['GET /admin', []], ['GET /readonly', ['TestStack/Flows']]]);
  });

  test('a client allowing GetClientToken (ALLOW_CLIENT_TOKEN_AUTH) gets machine tokens with its scopes, without any OAuth flow', () => {
    const { api, stack } = synthApi();
    new cognito.CfnUserPoolClient(stack, 'ClientToken', {
      userPoolId: api.userPool.userPoolId,
      generateSecret: true,
      explicitAuthFlows: ['ALLOW_CLIENT_TOKEN_AUTH'],
      allowedOAuthScopes: ['api/admin'],
    });
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/ClientToken']], ['GET /readonly', []]]);
  });

  test('HTTP: an L1 client handed to additionalClients by its Ref (fromUserPoolClientId) is read from its resource, not as unknown', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const web = new cognito.CfnUserPoolClient(stack, 'Web', {
      userPoolId: pool.userPoolId,
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid'],
      callbackUrLs: ['https://app.example.com/cb'],
    });
    const { api } = synthHttpApi({ userPool: pool, additionalClients: [cognito.UserPoolClient.fromUserPoolClientId(stack, 'WebById', web.ref)] }, stack);
    expect(machineColumns(api)).toEqual([['GET /admin', []], ['GET /readonly', []]]);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api', Match.stringLikeRegexp('is not defined in this app'));
  });

  test('HTTP: an additionalClients client whose L1 scopes come from a parameter may reach every scoped route, with a warning', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'PartnerPool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const partner = pool.addClient('Partner', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('api/readonly')] } });
    (partner.node.defaultChild as cognito.CfnUserPoolClient).allowedOAuthScopes = new CfnParameter(stack, 'PartnerScopes', { type: 'CommaDelimitedList' }).valueAsList;
    const { api } = synthHttpApi({ additionalClients: [partner] }, stack);
    expect(machineColumns(api)).toEqual([['GET /admin', ['TestStack/PartnerPool/Partner']], ['GET /readonly', ['TestStack/PartnerPool/Partner']]]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/PartnerPool/Partner/Resource: its AllowedOAuthScopes is known only at deploy time'));
  });
});

describe('from an attacker\'s review of reading clients', () => {
  test('the user client\'s auth flows known only at deploy time keep it a user client (and make it a possible machine client too)', () => {
    const { api, stack } = synthApi();
    (api.scopedUserPool.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient).explicitAuthFlows =
      new CfnParameter(stack, 'Flows', { type: 'CommaDelimitedList' }).valueAsList;
    expect(api.accessMatrix().map((row) => [row.route, row.groups])).toEqual([['GET /admin', ['Admin']], ['GET /readonly', ['ReadOnly']]]);
  });

  test('a resource server of another stack at the same logical ID does not name a scope of this one\'s client', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const a = new Stack(app, 'A');
    const api = new ScopedCognitoApi(a, 'Api', SEED);
    const prefix = new CfnParameter(a, 'Srv', { default: 'api' });
    new cognito.CfnUserPoolClient(a, 'Partner', machineClientProps(api.userPool.userPoolId, [`${prefix.valueAsString}/admin`]));
    const b = new Stack(app, 'B');
    new cognito.CfnUserPoolResourceServer(b, 'Srv', { userPoolId: new cognito.CfnUserPool(b, 'P').ref, identifier: 'other', name: 'o' });
    expect(machineColumns(api)).toEqual([['GET /admin', ['A/Partner']], ['GET /readonly', ['A/Partner']]]);
  });

  test('asking for the matrix before synth resolves nothing else of a client: later changes to its Lazy values reach the template', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    const callbacks = ['https://a.example.com/cb'];
    const client = new cognito.CfnUserPoolClient(stack, 'Web', {
      userPoolId: api.userPool.userPoolId,
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid'],
      callbackUrLs: Lazy.list({ produce: () => [...callbacks] }),
    });
    api.accessMatrix();
    callbacks.push('https://b.example.com/cb');
    const template = Template.fromStack(stack).toJSON();
    expect(template.Resources[stack.getLogicalId(client)].Properties.CallbackURLs).toEqual(['https://a.example.com/cb', 'https://b.example.com/cb']);
  });

  test('a client of a shared pool in another stack, with a resource-server scope, is read the same before and after synth', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const pool = new ScopedUserPool(new Stack(app, 'Users'), 'Users', { groupScopes: SEED.groupScopes! });
    const orders = new Stack(app, 'Orders');
    const api = new ScopedCognitoApi(orders, 'Api', { scopedUserPool: pool, routeScopes: SEED.routeScopes });
    const server = pool.resourceServers[0];
    new cognito.UserPoolClient(orders, 'Partner', {
      userPool: pool.userPool,
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.resourceServer(server, new cognito.ResourceServerScope({ scopeName: 'readonly', scopeDescription: 'x' }))] },
    });
    const before = machineColumns(api);
    app.synth();
    expect(before).toEqual([['GET /admin', []], ['GET /readonly', ['Orders/Partner']]]);
    expect(machineColumns(api)).toEqual(before);
    Annotations.fromStack(orders).hasNoWarning('/Orders/Api', Match.stringLikeRegexp('known only at deploy time'));
  });

  test('an override of a client\'s pool ID is what decides its pool, before synth as after', () => {
    const app = new App({ context: STRICT_CONTEXT });
    const dev = new ScopedCognitoApi(new Stack(app, 'Dev'), 'Api', SEED);
    const prod = new ScopedCognitoApi(new Stack(app, 'Prod'), 'Api', SEED);
    const client = new cognito.CfnUserPoolClient(Stack.of(prod), 'Partner', machineClientProps(prod.userPool.userPoolId, ['api/admin']));
    client.addPropertyOverride('UserPoolId', 'eu-west-1_Elsewhere1');
    // Overridden to a literal ID, it can be traced to neither pool: every REST API counts it in (the worst case), with a warning.
    for (const api of [dev, prod]) expect(machineColumns(api)).toEqual([['GET /admin', ['Prod/Partner']], ['GET /readonly', []]]);
  });

  test('OAuth switched off with the string "false", as CloudFormation takes it, is off and known', () => {
    const { api, stack } = synthApi();
    new CfnResource(stack, 'Off', {
      type: 'AWS::Cognito::UserPoolClient',
      properties: { UserPoolId: api.userPool.userPoolId, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: 'false', AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['api/admin'] },
    });
    expect(machineColumns(api)).toEqual([['GET /admin', []], ['GET /readonly', []]]);
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api', Match.stringLikeRegexp('known only at deploy time'));
  });
});

