/**
 * The review's findings, each pinned by a test that fails without its fix: custom scopes reach
 * user tokens only through the trigger, Cognito's invoke permission names the account, machine
 * claims cannot pose as scopes, every group name is a plain name, and nothing a user has is lost
 * by default.
 */
import { createHash } from 'crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Annotations as CoreAnnotations, CfnCondition, CfnResource, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { v2Event } from './lambda/events';
import { issuedScopes, shippedHandlerWithMap } from './lambda/shipped-bundle';
import { newStack, problemsOf, SEED, synthApi, synthHttpApi } from './util';
import { IssuerType, ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { resourceServerScopes } from '../src/private/rules/scope-rules';
import * as triggerAsset from '../src/private/trigger/trigger-asset';
import { scopeMapFile, stageTriggerAsset, TRIGGER_BUNDLE } from '../src/private/trigger/trigger-asset';

const OAUTH = { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] };

describe('custom scopes reach user tokens only through the trigger', () => {
  test('regression: with oAuth set, a user in no group who asks for everything the client allows gets no custom scope', async () => {
    const { api, template } = synthApi({ oAuth: OAUTH });
    const [client] = Object.values<any>(template.findResources('AWS::Cognito::UserPoolClient'));
    const requested: string[] = client.Properties.AllowedOAuthScopes;
    const handler = shippedHandlerWithMap(
      scopeMapFile(api.scopedUserPool.groupScopes, api.scopedUserPool.baseScopes, resourceServerScopes(api.scopedUserPool.groupScopes)),
    );
    const event = v2Event([], 'TokenGeneration_HostedAuth');
    event.request.scopes = [...requested];
    expect(issuedScopes(await handler(event), requested)).toEqual(['openid', 'profile']);
    expect(api.accessMatrix().map((row) => [row.route, row.groups, row.signedInWithoutGroup])).toEqual([
      ['GET /admin', ['Admin'], false],
      ['GET /readonly', ['ReadOnly'], false],
    ]);
  });

  test.each([
    ['OAuthScope.custom', () => cognito.OAuthScope.custom('api/admin'), "'api/admin'"],
    ['OAuthScope.resourceServer', () => cognito.OAuthScope.resourceServer(
      new cognito.UserPoolResourceServer(newStack(), 'Server', { userPool: new cognito.UserPool(newStack(), 'P'), identifier: 'api' }),
      new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'admin' }),
    ), 'a resource-server scope (OAuthScope.resourceServer)'],
  ])('an oAuth.scopes entry made with %s is refused, saying why', (_how, scope, shown) => {
    expect(problemsOf(() => synthApi({ oAuth: { ...OAUTH, scopes: [cognito.OAuthScope.OPENID, scope()] } }))).toEqual([
      `oAuth.scopes: ${shown} is not an OpenID scope (openid, email, phone, profile, aws.cognito.signin.user.admin): ` +
        'every signed-in user could hold it; custom scopes reach user tokens only through the trigger, from groupScopes',
    ]);
  });

  test('the OpenID scopes a caller picks are kept as they are', () => {
    const scopes = [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.COGNITO_ADMIN];
    const { template } = synthApi({ oAuth: { ...OAUTH, scopes } });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'] });
  });

  test('the trigger ships the resource servers it decides on, and the matrix says so', () => {
    const { api } = synthApi({ machineClients: [{ name: 'feed', scopes: ['feed/write'] }] });
    expect(api.scopedUserPool.managedResourceServers()).toEqual(['api', 'feed']);
  });

  test('a client made outside the construct that lists a managed scope lends it to no user, and the matrix agrees', () => {
    const { api, stack } = synthApi();
    const server = api.scopedUserPool.resourceServers[0];
    api.userPool.addClient('Careless', {
      oAuth: { ...OAUTH, scopes: [cognito.OAuthScope.resourceServer(server, new cognito.ResourceServerScope({ scopeName: 'admin', scopeDescription: 'admin' }))] },
    });
    expect(stack.resolve(api.accessMatrix().find((row) => row.route === 'GET /admin'))).toMatchObject({ groups: ['Admin'], signedInWithoutGroup: false });
  });

  test('a client-credentials client made outside the construct shows in the matrix, by construct path', () => {
    const { api } = synthApi();
    api.userPool.addClient('Job', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('api/admin')] } });
    expect(api.accessMatrix().find((row) => row.route === 'GET /admin')?.machineClients).toEqual(['TestStack/Api/Cognito/UserPool/Job']);
  });
});

