import { Fn, Lazy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ScopedCognitoApi, ScopedCognitoApiProps, ScopedUserPool, ThreatProtection } from '../src';
import { newStack, problemsOf, SEED, synthApi } from './util';

const problems = (props: Partial<ScopedCognitoApiProps>) => problemsOf(() => synthApi(props));

describe('route keys', () => {
  test.each([
    ['FETCH /admin', "routeScopes['FETCH /admin']: unknown HTTP method 'FETCH' (use one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)"],
    ['GET admin', "routeScopes['GET admin']: path 'admin' must start with '/'"],
    ['GET /admin//users', "routeScopes['GET /admin//users']: path '/admin//users' has an empty segment ('//')"],
    ['GET /admin/', "routeScopes['GET /admin/']: path '/admin/' must not end with '/'"],
    ['GET /items/{id', "routeScopes['GET /items/{id']: path '/items/{id': '{id' is not a path parameter (write '{name}' or '{name+}')"],
    ['GET /items/{}', "routeScopes['GET /items/{}']: path '/items/{}': '{}' is not a path parameter (write '{name}' or '{name+}')"],
    ['GET /{proxy+}/x', "routeScopes['GET /{proxy+}/x']: path '/{proxy+}/x': greedy parameter '{proxy+}' must be the last segment"],
    ['GET /a b', "routeScopes['GET /a b']: expected 'METHOD /path', for example 'GET /admin'"],
    ['GET /caf\u00e9', "routeScopes['GET /caf\u00e9']: path '/caf\u00e9': segment 'caf\u00e9' may only hold the characters [A-Za-z0-9:._-$]"],
    ['ANY /$default', "routeScopes['ANY /$default']: path '/$default': '$default' is the name of API Gateway's catch-all route; name the path otherwise"],
  ])('%s is refused', (route, message) => {
    expect(problems({ routeScopes: { [route]: ['api/admin'] } })).toEqual([message]);
  });

  test.each(['GET /items/{id}', 'ANY /{proxy+}', 'post /orders/{orderId}/items', 'GET /', '  PUT   /v1.2/a-b_c:d$e  '])(
    '%s is a valid route',
    (route) => {
      expect(() => synthApi({ routeScopes: { [route]: ['api/admin'] } })).not.toThrow();
    },
  );

  test('the same route twice, even in another case or spacing, is refused', () => {
    expect(problems({ routeScopes: { 'GET /admin': ['api/admin'], 'get  /admin': ['api/readonly'] } })).toEqual([
      "routeScopes['get  /admin']: the same route as 'GET /admin'; declare each route once",
    ]);
    expect(problems({ publicRoutes: ['GET /admin'] })).toEqual([
      "routeScopes['GET /admin']: the same route as 'GET /admin'; declare each route once",
    ]);
  });

  test('two parameter names in one path position are refused', () => {
    expect(
      problems({ routeScopes: { 'GET /items/{id}': ['api/admin'], 'PUT /items/{itemId}': ['api/admin'] } }),
    ).toEqual(["routeScopes['PUT /items/{itemId}']: path parameter '{itemId}' sits where another route has '{id}'; use one name per position"]);
  });

  test('routeIntegrations must name a declared route', () => {
    expect(problems({ routeIntegrations: { 'GET /nowhere': new apigateway.MockIntegration() } })).toEqual([
      "routeIntegrations['GET /nowhere']: no such route in routeScopes or publicRoutes",
    ]);
  });

  test('an empty route map is refused', () => {
    expect(problems({ routeScopes: {} })).toEqual(['routeScopes is empty: guard at least one route with a scope']);
  });
});

