import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * How the constructs are run in production: the alarms that say sign-in or the API is failing, and
 * the encryption of the logs they write. On an API construct that creates its Cognito half, they
 * apply to both; on one attached to a `scopedUserPool`, to the API's own resources only (set them
 * on the pool for its trigger).
 */
export interface OperationsOptions {
  /**
   * Whether to create the CloudWatch alarms: on the Pre Token Generation trigger, its errors, its
   * throttles (each is a failed sign-in or token refresh) and its longest run near its timeout; on
   * an API, its 5xx rate. Each alarm is billed by CloudWatch per month.
   *
   * @default true
   */
  readonly alarms?: boolean;

  /**
   * Where the alarms notify, when they go into alarm and when they recover.
   *
   * @default - no action: the alarms show in the CloudWatch console only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A KMS key that encrypts every log group the construct creates (the trigger's, the placeholder
   * function's, the API's access logs). The key policy of a key defined in the app gets the
   * statement CloudWatch Logs needs to use it for the log groups of this account and Region; an
   * imported key's policy must allow it already (a warning says so).
   *
   * @default - the log groups are encrypted with CloudWatch Logs' own key
   */
  readonly logEncryptionKey?: kms.IKey;
}
