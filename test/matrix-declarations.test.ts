/**
 * The access matrix sees app clients and routes however they are declared. For random apps (REST
 * and HTTP) whose other app clients are L2, L1, raw `CfnResource` or `CfnInclude`d clients, with
 * scopes given as a list, through a resource server's reference, by `Lazy.list`, a parameter or
 * `Fn.split` of an import, set in the declaration or by an escape-hatch override, and whose routes
 * are given in the props, by `addRoute`, or added beside the API as L2, L1 or raw methods and
 * routes, the construct's matrix must equal what the oracle finds in the synthesized template alone
 * (test/template-oracle.ts, test/token-oracle.ts): what is known only at deploy time read as the
 * most it could allow. Its warnings must name what the template leaves to deploy time, and the
 * open routes others added.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as cdk from 'aws-cdk-lib';
import { App, CfnElement, CfnParameter, CfnResource, Fn, Lazy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import * as fc from 'fast-check';
import { jwtConfigurationOf, routesOf } from './template-oracle';
import { clientsOf, machineToken, scopesOfTemplate, userTokens } from './token-oracle';
import { principalColumns, STRICT_CONTEXT } from './util';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';

const MANAGED = ['api/read', 'api/write', 'ops/deploy'];
const scopeSet = fc.uniqueArray(fc.constantFrom(...MANAGED), { minLength: 1, maxLength: 3 });
/** What another client of the pool may allow: managed scopes, one no resource server declares, others and an OpenID one. */
const clientScopes = fc.uniqueArray(fc.constantFrom(...MANAGED, 'api/undeclared', 'other/read', 'openid'), { minLength: 1, maxLength: 3 });
const ROUTES = ['GET /orders', 'POST /orders', 'GET /ops', 'GET /health'];
/** About 0.2-0.3 s a run on two cores (40 runs: 6-13 s); for a longer search: MATRIX_DECLARATIONS_RUNS=1000 npx jest test/matrix-declarations.test.ts */
const RUNS = Number(process.env.MATRIX_DECLARATIONS_RUNS ?? 40);

/** How another app client of the pool is declared. */
const clientDeclaration = fc.record({
  // `pool.addClient` (its L1 set through `node.defaultChild` where the L2 has no option), `CfnUserPoolClient`,
  // `new CfnResource(...)`, or a client of a template read by `CfnInclude`.
  form: fc.constantFrom('L2' as const, 'L1' as const, 'raw' as const, 'include' as const),
  // OAuth flows: client credentials, code, none (SDK sign-in only), or a CommaDelimitedList parameter.
  flow: fc.constantFrom('client_credentials' as const, 'code' as const, 'sdk' as const, 'deployTime' as const),
  // ExplicitAuthFlows: left out, SRP, GetClientToken's ALLOW_CLIENT_TOKEN_AUTH, or a parameter.
  authFlows: fc.constantFrom('absent' as const, 'srp' as const, 'clientToken' as const, 'deployTime' as const),
  scopes: clientScopes,
  // A list of strings; `<resource server Ref>/name` (Fn::Join); Lazy.list (resolves at synth); a parameter; Fn.split of an
  // import; a list of strings with one import among them.
  scopeForm: fc.constantFrom('literal' as const, 'joined' as const, 'lazy' as const, 'parameter' as const, 'importSplit' as const, 'mixedImport' as const),
  // The scopes set by `addPropertyOverride` after the client was declared with others.
  override: fc.boolean(),
  // Declared on a pool made before the API (passed as `userPool`), or on the API's pool after it.
  before: fc.boolean(),
  // HTTP: in `additionalClients` (clients made before the API; others than L2 imported by their resource's Ref).
  listed: fc.boolean(),
  // CfnInclude: the pool ID a parameter the include replaces with the pool's `Ref`, or a literal ID the app cannot trace.
  tracedPool: fc.boolean(),
});
type ClientDeclaration = typeof clientDeclaration extends fc.Arbitrary<infer T> ? T : never;

