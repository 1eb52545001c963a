import { Stack, Token } from 'aws-cdk-lib';

/**
 * A web ACL's ARN, where synth can read it: AWS WAF's `REGIONAL` scope, the one that protects
 * Cognito user pools and REST API stages (a `CLOUDFRONT`-scoped ACL is `global` in its ARN), in the
 * stack's Region and account (an association across them fails the deploy). A token, or the
 * placeholder a context lookup returns before its first run, is read at deploy time.
 */
export function webAclArnProblems(webAclArn: string | undefined, stack: Stack): string[] {
  if (webAclArn === undefined || Token.isUnresolved(webAclArn) || webAclArn.startsWith('dummy-value-for-')) return [];
  const match = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):(\d{12}):(regional|global)\/webacl\/[^/]+\/[^/]+$/.exec(webAclArn);
  if (!match) return [`webAclArn: '${webAclArn}' is not the ARN of an AWS WAF web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`];
  const [, region, account, scope] = match;
  if (scope === 'global') {
    return ['webAclArn: the web ACL has the CLOUDFRONT scope (global); a user pool and a REST API stage take a REGIONAL one, in their Region'];
  }
  const problems: string[] = [];
  if (!Token.isUnresolved(stack.region) && region !== stack.region) {
    problems.push(`webAclArn: the web ACL is in ${region}, the stack in ${stack.region}; a web ACL protects resources of its own Region only`);
  }
  if (!Token.isUnresolved(stack.account) && account !== stack.account) {
    problems.push(`webAclArn: the web ACL is in account ${account}, the stack in ${stack.account}; it must be in the resources' account`);
  }
  return problems;
}

/** What synth says of alarms that notify nobody: their count, and the prop that fixes it. */
export function silentAlarmsWarning(count: number): string {
  return `${count} ${count === 1 ? 'alarm notifies' : 'alarms notify'} nobody: give alarmTopic (an SNS topic to notify when they go into alarm and ` +
    'recover), or set alarms: false to create none';
}
