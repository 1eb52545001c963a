import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { accessFromTemplate, routesOf } from './template-oracle';
import { STRICT_CONTEXT } from './util';
import { ScopedCognitoApi, ScopedCognitoHttpApi, ScopedRoutesProps } from '../src';
import { renderAccessMatrix } from '../src/private/matrix/access-matrix';

const SCOPES = ['api/read', 'api/write', 'ops/deploy', 'audit/read'];
const ROUTES = ['GET /orders', 'POST /orders', 'GET /orders/{id}', 'DELETE /orders/{id}', 'GET /audit', 'ANY /ops/{proxy+}'];

const scopeSet = fc.uniqueArray(fc.constantFrom(...SCOPES), { minLength: 1, maxLength: 3 });
/** Random maps that pass validation: every route scope is held by some group or client. */
const maps: fc.Arbitrary<ScopedRoutesProps & { kind: 'REST' | 'HTTP' }> = fc
  .record({
    kind: fc.constantFrom('REST' as const, 'HTTP' as const),
    groupScopes: fc.dictionary(fc.constantFrom('Admin', 'ReadOnly', 'Ops', 'Auditors'), scopeSet, { minKeys: 1 }),
    clients: fc.uniqueArray(fc.record({ name: fc.constantFrom('billing', 'reporting', 'deployer'), scopes: scopeSet }), {
      selector: (c) => c.name,
      maxLength: 2,
    }),
    routes: fc.uniqueArray(fc.tuple(fc.constantFrom(...ROUTES), fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), fc.boolean()), {
      selector: ([route]) => route,
      minLength: 1,
    }),
  })
  .map(({ kind, groupScopes, clients, routes }) => {
    const held = [...new Set([...Object.values(groupScopes).flat(), ...clients.flatMap((c) => c.scopes)])].sort();
    const scoped = routes.filter(([, , isPublic], i) => i === 0 || !isPublic);
    return {
      kind,
      groupScopes,
      machineClients: clients,
      routeScopes: Object.fromEntries(scoped.map(([route, picks]) => [route, [...new Set(picks.map((n) => held[n % held.length]))]])),
      publicRoutes: routes.filter(([, , isPublic], i) => i > 0 && isPublic).map(([route]) => route),
    };
  });

describe('the access matrix', () => {
  test('agrees with the synthesized template for any maps, on both API kinds, and every guarded route requires a scope', () => {
    fc.assert(
      fc.property(maps, ({ kind, ...props }) => {
        const outdir = mkdtempSync(join(tmpdir(), 'matrix-'));
        const app = new App({ outdir, context: STRICT_CONTEXT });
        const stack = new Stack(app, 'Matrix');
        const api = kind === 'REST' ? new ScopedCognitoApi(stack, 'Api', props) : new ScopedCognitoHttpApi(stack, 'Api', props);
        const assembly = app.synth();
        const template = assembly.getStackByName('Matrix').template;
        const matrix = api.accessMatrix().map(({ route, groups, machineClients }) => ({ route, groups, machineClients }));
        expect(matrix).toEqual(accessFromTemplate(template, assembly.directory));
        // Every route that takes a token requires a scope: an ID token carries none, so it never passes.
        for (const route of routesOf(template).filter((r) => r.authorizationType !== 'NONE')) {
          expect(route.authorizationType).toBe(kind === 'REST' ? 'COGNITO_USER_POOLS' : 'JWT');
          expect(route.scopes.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  test('renders one column per group, then per machine client, and escapes table pipes', () => {
    const markdown = renderAccessMatrix({
      groups: ['Admin', 'a|b'],
      machineClients: ['billing'],
      routes: [
        { api: 'S/Api', route: 'GET /health', scopes: [], groups: ['Admin', 'a|b'], signedInWithoutGroup: true, machineClients: ['billing'], isPublic: true },
        { api: 'S/Api', route: 'POST /invoices', scopes: ['x/y|z'], groups: [], signedInWithoutGroup: false, machineClients: ['billing'], isPublic: false },
      ],
    });
    expect(markdown).toBe(
      [
        '| route | scopes (any of) | Admin | a\\|b | (no group) | billing (client) |',
        '|---|---|---|---|---|---|',
        '| `GET /health` | (public) | yes | yes | yes | yes |',
        '| `POST /invoices` | `x/y\\|z` | - | - | - | yes |',
        '',
      ].join('\n'),
    );
  });
});
