import { Names, NestedStack, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The name of the SSM parameter that holds a pool's machine-client IDs for its trigger. Parameter
 * names are unique per account and Region, so the name holds the deployed stack's name as well as
 * the pool's path: the same app deployed under two stack names gets two parameters.
 * A stack name is `[a-zA-Z][-a-zA-Z0-9]*`, at most 128 characters, all allowed in a parameter
 * name, which may have 2048 characters less 1037 kept for the service's own use, and 15 levels
 * (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html,
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html).
 */
export function machineClientIdsParameterName(pool: IConstruct): string {
  return `/cdk-scoped-cognito-api/${deployedStackName(Stack.of(pool))}/${Names.uniqueId(pool)}/machine-client-ids`;
}

/**
 * The name a stack is deployed under, known at synth: a nested stack's name is chosen by
 * CloudFormation at deploy time, so its top-level parent's name stands for it (the pool's path
 * keeps two nested stacks of one parent apart).
 */
function deployedStackName(stack: Stack): string {
  let top = stack;
  while (NestedStack.isNestedStack(top) && top.nestedStackParent) top = top.nestedStackParent;
  return top.stackName;
}
