import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { lambdaAlarms } from './alarms';
import { guardFunctionAsMade } from './function-guard';
import { functionWithOwnLogs } from './function-with-own-logs';
import { authorizerMapFile, stageAuthorizerAsset } from '../authorizer/authorizer-asset';
import { CLIENT_IDS_ENV, ISSUER_ENV, USER_POOL_ID_ENV } from '../authorizer/authorizer-map';
import { releaseStagedBundle } from '../bundles/staged-bundle';

/**
 * The function's timeout. The handler answers within about 3 s whatever happens (a slow JWKS fetch
 * gives up first), so it never runs into the timeout, which would be a 500; an HTTP API waits
 * 10,000 ms at most for a Lambda authorizer (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 */
export const AUTHORIZER_TIMEOUT = Duration.seconds(5);

/** How long API Gateway keeps an answer for one token on one route, unless `authorizerCacheTtl` says otherwise. */
export const DEFAULT_AUTHORIZER_CACHE_TTL = Duration.minutes(5);

/** What the generated authorizer of one API is made from. */
export interface GeneratedAuthorizerProps {
  readonly api: 'REST' | 'HTTP';
  readonly userPool: cognito.IUserPool;
  /** The issuer URL the pool's tokens carry, the one the authorizer accepts. */
  readonly issuer: string;
  /** The clients whose tokens it accepts; undefined accepts every client of the pool (as a REST Cognito authorizer does). */
  readonly clients?: readonly cognito.IUserPoolClient[];
  readonly baseScopes: readonly string[];
  readonly groupScopes: { readonly [group: string]: readonly string[] };
  readonly resourceServers: ReadonlyMap<string, readonly string[]>;
  readonly routes: ReadonlyArray<{ readonly key: string; readonly scopes: readonly string[] }>;
  readonly reservedConcurrency?: number;
  readonly logEncryptionKey?: kms.IKey;
  readonly logRetention?: logs.RetentionDays;
  readonly tracing?: boolean;
  /** Whether to create its alarms, and whom they notify. */
  readonly alarms: boolean;
  readonly alarmTopic?: sns.ITopic;
}

/** The generated authorizer's function, log group and alarms. */
export interface GeneratedAuthorizer {
  readonly fn: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly errors?: cloudwatch.Alarm;
  readonly throttles?: cloudwatch.Alarm;
  readonly duration?: cloudwatch.Alarm;
}

/**
 * The Lambda authorizer of one API (`AuthorizerFunction`, with its log group and role): the shipped
 * bundle with the map of the API's scoped routes and the pool's groups, the pool's ID and the
 * accepted clients' IDs in its environment (known once deployed). One per API: each API has its own
 * routes and clients, and its own cache of answers.
 */
export function generatedAuthorizer(scope: Construct, props: GeneratedAuthorizerProps): GeneratedAuthorizer {
  const stagingOff = Boolean(scope.node.tryGetContext(cxapi.DISABLE_ASSET_STAGING_CONTEXT));
  const folder = stageAuthorizerAsset(authorizerMapFile({ ...props, anyClientOfPool: props.clients === undefined }), { keep: stagingOff });
  const stack = Stack.of(scope);
  const environment = {
    [USER_POOL_ID_ENV]: props.userPool.userPoolId,
    [ISSUER_ENV]: props.issuer,
    ...(props.clients === undefined ? {} : { [CLIENT_IDS_ENV]: stack.toJsonString(props.clients.map((client) => client.userPoolClientId)) }),
  };
  const { fn, logGroup } = functionWithOwnLogs(scope, 'AuthorizerFunction', {
    description: `Decides who may call each scoped route of the ${props.api} API from the access token's groups (cdk-scoped-cognito-api)`,
    roleDescription: 'Lambda authorizer of cdk-scoped-cognito-api: writes its own logs only',
    code: lambda.Code.fromAsset(folder),
    memorySize: 256,
    timeout: AUTHORIZER_TIMEOUT,
    logEncryptionKey: props.logEncryptionKey,
    reservedConcurrency: props.reservedConcurrency,
    logRetention: props.logRetention,
    tracing: props.tracing,
    environment,
  });
  guardFunctionAsMade(fn, environment, 'the authorizer then trusts other tokens than the access matrix counts');
  if (!stagingOff) releaseStagedBundle(folder);
  if (!props.alarms) return { fn, logGroup };
  // A REST authorizer refuses a bad token by throwing `Unauthorized` (API Gateway answers 401), which
  // Lambda counts as an error: those are told apart by the decision lines the handler logs first.
  const refusals = props.api === 'REST' ? unauthorizedRefusals(scope, logGroup) : undefined;
  const alarms = lambdaAlarms(scope, fn, AUTHORIZER_TIMEOUT, props.alarmTopic, {
    idPrefix: 'Authorizer',
    errors: refusals && new cloudwatch.MathExpression({
      expression: 'errors - FILL(refusals, 0)',
      usingMetrics: { errors: fn.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }), refusals },
      label: 'Authorizer errors other than 401 refusals',
      period: Duration.minutes(1),
    }),
    describe: {
      failed: `Calls to scoped routes are refused: the Lambda authorizer of ${scope.node.path} failed, and API Gateway refuses the call ` +
        '(401 on REST, 500 on HTTP). Its log group has the error (no tokens are logged); a deployment may have broken it: roll it back.',
      throttled: `Calls to scoped routes are refused: Lambda throttled the authorizer of ${scope.node.path}. The account's concurrency is ` +
        'taken by other functions, or the reservation is too small: reserve concurrency for it (authorizerReservedConcurrency), or ' +
        'raise authorizerCacheTtl so that fewer calls reach it.',
      slow: (threshold, timeoutMs) => `A run of the Lambda authorizer of ${scope.node.path} took ${threshold} ms or more (its timeout is ` +
        `${timeoutMs} ms; it gives up and refuses after about 3 s). The first call of a container fetches the pool's JWKS, within 1.5 s.`,
    },
  });
  return { fn, logGroup, ...alarms };
}

/**
 * Lets the API whose ID is `apiId`, and only its authorizers, invoke the authorizer function, for an
 * API defined by its OpenAPI document (aws-cdk-lib's authorizer constructs add this permission themselves).
 */
export function allowAuthorizerInvocation(scope: Construct, fn: lambda.IFunction, apiId: string): void {
  fn.addPermission('InvokeByAuthorizer', {
    scope,
    principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    sourceArn: Stack.of(scope).formatArn({ service: 'execute-api', resource: apiId, resourceName: 'authorizers/*' }),
  });
}

/** The count of the REST authorizer's `Unauthorized` refusals, from its decision lines. */
function unauthorizedRefusals(scope: Construct, logGroup: logs.LogGroup): cloudwatch.IMetric {
  const filter = new logs.MetricFilter(scope, 'AuthorizerRefusals', {
    logGroup,
    filterPattern: logs.FilterPattern.stringValue('$.message.decision', '=', 'unauthorized'),
    metricNamespace: 'cdk-scoped-cognito-api',
    // One metric per API: the metric filter gives it no dimension.
    metricName: `AuthorizerUnauthorized-${Names.uniqueId(scope)}`.slice(0, 255),
    metricValue: '1',
  });
  return filter.metric({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM });
}
