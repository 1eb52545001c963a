import { App, CfnCondition, CfnResource, Duration, Fn, Lazy, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ScopedCognitoApi, ScopedCognitoApiProps, ScopedUserPool } from '../src';
import { shippedScopeMap } from './template-oracle';
import { newStack, problemsOf, SEED, STRICT_CONTEXT, synthApi } from './util';

const REPORTING = { name: 'reporting', scopes: ['api/readonly'] };
const AUTHORIZATION_CLAIM =
  "it carries identity or authorization in an access token (Cognito's own claims, scope and scp, roles, groups, a user's attributes...); choose another name";
const problems = (props: Partial<ScopedCognitoApiProps>) => problemsOf(() => synthApi(props));

describe('machine clients', () => {
  test('each gets an app client with a secret and the client-credentials flow only, allowed its scopes', () => {
    const { template } = synthApi({ machineClients: [REPORTING, { name: 'ingest', scopes: ['feed/write'] }], routeScopes: { 'POST /feed': ['feed/write'], 'GET /readonly': ['api/readonly'] } });
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 3);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ClientName: 'reporting',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      // No user sign-in flow: a leaked machine secret cannot sign in as a user.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      // The scope references its resource server, so CloudFormation creates the server first.
      AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: Match.stringLikeRegexp('ResourceServerapi') }, '/readonly']] }],
    });
    // A scope only a machine client holds is declared on a resource server of its own identifier.
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'feed',
      Scopes: [{ ScopeName: 'write', ScopeDescription: 'feed/write' }],
    });
  });

  test('a route may require a scope that only a machine client holds', () => {
    const { api } = synthApi({ machineClients: [{ name: 'ingest', scopes: ['feed/write'] }], routeScopes: { 'POST /feed': ['feed/write'], 'GET /admin': ['api/admin'] } });
    expect(api.accessMatrix().find((row) => row.route === 'POST /feed')).toEqual({
      route: 'POST /feed',
      api: 'TestStack/Api',
      scopes: ['feed/write'],
      groups: [],
      signedInWithoutGroup: false,
      machineClients: ['ingest'],
      isPublic: false,
    });
  });

  test('the token endpoint is served by a Cognito domain whose default prefix is unique per construct and account', () => {
    const { api, template } = synthApi({ machineClients: [REPORTING] });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.stringLikeRegexp('^teststack-api-[0-9a-f]{8}-111111111111$') });
    const endpoint = JSON.stringify(Stack.of(api).resolve(api.scopedUserPool.tokenEndpoint));
    expect(endpoint).toMatch(/^\{"Fn::Join":\["",\["https:\/\/",\{"Ref":"ApiCognitoDomain[0-9A-F]{8}"\},".auth.eu-west-1.amazoncognito.com\/oauth2\/token"\]\]\}$/);
  });

  test('the default prefix leaves out the words Cognito refuses, and names the account by reference when the stack has none', () => {
    const stack = new Stack(new App(), 'AwsCognitoAmazonShop');
    const { template } = synthApi({ machineClients: [REPORTING] }, stack);
    const domain = Object.values<any>(template.findResources('AWS::Cognito::UserPoolDomain'))[0].Properties.Domain;
    expect(domain['Fn::Join'][1][0]).not.toMatch(/aws|amazon|cognito/);
    expect(domain).toEqual({ 'Fn::Join': ['', [expect.stringMatching(/^[a-z-]*api-[0-9a-f]{8}-$/), { Ref: 'AWS::AccountId' }]] });
  });

  test('the domain prefix can be chosen, or an existing domain reused', () => {
    synthApi({ machineClients: [REPORTING], domainPrefix: 'acme-orders' }).template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'acme-orders',
    });
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const userPoolDomain = userPool.addDomain('Existing', { cognitoDomain: { domainPrefix: 'acme-existing' } });
    const { template, api } = synthApi({ userPool, userPoolDomain, machineClients: [REPORTING] }, stack);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(api.scopedUserPool.domain).toBe(userPoolDomain);
  });

  test('no machine clients, no domain and no extra client', () => {
    const { template, api } = synthApi();
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    expect(api.scopedUserPool.tokenEndpoint).toBeUndefined();
  });

  test('the access token validity can be set per client', () => {
    synthApi({ machineClients: [{ ...REPORTING, accessTokenValidity: Duration.minutes(15) }] }).template.hasResourceProperties(
      'AWS::Cognito::UserPoolClient',
      { ClientName: 'reporting', AccessTokenValidity: 15, TokenValidityUnits: { AccessToken: 'minutes' } },
    );
  });

  test('machineClient(name) finds the app client, and names the known ones otherwise', () => {
    const { api } = synthApi({ machineClients: [REPORTING] });
    expect(api.scopedUserPool.machineClient('reporting')).toBe(api.scopedUserPool.machineClients[0]);
    expect(() => api.scopedUserPool.machineClient('report')).toThrow("TestStack/Api/Cognito: no machine client 'report' (known: reporting)");
  });

  test('a client that reaches no route is warned about, by name', () => {
    const { stack } = synthApi({ machineClients: [{ name: 'idle', scopes: ['api/admin'] }], routeScopes: { 'GET /readonly': ['api/readonly'] }, groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp("machineClients 'idle': the client reaches no route"));
  });
});

