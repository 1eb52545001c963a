import { execFileSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { keepForLint } from './util';
import { buildExampleApp } from '../example/app';
import { routesOf, shippedScopeMap, triggerVersionOf } from '../example/inspect-template';

describe('the example app (the seed\'s setup)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'example-test-'));
  const { app, stack } = buildExampleApp(outdir);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  keepForLint(template);

  test('Admin may call GET /admin only, ReadOnly GET /readonly only', () => {
    expect(stack.api.accessMatrix()).toEqual([
      { route: 'GET /admin', scopes: ['api/admin'], groups: ['Admin'], isPublic: false },
      { route: 'GET /readonly', scopes: ['api/readonly'], groups: ['ReadOnly'], isPublic: false },
    ]);
  });

  test('the access matrix agrees with the synthesized template and the shipped trigger map', () => {
    const shipped = shippedScopeMap(template, assembly.directory)!;
    const fromTemplate = routesOf(template).map((route) => ({
      route: route.route,
      groups: shipped.groups.filter(([, scopes]) => scopes.some((s) => route.scopes.includes(s))).map(([g]) => g),
    }));
    expect(stack.api.accessMatrix().map(({ route, groups }) => ({ route, groups }))).toEqual(fromTemplate);
    expect(triggerVersionOf(template)).toBe('V2_0');
  });

  test('logical IDs of the pool, groups, client and trigger stay stable (a replaced pool loses its users)', () => {
    const resources = Template.fromJSON(template).toJSON().Resources as Record<string, { Type: string }>;
    const layout = Object.entries(resources)
      // A deployment's ID carries a hash of the API's methods, which is meant to change with them.
      .map(([id, r]) => `${r.Type} ${id.replace(/^(\w+Deployment[0-9A-F]{8})[0-9a-f]{32}$/, '$1<methods hash>')}`)
      .sort();
    expect(layout).toMatchSnapshot();
  });
});

describe('npm run demo', () => {
  test('synthesizes offline and prints the resources, both maps and the matrix', () => {
    const out = execFileSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'example/demo.ts'], {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    });
    expect(out).toContain('Pre Token Generation trigger event version: V2_0');
    expect(out).toMatch(/Admin\s+api\/admin/);
    expect(out).toMatch(/GET \/admin\s+COGNITO_USER_POOLS api\/admin/);
    expect(out).toContain('| `GET /admin` | `api/admin` | yes | - |');
    expect(out).toContain('| `GET /readonly` | `api/readonly` | - | yes |');
  }, 60_000);
});