describe('the matrix assumes the most of what it cannot see', () => {
  test('a client the HTTP API accepts but the app does not define may call every route, and is warned about', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const imported = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Partner', 'partner-client-id');
    const { api } = synthHttpApi({ userPool, additionalClients: [imported] }, stack);
    expect(api.accessMatrix().map((row) => [row.route, row.machineClients])).toEqual([
      ['GET /admin', ['TestStack/Partner (client ID partner-client-id)']],
      ['GET /readonly', ['TestStack/Partner (client ID partner-client-id)']],
    ]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/Partner is not defined in this app'));
  });

  test('a client naming the pool by its resource\'s attribute is found; one allowing a deploy-time scope may call every route', () => {
    const { api, stack } = synthApi();
    const pool = api.userPool.node.defaultChild as cognito.CfnUserPool;
    new cognito.CfnUserPoolClient(stack, 'Raw', {
      userPoolId: pool.attrUserPoolId,
      generateSecret: true,
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: ['api/readonly'],
    });
    new cognito.CfnUserPoolClient(stack, 'Deferred', {
      userPoolId: api.userPool.userPoolId,
      generateSecret: true,
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: [Fn.importValue('SomeScope')],
    });
    expect(api.accessMatrix().map((row) => [row.route, row.machineClients])).toEqual([
      ['GET /admin', ['TestStack/Deferred']],
      ['GET /readonly', ['TestStack/Deferred', 'TestStack/Raw']],
    ]);
  });

  test('a pool from another stack is refused with the reason, not left to a dependency cycle', () => {
    const app = new App();
    const userPool = new cognito.UserPool(new Stack(app, 'Users'), 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    expect(() => new ScopedCognitoApi(new Stack(app, 'Orders'), 'Api', { ...SEED, userPool })).toThrow(
      /userPool: the pool is in stack 'Users'; the trigger this construct adds must live in the pool's stack/,
    );
  });
});

describe('what the construct did not add', () => {
  test('open methods and routes others added to the API are warned about: they are public and not in the matrix', () => {
    const rest = newStack();
    const restApi = new apigateway.RestApi(rest, 'Mine');
    restApi.root.addProxy({ anyMethod: true, defaultIntegration: new apigateway.MockIntegration() });
    synthApi({ restApi }, rest);
    Annotations.fromStack(rest).hasWarning('/TestStack/Api', Match.stringLikeRegexp('ANY /\\{proxy\\+\\}: a route this construct did not add takes no token'));

    const http = newStack();
    const httpApi = new apigwv2.HttpApi(http, 'Mine', { defaultIntegration: new integrations.HttpUrlIntegration('Site', 'https://example.com') });
    synthHttpApi({ httpApi }, http);
    Annotations.fromStack(http).hasWarning('/TestStack/Api', Match.stringLikeRegexp('\\$default: a route this construct did not add takes no token'));
    Annotations.fromStack(synthHttpApi().stack).hasNoWarning('/TestStack/Api', Match.stringLikeRegexp('did not add'));
  });

  test('a route others add with the key of one the construct added is refused: API Gateway takes one route per key', () => {
    const stack = newStack();
    const httpApi = new apigwv2.HttpApi(stack, 'Mine');
    new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, httpApi });
    new apigwv2.HttpRoute(stack, 'Dup', {
      httpApi, routeKey: apigwv2.HttpRouteKey.with('/admin', apigwv2.HttpMethod.GET), integration: new integrations.HttpUrlIntegration('Site', 'https://example.com'),
    });
    expect(problemsOf(() => Template.fromStack(stack)).join('\n')).toContain('GET /admin: another route with the key of one this construct added');
  });

  test('guarded methods and routes others added are warned about too: their guard is not in the matrix', () => {
    const { api, stack } = synthApi();
    api.restApi.root.addResource('reports').addMethod('GET', new apigateway.MockIntegration(), {
      authorizer: api.authorizer, authorizationType: apigateway.AuthorizationType.COGNITO, authorizationScopes: ['api/readonly'],
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp(
      'GET /reports: a route this construct did not add \\(authorization COGNITO_USER_POOLS\\); who may call it is not in the access matrix',
    ));
    const http = newStack();
    const httpApi = synthHttpApi({}, http).api;
    new apigwv2.HttpRoute(http, 'Iam', {
      httpApi: httpApi.httpApi as apigwv2.HttpApi,
      routeKey: apigwv2.HttpRouteKey.with('/internal', apigwv2.HttpMethod.POST),
      integration: new integrations.HttpUrlIntegration('Internal', 'https://example.com'),
      authorizer: new authorizers.HttpIamAuthorizer(),
    });
    Annotations.fromStack(http).hasWarning('/TestStack/Api', Match.stringLikeRegexp('POST /internal: a route this construct did not add \\(authorization AWS_IAM\\)'));
  });

  test('a client whose pool ID cannot be traced (an imported pool) is counted as the REST API\'s, with a warning', () => {
    const { api, stack } = synthApi();
    const imported = cognito.UserPool.fromUserPoolArn(stack, 'Imported', api.userPool.userPoolArn);
    imported.addClient('Job', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('api/admin')] } });
    expect(api.accessMatrix().find((row) => row.route === 'GET /admin')?.machineClients).toEqual(['TestStack/Imported/Job']);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('TestStack/Imported/Job/Resource: its user pool ID cannot be traced'));
    // A client of another pool of the app is not this pool's.
    new cognito.UserPool(stack, 'Other').addClient('Elsewhere', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('api/admin')] } });
    expect(api.accessMatrix().find((row) => row.route === 'GET /admin')?.machineClients).toEqual(['TestStack/Imported/Job']);
  });
});

