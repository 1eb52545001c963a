import { createHash } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RouteAccess, ScopedCognitoApi, ScopedCognitoApiProps, ScopedCognitoHttpApi, ScopedCognitoHttpApiProps, ScopedRoutesProps } from '../src';

/** The seed's setup: Admin -> api/admin, ReadOnly -> api/readonly, one route each. */
export const SEED: ScopedRoutesProps = {
  groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] },
  routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
};

/**
 * Every test app turns aws-cdk-lib's own template validation into errors: a template that breaks
 * one of its rules (the 100-scope resource server, say) fails the test at synth.
 */
export const STRICT_CONTEXT = { '@aws-cdk/core:validateAgainstDefaultRules': true };

/** A fresh stack in an app with strict template validation. */
export function newStack(): Stack {
  return new Stack(new App({ context: STRICT_CONTEXT }), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

/** Where every template a test synthesizes is written, for cfn-lint (`npx projen cfn-lint`). */
export const TEMPLATES_DIR = join(__dirname, '..', 'test-reports', 'templates');

/** Synthesizes a `ScopedCognitoApi` in a fresh stack, and keeps the template for cfn-lint. */
export function synthApi(props: Partial<ScopedCognitoApiProps> = {}, stack = newStack()) {
  const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, ...props });
  const template = Template.fromStack(stack);
  keepForLint(template.toJSON());
  return { stack, api, template };
}

/** Synthesizes a `ScopedCognitoHttpApi` in a fresh stack, and keeps the template for cfn-lint. */
export function synthHttpApi(props: Partial<ScopedCognitoHttpApiProps> = {}, stack = newStack()) {
  const api = new ScopedCognitoHttpApi(stack, 'Api', { ...SEED, ...props });
  const template = Template.fromStack(stack);
  keepForLint(template.toJSON());
  return { stack, api, template };
}

/** Writes a template under TEMPLATES_DIR, named after the running test. */
export function keepForLint(template: object): void {
  const name = (expect.getState().currentTestName ?? 'template').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 120);
  mkdirSync(TEMPLATES_DIR, { recursive: true });
  writeFileSync(join(TEMPLATES_DIR, `${name}-${createHash('sha1').update(JSON.stringify(template)).digest('hex').slice(0, 8)}.json`), JSON.stringify(template, null, 1));
}

/** The problems of a construct that fails validation, one line each. */
export function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    return (error as Error).message.split('\n').slice(1).map((line) => line.replace(/^\s+- /, ''));
  }
  throw new Error('expected the construct to fail validation, but it synthesized');
}

/** The columns of matrix rows that the property tests compare with the oracle's: route, groups, users in no group, machine clients. */
export function principalColumns(rows: readonly RouteAccess[]) {
  return rows.map(({ route, groups, signedInWithoutGroup, machineClients }) => ({ route, groups, signedInWithoutGroup, machineClients }));
}
