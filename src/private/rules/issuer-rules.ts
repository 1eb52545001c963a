import { CfnResource } from 'aws-cdk-lib';
import { mergedObjectProperty } from './cfn-resources';
import { IssuerType } from '../../issuer-type';

/** The issuer URL of a pool's tokens, by its type, the pool's (primary) Region and its ID. */
export function issuerUrl(type: IssuerType, primaryRegion: string, userPoolId: string): string {
  const host = type === IssuerType.UPDATED ? 'issuer-cognito-idp' : 'cognito-idp';
  return `https://${host}.${primaryRegion}.amazonaws.com/${userPoolId}`;
}

/**
 * What a pool's template says its issuer is: a type, `undefined` when it sets none (Cognito then
 * keeps the issuer the pool has: `ORIGINAL` unless it was switched outside the template), or
 * `'unknown'` when it is a deploy-time value.
 */
export function issuerInTemplate(cfnPool: CfnResource): IssuerType | undefined | 'unknown' {
  const config = mergedObjectProperty(cfnPool, 'IssuerConfiguration');
  if (config === undefined) return undefined;
  if ('' in config) return 'unknown';
  const type = config.Type;
  if (type === undefined) return undefined;
  if (type === IssuerType.ORIGINAL || type === IssuerType.UPDATED) return type;
  return 'unknown';
}

/** Whether the pool's template encrypts it with a customer managed KMS key (`KeyConfiguration`), as replication needs. */
export function customerManagedKeyOf(cfnPool: CfnResource): { readonly arn: unknown } | undefined {
  const config = mergedObjectProperty(cfnPool, 'KeyConfiguration');
  if (config === undefined || '' in config) return undefined;
  return config.KeyType === 'CUSTOMER_MANAGED_KEY' ? { arn: config.KmsKeyArn } : undefined;
}

/**
 * The issuer and key settings that cannot hold: an `issuer` that contradicts the template of the
 * pool passed in, and a key for a pool this construct does not create.
 */
export function issuerAndKeyProblems(input: {
  readonly issuer?: IssuerType;
  readonly existingPool?: CfnResource;
  readonly encryptionKeyGiven: boolean;
}): string[] {
  const problems: string[] = [];
  if (input.existingPool !== undefined) {
    const inTemplate = issuerInTemplate(input.existingPool);
    if (input.issuer !== undefined && inTemplate !== undefined && inTemplate !== 'unknown' && inTemplate !== input.issuer) {
      problems.push(`issuer: ${input.issuer}, but the userPool passed in sets IssuerConfiguration ${inTemplate}; the authorizers must trust the issuer ` +
        'its tokens carry: give the same value, or leave issuer out');
    }
    if (input.encryptionKeyGiven) problems.push('encryptionKey: set KeyConfiguration on the userPool you pass in, not here');
  }
  return problems;
}

/** The issuer the authorizers trust: the prop, else what the template says, else `ORIGINAL`, which a pool that never set another has. */
export function effectiveIssuer(prop: IssuerType | undefined, cfnPool: CfnResource | undefined): IssuerType {
  if (prop !== undefined) return prop;
  const inTemplate = cfnPool === undefined ? undefined : issuerInTemplate(cfnPool);
  return inTemplate === undefined || inTemplate === 'unknown' ? IssuerType.ORIGINAL : inTemplate;
}