describe('the rest of the review', () => {
  test('Cognito\'s permission to invoke the trigger names the pool and the account', () => {
    synthApi().template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'Arn'] },
      SourceAccount: '111111111111',
    });
  });

  test('a machine client claim named scp (read by API Gateway like scope), roles, or like a user\'s attribute is refused', () => {
    const claims = { 'scp': 'api/admin', 'roles': 'admin', 'email': 'ceo@example.com', 'custom:role': 'admin', 'tenant': 'acme' };
    const message = "it carries identity or authorization in an access token (Cognito's own claims, scope and scp, roles, groups, a user's attributes...); choose another name";
    expect(problemsOf(() => synthApi({ triggerEventVersion: cognito.LambdaVersion.V3_0, machineClients: [{ name: 'job', scopes: ['api/admin'], claims }] }))).toEqual([
      `machineClients[0] ('job').claims['scp']: ${message}`,
      `machineClients[0] ('job').claims['roles']: ${message}`,
      `machineClients[0] ('job').claims['email']: ${message}`,
      `machineClients[0] ('job').claims['custom:role']: ${message}`,
    ]);
  });

  test('a group named __proto__ is a group like any other', () => {
    const groupScopes = JSON.parse('{"__proto__": ["api/admin"], "ReadOnly": ["api/readonly"]}');
    const { api, template } = synthApi({ groupScopes });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: '__proto__' });
    expect(Object.keys(api.scopedUserPool.groupScopes)).toEqual(['__proto__', 'ReadOnly']);
    expect(api.accessMatrix().find((row) => row.route === 'GET /admin')?.groups).toEqual(['__proto__']);
  });

  test('groups are retained with their memberships by default, like the pool; groupRemovalPolicy can change that', () => {
    const retained = synthApi().template.findResources('AWS::Cognito::UserPoolGroup');
    expect(Object.values<any>(retained).map((g) => [g.DeletionPolicy, g.UpdateReplacePolicy])).toEqual([['Retain', 'Retain'], ['Retain', 'Retain']]);
    const destroying = synthApi({ groupRemovalPolicy: RemovalPolicy.DESTROY });
    const destroyed = destroying.template.findResources('AWS::Cognito::UserPoolGroup');
    expect(Object.values<any>(destroyed).map((g) => g.DeletionPolicy)).toEqual(['Delete', 'Delete']);
    Annotations.fromStack(destroying.stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp('the groups Admin, ReadOnly are not retained'));
  });

  test('sign-in is case-insensitive by default, as AWS recommends; userPoolProps can keep it case-sensitive', () => {
    synthApi().template.hasResourceProperties('AWS::Cognito::UserPool', { UsernameConfiguration: { CaseSensitive: false } });
    synthApi({ userPoolProps: { signInCaseSensitive: true } }).template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameConfiguration: { CaseSensitive: true },
    });
  });

  test('turning off the pool\'s deletion protection or its Retain policy is warned about', () => {
    const { stack } = synthApi({ userPoolProps: { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY } });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp("the user pool's DeletionProtection is INACTIVE"));
    annotations.hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp("the user pool's DeletionPolicy is Delete and UpdateReplacePolicy is Delete"));
    // With its alarms notifying someone, the default pool has nothing to warn about.
    const paged = newStack();
    const quiet = Annotations.fromStack(synthApi({ alarmTopic: new sns.Topic(paged, 'Pager') }, paged).stack);
    quiet.hasNoWarning('/TestStack/Api/Cognito', Match.anyValue());
  });

  test.each([
    ['applyRemovalPolicy on the pool', (api: ScopedCognitoApi) => api.userPool.applyRemovalPolicy(RemovalPolicy.DESTROY), "the user pool's DeletionPolicy is Delete"],
    ['an override of the pool\'s DeletionPolicy', (api: ScopedCognitoApi) => (api.userPool.node.defaultChild as CfnResource).addOverride('DeletionPolicy', 'Delete'),
      "the user pool's DeletionPolicy is Delete \\("],
    ['a deletion override of the pool\'s DeletionPolicy', (api: ScopedCognitoApi) => (api.userPool.node.defaultChild as CfnResource).addDeletionOverride('DeletionPolicy'),
      "the user pool's DeletionPolicy is Delete \\(the default\\)"],
    ['an override of DeletionProtection', (api: ScopedCognitoApi) => (api.userPool.node.defaultChild as CfnResource).addPropertyOverride('DeletionProtection', 'INACTIVE'),
      "the user pool's DeletionProtection is INACTIVE"],
    ['a deletion override of DeletionProtection', (api: ScopedCognitoApi) => (api.userPool.node.defaultChild as CfnResource).addPropertyDeletionOverride('DeletionProtection'),
      "the user pool's DeletionProtection is not ACTIVE"],
    ['applyRemovalPolicy on a group', (api: ScopedCognitoApi) => api.scopedUserPool.groups[0].applyRemovalPolicy(RemovalPolicy.DESTROY),
      'the groups Admin are not retained'],
  ])('protections turned off after the props, by %s, are warned about: the template is read, not the props', (_, turnOff, warning) => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    turnOff(api);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp(warning));
  });

  test('each cause has its own warning ID: acknowledging groups that are not retained hides no loss of the pool\'s protections', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, groupRemovalPolicy: RemovalPolicy.DESTROY, alarms: false });
    CoreAnnotations.of(api).acknowledgeWarning('cdk-scoped-cognito-api:groupsNotRetained', 'seeded groups');
    api.userPool.applyRemovalPolicy(RemovalPolicy.DESTROY);
    (api.userPool.node.defaultChild as CfnResource).addPropertyOverride('DeletionProtection', 'INACTIVE');
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api/Cognito', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.map((w) => /\[ack: cdk-scoped-cognito-api:(\w+)\]/.exec(w)?.[1])).toEqual(['poolDeletionProtectionOff', 'poolNotRetained']);
  });

  test('a pool passed in is its owner\'s to protect: only the groups created on it are checked', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Mine', { featurePlan: cognito.FeaturePlan.ESSENTIALS, removalPolicy: RemovalPolicy.DESTROY });
    // The issuer said, so that only the pool's protections could warn.
    new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool, issuer: IssuerType.ORIGINAL, alarms: false });
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api/Cognito', Match.anyValue());
  });

});