describe('route scopes', () => {
  test('a scope that no group grants (a typo that would lock everybody out) is refused, listing the known ones', () => {
    expect(problems({ routeScopes: { 'GET /admin': ['api/admn'] } })).toEqual([
      "routeScopes['GET /admin']: scope 'api/admn' is granted to no group or machine client (known: api/admin, api/readonly)",
    ]);
  });

  test.each(['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'])(
    'reserved scope %s cannot guard a route: every signed-in user holds it',
    (scope) => {
      expect(problems({ routeScopes: { 'GET /admin': [scope] } })).toEqual([
        `routeScopes['GET /admin']: '${scope}' is held by every signed-in user, so the route would be open to all; guard it with a custom scope`,
      ]);
    },
  );

  test('a custom base scope is refused: every user would hold it, outside the group map', () => {
    expect(problems({ baseScopes: ['openid', 'api/readonly'] })).toEqual([
      "baseScopes: 'api/readonly' is not an OpenID scope (openid, email, phone, profile, aws.cognito.signin.user.admin): " +
        'every signed-in user could hold it; custom scopes reach user tokens only through the trigger, from groupScopes',
      "routeScopes['GET /readonly']: 'api/readonly' is held by every signed-in user, so the route would be open to all; guard it with a custom scope",
    ]);
  });

  test('a route without scopes must be declared public', () => {
    expect(problems({ routeScopes: { 'GET /admin': ['api/admin'], 'GET /open': [] } })).toEqual([
      "routeScopes['GET /open']: no scopes; list the scopes that may call it, or declare it in publicRoutes",
    ]);
  });

  test.each([
    ['', 'a scope is empty'],
    ['api/ad min', 'scope "api/ad min" has a character OAuth scopes do not allow (space, quote, backslash or non-printable)'],
    ['api/"x"', 'scope "api/\\"x\\"" has a character OAuth scopes do not allow (space, quote, backslash or non-printable)'],
    ['api\\x', 'scope "api\\\\x" has a character OAuth scopes do not allow (space, quote, backslash or non-printable)'],
    ['api/\u0007', 'scope "api/\\u0007" has a character OAuth scopes do not allow (space, quote, backslash or non-printable)'],
  ])('route scope %j with invalid OAuth syntax is refused', (scope, message) => {
    expect(problems({ routeScopes: { 'GET /admin': [scope] } })).toEqual([`routeScopes['GET /admin']: ${message}`]);
  });
});

describe('groups', () => {
  test.each([
    ['api/ad min', 'scope "api/ad min" has a character OAuth scopes do not allow (space, quote, backslash or non-printable)'],
    ['admin', "scope 'admin' must have the form 'identifier/name', for example 'api/admin'"],
    ['api/', "scope 'api/' must have the form 'identifier/name', for example 'api/admin'"],
    ['openid', "'openid' is a reserved scope that Cognito manages; map groups to custom scopes such as 'api/admin'"],
  ])('group scope %j is refused', (scope, message) => {
    expect(problems({ groupScopes: { Admin: ['api/admin', scope], ReadOnly: ['api/readonly'] } })).toEqual([
      `groupScopes['Admin']: ${message}`,
    ]);
  });

  test.each(['Team A', 'x'.repeat(129), 'tab\there'])('group name %j is refused', (group) => {
    expect(problems({ groupScopes: { ...SEED.groupScopes, [group]: ['api/admin'] } })).toEqual([
      `groupScopes['${group}']: not a valid Cognito group name (1 to 128 letters, digits, symbols or punctuation, no spaces)`,
    ]);
  });

  test('an empty group map is refused', () => {
    expect(problems({ groupScopes: {} })).toEqual([
      'groupScopes is empty: map at least one group to the scopes it grants',
      "routeScopes['GET /admin']: scope 'api/admin' is granted to no group or machine client (known: none)",
      "routeScopes['GET /readonly']: scope 'api/readonly' is granted to no group or machine client (known: none)",
    ]);
  });

  test('a group that reaches no route is a warning, not an error', () => {
    const { stack } = synthApi({ groupScopes: { ...SEED.groupScopes, Auditors: ['api/audit'] } });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Api/Cognito',
      Match.stringLikeRegexp("groupScopes\\['Auditors'\\]: the group reaches no route"),
    );
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Api/Cognito', Match.stringLikeRegexp("groupScopes\\['Admin'\\]"));
  });

  test('a group that a route added later reaches is not warned about', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, groupScopes: { ...SEED.groupScopes, Auditors: ['api/audit'] } });
    api.addRoute('GET /audit', ['api/audit']);
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('Auditors'));
  });
});

describe('limits', () => {
  test('more than 100 scopes under one identifier is refused with a way out', () => {
    const scopes = Array.from({ length: 101 }, (_, i) => `api/s${i}`);
    expect(problems({ groupScopes: { Admin: scopes, ReadOnly: ['api/readonly'] }, routeScopes: { 'GET /admin': ['api/s0'] } })).toEqual([
      'groupScopes: resource server \'api\' would hold 102 scopes, but one holds at most 100 (Cognito quota "Scopes per resource server": 100, ' +
        "cannot be raised; https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html); spread them over several identifiers (for example 'api-orders/read')",
    ]);
  });

  test('more than 100 scopes spread over identifiers split into resource servers', () => {
    const scopes = Array.from({ length: 150 }, (_, i) => `svc${i % 2}/s${i}`);
    const { template } = synthApi({ groupScopes: { Admin: scopes }, routeScopes: { 'GET /admin': ['svc0/s0'] } });
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 2);
  });
});

