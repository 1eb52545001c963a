import { CfnResource } from 'aws-cdk-lib';
import { literalString, readProperty, resourceAttribute } from '../rules/cfn-resources';

/** A warning with its ID (`cdk-scoped-cognito-api:<id>`): one per cause, so acknowledging one hides no other. */
export interface ProtectionWarning {
  readonly id: 'poolDeletionProtectionOff' | 'poolNotRetained' | 'groupsNotRetained';
  readonly message: string;
}

/**
 * What in the template lets a stack update or deletion lose the users and groups: read from the
 * pool and group resources as the template will hold them, so props, `applyRemovalPolicy` and
 * escape-hatch overrides count alike. A pool passed in is its owner's to protect (`pool` undefined).
 */
export function unprotectedPoolWarnings(pool: CfnResource | undefined, groups: readonly CfnResource[]): ProtectionWarning[] {
  const warnings: ProtectionWarning[] = [];
  if (pool) {
    const protection = literalString(readProperty(pool, 'DeletionProtection').value);
    if (protection !== 'ACTIVE') {
      warnings.push({
        id: 'poolDeletionProtectionOff',
        message: `the user pool's DeletionProtection is ${protection ?? 'not ACTIVE'} (userPoolProps.deletionProtection, or an override): ` +
          'the user pool, with every user and group, can be deleted by a stack update or deletion',
      });
    }
    const lost = notRetained(pool);
    if (lost.length > 0) {
      warnings.push({
        id: 'poolNotRetained',
        message: `the user pool's ${lost.join(' and ')} (userPoolProps.removalPolicy, applyRemovalPolicy or an override): ` +
          'deleting the stack, or a change that replaces the pool, deletes every user and group',
      });
    }
  }
  const lostGroups = groups.filter((group) => notRetained(group).length > 0);
  if (lostGroups.length > 0) {
    const names = lostGroups.map((group) => literalString(readProperty(group, 'GroupName').value) ?? group.node.path);
    warnings.push({
      id: 'groupsNotRetained',
      message: `the groups ${names.join(', ')} are not retained (groupRemovalPolicy, applyRemovalPolicy or an override): ` +
        'deleting the stack, or renaming or moving this construct, deletes the groups with their memberships',
    });
  }
  return warnings;
}

/** `DeletionPolicy is Delete`-style findings for each policy that does not keep the resource. */
function notRetained(resource: CfnResource): string[] {
  const findings: string[] = [];
  const deletion = resourceAttribute(resource, 'DeletionPolicy');
  // RetainExceptOnCreate deletes only a resource that a failed creation rolls back.
  if (deletion !== 'Retain' && deletion !== 'RetainExceptOnCreate') findings.push(`DeletionPolicy is ${deletion ?? 'Delete (the default)'}`);
  const replace = resourceAttribute(resource, 'UpdateReplacePolicy');
  if (replace !== 'Retain') findings.push(`UpdateReplacePolicy is ${replace ?? 'Delete (the default)'}`);
  return findings;
}
