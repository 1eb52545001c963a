import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ScopedCognitoApi, ScopedCognitoApiProps } from '../src';

/** The seed's setup: Admin -> api/admin, ReadOnly -> api/readonly, one route each. */
export const SEED: ScopedCognitoApiProps = {
  groupScopes: { Admin: ['api/admin'], ReadOnly: ['api/readonly'] },
  routeScopes: { 'GET /admin': ['api/admin'], 'GET /readonly': ['api/readonly'] },
};

/** A fresh stack, with the props of a test. */
export function newStack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

/** Synthesizes a `ScopedCognitoApi` in a fresh stack. */
export function synthApi(props: Partial<ScopedCognitoApiProps> = {}, stack = newStack()) {
  const api = new ScopedCognitoApi(stack, 'Api', { ...SEED, ...props });
  return { stack, api, template: Template.fromStack(stack) };
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