/** A method or route added beside the API: by an L2 (`root.addResource().addMethod()`, `new HttpRoute`), an L1 class, or a raw resource. */
const rawRoute = fc.record({
  form: fc.constantFrom('L2' as const, 'L1' as const, 'raw' as const),
  // No authorization, AuthorizationType left out (L1 and raw only), or the construct's authorizer with a scope.
  auth: fc.constantFrom('none' as const, 'absent' as const, 'scoped' as const),
  scope: fc.nat(),
});

const apps = fc.record({
  kind: fc.constantFrom('REST' as const, 'HTTP' as const),
  groupScopes: fc.dictionary(fc.constantFrom('Admin', 'ReadOnly', 'Ops'), scopeSet, { minKeys: 1 }),
  machineClients: fc.uniqueArray(fc.record({ name: fc.constantFrom('billing', 'reporting'), scopes: scopeSet }), { selector: (c) => c.name, maxLength: 2 }),
  oAuth: fc.boolean(),
  clients: fc.array(clientDeclaration, { maxLength: 3 }),
  // Routes of the construct: in routeScopes, or by addRoute after construction; a scope as a string or a Lazy.string.
  routes: fc.uniqueArray(fc.record({ route: fc.constantFrom(...ROUTES), scope: fc.nat(), addRoute: fc.boolean(), lazy: fc.boolean() }), {
    selector: (r) => r.route,
    minLength: 1,
  }),
  rawRoutes: fc.array(rawRoute, { maxLength: 2 }),
});
type AppConfig = typeof apps extends fc.Arbitrary<infer T> ? T : never;

type Resources = Record<string, { Type: string; Properties?: any }>;

/** What the test knows of a client it declared: its logical ID, and the paths by which the matrix and the warnings name it. */
interface DeclaredClient {
  readonly logicalId: string;
  readonly name: string;
  readonly resourcePath: string;
}

/**
 * Declares the `index`th other client `decl` on `pool`. `servers` are the construct's resource
 * servers by identifier (none yet for a client made before the API).
 */
