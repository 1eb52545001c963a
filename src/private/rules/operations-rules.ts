import { Token } from 'aws-cdk-lib';

/**
 * A web ACL's ARN, where synth can read it: AWS WAF's `REGIONAL` scope, the one that protects
 * Cognito user pools and REST API stages (a `CLOUDFRONT`-scoped ACL is `global` in its ARN).
 */
export function webAclArnProblems(webAclArn: string | undefined): string[] {
  if (webAclArn === undefined || Token.isUnresolved(webAclArn)) return [];
  const match = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:(regional|global)\/webacl\/[^/]+\/[^/]+$/.exec(webAclArn);
  if (!match) return [`webAclArn: '${webAclArn}' is not the ARN of an AWS WAF web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`];
  return match[1] === 'global'
    ? ['webAclArn: the web ACL has the CLOUDFRONT scope (global); a user pool and a REST API stage take a REGIONAL one, in their Region']
    : [];
}

/** What synth says of alarms that notify nobody: their count, and the prop that fixes it. */
export function silentAlarmsWarning(count: number): string {
  return `${count} alarm${count === 1 ? '' : 's'} notify nobody: give alarmTopic (an SNS topic to notify when they go into alarm and ` +
    'recover), or set alarms: false to create none';
}
