/**
 * The access matrix tells the truth about the tokens Cognito issues. For random configurations
 * (REST and HTTP, OAuth on and off, machine clients, other clients of the pool, misconfigured
 * ones included), the construct's matrix must equal what an independent model finds from the
 * synthesized artifacts alone: each client's flows and allowed scopes in the template, what a
 * caller can request with them, the shipped trigger bundle run on that request with the map it
 * was shipped with, Cognito's rule for what it then issues, and the routes' scopes in the template.
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as fc from 'fast-check';
import { cognitoProvidersOf, jwtConfigurationOf, routesOf } from './template-oracle';
import { clientsOf, userTokens } from './token-oracle';
import { principalColumns, STRICT_CONTEXT } from './util';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';

const MANAGED = ['api/read', 'api/write', 'ops/deploy'];
const scopeSet = fc.uniqueArray(fc.constantFrom(...MANAGED), { minLength: 1, maxLength: 3 });
/** What another client of the pool may list: managed scopes (a misconfiguration), others and OpenID ones. */
const anyScopes = fc.uniqueArray(fc.constantFrom(...MANAGED, 'api/undeclared', 'other/read', 'openid', 'profile'), { maxLength: 4 });
const ROUTES = ['GET /orders', 'POST /orders', 'GET /ops', 'GET /health'];

const configs = fc.record({
  kind: fc.constantFrom('REST' as const, 'HTTP' as const),
  groupScopes: fc.dictionary(fc.constantFrom('Admin', 'ReadOnly', 'Ops'), scopeSet, { minKeys: 1 }),
  machineClients: fc.uniqueArray(fc.record({ name: fc.constantFrom('billing', 'reporting'), scopes: scopeSet }), { selector: (c) => c.name, maxLength: 2 }),
  oAuth: fc.boolean(),
  // Clients made by the caller on the pool, before the API (an existing pool) or after it.
  extraUserClient: fc.option(fc.record({ scopes: anyScopes, flow: fc.constantFrom('code', 'implicit', 'sdk'), before: fc.boolean(), listed: fc.boolean() })),
  extraMachineClient: fc.option(fc.record({ scopes: scopeSet, before: fc.boolean(), listed: fc.boolean() })),
  routes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ROUTES), fc.nat()), { selector: ([route]) => route, minLength: 1 }),
  // More than 100 routes: the API is defined by its OpenAPI document.
  manyRoutes: fc.boolean(),
});

type Resources = Record<string, { Type: string; Properties?: any }>;

describe('the access matrix models the tokens Cognito issues', () => {
  test('equals the model run on the template and the shipped trigger, and a user in no group reaches no scoped route', async () => {
    await fc.assert(
      fc.asyncProperty(configs, async (config) => {
        const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'model-')), context: STRICT_CONTEXT });
        const stack = new Stack(app, 'Model');
        const held = [...new Set([...Object.values(config.groupScopes).flat(), ...config.machineClients.flatMap((c) => c.scopes)])].sort();
        const routeScopes = Object.fromEntries(config.routes.filter(([r]) => r !== 'GET /health').map(([route, n]) => [route, [held[n % held.length]]]));
        if (Object.keys(routeScopes).length === 0) routeScopes['GET /orders'] = [held[0]];
        if (config.manyRoutes) for (let i = 0; i < 101; i++) routeScopes[`GET /more/r${i}`] = [held[i % held.length]];
        const needsPool = config.extraUserClient?.before || config.extraMachineClient?.before;
        const userPool = needsPool ? new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS }) : undefined;
        const names = new Map<string, string>();
        const extraClients: cognito.UserPoolClient[] = [];
        const addExtras = (pool: cognito.UserPool, before: boolean) => {
          const user = config.extraUserClient;
          if (user && user.before === before) {
            const client = pool.addClient('ExtraWeb', {
              ...(user.flow === 'sdk'
                ? { disableOAuth: true }
                : {
                  oAuth: {
                    flows: user.flow === 'code' ? { authorizationCodeGrant: true } : { implicitCodeGrant: true },
                    scopes: user.scopes.map((s) => cognito.OAuthScope.custom(s)),
                    callbackUrls: ['https://app.example.com/cb'],
                  },
                }),
            });
            if (user.listed) extraClients.push(client);
          }
          const machine = config.extraMachineClient;
          if (machine && machine.before === before) {
            const client = pool.addClient('ExtraJob', {
              generateSecret: true,
              oAuth: { flows: { clientCredentials: true }, scopes: machine.scopes.map((s) => cognito.OAuthScope.custom(s)) },
            });
            names.set(stack.getLogicalId(client.node.defaultChild as cognito.CfnUserPoolClient), client.node.path);
            if (machine.listed) extraClients.push(client);
          }
        };
        if (userPool) addExtras(userPool, true);
        const props = {
          groupScopes: config.groupScopes,
          machineClients: config.machineClients,
          routeScopes,
          publicRoutes: config.routes.some(([r]) => r === 'GET /health') ? ['GET /health'] : [],
          userPool,
          ...(config.oAuth ? { oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/cb'] } } : {}),
        };
        const api = config.kind === 'REST'
          ? new ScopedCognitoApi(stack, 'Api', props)
          : new ScopedCognitoHttpApi(stack, 'Api', { ...props, additionalClients: extraClients });
        addExtras(api.userPool, false);
        for (const { name } of config.machineClients) {
          names.set(stack.getLogicalId(api.scopedUserPool.machineClient(name).node.defaultChild as cognito.CfnUserPoolClient), name);
        }

        const assembly = app.synth();
        const template = assembly.getStackByName('Model').template;
        const resources: Resources = template.Resources;
        expect(api.definedByOpenApi).toBe(config.manyRoutes);
        // Whichever the form, the authorizer trusts the construct's pool: its ARN (REST), its issuer URL (HTTP).
        const poolId = stack.getLogicalId(api.userPool.node.defaultChild as cognito.CfnUserPool);
        const jwt = jwtConfigurationOf(template);
        if (config.kind === 'REST') {
          expect(cognitoProvidersOf(template)).toEqual([{ 'Fn::GetAtt': [poolId, 'Arn'] }]);
        } else {
          expect(jwt!.issuer).toEqual({ 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }]] });
        }
        const accepted = clientsOf(resources).filter((client) => config.kind === 'REST' || jwt!.audience.some((a: any) => a.Ref === client.id));

        // The most a user in `groups` can get: through each accepted user client, every scope it allows (or an SDK sign-in).
        const tokensOf = async (groups: string[]) => (await userTokens(template, assembly.directory, accepted, groups)).map((token) => token.scopes);
        const groups = Object.keys(config.groupScopes).sort();
        const groupTokens = await Promise.all(groups.map(async (group) => ({ group, tokens: await tokensOf([group]) })));
        const noGroupTokens = await tokensOf([]);
        const machines = accepted.filter((client) => client.clientCredentials);

        const expected = routesOf(template).map((route) => {
          const open = route.authorizationType === 'NONE';
          const passes = (scopes: string[]) => open || scopes.some((scope) => route.scopes.includes(scope));
          return {
            route: route.route,
            groups: groupTokens.filter(({ tokens }) => tokens.some(passes)).map(({ group }) => group),
            signedInWithoutGroup: noGroupTokens.some(passes),
            machineClients: machines.filter((client) => passes(client.scopes)).map((client) => names.get(client.id)!).sort(),
          };
        });
        const matrix = api.accessMatrix();
        expect(principalColumns(matrix)).toEqual(expected);
        for (const row of matrix.filter((r) => !r.isPublic)) expect(row.signedInWithoutGroup).toBe(false);
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