function declareClient(
  stack: Stack,
  pool: cognito.IUserPool,
  servers: ReadonlyMap<string, cognito.UserPoolResourceServer>,
  decl: ClientDeclaration,
  index: number,
): { declared: DeclaredClient; l2?: cognito.UserPoolClient; ref: string } {
  const joined = (scope: string) => {
    const [identifier, name] = scope.split('/');
    const server = servers.get(identifier);
    return server && name !== undefined ? `${server.userPoolResourceServerId}/${name}` : scope;
  };
  /** The scopes in the form the declaration asks for, as tokens of this stack. */
  const scopeValue = (): string[] => {
    switch (decl.scopeForm) {
      case 'literal': return [...decl.scopes];
      // Before the API there is no resource server yet: a Lazy.list that yields the servers' references at synth.
      case 'joined': return servers.size > 0 ? decl.scopes.map(joined) : Lazy.list({ produce: () => decl.scopes.map(joined) });
      case 'lazy': return Lazy.list({ produce: () => [...decl.scopes] });
      case 'parameter': return new CfnParameter(stack, `ClientScopes${index}`, { type: 'CommaDelimitedList' }).valueAsList;
      case 'importSplit': return Fn.split(',', Fn.importValue(`PartnerScopes${index}`));
      case 'mixedImport': return [...decl.scopes, Fn.importValue(`PartnerScope${index}`)];
    }
  };
  const flowsValue = () => new CfnParameter(stack, `ClientFlows${index}`, { type: 'CommaDelimitedList' }).valueAsList;
  const authFlowsValue = (): string[] | undefined => {
    switch (decl.authFlows) {
      case 'absent': return undefined;
      case 'srp': return ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
      case 'clientToken': return ['ALLOW_CLIENT_TOKEN_AUTH'];
      case 'deployTime': return new CfnParameter(stack, `ClientAuthFlows${index}`, { type: 'CommaDelimitedList' }).valueAsList;
    }
  };
  // An SDK-only client allows scopes only to get machine tokens through GetClientToken.
  const hasScopes = decl.flow !== 'sdk' || decl.authFlows === 'clientToken' || decl.authFlows === 'deployTime';
  const secret = decl.flow !== 'code';
  const DECOY = ['other/decoy'];
  const override = (resource: CfnResource) => {
    if (decl.override && hasScopes) resource.addPropertyOverride('AllowedOAuthScopes', scopeValue());
  };

  if (decl.form === 'L2') {
    // The L2 takes scopes with its OAuth flows; any other form of them, and an SDK-only client's, are set on its L1.
    const throughL2 = decl.flow !== 'sdk' && !decl.override && (decl.scopeForm === 'literal' || decl.scopeForm === 'joined');
    const client = pool.addClient(`Extra${index}`, {
      generateSecret: secret,
      ...(decl.flow === 'sdk'
        ? { disableOAuth: true }
        : {
          oAuth: {
            flows: decl.flow === 'client_credentials' ? { clientCredentials: true } : { authorizationCodeGrant: true },
            scopes: (throughL2 ? scopeValue() : DECOY).map((s) => cognito.OAuthScope.custom(s)),
            ...(decl.flow === 'client_credentials' ? {} : { callbackUrls: ['https://app.example.com/cb'] }),
          },
        }),
    });
    const l1 = client.node.defaultChild as cognito.CfnUserPoolClient;
    if (decl.flow === 'deployTime') l1.allowedOAuthFlows = flowsValue();
    const authFlows = authFlowsValue();
    if (authFlows !== undefined) l1.explicitAuthFlows = authFlows;
    if (hasScopes && !throughL2) l1.allowedOAuthScopes = decl.override ? DECOY : scopeValue();
    override(l1);
    return { declared: { logicalId: stack.getLogicalId(l1), name: client.node.path, resourcePath: l1.node.path }, l2: client, ref: l1.ref };
  }

  if (decl.form === 'include') {
    // The template file holds what a template can: literal lists, a parameter of its own, Fn::Split of an import.
    const parameters: Record<string, { Type: string }> = {};
    const replaced: Record<string, unknown> = {};
    const logicalId = `Partner${index}`;
    const parameter = (name: string, type: string, value?: unknown) => {
      parameters[name] = { Type: type };
      if (value !== undefined) replaced[name] = value;
      return { Ref: name };
    };
    const fileScopes = (): unknown => {
      if (decl.override) return DECOY;
      switch (decl.scopeForm) {
        case 'literal': return [...decl.scopes];
        // Fn::Join of a parameter the include replaces with the resource server's Ref; literal before the API (no server yet).
        case 'joined': return decl.scopes.map((scope) => {
          const [identifier, name] = scope.split('/');
          const server = servers.get(identifier);
          if (server === undefined || name === undefined) return scope;
          return { 'Fn::Join': ['', [parameter(`Inc${index}Server${identifier}`, 'String', server.userPoolResourceServerId), `/${name}`]] };
        });
        // A template cannot hold a Lazy: the include's client gets it by an override below.
        case 'lazy': return DECOY;
        case 'parameter': return parameter(`Inc${index}Scopes`, 'CommaDelimitedList');
        case 'importSplit': return { 'Fn::Split': [',', { 'Fn::ImportValue': `PartnerScopes${index}` }] };
        case 'mixedImport': return [...decl.scopes, { 'Fn::ImportValue': `PartnerScope${index}` }];
      }
    };
    const oAuth = decl.flow !== 'sdk';
    const authFlows = decl.authFlows === 'deployTime' ? parameter(`Inc${index}AuthFlows`, 'CommaDelimitedList') : authFlowsValue();
    const properties = {
      UserPoolId: decl.tracedPool ? parameter(`Inc${index}Pool`, 'String', pool.userPoolId) : `eu-west-1_Partner${index}`,
      GenerateSecret: secret,
      AllowedOAuthFlowsUserPoolClient: oAuth,
      ...(oAuth ? { AllowedOAuthFlows: decl.flow === 'deployTime' ? parameter(`Inc${index}Flows`, 'CommaDelimitedList') : [decl.flow] } : {}),
      ...(decl.flow === 'code' || decl.flow === 'deployTime' ? { CallbackURLs: ['https://app.example.com/cb'] } : {}),
      ...(hasScopes ? { AllowedOAuthScopes: fileScopes() } : {}),
      ...(authFlows !== undefined ? { ExplicitAuthFlows: authFlows } : {}),
    };
    const file = join(mkdtempSync(join(tmpdir(), 'include-')), 'partner.json');
    writeFileSync(file, JSON.stringify({ Parameters: parameters, Resources: { [logicalId]: { Type: 'AWS::Cognito::UserPoolClient', Properties: properties } } }));
    const include = new cfninc.CfnInclude(stack, `Included${index}`, { templateFile: file, parameters: replaced });
    const resource = include.getResource(logicalId);
    if (!decl.override && decl.scopeForm === 'lazy' && hasScopes) resource.addPropertyOverride('AllowedOAuthScopes', scopeValue());
    override(resource);
    return { declared: { logicalId, name: resource.node.path, resourcePath: resource.node.path }, ref: resource.ref };
  }

  const oAuth = decl.flow !== 'sdk';
  const authFlows = authFlowsValue();
  const fields = {
    userPoolId: pool.userPoolId,
    generateSecret: secret,
    allowedOAuthFlowsUserPoolClient: oAuth,
    allowedOAuthFlows: oAuth ? (decl.flow === 'deployTime' ? flowsValue() : [decl.flow]) : undefined,
    callbackUrLs: decl.flow === 'code' || decl.flow === 'deployTime' ? ['https://app.example.com/cb'] : undefined,
    allowedOAuthScopes: hasScopes ? (decl.override ? DECOY : scopeValue()) : undefined,
    explicitAuthFlows: authFlows,
  };
  const id = `Other${index}`;
  const resource = decl.form === 'L1'
    ? new cognito.CfnUserPoolClient(stack, id, fields)
    : new CfnResource(stack, id, {
      type: 'AWS::Cognito::UserPoolClient',
      properties: {
        UserPoolId: fields.userPoolId,
        GenerateSecret: fields.generateSecret,
        AllowedOAuthFlowsUserPoolClient: fields.allowedOAuthFlowsUserPoolClient,
        AllowedOAuthFlows: fields.allowedOAuthFlows,
        CallbackURLs: fields.callbackUrLs,
        AllowedOAuthScopes: fields.allowedOAuthScopes,
        ExplicitAuthFlows: fields.explicitAuthFlows,
      },
    });
  override(resource);
  return { declared: { logicalId: stack.getLogicalId(resource), name: resource.node.path, resourcePath: resource.node.path }, ref: resource.ref };
}

