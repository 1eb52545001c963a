import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { accessFromTemplate, routesOf, shippedAuthorizerMap, triggerVersionOf } from './template-oracle';
import { keepForLint } from './util';
import { buildExampleApp, REST_EXAMPLE } from '../example/app';
import { LITE_EXAMPLE } from '../example/lite-app';
import { Enforcement } from '../src';

const outdir = mkdtempSync(join(tmpdir(), 'example-test-'));
const { app, stack, httpStack, sharedStack, liteStack } = buildExampleApp(outdir);
const assembly = app.synth();
const templateOf = (name: string) => assembly.getStackByName(name).template;

describe('the example app, REST API (the seed\'s setup and a machine client)', () => {
  const template = templateOf(stack.stackName);
  keepForLint(template);

  test('Admin may call GET /admin only; ReadOnly and the reporting service GET /readonly only', () => {
    expect(stack.api.accessMatrix()).toEqual([
      { api: 'ScopedCognitoApiExample/Api', route: 'GET /admin', scopes: ['api/admin'], groups: ['Admin'], signedInWithoutGroup: false, machineClients: [], isPublic: false },
      { api: 'ScopedCognitoApiExample/Api', route: 'GET /readonly', scopes: ['api/readonly'], groups: ['ReadOnly'], signedInWithoutGroup: false, machineClients: ['reporting'], isPublic: false },
    ]);
  });

  test('the access matrix agrees with the template, the shipped trigger map and the clients\' scopes', () => {
    const matrix = stack.api.accessMatrix().map(({ route, groups, machineClients }) => ({ route, groups, machineClients }));
    expect(matrix).toEqual(accessFromTemplate(template, assembly.directory));
    expect(triggerVersionOf(template)).toBe('V3_0');
  });

  test('logical IDs stay stable (a replaced pool loses its users, a replaced client its callers)', () => {
    expect(logicalIdLayout(template)).toMatchSnapshot();
  });
});

describe('the example app, HTTP API', () => {
  const template = templateOf(httpStack.stackName);
  keepForLint(template);

  test('readers read, Admins write, billing reads and invoices, anyone checks health', () => {
    const who = Object.fromEntries(httpStack.api.accessMatrix().map((row) => [row.route, [...row.groups, ...row.machineClients]]));
    expect(who).toEqual({
      'GET /health': ['Admin', 'ReadOnly', 'billing'],
      'POST /invoices': ['billing'],
      'GET /orders': ['Admin', 'ReadOnly', 'billing'],
      'POST /orders': ['Admin'],
      'DELETE /orders/{id}': ['Admin'],
      'GET /orders/{id}': ['Admin', 'ReadOnly', 'billing'],
    });
  });

  test('the access matrix agrees with the template, the shipped trigger map and the clients\' scopes', () => {
    const matrix = httpStack.api.accessMatrix().map(({ route, groups, machineClients }) => ({ route, groups, machineClients }));
    expect(matrix).toEqual(accessFromTemplate(template, assembly.directory));
    expect(triggerVersionOf(template)).toBe('V2_0');
  });

  test('logical IDs stay stable', () => {
    expect(logicalIdLayout(template)).toMatchSnapshot();
  });
});

describe('the example app, a third stack with an HTTP API on the REST stack\'s pool', () => {
  const template = templateOf(sharedStack.stackName);
  keepForLint(template);

  test('it has no pool of its own: it trusts the REST stack\'s pool and clients, and depends on that stack', () => {
    const types = Object.values<any>(template.Resources).map((r) => r.Type);
    expect(types.filter((type) => type.startsWith('AWS::Cognito::'))).toEqual([]);
    expect(sharedStack.dependencies.map((s) => s.stackName)).toEqual([stack.stackName]);
    expect(stack.dependencies).toEqual([]);
    const authorizer = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration)).toContain('Fn::ImportValue');
  });

  test('read-only users and the reporting service list reports, Admins also delete; the pool\'s matrix covers both APIs', () => {
    expect(sharedStack.api.accessMatrix().map((row) => [row.route, row.groups, row.signedInWithoutGroup, row.machineClients])).toEqual([
      ['GET /reports', ['Admin', 'ReadOnly'], false, ['reporting']],
      ['DELETE /reports/{id}', ['Admin'], false, []],
    ]);
    expect([...new Set(stack.api.scopedUserPool.accessMatrix().map((row) => row.api))]).toEqual([
      'ScopedCognitoApiExample/Api',
      'ScopedCognitoSharedPoolExample/Api',
    ]);
  });

  test('logical IDs stay stable', () => {
    expect(logicalIdLayout(template)).toMatchSnapshot();
  });
});

