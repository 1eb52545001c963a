/**
 * Access under review: a committed file states who can call what; synth fails on any difference,
 * listing each change in words, until the change is accepted with the context key.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as fc from 'fast-check';
import { STRICT_CONTEXT } from './util';
import { ScopedCognitoApi, ScopedCognitoApiProps, ScopedCognitoHttpApi, ScopedUserPool } from '../src';
import { accessChanges, parseReviewedAccess, renderReviewedAccess, reviewedAccessOf } from '../src/private/matrix/reviewed-access';

const ACCEPT = { 'cdk-scoped-cognito-api:acceptAccess': 'true' };

const BASE: ScopedCognitoApiProps = {
  groupScopes: { Admin: ['orders/read', 'orders/write'], ReadOnly: ['orders/read'] },
  machineClients: [{ name: 'billing', scopes: ['orders/read'] }],
  routeScopes: { 'GET /orders': ['orders/read'], 'DELETE /orders/{id}': ['orders/write'], 'GET /legacy': ['orders/write'] },
  publicRoutes: ['GET /health'],
};

/** Synthesizes the app with `props` against `file`; the error text, or undefined when synth passes. */
function synth(file: string, props: ScopedCognitoApiProps, context: object = {}, ci?: string): { error?: string; stack: Stack } {
  const app = new App({ context: { ...STRICT_CONTEXT, ...context } });
  const stack = new Stack(app, 'Orders');
  new ScopedCognitoApi(stack, 'Api', { ...props, reviewedAccess: file });
  const saved = process.env.CI;
  if (ci !== undefined) process.env.CI = ci;
  try {
    app.synth();
    return { stack };
  } catch (error) {
    return { error: (error as Error).message, stack };
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}

const newFile = () => join(mkdtempSync(join(tmpdir(), 'reviewed-')), 'access', 'orders.txt');

/** The file accepted for `props`. */
function accepted(props: ScopedCognitoApiProps): string {
  const file = newFile();
  expect(synth(file, props, ACCEPT).error).toBeUndefined();
  return file;
}

/** The change lines of a failed synth. */
function changesOf(error: string | undefined): string[] {
  expect(error).toMatch(/reviewedAccess: who can call what differs from .*; if each change is intended, accept them with cdk synth -c cdk-scoped-cognito-api:acceptAccess=true/);
  return error!.split('\n').map((line) => line.trim()).filter((line) => /^[+~-] /.test(line));
}

describe('reviewedAccess', () => {
  // Accepting is refused where CI is set, as this suite's own CI sets it: the tests run as on a developer's machine.
  const ci = process.env.CI;
  beforeAll(() => delete process.env.CI);
  afterAll(() => {
    if (ci !== undefined) process.env.CI = ci;
  });

  test('a missing file fails synth, naming the prop, the path and how to create it', () => {
    const file = newFile();
    const { error } = synth(file, BASE);
    expect(error).toContain(`reviewedAccess: ${file} does not exist`);
    expect(error).toContain('create it from the current access matrix with cdk synth -c cdk-scoped-cognito-api:acceptAccess=true, review it and commit it');
    expect(existsSync(file)).toBe(false);
  });

  test('accepting writes a readable file, sorted, one grant per line, that then passes; unchanged maps pass', () => {
    const file = newFile();
    const first = synth(file, BASE, ACCEPT);
    expect(first.error).toBeUndefined();
    Annotations.fromStack(first.stack).hasWarning('/Orders/Api', Match.stringLikeRegexp(`reviewedAccess: ${file} created`));
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter((line) => line !== '' && !line.startsWith('#'))).toEqual([
      'api Orders/Api',
      '  GET /health public',
      '  GET /legacy needs one of orders/write',
      '  GET /legacy group Admin',
      '  GET /orders needs one of orders/read',
      '  GET /orders client billing',
      '  GET /orders group Admin',
      '  GET /orders group ReadOnly',
      '  DELETE /orders/{id} needs one of orders/write',
      '  DELETE /orders/{id} group Admin',
    ]);
    expect(synth(file, BASE).error).toBeUndefined();
    // Accepting what is already there leaves the file as it is, with no warning.
    const again = synth(file, BASE, ACCEPT);
    Annotations.fromStack(again.stack).hasNoWarning('/Orders/Api', Match.stringLikeRegexp('reviewedAccess'));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test.each([
    ['a widened group', { ...BASE, groupScopes: { ...BASE.groupScopes, ReadOnly: ['orders/read', 'orders/write'] } },
      ['+ ReadOnly can now call GET /legacy (orders/write)', '+ ReadOnly can now call DELETE /orders/{id} (orders/write)']],
    ['a narrowed route', { ...BASE, routeScopes: { ...BASE.routeScopes, 'GET /orders': ['orders/write'] } },
      ['~ GET /orders now needs one of orders/write (was orders/read)', '- billing (client) can no longer call GET /orders', '- ReadOnly can no longer call GET /orders']],
    ['a machine client\'s scope change', { ...BASE, machineClients: [{ name: 'billing', scopes: ['orders/write'] }] },
      ['+ billing (client) can now call GET /legacy (orders/write)', '- billing (client) can no longer call GET /orders',
        '+ billing (client) can now call DELETE /orders/{id} (orders/write)']],
    ['an added route', { ...BASE, routeScopes: { ...BASE.routeScopes, 'POST /refunds': ['orders/write'] } }, ['+ route POST /refunds (Admin)']],
    ['a removed route', { ...BASE, routeScopes: { 'GET /orders': ['orders/read'], 'DELETE /orders/{id}': ['orders/write'] } }, ['- route GET /legacy']],
    ['a new public route', { ...BASE, publicRoutes: ['GET /health', 'GET /status'] }, ['+ public route GET /status']],
    ['a route made public', { ...BASE, routeScopes: { 'GET /orders': ['orders/read'], 'DELETE /orders/{id}': ['orders/write'] }, publicRoutes: ['GET /health', 'GET /legacy'] },
      ['+ GET /legacy is now public']],
  ])('%s fails synth with its message', (_, props, expected) => {
    const file = accepted(BASE);
    expect(changesOf(synth(file, props as ScopedCognitoApiProps).error)).toEqual(expected);
  });

  test('signed-in users in no group gaining a route is named so (the construct keeps them out; a changed model would not)', () => {
    const row = { api: 'S/Api', route: 'GET /orders', scopes: ['orders/read'], groups: ['Admin'], signedInWithoutGroup: false, machineClients: [], isPublic: false };
    const changes = accessChanges(reviewedAccessOf([row]), reviewedAccessOf([{ ...row, signedInWithoutGroup: true }]));
    expect(changes.get('S/Api')).toEqual(['+ signed-in users in no group can now call GET /orders (orders/read)']);
  });

  test('several changes come in one error, grouped under their API, and accepting reports them as a warning', () => {
    const file = accepted(BASE);
    const changed = { ...BASE, routeScopes: { ...BASE.routeScopes, 'POST /refunds': ['orders/write'] }, publicRoutes: ['GET /health', 'GET /status'] };
    const { error } = synth(file, changed);
    expect(error).toContain('  Orders/Api\n    + route POST /refunds (Admin)\n    + public route GET /status');
    const accepting = synth(file, changed, ACCEPT);
    expect(accepting.error).toBeUndefined();
    Annotations.fromStack(accepting.stack).hasWarning('/Orders/Api', Match.stringLikeRegexp('rewritten .*the changes accepted:\\n  Orders/Api\\n    \\+ route POST /refunds'));
    expect(synth(file, changed).error).toBeUndefined();
  });

  test('accepting is refused where CI is set, so a key left in a context file cannot accept in a pipeline', () => {
    const file = newFile();
    expect(synth(file, BASE, ACCEPT, 'true').error).toContain('reviewedAccess: cdk-scoped-cognito-api:acceptAccess is refused where CI is set');
    expect(existsSync(file)).toBe(false);
    expect(synth(file, BASE, ACCEPT, 'false').error).toBeUndefined();
  });

  test('a file that repeats an API, a fact or a route\'s scopes, or says a route is public and guarded, fails: it must say one thing', () => {
    const file = accepted(BASE);
    const text = readFileSync(file, 'utf8');
    for (const [edit, message] of [
      [`${text}\napi Orders/Api\n  GET /legacy public\n`, "'api Orders/Api' comes a second time"],
      [`${text}  GET /orders group Admin\n`, 'says again what an earlier line says'],
      [`${text}  GET /legacy needs one of orders/read\n`, "a second 'needs one of' for GET /legacy"],
      [text.replace('  GET /legacy group Admin\n', '  GET /legacy group Admin\n  GET /legacy public\n'), 'GET /legacy is said to be public and to need scopes'],
    ]) {
      writeFileSync(file, edit);
      expect(synth(file, BASE).error).toContain(message);
    }
  });

  test('with reviewed access, a route added beside the construct is an error, not a warning: the file could not show it', () => {
    const file = accepted(BASE);
    const app = new App({ context: STRICT_CONTEXT });
    const api = new ScopedCognitoApi(new Stack(app, 'Orders'), 'Api', { ...BASE, reviewedAccess: file });
    api.restApi.root.addResource('admin').addMethod('DELETE', new apigateway.MockIntegration());
    expect(() => app.synth()).toThrow(/DELETE \/admin: a route this construct did not add is outside the access matrix, so outside reviewedAccess/);
  });

  test('two owners naming one file are refused: each would overwrite the other', () => {
    const file = newFile();
    const app = new App({ context: STRICT_CONTEXT });
    new ScopedCognitoApi(new Stack(app, 'Beta'), 'Api', { ...BASE, reviewedAccess: file });
    new ScopedCognitoApi(new Stack(app, 'Prod'), 'Api', { ...BASE, reviewedAccess: file });
    expect(() => app.synth()).toThrow(/is named by Beta\/Api and Prod\/Api; each would overwrite the other's access: give each its own file/);
  });

  test('names the file cannot write back are refused, and a folder instead of a file says so', () => {
    const file = newFile();
    const props = { ...BASE, machineClients: [{ name: 'billing  team', scopes: ['orders/read'] }] };
    expect(synth(file, props, ACCEPT).error).toContain('the access matrix holds names the file cannot write as they are');
    const folder = mkdtempSync(join(tmpdir(), 'reviewed-'));
    expect(synth(folder, BASE).error).toContain(`reviewedAccess: ${folder} (${folder}) is not a file`);
  });

  test('a reformatted file (lines reordered, whitespace changed, comments dropped) passes; a line it cannot read fails', () => {
    const file = accepted(BASE);
    const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
    const [apiLine, ...grants] = lines;
    writeFileSync(file, [`   ${apiLine}  `, ...grants.reverse().map((line) => `\t${line.trim().replace(/ /g, '   ')}`), ''].join('\n\n'));
    expect(synth(file, BASE).error).toBeUndefined();
    // Accepting keeps a file that says the same in another layout.
    const layout = readFileSync(file, 'utf8');
    expect(synth(file, BASE, ACCEPT).error).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(layout);
    writeFileSync(file, readFileSync(file, 'utf8') + 'GET /orders everyone\n');
    expect(synth(file, BASE).error).toContain('reviewedAccess: ' + file + ': line');
  });

  test('a shared pool\'s file covers every attached API across stacks; a per-API file covers its API', () => {
    const file = newFile();
    const build = (context: object, extraRoute: boolean) => {
      const app = new App({ context: { ...STRICT_CONTEXT, ...context } });
      const users = new Stack(app, 'Users');
      const pool = new ScopedUserPool(users, 'Pool', { groupScopes: BASE.groupScopes!, reviewedAccess: file });
      new ScopedCognitoApi(users, 'Orders', { scopedUserPool: pool, routeScopes: { 'GET /orders': ['orders/read'] } });
      new ScopedCognitoHttpApi(new Stack(app, 'Reports'), 'Reports', {
        scopedUserPool: pool, routeScopes: { 'GET /reports': ['orders/read'], ...(extraRoute ? { 'DELETE /reports/{id}': ['orders/write'] } : {}) },
      });
      try {
        app.synth();
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(build(ACCEPT, false)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('api Users/Orders\n  GET /orders needs one of orders/read');
    expect(readFileSync(file, 'utf8')).toContain('api Reports/Reports\n  GET /reports needs one of orders/read');
    expect(build({}, false)).toBeUndefined();
    expect(build({}, true)).toContain('  Reports/Reports\n    + route DELETE /reports/{id} (Admin)');
  });

  test('the file is named at synth: a token or an empty path is refused', () => {
    const app = new App({ context: STRICT_CONTEXT });
    expect(() => new ScopedCognitoApi(new Stack(app, 'S'), 'Api', { ...BASE, reviewedAccess: ' ' })).toThrow(
      /reviewedAccess: name the file as a path known at synth/,
    );
  });
});

describe('the reviewed-access file format', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/);
  const rows = fc.uniqueArray(fc.record({
    api: fc.constantFrom('S/Api', 'T/Other Api'),
    route: fc.tuple(fc.constantFrom('GET', 'POST', 'ANY'), fc.constantFrom('/a', '/a/{id}', '/b/{proxy+}')).map(([m, p]) => `${m} ${p}`),
    scopes: fc.uniqueArray(fc.constantFrom('x/read', 'x/write', 'y/all'), { minLength: 1, maxLength: 2 }),
    groups: fc.uniqueArray(name, { maxLength: 3 }),
    signedInWithoutGroup: fc.boolean(),
    machineClients: fc.uniqueArray(name, { maxLength: 2 }),
    isPublic: fc.boolean(),
  }), { selector: (row) => `${row.api} ${row.route}` });

  test('reads back what it renders, and a reordered or re-spaced rendering is no change', () => {
    fc.assert(fc.property(rows, fc.integer(), (matrix, seed) => {
      const access = reviewedAccessOf(matrix);
      const text = renderReviewedAccess(access);
      const parsed = parseReviewedAccess(text);
      expect(parsed.problems).toEqual([]);
      expect(accessChanges(parsed.access, access).size).toBe(0);
      // Reorder the lines within each API section, and re-space them.
      const sections = text.split('\napi ').slice(1).map((section) => {
        const [head, ...body] = section.split('\n').filter((line) => line.trim() !== '');
        const shuffled = body.map((line, i) => ({ line, key: (i * 7919 + seed) % 101 })).sort((a, b) => a.key - b.key).map(({ line }) => ` ${line.trim()}  `);
        return [`api  ${head}`, ...shuffled].join('\n');
      });
      expect(accessChanges(parseReviewedAccess(sections.join('\n')).access, access).size).toBe(0);
    }), { numRuns: 200 });
  });

  test('any change of who can call what is a change', () => {
    fc.assert(fc.property(rows.filter((m) => m.some((r) => !r.isPublic)), (matrix) => {
      const access = reviewedAccessOf(matrix);
      const index = matrix.findIndex((r) => !r.isPublic);
      const widened = matrix.map((row, i) => (i === index ? { ...row, signedInWithoutGroup: !row.signedInWithoutGroup } : row));
      expect(accessChanges(access, reviewedAccessOf(widened)).size).toBe(1);
    }), { numRuns: 100 });
  });
});
