/**
 * One user pool, many APIs: a `ScopedUserPool` in a stack of its own, and a REST and an HTTP API,
 * each in its own stack, attached to it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { problemsOf, SEED, STRICT_CONTEXT } from './util';
import { ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { POOL_SETTINGS } from '../src/private/rules/api-rules';
import * as userPoolRules from '../src/private/rules/user-pool-rules';

function sharedApp() {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'shared-')), context: STRICT_CONTEXT });
  const pool = new ScopedUserPool(new Stack(app, 'Users'), 'Users', {
    groupScopes: { Admin: ['api/admin', 'reports/read'], ReadOnly: ['api/readonly'], Analysts: ['reports/read'] },
    machineClients: [{ name: 'billing', scopes: ['reports/read'] }],
    writeAccessMatrix: true,
  });
  const orders = new ScopedCognitoApi(new Stack(app, 'Orders'), 'Api', { scopedUserPool: pool, routeScopes: SEED.routeScopes });
  const reports = new ScopedCognitoHttpApi(new Stack(app, 'Reports'), 'Api', {
    scopedUserPool: pool,
    routeScopes: { 'GET /reports': ['reports/read'] },
  });
  return { app, pool, orders, reports };
}

describe('one pool, several APIs in other stacks', () => {
  test('one user pool and one trigger in the whole app; the API stacks depend on the pool\'s, never the other way round', () => {
    const { app, pool, orders, reports } = sharedApp();
    const assembly = app.synth();
    const count = (type: string) =>
      assembly.stacks.map((s) => Object.values<any>(s.template.Resources).filter((r) => r.Type === type).length).reduce((a, b) => a + b, 0);
    expect(count('AWS::Cognito::UserPool')).toBe(1);
    expect(count('AWS::Lambda::Function')).toBe(2); // the trigger, and the HTTP API's placeholder
    expect(assembly.getStackByName('Users').template.Resources).toBeDefined();
    expect(Object.values<any>(assembly.getStackByName('Users').template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
    expect(Stack.of(orders).dependencies.map((s) => s.stackName)).toEqual(['Users']);
    expect(Stack.of(reports).dependencies.map((s) => s.stackName)).toEqual(['Users']);
    expect(Stack.of(pool).dependencies).toEqual([]);
    expect(orders.userPool).toBe(pool.userPool);
    expect(reports.scopedUserPool).toBe(pool);
  });

  test('the pool\'s matrix covers every API on it, and writes one file; each API keeps its own', () => {
    const { app, pool, orders, reports } = sharedApp();
    expect(pool.accessMatrix().map((row) => [row.api, row.route, row.groups, row.machineClients])).toEqual([
      ['Orders/Api', 'GET /admin', ['Admin'], []],
      ['Orders/Api', 'GET /readonly', ['ReadOnly'], []],
      ['Reports/Api', 'GET /reports', ['Admin', 'Analysts'], ['billing']],
    ]);
    expect(orders.accessMatrix().map((row) => row.route)).toEqual(['GET /admin', 'GET /readonly']);
    expect(reports.accessMatrix().map((row) => row.route)).toEqual(['GET /reports']);
    expect(pool.accessMatrixMarkdown()).toContain('### Orders/Api\n\n| route |');
    expect(pool.accessMatrixMarkdown()).toContain('### Reports/Api\n\n| route |');
    const outdir = app.synth().directory;
    expect(pool.accessMatrixFiles).toEqual([expect.stringMatching(/^Users[0-9A-F]{8}\.access-matrix\.json$/), expect.stringMatching(/\.md$/)]);
    const written = JSON.parse(readFileSync(join(outdir, pool.accessMatrixFiles[0]), 'utf8'));
    expect(written.routes).toEqual(JSON.parse(JSON.stringify(pool.accessMatrix())));
    expect(existsSync(join(outdir, pool.accessMatrixFiles[1]))).toBe(true);
  });

  test('a group that reaches a route of any API on the pool is not warned about; one that reaches none is', () => {
    const { app } = sharedApp();
    const warnings = app.synth().stacks.flatMap((s) => s.messages).filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    expect(warnings.filter((w) => w.includes('reaches no route'))).toEqual([]);
    const lonely = new App();
    const pool = new ScopedUserPool(new Stack(lonely, 'Users'), 'Users', { groupScopes: { Admin: ['api/admin'], Idle: ['api/idle'] } });
    new ScopedCognitoApi(new Stack(lonely, 'Orders'), 'Api', { scopedUserPool: pool, routeScopes: { 'GET /admin': ['api/admin'] } });
    const idle = lonely.synth().stacks.flatMap((s) => s.messages).map((m) => String(m.entry.data)).filter((w) => w.includes('reaches no route'));
    expect(idle).toEqual([expect.stringMatching(/^groupScopes\['Idle'\]: the group reaches no route/)]);
  });

  test('routes are checked against the scopes the shared pool grants, in one error', () => {
    const { pool } = sharedApp();
    const stack = new Stack(pool.node.root as App, 'More');
    expect(problemsOf(() => new ScopedCognitoApi(stack, 'Api', { scopedUserPool: pool, routeScopes: { 'GET /x': ['api/admn'], 'FETCH /y': ['api/admin'] } }))).toEqual([
      "routeScopes['FETCH /y']: unknown HTTP method 'FETCH' (use one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)",
      "routeScopes['GET /x']: scope 'api/admn' is granted to no group or machine client (known: api/admin, api/readonly, reports/read)",
    ]);
  });

  test('scopedUserPool with a setting of the pool is refused, naming each', () => {
    const { pool } = sharedApp();
    const stack = new Stack(pool.node.root as App, 'More');
    expect(problemsOf(() => new ScopedCognitoHttpApi(stack, 'Api', {
      scopedUserPool: pool,
      groupScopes: { Admin: ['api/admin'] },
      featurePlan: cognito.FeaturePlan.PLUS,
      machineClients: [],
      routeScopes: { 'GET /admin': ['api/admin'] },
    }))).toEqual([
      'scopedUserPool and groupScopes, featurePlan, machineClients: the API is attached to an existing pool, which is set up already; ' +
        'set them on the ScopedUserPool instead',
    ]);
  });

  test('without scopedUserPool, groupScopes is required', () => {
    expect(problemsOf(() => new ScopedCognitoApi(new Stack(new App(), 'S'), 'Api', { routeScopes: { 'GET /admin': ['api/admin'] } }))).toEqual([
      'groupScopes: map groups to the scopes they grant, or pass scopedUserPool to attach the API to an existing pool',
      "routeScopes['GET /admin']: scope 'api/admin' is granted to no group or machine client (known: none)",
    ]);
  });

  test('another API given the first one\'s userPool is told to pass scopedUserPool, not to remove the trigger', () => {
    const app = new App();
    const first = new ScopedCognitoApi(new Stack(app, 'Orders'), 'Api', SEED);
    expect(problemsOf(() => new ScopedCognitoHttpApi(new Stack(app, 'Reports'), 'Api', { ...SEED, userPool: first.userPool }))).toEqual([
      "userPool: it is the pool of the ScopedUserPool 'Orders/Api/Cognito', which has its trigger already; " +
        'to put another API on it, pass that ScopedUserPool as scopedUserPool instead',
    ]);
  });

  test('a REST API on the pool accepts the clients an HTTP API on it imports by ID: the pool\'s matrix says so', () => {
    const { app, pool, orders } = sharedApp();
    const imported = cognito.UserPoolClient.fromUserPoolClientId(new Stack(app, 'Partners'), 'Partner', 'partner-client-id');
    new ScopedCognitoHttpApi(new Stack(app, 'Partner'), 'Api', { scopedUserPool: pool, routeScopes: { 'GET /partner': ['reports/read'] }, additionalClients: [imported] });
    expect(orders.accessMatrix().map((row) => [row.route, row.machineClients])).toEqual([
      ['GET /admin', ['Partners/Partner (client ID partner-client-id)']],
      ['GET /readonly', ['Partners/Partner (client ID partner-client-id)']],
    ]);
  });

  test('an API that builds its own pool checks the pool\'s props once, not again in the pool', () => {
    const spy = jest.spyOn(userPoolRules, 'checkUserPoolProps');
    new ScopedCognitoApi(new Stack(new App(), 'Once'), 'Api', SEED);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockClear();
    new ScopedUserPool(new Stack(new App(), 'Alone'), 'Users', { groupScopes: SEED.groupScopes! });
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  test('the renamed scope lists keep their old names, deprecated', () => {
    const { pool } = sharedApp();
    expect(pool.grantedScopes()).toEqual(pool.scopesOfGroups());
    expect(pool.grantableScopes()).toEqual(pool.scopesRoutesMayRequire());
    expect(pool.scopesOfGroups()).toEqual(['api/admin', 'api/readonly', 'reports/read']);
  });

  test('every setting of the pool an API takes is refused with scopedUserPool: the list is the jsii assembly\'s', () => {
    const assembly = JSON.parse(readFileSync(join(__dirname, '..', '.jsii'), 'utf8'));
    const options = assembly.types['cdk-scoped-cognito-api.ScopedUserPoolOptions'];
    expect(options.properties.map((p: { name: string }) => p.name).sort()).toEqual([...POOL_SETTINGS].sort());
  });
});