describe('staging the trigger asset', () => {
  const map = scopeMapFile({ Admin: ['api/admin'] }, ['openid'], new Map([['api', ['admin']]]));
  const bundle = readFileSync(TRIGGER_BUNDLE);

  test('a folder planted where the name could be computed from the content is never used', () => {
    const planting = scopeMapFile({ Planted: ['api/x'] }, [], new Map([['api', ['x']]]));
    // The name earlier releases computed, and reused when a map file was already there.
    const hash = createHash('sha256').update(bundle).update('\0').update(JSON.stringify(planting)).digest('hex').slice(0, 16);
    const planted = join(tmpdir(), `cdk-scoped-cognito-api-${hash}`);
    mkdirSync(planted, { recursive: true });
    writeFileSync(join(planted, 'index.js'), 'exports.handler = async (e) => { /* attacker */ return e; };');
    writeFileSync(join(planted, 'scope-map.json'), JSON.stringify(planting));
    const folder = stageTriggerAsset(planting);
    expect(folder).not.toBe(planted);
    expect(readFileSync(join(folder, 'index.js')).equals(bundle)).toBe(true);
    rmSync(planted, { recursive: true, force: true });
  });

  test('the staged folder is removed once the function\'s asset has copied it into the assembly, unless asset staging is off', () => {
    const stage = (context: Record<string, unknown>) => {
      const spy = jest.spyOn(triggerAsset, 'stageTriggerAsset');
      try {
        const app = new App({ context, outdir: mkdtempSync(join(tmpdir(), 'assembly-')) });
        new ScopedCognitoApi(new Stack(app, 'Staged'), 'Api', { ...SEED, groupScopes: { ...SEED.groupScopes, [`G${Object.keys(context).length}`]: ['api/admin'] } });
        const assembly = app.synth();
        const folder: string = spy.mock.results[0].value;
        const copies = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.')).map((copy) => readdirSync(join(assembly.directory, copy)).sort());
        return { staged: existsSync(folder), copies, folder };
      } finally {
        spy.mockRestore();
      }
    };
    const { folder, ...normal } = stage({});
    expect(folder).toMatch(/cdk-scoped-cognito-api-/);
    expect(normal).toEqual({ staged: false, copies: [['index.js', 'scope-map.json']] });
    const off = stage({ 'aws:cdk:disable-asset-staging': true });
    expect(off.staged).toBe(true);
    rmSync(off.folder, { recursive: true, force: true });
  });

  test('a fresh folder only this user can write, holding exactly the bundle and the map', () => {
    const folder = stageTriggerAsset(map);
    const stat = lstatSync(folder);
    expect(stat.isDirectory() && !stat.isSymbolicLink()).toBe(true);
    expect((stat.mode % 0o1000).toString(8)).toBe('700');
    expect(stat.uid).toBe(process.getuid!());
    expect(readFileSync(join(folder, 'index.js')).equals(bundle)).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'scope-map.json'), 'utf8'))).toEqual(map);
  });

  test('the deployed files are readable by Lambda\'s runtime user whatever the umask: an unreadable index.js fails every sign-in', () => {
    const umask = process.umask(0o077);
    try {
      const outdir = mkdtempSync(join(tmpdir(), 'asset-mode-'));
      const app = new App({ outdir });
      const stack = new Stack(app, 'Modes');
      const api = new ScopedCognitoApi(stack, 'Api', SEED);
      const template = app.synth().getStackByName('Modes').template;
      const key: string = template.Resources[stack.getLogicalId(api.triggerFunction!.node.defaultChild as CfnFunction)].Properties.Code.S3Key;
      const asset = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(readdirSync(asset).sort().map((name) => [name, (statSync(join(asset, name)).mode % 0o1000).toString(8)])).toEqual([
        ['index.js', '644'],
        ['scope-map.json', '644'],
      ]);
    } finally {
      process.umask(umask);
    }
  });

  test('a staged folder that was tampered with, swapped for a link, or given an extra file is not reused', () => {
    const first = stageTriggerAsset(map);
    expect(stageTriggerAsset(map)).toBe(first);

    writeFileSync(join(first, 'index.js'), 'exports.handler = async (e) => e;');
    const second = stageTriggerAsset(map);
    expect(second).not.toBe(first);

    const elsewhere = join(tmpdir(), `elsewhere-${process.pid}`);
    rmSync(elsewhere, { recursive: true, force: true });
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'index.js'), bundle);
    writeFileSync(join(elsewhere, 'scope-map.json'), JSON.stringify(map));
    rmSync(second, { recursive: true });
    symlinkSync(elsewhere, second);
    const third = stageTriggerAsset(map);
    expect(third).not.toBe(second);

    writeFileSync(join(third, 'extra.js'), '');
    const fourth = stageTriggerAsset(map);
    expect(fourth).not.toBe(third);
    expect(existsSync(join(fourth, 'extra.js'))).toBe(false);
    rmSync(second);
    rmSync(elsewhere, { recursive: true });
  });
});