/**
 * Adds the `index`th route `raw` beside the API, at `GET /raw<index>`; returns the logical ID of its
 * method or route resource, and how the library names it in a warning.
 */
function addRawRoute(stack: Stack, api: ScopedCognitoApi | ScopedCognitoHttpApi, raw: AppConfig['rawRoutes'][number], scope: string, index: number) {
  const id = `Raw${index}`;
  const path = `raw${index}`;
  // 'absent' is for the L1 and raw forms; an L2 always writes an authorization type.
  const auth = raw.form === 'L2' && raw.auth === 'absent' ? 'none' : raw.auth;
  if (api instanceof ScopedCognitoApi) {
    const authorization = auth === 'scoped'
      ? { AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: api.authorizer!.authorizerId, AuthorizationScopes: [scope] }
      : auth === 'none' ? { AuthorizationType: 'NONE' } : {};
    if (raw.form === 'L2') {
      const method = api.restApi.root.addResource(path).addMethod('GET', new apigateway.MockIntegration(), auth === 'scoped'
        ? { authorizationType: apigateway.AuthorizationType.COGNITO, authorizer: api.authorizer, authorizationScopes: [scope] }
        : { authorizationType: apigateway.AuthorizationType.NONE });
      return { logicalId: stack.getLogicalId(method.node.defaultChild as CfnElement), warned: `GET /${path}`, open: auth !== 'scoped' };
    }
    const properties = {
      RestApiId: api.restApi.restApiId,
      HttpMethod: 'GET',
      Integration: { Type: 'MOCK' },
      ...authorization,
    };
    let method: CfnResource;
    if (raw.form === 'L1') {
      const resource = new apigateway.CfnResource(stack, `${id}Path`, { restApiId: api.restApi.restApiId, parentId: api.restApi.restApiRootResourceId, pathPart: path });
      method = new apigateway.CfnMethod(stack, id, {
        restApiId: properties.RestApiId,
        resourceId: resource.ref,
        httpMethod: 'GET',
        integration: { type: 'MOCK' },
        authorizationType: (authorization as any).AuthorizationType,
        authorizerId: (authorization as any).AuthorizerId,
        authorizationScopes: (authorization as any).AuthorizationScopes,
      });
    } else {
      const resource = new CfnResource(stack, `${id}Path`, {
        type: 'AWS::ApiGateway::Resource',
        properties: { RestApiId: api.restApi.restApiId, ParentId: api.restApi.restApiRootResourceId, PathPart: path },
      });
      method = new CfnResource(stack, id, { type: 'AWS::ApiGateway::Method', properties: { ...properties, ResourceId: resource.ref } });
    }
    return { logicalId: stack.getLogicalId(method), warned: `GET (${method.node.path})`, open: auth !== 'scoped' };
  }
  const routeKey = `GET /${path}`;
  if (raw.form === 'L2') {
    const route = new apigwv2.HttpRoute(stack, id, {
      httpApi: api.httpApi,
      routeKey: apigwv2.HttpRouteKey.with(`/${path}`, apigwv2.HttpMethod.GET),
      integration: new integrations.HttpUrlIntegration(`${id}Backend`, 'https://raw.example.com'),
      ...(auth === 'scoped' ? { authorizer: api.authorizer, authorizationScopes: [scope] } : { authorizer: new apigwv2.HttpNoneAuthorizer() }),
    });
    return { logicalId: stack.getLogicalId(route.node.defaultChild as CfnElement), warned: routeKey, open: auth !== 'scoped' };
  }
  const authorization = auth === 'scoped'
    ? { AuthorizationType: 'JWT', AuthorizerId: api.authorizer!.authorizerId, AuthorizationScopes: [scope] }
    : auth === 'none' ? { AuthorizationType: 'NONE' } : {};
  const route = raw.form === 'L1'
    ? new apigwv2.CfnRoute(stack, id, {
      apiId: api.httpApi.apiId,
      routeKey,
      authorizationType: (authorization as any).AuthorizationType,
      authorizerId: (authorization as any).AuthorizerId,
      authorizationScopes: (authorization as any).AuthorizationScopes,
    })
    : new CfnResource(stack, id, { type: 'AWS::ApiGatewayV2::Route', properties: { ApiId: api.httpApi.apiId, RouteKey: routeKey, ...authorization } });
  return { logicalId: stack.getLogicalId(route), warned: routeKey, open: auth !== 'scoped' };
}

