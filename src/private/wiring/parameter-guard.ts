import { CfnResource, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { changesSinceMade } from './own-guards';
import { rawProperty } from '../rules/cfn-resources';

/**
 * The machine-client-IDs parameter the trigger reads (which client ID is which named machine
 * client, so which claims it gets) must stay as the construct made it: its name, type and value.
 * The value holds references (client IDs) settled only when the app synthesizes, so it is kept as
 * made and compared then; a change (an override, an L1 field, an aspect), a removal or replacement,
 * a type override or a condition is an error.
 */
export function guardMachineClientIdsParameter(parameter: ssm.StringParameter): void {
  const cfn = parameter.node.defaultChild as CfnResource;
  const made = Object.fromEntries(['Name', 'Type', 'Value'].map((key) => [key, rawProperty(cfn, key)]));
  // On the stack, not the parameter: removing the parameter from the tree must not remove its check.
  Stack.of(cfn).node.addValidation({
    validate: () => changesSinceMade(cfn, Stack.of(cfn).resolve(made), 'the trigger would then give machine clients other claims than machineClients declares'),
  });
}