describe('claims on machine tokens (V3_0)', () => {
  const withClaims: Partial<ScopedCognitoApiProps> = {
    triggerEventVersion: cognito.LambdaVersion.V3_0,
    machineClients: [{ ...REPORTING, claims: { tenant: 'acme' } }, { name: 'ingest', scopes: ['api/admin'] }],
  };

  test('an SSM parameter maps the IDs of the clients with claims to their names; the trigger may read it and nothing else', () => {
    const { template } = synthApi(withClaims);
    const parameterName: string = Object.values<any>(template.findResources('AWS::SSM::Parameter'))[0].Properties.Name;
    expect(parameterName).toMatch(/^\/cdk-scoped-cognito-api\/TestStack\/TestStackApiCognito[0-9A-F]{8}\/machine-client-ids$/);
    template.hasResourceProperties('AWS::SSM::Parameter', {
      Name: parameterName,
      Type: 'String',
      Value: { 'Fn::Join': ['', ['[["', { Ref: Match.stringLikeRegexp('MachineClientreporting') }, '","reporting"]]']] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: Match.arrayWith([
        {
          PolicyName: 'ReadMachineClientIds',
          PolicyDocument: {
            Statement: [
              {
                Action: 'ssm:GetParameter',
                Effect: 'Allow',
                Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-west-1:111111111111:parameter${parameterName}`]] },
              },
            ],
            Version: '2012-10-17',
          },
        },
      ]),
    });
  });

  test('the claims ship by client name in the trigger\'s map, with the parameter\'s name', () => {
    const stack = newStack();
    synthApi(withClaims, stack);
    const assembly = (stack.node.root as App).synth();
    const template = assembly.getStackByName(stack.stackName).template;
    const parameterName: string = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::SSM::Parameter').Properties.Name;
    expect(shippedScopeMap(template, assembly.directory)).toEqual({
      baseScopes: ['openid', 'profile'],
      groups: [['Admin', ['api/admin']], ['ReadOnly', ['api/readonly']]],
      resourceServers: [['api', ['admin', 'readonly']]],
      machineClients: { parameterName, claims: [['reporting', { tenant: 'acme' }]] },
    });
  });

  test('the parameter is named after the stack it deploys with: one app deployed under two stack names, or nested, gets one parameter per stack', () => {
    const nameIn = (stack: Stack) => {
      synthApi(withClaims, stack);
      return Object.values<any>(Template.fromStack(stack).findResources('AWS::SSM::Parameter'))[0].Properties.Name as string;
    };
    const env = { account: '111111111111', region: 'eu-west-1' };
    const dev = nameIn(new Stack(new App({ context: STRICT_CONTEXT }), 'Orders', { env, stackName: 'orders-dev' }));
    const prod = nameIn(new Stack(new App({ context: STRICT_CONTEXT }), 'Orders', { env, stackName: 'orders-prod' }));
    expect(dev).toMatch(/^\/cdk-scoped-cognito-api\/orders-dev\/OrdersApiCognito[0-9A-F]{8}\/machine-client-ids$/);
    expect(prod).toBe(dev.replace('orders-dev', 'orders-prod'));
    // A nested stack's name is CloudFormation's to choose: its parent's name stands for it.
    const parent = new Stack(new App({ context: STRICT_CONTEXT }), 'Parent', { env, stackName: 'orders-staging' });
    expect(nameIn(new NestedStack(parent, 'Auth'))).toMatch(/^\/cdk-scoped-cognito-api\/orders-staging\/ParentAuth[^/]*\/machine-client-ids$/);
  });

  test('the parameter stays as made: a changed value, name or type is an error, since the trigger would hand claims to another client', () => {
    const edits: Array<[string, (parameter: CfnResource) => void]> = [
      ['its Value was changed', (parameter) => parameter.addPropertyOverride('Value', '[["attacker-client-id","reporting"]]')],
      ['its Value was changed', (parameter) => { (parameter as any).value = '[]'; }],
      ['its Name was changed', (parameter) => parameter.addPropertyOverride('Name', '/elsewhere/machine-client-ids')],
      ['its Type was changed', (parameter) => parameter.addPropertyOverride('Type', 'StringList')],
      // A look-alike of the same name could stand in when a condition leaves it out, or a custom resource write the name.
      ['a CloudFormation condition was put on it', (parameter) => {
        parameter.cfnOptions.condition = new CfnCondition(parameter.stack, 'Never', { expression: Fn.conditionEquals('a', 'b') });
      }],
      ['its resource type was changed', (parameter) => parameter.addOverride('Type', 'Custom::MachineClientIds')],
      // Replaced in the tree: another parameter at the same path (same logical ID), or its construct replaced whole.
      ['it was removed or replaced', (parameter) => {
        const owner = parameter.node.scope!;
        owner.node.tryRemoveChild(parameter.node.id);
        new ssm.CfnParameter(owner, 'Resource', { name: 'n', type: 'String', value: '[]' });
      }],
      ['it was removed or replaced', (parameter) => {
        const pool = parameter.node.scope!.node.scope!;
        pool.node.tryRemoveChild('MachineClientIds');
        new ssm.StringParameter(pool, 'MachineClientIds', { stringValue: '[]' });
      }],
    ];
    for (const [change, edit] of edits) {
      const stack = newStack();
      const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, ...withClaims });
      edit(api.scopedUserPool.machineClientIdsParameter!.node.defaultChild as CfnResource);
      expect(() => Template.fromStack(stack)).toThrow(new RegExp(
        `TestStack/Api/Cognito/MachineClientIds/Resource: ${change} after the construct made it .*other claims than machineClients declares`,
      ));
    }
    // As made, it synthesizes.
    expect(() => synthApi(withClaims)).not.toThrow();
  });

  test('without claims there is no parameter, and the trigger may only write its logs', () => {
    const { template, api } = synthApi({ machineClients: [REPORTING], triggerEventVersion: cognito.LambdaVersion.V3_0 });
    template.resourceCountIs('AWS::SSM::Parameter', 0);
    expect(api.scopedUserPool.machineClientIdsParameter).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::Role', { Policies: [Match.objectLike({ PolicyName: 'WriteOwnLogs' })] });
  });

  test('the client IDs must fit one standard SSM parameter (4 KB)', () => {
    const clients = (count: number) => Array.from({ length: count }, (_, i) => ({ name: `service-${String(i).padStart(3, '0')}`, scopes: ['api/readonly'], claims: { n: `${i}` } }));
    expect(problems({ triggerEventVersion: cognito.LambdaVersion.V3_0, machineClients: clients(120) })).toEqual([
      'machineClients: the IDs of the 120 clients with claims would take about 5402 bytes, more than the 4096 a standard SSM parameter holds; ' +
        'give claims to fewer clients or shorten their names',
    ]);
    expect(() => synthApi({ triggerEventVersion: cognito.LambdaVersion.V3_0, machineClients: clients(90) })).not.toThrow();
  });

  test('claims need V3_0, names Cognito does not manage, and values known at synth time', () => {
    expect(problems({ machineClients: [{ ...REPORTING, claims: { tenant: 'acme' } }] })).toEqual([
      "machineClients[0] ('reporting').claims: Cognito runs the trigger for machine tokens only on the V3_0 event; set triggerEventVersion: LambdaVersion.V3_0",
    ]);
    expect(problems({
      triggerEventVersion: cognito.LambdaVersion.V3_0,
      machineClients: [{ ...REPORTING, claims: { 'sub': 'x', 'cognito:groups': 'x', '': 'x', 'tenant': Lazy.string({ produce: () => 'late' }), 'ok': Fn.ref('AWS::Region') } }],
    })).toEqual([
      `machineClients[0] ('reporting').claims['sub']: ${AUTHORIZATION_CLAIM}`,
      `machineClients[0] ('reporting').claims['cognito:groups']: ${AUTHORIZATION_CLAIM}`,
      "machineClients[0] ('reporting').claims['']: a claim needs a name",
      "machineClients[0] ('reporting').claims['tenant']: give the value as a string known at synth time (it ships in the trigger's map)",
      "machineClients[0] ('reporting').claims['ok']: give the value as a string known at synth time (it ships in the trigger's map)",
    ]);
  });
});

describe('the trigger event version', () => {
  test('V3_0 is an opt-in that also runs the trigger for machine tokens', () => {
    synthApi({ machineClients: [REPORTING], triggerEventVersion: cognito.LambdaVersion.V3_0 }).template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V3_0' } },
    });
  });

  test('V1_0 is refused: it cannot customize access tokens', () => {
    expect(problems({ triggerEventVersion: cognito.LambdaVersion.V1_0 })).toEqual([
      'triggerEventVersion: V1_0 cannot add scopes to access tokens; use V2_0 (the default) or V3_0',
    ]);
  });

  test('the LITE plan is refused naming the version asked for', () => {
    expect(problems({ triggerEventVersion: cognito.LambdaVersion.V3_0, featurePlan: cognito.FeaturePlan.LITE })).toEqual([
      'featurePlan: LITE cannot run the V3_0 pre-token-generation trigger that adds scopes; use ESSENTIALS or PLUS, or enforcement: Enforcement.LAMBDA_AUTHORIZER, which runs on LITE',
    ]);
  });
});

describe('machine client validation', () => {
  test.each([
    [[{ name: 'a/b', scopes: ['api/readonly'] }], "machineClients[0] ('a/b'): not a valid app client name (1 to 128 letters, digits, spaces or +=,.@-_)"],
    [[{ name: '', scopes: ['api/readonly'] }], "machineClients[0] (''): not a valid app client name (1 to 128 letters, digits, spaces or +=,.@-_)"],
    [[REPORTING, REPORTING], "machineClients[1] ('reporting'): another machine client has this name; give each a name of its own"],
    [[{ name: 'x', scopes: [] }], "machineClients[0] ('x'): no scopes; list the custom scopes it may request"],
    [[{ name: 'x', scopes: ['openid'] }], "machineClients[0] ('x'): 'openid' is a reserved scope that Cognito manages; map groups to custom scopes such as 'api/admin'"],
    [[{ name: 'x', scopes: ['readonly'] }], "machineClients[0] ('x'): scope 'readonly' must have the form 'identifier/name', for example 'api/admin'"],
  ])('%j is refused', (machineClients, message) => {
    expect(problems({ machineClients })).toEqual([message]);
  });

  test.each([
    ['Acme', "domainPrefix 'Acme': use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"],
    ['-acme', "domainPrefix '-acme': use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen"],
    ['a'.repeat(64), `domainPrefix '${'a'.repeat(64)}': use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`],
    ['my-cognito-api', "domainPrefix 'my-cognito-api': Cognito refuses prefixes containing 'aws', 'amazon' or 'cognito'"],
  ])('domain prefix %s is refused', (domainPrefix, message) => {
    expect(problems({ machineClients: [REPORTING], domainPrefix })).toEqual([message]);
  });

  test('a domain prefix without machine clients, or with an existing domain, is refused', () => {
    expect(problems({ domainPrefix: 'acme' })).toEqual([
      'domainPrefix: the domain is created for machine clients, and there are none; remove it or add machineClients',
    ]);
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const userPoolDomain = userPool.addDomain('Existing', { cognitoDomain: { domainPrefix: 'acme-existing' } });
    expect(problemsOf(() => synthApi({ userPool, userPoolDomain, domainPrefix: 'acme', machineClients: [REPORTING] }, stack))).toEqual([
      'domainPrefix and userPoolDomain: name a prefix for a new domain or pass the existing one, not both',
    ]);
  });

  test.each([
    ['added to the pool', (_stack: Stack, userPool: cognito.UserPool) => userPool.addDomain('Existing', { cognitoDomain: { domainPrefix: 'acme-existing' } }), 'TestStack/Pool/Existing'],
    ['declared elsewhere, after the API, as an L1', (stack: Stack, userPool: cognito.UserPool) => new cognito.CfnUserPoolDomain(stack, 'Later', { userPoolId: userPool.userPoolId, domain: 'acme-later' }),
      'TestStack/Later'],
    ['declared as a raw resource', (stack: Stack, userPool: cognito.UserPool) => new CfnResource(stack, 'Raw', {
      type: 'AWS::Cognito::UserPoolDomain', properties: { UserPoolId: userPool.userPoolId, Domain: 'acme-raw' },
    }), 'TestStack/Raw'],
  ])('a pool that already has a prefix domain (%s) must pass it: a pool has one at most', (_, addDomain, path) => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    expect(problemsOf(() => {
      new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool, machineClients: [REPORTING] });
      addDomain(stack, userPool);
      return Template.fromStack(stack);
    }).map((line) => line.trim())).toEqual([
      `[TestStack/Api/Cognito] userPool: the pool already has a prefix domain (${path}), and a pool has one at most; pass it as userPoolDomain`,
    ]);
  });

  test('a second prefix domain added to the pool the construct creates is refused too', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, machineClients: [REPORTING] });
    api.userPool.addDomain('Hosted', { cognitoDomain: { domainPrefix: 'acme-hosted' } });
    expect(problemsOf(() => Template.fromStack(stack)).map((line) => line.trim())).toEqual([
      '[TestStack/Api/Cognito] TestStack/Api/Cognito/UserPool/Hosted: a second prefix domain on the pool, beside the one made for the machine clients ' +
        '(TestStack/Api/Cognito/Domain); a pool has one at most: remove it, or name the prefix with domainPrefix',
    ]);
  });

  test('a resource server or group the pool already has, with an identifier or name the construct creates, is refused', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    new cognito.UserPoolResourceServer(stack, 'Server', { userPool, identifier: 'api', scopes: [] });
    new cognito.CfnUserPoolGroup(stack, 'Admins', { userPoolId: userPool.userPoolId, groupName: 'Admin' });
    new cognito.CfnUserPoolGroup(stack, 'Others', { userPoolId: userPool.userPoolId, groupName: 'Others' });
    new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool });
    expect(problemsOf(() => Template.fromStack(stack)).map((line) => line.trim())).toEqual([
      "[TestStack/Api/Cognito] TestStack/Server/Resource: a resource server 'api' on the pool, which this construct creates from the scopes; " +
        'Cognito takes one per identifier: remove it',
      "[TestStack/Api/Cognito] TestStack/Admins: a group 'Admin' on the pool, which this construct creates from groupScopes; " +
        'Cognito takes one per name: remove it, or set createGroups: false',
    ]);
  });

  test('a custom domain may sit beside the prefix domain the construct creates; another pool\'s domain does not count', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    new cognito.CfnUserPoolDomain(stack, 'Custom', { userPoolId: userPool.userPoolId, domain: 'auth.example.com', customDomainConfig: { certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/x' } });
    const other = new cognito.UserPool(stack, 'Other', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    other.addDomain('Elsewhere', { cognitoDomain: { domainPrefix: 'acme-elsewhere' } });
    expect(() => synthApi({ userPool, machineClients: [REPORTING] }, stack)).not.toThrow();
  });

  test('a domain of another pool, or one given without machine clients, is refused (issue 20, item 4)', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const other = new cognito.UserPool(stack, 'Other', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    const userPoolDomain = other.addDomain('Elsewhere', { cognitoDomain: { domainPrefix: 'acme-elsewhere' } });
    expect(problemsOf(() => synthApi({ userPool, userPoolDomain, machineClients: [REPORTING] }, stack))).toEqual([
      'userPoolDomain: TestStack/Other/Elsewhere is a domain of TestStack/Other/Resource, not of TestStack/Pool; pass the pool\'s own domain',
    ]);
    const own = newStack();
    const ownPool = new cognito.UserPool(own, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
    expect(problemsOf(() => synthApi({ userPool: ownPool, userPoolDomain: ownPool.addDomain('Own', { cognitoDomain: { domainPrefix: 'acme-own' } }) }, own))).toEqual([
      'userPoolDomain: the domain serves the token endpoint of machine clients, and there are none; remove it or add machineClients',
    ]);
  });

  test('ScopedUserPool alone checks machine clients too', () => {
    expect(problemsOf(() => new ScopedUserPool(newStack(), 'Pool', { groupScopes: { Admin: ['api/admin'] }, machineClients: [{ name: 'x', scopes: [] }] }))).toEqual([
      "machineClients[0] ('x'): no scopes; list the custom scopes it may request",
    ]);
  });

  test('a route scope no group and no client holds is refused, naming both kinds', () => {
    expect(problems({ machineClients: [REPORTING], routeScopes: { 'GET /x': ['api/nobody'] } })).toEqual([
      "routeScopes['GET /x']: scope 'api/nobody' is granted to no group or machine client (known: api/admin, api/readonly)",
    ]);
  });
});