/** The construct's warnings of one kind (`cdk-scoped-cognito-api:<kind>`), their text without the acknowledgement. */
function warningsOf(messages: ReadonlyArray<{ level: string; entry: { data?: unknown } }>, kind: string): string[] {
  const ack = ` [ack: cdk-scoped-cognito-api:${kind}]`;
  return messages
    .filter((m) => m.level === 'warning' && String(m.entry.data).endsWith(ack))
    .map((m) => String(m.entry.data).slice(0, -ack.length))
    .sort();
}

describe('the access matrix reads clients and routes however they are declared', () => {
  test('equals the oracle run on the template alone, deploy-time settings read as the most they could allow', async () => {
    await fc.assert(
      fc.asyncProperty(apps, async (config) => {
        const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'declarations-')), context: STRICT_CONTEXT });
        const stack = new Stack(app, 'Model');
        // aws-cdk-lib's resource schema predates GetClientToken's auth flow (Validations is newer than the floor, 2.189).
        (cdk as any).Validations?.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'ALLOW_CLIENT_TOKEN_AUTH is a valid ExplicitAuthFlows value' });
        const held = [...new Set([...Object.values(config.groupScopes).flat(), ...config.machineClients.flatMap((c) => c.scopes)])].sort();
        const scopeOf = (n: number) => held[n % held.length];
        const routeScope = (n: number, lazy: boolean) => (lazy ? Lazy.string({ produce: () => scopeOf(n) }) : scopeOf(n));
        const scoped = config.routes.filter((r) => r.route !== 'GET /health');
        const routeScopes = Object.fromEntries(scoped.filter((r) => !r.addRoute).map((r) => [r.route, [routeScope(r.scope, r.lazy)]]));
        if (Object.keys(routeScopes).length === 0) routeScopes['GET /orders'] = [held[0]];
        const laterRoutes = scoped.filter((r) => r.addRoute && routeScopes[r.route] === undefined);

        const existingPool = config.clients.some((c) => c.before);
        const userPool = existingPool ? new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS }) : undefined;
        const declared: DeclaredClient[] = [];
        const additionalClients: cognito.IUserPoolClient[] = [];
        // The construct's resource servers by identifier, once it has made them.
        const servers = new Map<string, cognito.UserPoolResourceServer>();
        config.clients.forEach((decl, index) => {
          if (!(userPool && decl.before)) return;
          const { declared: client, l2, ref } = declareClient(stack, userPool, servers, decl, index);
          declared.push(client);
          // Any other form reaches additionalClients imported by its resource's ID, as an L2 prop takes it.
          if (decl.listed) additionalClients.push(l2 ?? cognito.UserPoolClient.fromUserPoolClientId(stack, `Imported${index}`, ref));
        });
        const props = {
          groupScopes: config.groupScopes,
          machineClients: config.machineClients,
          routeScopes,
          publicRoutes: config.routes.some((r) => r.route === 'GET /health') ? ['GET /health'] : [],
          userPool,
          ...(config.oAuth ? { oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/cb'] } } : {}),
        };
        const api = config.kind === 'REST'
          ? new ScopedCognitoApi(stack, 'Api', props)
          : new ScopedCognitoHttpApi(stack, 'Api', { ...props, additionalClients: [...additionalClients] });
        for (const route of laterRoutes) api.addRoute(route.route, [routeScope(route.scope, route.lazy)]);
        for (const server of api.scopedUserPool.resourceServers) {
          servers.set((server.node.defaultChild as cognito.CfnUserPoolResourceServer).identifier, server);
        }
        config.clients.forEach((decl, index) => {
          if (userPool && decl.before) return;
          declared.push(declareClient(stack, api.userPool, servers, decl, index).declared);
        });
        const raws = config.rawRoutes.map((raw, index) => addRawRoute(stack, api, raw, scopeOf(raw.scope), index));

        const names = new Map(declared.map((client) => [client.logicalId, client.name]));
        for (const { name } of config.machineClients) {
          names.set(stack.getLogicalId(api.scopedUserPool.machineClient(name).node.defaultChild as cognito.CfnUserPoolClient), name);
        }
        const beforeSynth = api.accessMatrix();

        const assembly = app.synth();
        const artifact = assembly.getStackByName('Model');
        const template = artifact.template;
        const resources: Resources = template.Resources;
        const jwt = jwtConfigurationOf(template);
        const accepted = clientsOf(resources).filter((client) => config.kind === 'REST' || jwt!.audience.some((a: any) => a.Ref === client.id));

        // Who can call each route, from the template: the construct's routes (those added beside it are not in the matrix).
        const tokensOf = async (groups: string[]) => (await userTokens(template, assembly.directory, accepted, groups)).map((token) => token.scopes);
        const groups = Object.keys(config.groupScopes).sort();
        const groupTokens = await Promise.all(groups.map(async (group) => ({ group, tokens: await tokensOf([group]) })));
        const noGroupTokens = await tokensOf([]);
        const everyScope = scopesOfTemplate(template);
        const machines = accepted.filter((client) => client.clientCredentials);
        const expected = routesOf(template, new Set(raws.map((raw) => raw.logicalId))).map((route) => {
          const open = route.authorizationType === 'NONE';
          const passes = (scopes: string[]) => open || scopes.some((scope) => route.scopes.includes(scope));
          return {
            route: route.route,
            groups: groupTokens.filter(({ tokens }) => tokens.some(passes)).map(({ group }) => group),
            signedInWithoutGroup: noGroupTokens.some(passes),
            machineClients: machines.filter((client) => passes(machineToken(client, everyScope).scopes)).map((client) => names.get(client.id)!)
              .sort(),
          };
        });
        const matrix = api.accessMatrix();
        expect(principalColumns(matrix)).toEqual(expected);
        expect(beforeSynth).toEqual(matrix);
        for (const row of matrix.filter((r) => !r.isPublic)) expect(row.signedInWithoutGroup).toBe(false);

        // The warnings: each accepted client the test declared whose settings the template leaves to deploy time, by its
        // resource's path; (REST) each whose pool ID is not the pool's Ref; each open route added beside the API.
        const byId = new Map(declared.map((client) => [client.logicalId, client]));
        const poolId = stack.getLogicalId(api.userPool.node.defaultChild as cognito.CfnUserPool);
        const ours = accepted.filter((client) => byId.has(client.id));
        const messages = artifact.messages.map((m) => ({ level: m.level, entry: m.entry }));
        expect(warningsOf(messages, 'clientSettingsUnknown').map((w) => w.split(' known only at deploy time')[0])).toEqual(
          ours.filter((c) => c.deployTimeSettings.length > 0)
            .map((c) => `${byId.get(c.id)!.resourcePath}: its ${c.deployTimeSettings.join(', ')} ${c.deployTimeSettings.length === 1 ? 'is' : 'are'}`)
            .sort(),
        );
        expect(warningsOf(messages, 'untracedClient').map((w) => w.split(':')[0])).toEqual(
          config.kind === 'REST' ? ours.filter((c) => resources[c.id].Properties.UserPoolId?.Ref !== poolId).map((c) => byId.get(c.id)!.resourcePath).sort() : [],
        );
        expect(warningsOf(messages, 'otherOpenRoute').map((w) => w.split(': a route')[0])).toEqual(
          raws.filter((raw) => resourceAuthorization(resources[raw.logicalId]) === 'NONE').map((raw) => raw.warned).sort(),
        );
        // The test's own account of what it added agrees with the template.
        expect(raws.map((raw) => raw.open)).toEqual(raws.map((raw) => resourceAuthorization(resources[raw.logicalId]) === 'NONE'));
      }),
      { numRuns: RUNS },
    );
  }, Math.max(120_000, RUNS * 3_000));
});

/** A method's or route's authorization type as the template holds it; CloudFormation's default is none. */
function resourceAuthorization(resource: { Properties?: any }): string {
  return resource.Properties?.AuthorizationType ?? 'NONE';
}