describe('the example app, a fourth stack: the REST API\'s maps on the Lite plan, enforced by a generated Lambda authorizer', () => {
  const template = templateOf(liteStack.stackName);
  keepForLint(template);
  const resources = Object.values<any>(template.Resources);
  /** A matrix without the API's path, which names its stack: what two APIs with the same maps share. */
  const unnamed = (rows: ReturnType<typeof stack.api.accessMatrix>) => rows.map(({ api: _api, ...row }) => row);

  test('it has the REST example\'s groups, routes, sign-in flows and machine client (its scopes; claims need a trigger)', () => {
    expect(LITE_EXAMPLE.enforcement).toBe(Enforcement.LAMBDA_AUTHORIZER);
    expect(LITE_EXAMPLE.groupScopes).toEqual(REST_EXAMPLE.groupScopes);
    expect(LITE_EXAMPLE.routeScopes).toEqual(REST_EXAMPLE.routeScopes);
    expect(LITE_EXAMPLE.authFlows).toEqual(REST_EXAMPLE.authFlows);
    const clients = (props: typeof REST_EXAMPLE) => props.machineClients?.map(({ name, scopes }) => ({ name, scopes }));
    expect(clients(LITE_EXAMPLE)).toEqual(clients(REST_EXAMPLE));
    expect(LITE_EXAMPLE.machineClients?.every((client) => client.claims === undefined)).toBe(true);
  });

  test('its pool is on Lite and runs no trigger', () => {
    const pools = resources.filter((r) => r.Type === 'AWS::Cognito::UserPool');
    expect(pools.map((pool) => pool.Properties.UserPoolTier)).toEqual(['LITE']);
    expect(pools[0].Properties.LambdaConfig).toBeUndefined();
    expect(triggerVersionOf(template)).toBeUndefined();
    expect(liteStack.api.triggerFunction).toBeUndefined();
    expect(liteStack.api.scopedUserPool.enforcement).toBe(Enforcement.LAMBDA_AUTHORIZER);
    // The one function is the authorizer.
    expect(resources.filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
    expect(liteStack.api.authorizerFunction).toBeDefined();
  });

  test('every scoped route uses the one generated REQUEST authorizer (CUSTOM), which ships the routes\' scopes in its map', () => {
    const authorizers = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::ApiGateway::Authorizer');
    expect(authorizers.map(([, r]) => r.Properties.Type)).toEqual(['REQUEST']);
    const methods = resources.filter((r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties.HttpMethod !== 'OPTIONS');
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties.AuthorizationType).toBe('CUSTOM');
      expect(method.Properties.AuthorizerId).toEqual({ Ref: authorizers[0][0] });
    }
    expect(routesOf(template).map(({ route, authorizationType }) => `${route} ${authorizationType}`)).toEqual(['GET /admin CUSTOM', 'GET /readonly CUSTOM']);
    expect(shippedAuthorizerMap(template, assembly.directory)?.routes).toEqual([['GET /admin', ['api/admin']], ['GET /readonly', ['api/readonly']]]);
  });

  test('who can call what is the REST example\'s, for the same maps', () => {
    expect(unnamed(liteStack.api.accessMatrix())).toEqual(unnamed(stack.api.accessMatrix()));
    expect(liteStack.api.accessMatrixMarkdown()).toBe(stack.api.accessMatrixMarkdown());
  });

  test('the access matrix agrees with the template, the authorizer\'s shipped map and the clients\' scopes', () => {
    const matrix = liteStack.api.accessMatrix().map(({ route, groups, machineClients }) => ({ route, groups, machineClients }));
    expect(matrix).toEqual(accessFromTemplate(template, assembly.directory));
  });

  test('logical IDs stay stable', () => {
    expect(logicalIdLayout(template)).toMatchSnapshot();
  });
});