describe('plans and pools', () => {
  test('LITE cannot run the V2 trigger', () => {
    expect(problems({ featurePlan: cognito.FeaturePlan.LITE })).toEqual([
      'featurePlan: LITE cannot run the V2_0 pre-token-generation trigger that adds scopes; use ESSENTIALS or PLUS, or enforcement: Enforcement.LAMBDA_AUTHORIZER, which runs on LITE',
    ]);
  });

  test('threat protection needs PLUS', () => {
    expect(problems({ threatProtection: ThreatProtection.AUDIT })).toEqual([
      'threatProtection: AUDIT needs featurePlan PLUS (the pool is on ESSENTIALS); set featurePlan: FeaturePlan.PLUS or turn threat protection OFF',
    ]);
  });

  test('an existing pool on LITE is refused', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.LITE });
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool }))).toEqual([
      'userPool: the pool is on FeaturePlan.LITE, which cannot run the V2_0 pre-token-generation trigger; use ESSENTIALS or PLUS, or enforcement: Enforcement.LAMBDA_AUTHORIZER, which runs on LITE',
    ]);
  });

  test('an existing pool with its own V1 pre-token trigger is refused', () => {
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'i.h', code: lambda.Code.fromInline('x') });
    const userPool = new cognito.UserPool(stack, 'Pool', { lambdaTriggers: { preTokenGeneration: fn } });
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { ...SEED, userPool }))).toEqual([
      'userPool: the pool already has a pre-token-generation trigger, and a pool takes only one; remove it, this construct adds its own',
    ]);
  });

  test('an existing pool and pool settings together are refused, naming both props', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    expect(
      problemsOf(
        () =>
          new ScopedCognitoApi(stack, 'Api', {
            ...SEED,
            userPool,
            userPoolProps: {},
            featurePlan: cognito.FeaturePlan.PLUS,
            threatProtection: ThreatProtection.ENFORCED,
          }),
      ),
    ).toEqual([
      'userPool and userPoolProps: pass an existing pool or the props to create one, not both',
      'featurePlan: set the plan on the userPool you pass in, not here',
      'threatProtection: set threat protection on the userPool you pass in, not here',
    ]);
  });

  test('userPoolProps cannot set what this construct owns', () => {
    expect(problems({ userPoolProps: { featurePlan: cognito.FeaturePlan.PLUS } })).toEqual([
      "userPoolProps.featurePlan: use this construct's featurePlan and threatProtection props instead",
    ]);
  });

  test('ScopedUserPool alone checks its props too', () => {
    expect(problemsOf(() => new ScopedUserPool(newStack(), 'Pool', { groupScopes: {}, featurePlan: cognito.FeaturePlan.LITE }))).toEqual([
      'groupScopes is empty: map at least one group to the scopes it grants',
      'featurePlan: LITE cannot run the V2_0 pre-token-generation trigger that adds scopes; use ESSENTIALS or PLUS, or enforcement: Enforcement.LAMBDA_AUTHORIZER, which runs on LITE',
    ]);
  });
});

describe('all problems at once', () => {
  test('every problem is listed in one error, naming the construct', () => {
    expect(() =>
      synthApi({ featurePlan: cognito.FeaturePlan.LITE, routeScopes: { 'GET /admin': ['api/admn'], 'FETCH /x': ['api/admin'] } }),
    ).toThrow(/^TestStack\/Api: 3 problems in the configuration:\n/);
  });
});

