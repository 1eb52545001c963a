import { Annotations, ArnFormat, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { failOnProblems } from '../rules/problems';

/**
 * A log group the construct creates, encrypted with `key` when one is given (`logEncryptionKey`):
 * the one place the library makes log groups, so that none escapes the key.
 */
export function ownLogGroup(
  scope: Construct,
  id: string,
  retention: logs.RetentionDays,
  removalPolicy: RemovalPolicy,
  key: kms.IKey | undefined,
): logs.LogGroup {
  if (key) allowLogsToUseKey(scope, key);
  return new logs.LogGroup(scope, id, { retention, removalPolicy, encryptionKey: key });
}

/** The access logs of the stage of an API the construct creates (`AccessLogs`): kept three months unless `retention` says otherwise, retained with the stack. */
export function accessLogGroup(api: Construct, key: kms.IKey | undefined, retention?: logs.RetentionDays): logs.LogGroup {
  return ownLogGroup(api, 'AccessLogs', retention ?? logs.RetentionDays.THREE_MONTHS, RemovalPolicy.RETAIN, key);
}

/** The keys whose policy already lets CloudWatch Logs use them. */
const allowedKeys = new WeakSet<kms.IKey>();

/**
 * Lets CloudWatch Logs use `key` for the log groups of its account and Region, as the key policy must
 * before a log group can be encrypted with it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html): one statement
 * per key, in the key's own policy. The condition names the key's account and Region, not each log
 * group: a log group's ARN in its key's policy would make each wait for the other. An imported key's
 * policy cannot be changed from the app: `user` is warned that it must allow it already.
 */
function allowLogsToUseKey(user: Construct, key: kms.IKey): void {
  failOnProblems(user, keyPlaceProblems(user, key));
  if (allowedKeys.has(key)) return;
  const stack = Stack.of(key);
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsEncryptsLogGroupsOfThisAccountAndRegion',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
  if (statementAdded) {
    allowedKeys.add(key);
  } else {
    Annotations.of(user).addWarningV2(
      'cdk-scoped-cognito-api:importedLogKey',
      `logEncryptionKey: ${key.node.path} is imported, so its key policy cannot be changed here; it must let the service ` +
        'principal logs.<region>.amazonaws.com use it (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, ' +
        'kms:Describe*) for this account\'s log groups, or creating them fails',
    );
  }
}

/**
 * A key in another Region or account than the log groups, where both are known at synth: CloudWatch
 * Logs uses a key of the log group's own Region, and the statement above names the key's account.
 */
function keyPlaceProblems(user: Construct, key: kms.IKey): string[] {
  const groups = Stack.of(user);
  return (['region', 'account'] as const)
    .filter((part) => !Token.isUnresolved(key.env[part]) && !Token.isUnresolved(groups[part]) && key.env[part] !== groups[part])
    .map((part) => `logEncryptionKey: ${key.node.path} is in ${part} ${key.env[part]}, the log groups in ${groups[part]}; ` +
      'use a key of the log groups\' own Region and account');
}
