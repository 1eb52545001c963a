/**
 * What must hold of a replicated pool, checked once the app is complete: every replica of the pool,
 * however it was declared and in whichever stack, is made by `ScopedUserPoolReplica`, which gives
 * its Region the trigger (or none, for the Lambda authorizer), and the pool is one Cognito can
 * replicate. Facts from the Cognito developer guide, "Multi-Region replication for user pools"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html), and the
 * CloudFormation reference of `AWS::Cognito::UserPoolReplica` and
 * `AWS::Cognito::UserPoolRegionalConfigurationAttachment`.
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isResourceOfType, literalString, readProperty, referenceOf, resourcesOfType } from './cfn-resources';
import { compareCodePoints } from './code-point-order';
import { customerManagedKeyOf, issuerInTemplate } from './issuer-rules';
import { IssuerType } from '../../issuer-type';

export const REPLICA_TYPE = 'AWS::Cognito::UserPoolReplica';
export const REGIONAL_CONFIGURATION_TYPE = 'AWS::Cognito::UserPoolRegionalConfigurationAttachment';

/** A replica `ScopedUserPoolReplica` made: the construct's path and the replica resource. */
export interface RegisteredReplica {
  readonly path: string;
  readonly resource: CfnResource;
  /** The Regional configuration it attached in its Region, once made. */
  readonly regionalConfiguration?: CfnResource;
}

/** The pool a resource's `UserPoolId` names, if it names the pool of `cfnPool`. */
function namesPool(resource: CfnResource, cfnPool: CfnResource): boolean {
  return referenceOf(readProperty(resource, 'UserPoolId'))?.target === cfnPool;
}

/** What a resource's `UserPoolId` references: the pool resource it names, if any the app defines. */
function poolNamed(resource: CfnResource): IConstruct | undefined {
  const target = referenceOf(readProperty(resource, 'UserPoolId'))?.target;
  return isResourceOfType(target, 'AWS::Cognito::UserPool') ? target : undefined;
}

/** The problems of the replicas of `cfnPool` (the pool of the `ScopedUserPool` `owner`). */
export function replicaProblems(owner: IConstruct, cfnPool: CfnResource, registered: ReadonlyMap<string, RegisteredReplica>): string[] {
  const problems: string[] = [];
  const ours = new Set([...registered.values()].map((replica) => replica.resource));
  const ownConfigurations = new Set([...registered.values()].map((replica) => replica.regionalConfiguration));
  // What ScopedUserPoolReplica made must still be the pool's, in its Region.
  for (const [region, replica] of registered) {
    if (!namesPool(replica.resource, cfnPool) || literalString(readProperty(replica.resource, 'RegionName').value) !== region) {
      problems.push(`${replica.resource.node.path}: the replica ${replica.path} made is no longer the pool's in ${region} (an override or ` +
        'an aspect changed its RegionName or UserPoolId), and its Region would run none of the enforcement: remove the change');
    }
    if (replica.regionalConfiguration !== undefined && !namesPool(replica.regionalConfiguration, cfnPool)) {
      problems.push(`${replica.regionalConfiguration.node.path}: no longer the Regional configuration of ${cfnPool.node.path} (an override ` +
        'or an aspect changed its UserPoolId), so the replica in its Region gets no trigger: remove the change');
    }
  }
  // Fail closed: a replica or Regional configuration of a pool the app cannot name may be this pool's.
  for (const type of [REPLICA_TYPE, REGIONAL_CONFIGURATION_TYPE]) {
    for (const resource of resourcesOfType(owner, type).filter((r) => poolNamed(r) === undefined)) {
      problems.push(`${resource.node.path}: a ${type} whose UserPoolId is not a reference to a pool of the app (a literal ID, an import, ` +
        `a function of one), so whether it is ${cfnPool.node.path}'s, and enforces the maps in its Region, cannot be checked: ` +
        'name the pool by its userPoolId, or replicate it with ScopedUserPoolReplica');
    }
  }
  const replicas = resourcesOfType(owner, REPLICA_TYPE).filter((resource) => ours.has(resource) || namesPool(resource, cfnPool));
  const primary = Stack.of(cfnPool).region;
  const regions = new Set<string>();
  for (const replica of replicas) {
    const region = literalString(readProperty(replica, 'RegionName').value);
    if (region === undefined) {
      problems.push(`${replica.node.path}: a replica of ${cfnPool.node.path} whose Region is known only at deploy time; name the Region`);
      continue;
    }
    regions.add(region);
    if (!Token.isUnresolved(primary) && region === primary) {
      problems.push(`${replica.node.path}: a replica of the pool in its own Region (${region}); a replica serves another Region`);
    }
    if (ours.has(replica)) continue;
    const scoped = registered.get(region);
    problems.push(scoped
      ? `${replica.node.path}: a second replica of ${cfnPool.node.path} in ${region}, beside the one ${scoped.path} makes: remove it`
      : `${replica.node.path}: a replica of ${cfnPool.node.path} in ${region} runs none of the enforcement there (its Lambda triggers are ` +
        'Regional settings): tokens it issues would not carry the groups\' scopes, and the access matrix would not hold in ' +
        `${region}; use a ScopedUserPoolReplica in a stack in ${region} instead`);
  }
  if (regions.size > 1) {
    problems.push(`${cfnPool.node.path}: replicas in ${[...regions].sort(compareCodePoints).join(', ')}; a user pool has at most one ` +
      'replica (Cognito developer guide, "Multi-Region replication for user pools": limitations)');
  }
  if (replicas.length > 0) problems.push(...replicablePoolProblems(cfnPool));
  for (const configuration of resourcesOfType(owner, REGIONAL_CONFIGURATION_TYPE)) {
    if (ownConfigurations.has(configuration) || !namesPool(configuration, cfnPool)) continue;
    problems.push(`${configuration.node.path}: a Regional configuration of ${cfnPool.node.path} that ScopedUserPoolReplica did not make; it ` +
      'sets the Region\'s Lambda triggers, which carry the enforcement: remove it, and change the one of the ScopedUserPoolReplica ' +
      '(its regionalConfiguration) for email or SMS settings');
  }
  return problems;
}