describe('the access matrix files next to the cloud assembly', () => {
  test.each([
    ['REST', () => stack.api],
    ['HTTP', () => httpStack.api],
    ['HTTP on a shared pool', () => sharedStack.api],
    ['REST on Lite', () => liteStack.api],
  ])('%s: the JSON holds accessMatrix(), the Markdown accessMatrixMarkdown()', (_kind, apiOf) => {
    const api = apiOf();
    const [json, markdown] = api.accessMatrixFiles;
    expect(JSON.parse(readFileSync(join(assembly.directory, json), 'utf8')).routes).toEqual(api.accessMatrix());
    expect(readFileSync(join(assembly.directory, markdown), 'utf8')).toBe(api.accessMatrixMarkdown());
  });
});

/** Each resource's type and logical ID, sorted. */
function logicalIdLayout(template: object): string[] {
  const resources = Template.fromJSON(template).toJSON().Resources as Record<string, { Type: string }>;
  return (
    Object.entries(resources)
      // A deployment's ID carries a hash of the API's methods, which is meant to change with them.
      .map(([id, r]) => `${r.Type} ${id.replace(/^(\w+Deployment[0-9A-F]{8})[0-9a-f]{32}$/, '$1<methods hash>')}`)
      .sort()
  );
}

describe('npm run demo', () => {
  test('synthesizes the four stacks offline and prints the resources, the maps and the matrices', () => {
    const out = execFileSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'example/demo.ts'], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    });
    expect(out).toContain('Pre Token Generation trigger event version: V3_0');
    expect(out).toMatch(/Admin\s+api\/admin/);
    expect(out).toMatch(/reporting\s+api\/readonly; claims: team=finance/);
    expect(out).toMatch(/GET \/admin\s+COGNITO_USER_POOLS api\/admin/);
    expect(out).toContain('| `GET /admin` | `api/admin` | yes | - | - | - |');
    expect(out).toContain('| `GET /readonly` | `api/readonly` | - | yes | - | yes |');
    expect(out).toMatch(/POST \/invoices\s+JWT\s+invoices\/write/);
    expect(out).toContain('| `POST /invoices` | `invoices/write` | - | - | - | yes |');
    expect(out).not.toContain('MISSING');
    expect(out).toContain('The user pool of stack ScopedCognitoApiExample, shared (scopedUserPool)');
    expect(out).toContain('| `DELETE /reports/{id}` | `api/admin` | yes | - | - | - |');
    // The Lite stack: the REST API's matrix, enforced by the generated authorizer.
    const lite = out.slice(out.indexOf('stack ScopedCognitoLiteApiExample'));
    expect(lite).toContain('Feature plan: LITE');
    expect(lite).toContain('Pre Token Generation trigger event version: none');
    expect(lite).toContain('Enforced by a generated Lambda authorizer on the Lite plan (Enforcement.LAMBDA_AUTHORIZER), with no trigger');
    expect(lite).toMatch(/Group -> scopes \(shipped with the authorizer\)\n-+\n {2}Admin\s+api\/admin\n/);
    expect(lite).toMatch(/reporting\s+api\/readonly\n/);
    expect(lite).toMatch(/GET \/admin\s+CUSTOM\s+api\/admin \(the authorizer's map\)/);
    expect(lite).toContain('| `GET /readonly` | `api/readonly` | - | yes | - | yes |');
    expect(lite).toContain('reviewed: the same as the committed example/reviewed-access/lite-api.txt');
    expect(out.match(/written: .*access-matrix\.(json|md)/g)).toHaveLength(8);
  }, 60_000);
});
