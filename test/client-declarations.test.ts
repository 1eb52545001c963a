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
import { CfnParameter, CfnResource, Fn, Lazy } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { newStack, synthApi, synthHttpApi } from './util';

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
