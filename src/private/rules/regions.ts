import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The Region of a construct's stack, where synth knows it (a stack with an explicit `env`). */
export function knownRegion(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : region;
}
