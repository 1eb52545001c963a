import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The ARN of the user pool `userPoolId` in the Region (and account) of `scope`'s stack: a replica's, outside the pool's Region. */
export function userPoolArnIn(scope: IConstruct, userPoolId: string): string {
  return Stack.of(scope).formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: userPoolId });
}

/** The Region of a construct's stack, where synth knows it (a stack with an explicit `env`). */
export function knownRegion(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : region;
}
