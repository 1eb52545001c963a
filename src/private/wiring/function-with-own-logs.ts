import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ownLogGroup } from './log-groups';

/**
 * The current Node.js Lambda runtime, named by its identifier so that it needs no newer
 * aws-cdk-lib than the library's floor (2.189 predates `Runtime.NODEJS_24_X`).
 */
const NODEJS_24 = new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/** What differs between the library's functions. */
export interface FunctionWithOwnLogsProps {
  readonly description: string;
  /** What the role's description says the function may do. */
  readonly roleDescription: string;
  readonly code: lambda.Code;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** What else the function may do besides writing its logs, as named inline policies. */
  readonly inlinePolicies?: { [name: string]: iam.PolicyDocument };
  /** The KMS key of its log group, if any. */
  readonly logEncryptionKey?: kms.IKey;
  /** The concurrency it keeps for itself, and may not exceed; none if undefined. */
  readonly reservedConcurrency?: number;
  /** Its environment variables, if any. */
  readonly environment?: { [name: string]: string };
  /** How long its log group keeps events; one month if undefined. */
  readonly logRetention?: logs.RetentionDays;
  /** Whether X-Ray traces it (active tracing). */
  readonly tracing?: boolean;
}

/** A function of the library and its log group. */
export interface FunctionWithOwnLogs {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
}

/**
 * A Node.js function on arm64 with a log group of its own (`<id>Logs`, one month unless
 * `logRetention` says otherwise, encrypted with `logEncryptionKey` if given) and a role (`<id>Role`)
 * that may only write to it: no managed policy, no wildcard resource (but X-Ray's, with `tracing`).
 * It logs in Lambda's JSON format, at INFO and above.
 */
export function functionWithOwnLogs(scope: Construct, id: string, props: FunctionWithOwnLogsProps): FunctionWithOwnLogs {
  const logGroup = ownLogGroup(scope, `${id}Logs`, props.logRetention ?? logs.RetentionDays.ONE_MONTH, RemovalPolicy.DESTROY, props.logEncryptionKey);
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
    inlinePolicies: {
      WriteOwnLogs: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [logGroup.logGroupArn],
          }),
        ],
      }),
      ...props.inlinePolicies,
    },
  });
  const fn = new lambda.Function(scope, id, {
    description: props.description,
    runtime: NODEJS_24,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: props.code,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
    systemLogLevelV2: lambda.SystemLogLevel.INFO,
    reservedConcurrentExecutions: props.reservedConcurrency,
    environment: props.environment,
    // Active tracing adds X-Ray's write permissions (a wildcard resource, as X-Ray requires) to the role.
    ...(props.tracing ? { tracing: lambda.Tracing.ACTIVE } : {}),
  });
  return { fn, logGroup };
}