describe('tokens', () => {
  test('group scopes given as synth-time tokens are resolved into the trigger\'s map', () => {
    const { template } = synthApi({ groupScopes: { ...SEED.groupScopes, Ops: [Lazy.string({ produce: () => 'api/admin' })] } });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'Ops', Description: 'Grants api/admin (cdk-scoped-cognito-api)' });
  });

  test('group scopes known only at deploy time are refused: the map is written at synth time', () => {
    expect(problems({ groupScopes: { ...SEED.groupScopes, Ops: [Fn.importValue('OpsScope')] } })).toEqual([
      "groupScopes['Ops']: a scope is known only at deploy time; the trigger's map is written at synth time, so give it as a string",
    ]);
  });

  test('a route scope given as a synth-time token is checked like a string: a reserved scope that way opens nothing', () => {
    const reserved = Lazy.string({ produce: () => 'aws.cognito.signin.user.admin' });
    expect(problems({ routeScopes: { ...SEED.routeScopes, 'GET /secrets': [reserved] } })).toEqual([
      "routeScopes['GET /secrets']: 'aws.cognito.signin.user.admin' is held by every signed-in user, so the route would be open to all; guard it with a custom scope",
    ]);
    const { api } = synthApi({ routeScopes: { ...SEED.routeScopes, 'GET /ok': [Lazy.string({ produce: () => 'api/admin' })] } });
    expect(api.accessMatrix().find((row) => row.route === 'GET /ok')?.groups).toEqual(['Admin']);
  });

  test('scopes known only at deploy time are refused wherever they decide access: routes, addRoute, base scopes, machine clients', () => {
    const param = () => Fn.importValue('Scope');
    expect(problems({
      routeScopes: { ...SEED.routeScopes, 'GET /x': [param()] },
      baseScopes: [param()],
      machineClients: [{ name: 'job', scopes: ['api/admin', param()] }],
    })).toEqual([
      "baseScopes: a scope is known only at deploy time; the trigger's map is written at synth time, so give it as a string",
      "machineClients['job']: a scope is known only at deploy time; the resource servers declare the scopes at synth time, so give it as a string",
      "routeScopes['GET /x']: a scope is known only at deploy time; a route's scopes decide who may call it and are checked at synth time against those the pool grants, so give it as a string",
    ]);
    const { api } = synthApi();
    expect(() => api.addRoute('GET /later', [param()])).toThrow(
      /routeScopes\['GET \/later'\]: a scope is known only at deploy time; a route's scopes decide who may call it/,
    );
  });
});

describe('public catch-all routes', () => {
  test('a greedy public route over a scoped path is warned about; a public route beside scoped ones is not', () => {
    const { stack } = synthApi({ publicRoutes: ['ANY /{proxy+}', 'GET /health'], routeScopes: { ...SEED.routeScopes, 'GET /orders/{id}': ['api/admin'] } });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('publicRoutes'));
    expect(warnings.map((w) => w.entry.data)).toEqual([
      "publicRoutes['ANY /{proxy+}'] also answers requests to /admin without a token (any method 'GET /admin' does not take): " +
        'make sure its integration does not serve what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
      "publicRoutes['ANY /{proxy+}'] also answers requests to /orders/{id} without a token (any method 'GET /orders/{id}' does not take): " +
        'make sure its integration does not serve what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
      "publicRoutes['ANY /{proxy+}'] also answers requests to /readonly without a token (any method 'GET /readonly' does not take): " +
        'make sure its integration does not serve what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
    ]);
    const quiet = synthApi({ publicRoutes: ['GET /health', 'GET /orders'], routeScopes: { ...SEED.routeScopes, 'POST /orders': ['api/admin'] } });
    expect(Annotations.fromStack(quiet.stack).findWarning('*', Match.stringLikeRegexp('publicRoutes'))).toEqual([]);
    const byParameter = synthApi({ publicRoutes: ['ANY /{name}'], routeScopes: { 'GET /admin': ['api/admin'] } });
    expect(Annotations.fromStack(byParameter.stack).findWarning('*', Match.stringLikeRegexp("publicRoutes\\['ANY /\\{name\\}'\\]"))).toHaveLength(1);
  });
});

describe('greedy public routes, whatever the method (issue 20, item 4)', () => {
  test('a public GET /{proxy+} beside a scoped GET /admin is warned about: /Admin and /admin/ reach it without a token', () => {
    const { stack } = synthApi({ publicRoutes: ['GET /{proxy+}'], routeScopes: { 'GET /admin': ['api/admin'], 'POST /admin': ['api/admin'] } });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('publicRoutes')).map((w) => w.entry.data);
    expect(warnings).toEqual([
      "publicRoutes['GET /{proxy+}'] also answers, without a token, the variants of /admin that API Gateway does not route to 'GET /admin' " +
        '(another case, a trailing slash): make sure its integration does not serve what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
      "publicRoutes['GET /{proxy+}'] also answers requests to /admin without a token (any method 'POST /admin' does not take): " +
        'make sure its integration does not serve what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
    ]);
  });
});

describe('group names whose constructs would collide', () => {
  test("'a/b' and 'a--b' are refused in the groups' own words, not with a construct-ID clash", () => {
    expect(problemsOf(() => synthApi({ groupScopes: { 'a/b': ['api/admin'], 'a--b': ['api/readonly'] } }))).toEqual([
      "groupScopes['a--b'] and groupScopes['a/b']: the groups' constructs would have one ID (Groupa--b), since '/' reads as '--'; rename one",
    ]);
  });
});