describe('the guards this construct made stay as it made them (from the attacker\'s review)', () => {
  const synthFails = (stack: Stack) => problemsOf(() => Template.fromStack(stack)).map((line) => line.trim()).join('\n');

  test.each([
    ['a deletion override of a REST method\'s scopes', (api: any) => (api.routeFor('GET /admin').node.defaultChild as CfnResource).addPropertyDeletionOverride('AuthorizationScopes'),
      'GET /admin: the template guards it otherwise than routeScopes says (scopes [], not [api/admin])'],
    ['an L1 field opening a REST method', (api: any) => { (api.routeFor('GET /admin').node.defaultChild as apigateway.CfnMethod).authorizationType = 'NONE'; },
      'GET /admin: the template guards it otherwise than routeScopes says (authorization NONE, not COGNITO_USER_POOLS)'],
    ['an override of the REST authorizer\'s pools', (api: any) => (api.authorizer.node.defaultChild as CfnResource).addPropertyOverride('ProviderARNs', ['arn:aws:cognito-idp:eu-west-1:111111111111:userpool/other']),
      'TestStack/Api/Authorizer/Resource: its ProviderARNs was changed after the construct made it'],
    ['an override of the REST authorizer\'s resource type', (api: any) => (api.authorizer.node.defaultChild as CfnResource).addOverride('Type', 'Custom::Authorizer'),
      'TestStack/Api/Authorizer/Resource: its resource type was changed after the construct made it'],
  ])('REST: %s fails synth', (_, change, message) => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    change(api);
    expect(synthFails(stack)).toContain(message);
  });

  test.each([
    ['an L1 field opening an HTTP route', (api: any) => { (api.routeFor('GET /admin').node.defaultChild as apigwv2.CfnRoute).authorizationType = 'NONE'; },
      'GET /admin: the template guards it otherwise than routeScopes says (authorization NONE, not JWT'],
    ['an override widening an HTTP route\'s scopes', (api: any) => (api.routeFor('GET /admin').node.defaultChild as CfnResource).addPropertyOverride('AuthorizationScopes', ['api/admin', 'api/readonly']),
      'GET /admin: the template guards it otherwise than routeScopes says (scopes [api/admin, api/readonly], not [api/admin])'],
    ['an override of the JWT audience', (api: any) => (Stack.of(api).node.findAll()
      .find((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::ApiGatewayV2::Authorizer') as CfnResource)
      .addPropertyOverride('JwtConfiguration.Audience', ['some-other-client']), 'its JwtConfiguration was changed after the construct made it'],
    ['a condition on the JWT authorizer', (api: any) => {
      const authorizer = Stack.of(api).node.findAll().find((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::ApiGatewayV2::Authorizer') as CfnResource;
      authorizer.cfnOptions.condition = new CfnCondition(Stack.of(api), 'Never', { expression: Fn.conditionEquals('a', 'b') });
    }, 'a CloudFormation condition was put on it after the construct made it'],
  ])('HTTP: %s fails synth', (_, change, message) => {
    const stack = newStack();
    const api = new ScopedCognitoHttpApi(stack, 'Api', SEED);
    change(api);
    expect(synthFails(stack)).toContain(message);
  });

  test('an override of the OpenAPI document fails synth, in both kinds', () => {
    const routeScopes = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`GET /r${i}`, ['api/admin']]));
    const rest = newStack();
    const restApi = new ScopedCognitoApi(rest, 'Api', { ...SEED, routeScopes });
    (restApi.restApi.node.defaultChild as CfnResource).addPropertyOverride('Body.paths./r0.get.security', []);
    expect(synthFails(rest)).toContain('an override changes the OpenAPI document (Body)');
    const http = newStack();
    new ScopedCognitoHttpApi(http, 'Api', { ...SEED, routeScopes });
    (http.node.findChild('Api').node.findChild('HttpApi').node.findChild('Resource') as CfnResource).addPropertyOverride('Body.paths./r0.get.security', []);
    expect(synthFails(http)).toContain('an override changes the OpenAPI document (Body)');
  });

  test('untouched, both kinds synthesize (the checks read what the construct made as it made it)', () => {
    expect(() => synthApi({ publicRoutes: ['GET /health'] })).not.toThrow();
    expect(() => synthHttpApi({ publicRoutes: ['GET /health'], cors: { allowOrigins: ['https://a.example.com'] } })).not.toThrow();
  });
});

describe('the pool\'s trigger stays the construct\'s (from the attacker\'s review)', () => {
  test.each([
    ['its version overridden to V1_0', (pool: CfnResource) => pool.addPropertyOverride('LambdaConfig.PreTokenGenerationConfig.LambdaVersion', 'V1_0')],
    ['the trigger config deleted', (pool: CfnResource) => pool.addPropertyDeletionOverride('LambdaConfig.PreTokenGenerationConfig')],
    ['LambdaConfig deleted', (pool: CfnResource) => pool.addPropertyDeletionOverride('LambdaConfig')],
    ['another function named', (pool: CfnResource) => pool.addPropertyOverride('LambdaConfig.PreTokenGenerationConfig.LambdaArn', 'arn:aws:lambda:eu-west-1:111111111111:function:other')],
  ])('%s fails synth', (_, change) => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    change(api.userPool.node.defaultChild as CfnResource);
    expect(problemsOf(() => Template.fromStack(stack)).join('\n')).toContain("its Pre Token Generation trigger is no longer this construct's on V2_0");
  });

  test('an override that keeps it the same, and other LambdaConfig triggers, pass', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    (api.userPool.node.defaultChild as CfnResource).addPropertyOverride('LambdaConfig.PreTokenGenerationConfig.LambdaVersion', 'V2_0');
    (api.userPool.node.defaultChild as CfnResource).addPropertyOverride('LambdaConfig.PreSignUp', 'arn:aws:lambda:eu-west-1:111111111111:function:signup');
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
