import { CfnResource, Stack } from 'aws-cdk-lib';
import type { CfnUserPool } from 'aws-cdk-lib/aws-cognito';
import { propertyOverrides } from '../rules/cfn-resources';

/** The Pre Token Generation settings of a pool's `LambdaConfig`, resolved: the legacy V1 ARN and the V2+ config. */
export interface PreTokenSettings {
  /** `PreTokenGeneration`, the legacy V1 trigger's ARN. */
  readonly v1?: unknown;
  /** `PreTokenGenerationConfig`: the trigger's ARN and event version. */
  readonly config?: { readonly lambdaArn?: unknown; readonly lambdaVersion?: unknown };
}

/**
 * The pool's Pre Token Generation settings as its template will hold them: the L1 field with an
 * escape-hatch override of `LambdaConfig` merged in, key by key, as CloudFormation's template does
 * (a deletion override removes what it names).
 */
export function preTokenSettings(pool: CfnResource): PreTokenSettings {
  const stack = Stack.of(pool);
  type Field = { preTokenGeneration?: unknown; preTokenGenerationConfig?: Record<string, unknown> };
  const field = stack.resolve((pool as CfnUserPool).lambdaConfig) as Field | undefined;
  let v1 = field?.preTokenGeneration;
  let config: PreTokenSettings['config'] = field?.preTokenGenerationConfig;
  const read = propertyOverrides(pool);
  if (read === 'deleted') return {};
  if (read?.replacing) {
    const replaced = read.properties.LambdaConfig as Record<string, any> | undefined;
    const replacedConfig = replaced?.PreTokenGenerationConfig;
    return {
      v1: replaced?.PreTokenGeneration,
      config: replacedConfig && { lambdaArn: replacedConfig.LambdaArn, lambdaVersion: replacedConfig.LambdaVersion },
    };
  }
  const overrides = read?.properties as Record<string, any> | undefined;
  // Read before resolving: a deletion override is a key whose value is undefined, which resolving drops.
  if (overrides && has(overrides, 'LambdaConfig')) {
    const lambdaConfig = overrides.LambdaConfig;
    if (lambdaConfig === undefined) return {};
    if (has(lambdaConfig, 'PreTokenGeneration')) v1 = stack.resolve(lambdaConfig.PreTokenGeneration);
    if (has(lambdaConfig, 'PreTokenGenerationConfig')) {
      const overridden = stack.resolve(lambdaConfig.PreTokenGenerationConfig);
      config = overridden === undefined ? undefined : {
        lambdaArn: has(overridden, 'LambdaArn') ? overridden.LambdaArn : config?.lambdaArn,
        lambdaVersion: has(overridden, 'LambdaVersion') ? overridden.LambdaVersion : config?.lambdaVersion,
      };
    }
  }
  return { v1, config };
}

function has(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}