describe('literal public routes that differ from a scoped one only in case', () => {
  test('a public GET /Admin beside a scoped GET /admin is warned about, also across ANY; another path or method is not', () => {
    const { stack } = synthApi({
      publicRoutes: ['GET /Admin', 'ANY /ReadOnly/{id}', 'POST /ADMIN', 'GET /administration'],
      routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly/{id}': ['api/readonly'] },
    });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Api', Match.stringLikeRegexp('only in the case')).map((w) => w.entry.data);
    expect(warnings).toEqual([
      "publicRoutes['ANY /ReadOnly/{id}'] differs from the scoped 'GET /readonly/{id}' only in the case of its path: API Gateway routes them apart, but a backend " +
        'that matches paths whatever their case would serve, without a token, what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
      "publicRoutes['GET /Admin'] differs from the scoped 'GET /admin' only in the case of its path: API Gateway routes them apart, but a backend " +
        'that matches paths whatever their case would serve, without a token, what the scoped route guards [ack: cdk-scoped-cognito-api:publicRouteOverlaps]',
    ]);
  });
});

describe('what fails at deploy time or silently loses a safe default (issue 20, item 4)', () => {
  test.each([undefined, null])('userPoolProps keys given as %s keep the pool\'s safe defaults', (nothing) => {
    const keys = ['deletionProtection', 'removalPolicy', 'accountRecovery', 'signInCaseSensitive', 'passwordPolicy'];
    const { template } = synthApi({ userPoolProps: Object.fromEntries(keys.map((key) => [key, nothing])) as any });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        DeletionProtection: 'ACTIVE',
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
        UsernameConfiguration: { CaseSensitive: false },
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      }),
    });
  });

  test('a resource server is named validly whatever its identifier (CloudFormation\'s Name pattern), and as before where it fits', () => {
    const { template } = synthApi({
      groupScopes: { Admin: ['https://api.example.com/read', 'api/v1/write', 'orders#eu/write', 'api/admin'] },
      routeScopes: { 'GET /admin': ['api/admin', 'https://api.example.com/read', 'api/v1/write', 'orders#eu/write'] },
    });
    const names = Object.values<any>(template.findResources('AWS::Cognito::UserPoolResourceServer')).map((r) => [r.Properties.Identifier, r.Properties.Name]);
    expect(names.sort()).toEqual([
      ['api', 'api'],
      ['api/v1', 'api-v1'],
      ['https://api.example.com', 'https---api.example.com'],
      ['orders#eu', 'orders-eu'],
    ]);
    for (const [, name] of names) expect(name).toMatch(/^[\w\s+=,.@-]{1,256}$/);
  });

  test('the client-credentials flow on the user client is refused: it has no secret and serves users', () => {
    expect(problems({ oAuth: { flows: { clientCredentials: true } } })).toEqual([
      'oAuth.flows.clientCredentials: the user client serves users and has no secret, which the client-credentials flow needs; declare each service in machineClients instead',
    ]);
  });

  test('a legacy V1 Pre Token Generation trigger added to the pool afterwards is refused at synth', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    const legacy = new lambda.Function(stack, 'Legacy', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async (e) => e') });
    api.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, legacy);
    expect(() => Template.fromStack(stack)).toThrow(/a second Pre Token Generation trigger was added \(UserPoolOperation.PRE_TOKEN_GENERATION, the legacy V1 event\)/);
  });

  test('the same for a legacy trigger set by an escape-hatch override', () => {
    const stack = newStack();
    const api = new ScopedCognitoApi(stack, 'Api', SEED);
    const legacy = new lambda.Function(stack, 'Legacy', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async (e) => e') });
    (api.userPool.node.defaultChild as cognito.CfnUserPool).addPropertyOverride('LambdaConfig.PreTokenGeneration', legacy.functionArn);
    expect(() => Template.fromStack(stack)).toThrow(/a second Pre Token Generation trigger was added/);
  });
});

describe('tokens where they decide access (issue 20, item 4)', () => {
  test('a group name given as a token is refused: the trigger\'s map would ship its placeholder text', () => {
    const group = Lazy.string({ produce: () => 'Ops' });
    expect(problems({ groupScopes: { ...SEED.groupScopes, [group]: ['api/admin'] }, createGroups: false })).toEqual([
      "groupScopes: a group name is a token; the trigger's map is written at synth time and matches groups by name, so give each name as a string",
    ]);
  });

  test('a machine client\'s scope given as a synth-time token is checked as it resolves', () => {
    const scope = Lazy.string({ produce: () => 'not a scope' });
    expect(problems({ machineClients: [{ name: 'billing', scopes: [scope] }] }).join('\n')).toMatch(/machineClients\[0\] \('billing'\): /);
  });
});
