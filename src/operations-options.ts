import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
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
   * Where the alarms notify, when they go into alarm and when they recover. Without it the alarms
   * notify nobody, which synth warns about (`alarmsWithoutAction`).
   *
   * @default - no action: the alarms show in the CloudWatch console only
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * How long every log group the construct creates keeps its events: the functions' logs (the
   * trigger's, the Lambda authorizers', the placeholder function's) and the API's access logs.
   * Compliance controls often ask for a year or more; CloudWatch Logs bills the storage per GB-month
   * (see docs/operations.md).
   *
   * @default - one month for the functions' logs, three months for access logs
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Whether AWS X-Ray traces the functions the construct creates (active tracing, which adds X-Ray's
   * write permissions on `*` to their roles) and the stage of the REST API it creates (not a
   * `restApi` passed in). HTTP API stages cannot be traced by X-Ray. X-Ray bills the traces it
   * records past its free tier (see docs/operations.md).
   *
   * @default false
   */
  readonly tracing?: boolean;

  /**
   * The ARN of an AWS WAF web ACL (scope `REGIONAL`, in the stack's Region and account) to associate
   * with the user pool (the one a `ScopedUserPool` or an API creates or is given as `userPool`; an API
   * on a `scopedUserPool` leaves the pool to the pool's own `webAclArn`) and with the stage of the
   * REST API the construct creates (a `restApi` passed in is yours to associate: warned), for
   * rate-based rules per client IP, which the stage throttle (one budget for all callers) cannot do.
   * A resource takes one web ACL: do not associate another with the same pool or stage. AWS WAF
   * cannot protect HTTP APIs (an HTTP API associates it with its pool only). WAF bills per web ACL,
   * per rule and per request (see docs/operations.md).
   *
   * @default - no web ACL
   */
  readonly webAclArn?: string;

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