/** What a pool needs before Cognito replicates it: Essentials or Plus, the updated issuer, a customer managed key. */
function replicablePoolProblems(cfnPool: CfnResource): string[] {
  const problems: string[] = [];
  const plan = literalString(readProperty(cfnPool, 'UserPoolTier').value);
  if (plan === 'LITE') {
    problems.push(`${cfnPool.node.path}: on the Lite plan, which Cognito cannot replicate (multi-Region replication needs Essentials or ` +
      'Plus); set featurePlan: FeaturePlan.ESSENTIALS (Enforcement.LAMBDA_AUTHORIZER runs on it too)');
  }
  const issuer = issuerInTemplate(cfnPool);
  if (issuer !== IssuerType.UPDATED) {
    problems.push(`${cfnPool.node.path}: its tokens carry the original issuer, which names one Region; a replicated pool needs the updated, ` +
      'multi-Region issuer so that tokens verify alike in each Region: set issuer: IssuerType.UPDATED (it changes the iss of new tokens: ' +
      'verifiers outside this library must expect it first; on a pool passed in, set IssuerConfiguration in its template)');
  }
  const key = customerManagedKeyOf(cfnPool);
  if (key === undefined) {
    problems.push(`${cfnPool.node.path}: not encrypted with a customer managed KMS key; Cognito replicates only a pool encrypted with a ` +
      'multi-Region key available in each of its Regions: set encryptionKey (or KeyConfiguration on a pool passed in)');
  } else {
    const arn = typeof key.arn === 'string' && !Token.isUnresolved(key.arn) ? key.arn : undefined;
    if (arn !== undefined && !/:key\/mrk-/.test(arn)) {
      problems.push(`${cfnPool.node.path}: its KMS key ${arn} is a single-Region key; replication needs a multi-Region key (ID mrk-...)`);
    }
    // A key of the app: its MultiRegion setting says.
    const keyResource = [...readProperty(cfnPool, 'KeyConfiguration').references.values()]
      .map((reference) => reference.target).find((target) => isResourceOfType(target, 'AWS::KMS::Key'));
    if (isResourceOfType(keyResource, 'AWS::KMS::Key') && ![true, 'true'].includes(readProperty(keyResource, 'MultiRegion').value as boolean | string)) {
      problems.push(`${cfnPool.node.path}: its KMS key ${keyResource.node.path} is a single-Region key; replication needs a multi-Region ` +
        'key (multiRegion: true on its CfnKey, with a replica key in each replica Region)');
    }
  }
  return problems;
}
