import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { changesSinceMade } from './own-guards';
import { rawProperty } from '../rules/cfn-resources';

/**
 * What decides a generated function's answers besides its map must stay as the construct made it:
 * its code, handler and runtime as they were set (resolved when made), its environment, and no
 * layers (a layer, or `NODE_OPTIONS`, can run other code first). Compared when the app synthesizes,
 * each resolved one by one (resolving the object would drop `Layers`, which must stay undefined); a
 * change, a removal or replacement, a type override or a condition is an error that says what it
 * would break (`consequence`).
 */
export function guardFunctionAsMade(fn: lambda.Function, environment: { [name: string]: string } | undefined, consequence: string): void {
  const cfn = fn.node.defaultChild as CfnResource;
  const stack = Stack.of(fn);
  // Resolved now, not kept by reference: an object edited in place afterwards would still compare equal.
  const resolvedNow = {
    Code: stack.resolve(rawProperty(cfn, 'Code')),
    Handler: stack.resolve(rawProperty(cfn, 'Handler')),
    Runtime: stack.resolve(rawProperty(cfn, 'Runtime')),
  };
  // Resolved at synth: it may hold references to other stacks, settled only then.
  const resolvedAtSynth = { Environment: environment === undefined ? undefined : { Variables: environment }, Layers: undefined };
  // On the stack, not the function: removing the function from the tree must not remove its check.
  stack.node.addValidation({
    validate: () => changesSinceMade(
      cfn,
      { ...resolvedNow, ...Object.fromEntries(Object.entries(resolvedAtSynth).map(([key, value]) => [key, stack.resolve(value)])) },
      consequence,
    ),
  });
}
