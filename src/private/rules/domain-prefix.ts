import { Names, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Cognito's rule for a domain prefix: lower-case letters, digits and inner hyphens, 1 to 63. */
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Words Cognito refuses in a prefix. */
const RESERVED_WORDS = /aws|amazon|cognito/g;

/** Why `prefix` cannot be a Cognito domain prefix, if it cannot. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (Token.isUnresolved(prefix)) return undefined;
  if (!DOMAIN_PREFIX.test(prefix)) {
    return `domainPrefix '${prefix}': use 1 to 63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`;
  }
  if (prefix.match(RESERVED_WORDS)) return `domainPrefix '${prefix}': Cognito refuses prefixes containing 'aws', 'amazon' or 'cognito'`;
  return undefined;
}

/**
 * A prefix unique to this construct and account: prefixes are global within a region, so one
 * derived from the construct path alone would clash between two accounts deploying the same app.
 */
export function defaultDomainPrefix(scope: Construct): string {
  let slug = Names.uniqueResourceName(scope, { maxLength: 40, separator: '-' }).toLowerCase().replace(/[^a-z0-9-]/g, '');
  // Repeat: taking out one word can join the letters around it into another ('aamazonws').
  while (slug.match(RESERVED_WORDS)) slug = slug.replace(RESERVED_WORDS, '');
  slug = slug.replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `${slug || 'scoped-api'}-${Stack.of(scope).account}`;
}
