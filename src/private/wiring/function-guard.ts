import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { authorizerChanges } from './own-guards';
import { rawProperty } from '../rules/cfn-resources';

/**
 * What decides a generated function's answers besides its map must stay as the construct made it:
 * its code, handler and runtime as they were set, its environment, and no layers (a layer, or
 * `NODE_OPTIONS`, can run other code first). Compared when the app synthesizes, resolved one by one
 * (resolving the object would drop `Layers`, which must stay undefined) once references across
 * stacks are settled; a change is an error that says what it would break (`consequence`).
 */
export function guardFunctionAsMade(fn: lambda.Function, environment: { [name: string]: string } | undefined, consequence: string): void {
  const cfn = fn.node.defaultChild as CfnResource;
  const asMade: { [property: string]: unknown } = {
    Code: rawProperty(cfn, 'Code'),
    Handler: rawProperty(cfn, 'Handler'),
    Runtime: rawProperty(cfn, 'Runtime'),
    Environment: environment === undefined ? undefined : { Variables: environment },
    Layers: undefined,
  };
  const stack = Stack.of(fn);
  fn.node.addValidation({
    validate: () => authorizerChanges(
      cfn,
      Object.fromEntries(Object.entries(asMade).map(([key, value]) => [key, stack.resolve(value)])),
      consequence,
    ),
  });
}
