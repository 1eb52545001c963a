import { Annotations, Duration } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { silentAlarmsWarning } from '../rules/operations-rules';

/** The trigger's duration alarm fires when its longest run in a minute reaches this share of its timeout. */
export const TRIGGER_DURATION_ALARM_SHARE = 0.8;
/** The API's alarm fires when this share of its requests in five minutes answer 5xx (with enough of them). */
export const SERVER_ERROR_RATE_THRESHOLD = 0.05;

/** The alarms of one of the library's functions: a failed, throttled or slow run refuses a sign-in or a call. */
export interface FunctionAlarms {
  readonly errors: cloudwatch.Alarm;
  readonly throttles: cloudwatch.Alarm;
  readonly duration: cloudwatch.Alarm;
}

/** @deprecated the name of `FunctionAlarms` when only the trigger had them */
export type TriggerAlarms = FunctionAlarms;

const ONE_MINUTE = Duration.minutes(1);

/** What the alarms of a function say and watch. */
export interface LambdaAlarmOptions {
  /** The prefix of the alarms' IDs: `<prefix>ErrorsAlarm`, `<prefix>ThrottlesAlarm`, `<prefix>DurationAlarm`. */
  readonly idPrefix: string;
  /** The errors metric, if not the function's own `Errors` (Sum per minute). */
  readonly errors?: cloudwatch.IMetric;
  /** The alarms' descriptions; `slow` is given the threshold and the timeout. */
  readonly describe: {
    readonly failed: string;
    readonly throttled: string;
    readonly slow: (thresholdMs: number, timeoutMs: number) => string;
  };
}

/** Alarms on errors, throttles and duration (the longest run in a minute near `timeout`) of `fn`, notifying `topic`. */
export function lambdaAlarms(
  scope: Construct,
  fn: lambda.IFunction,
  timeout: Duration,
  topic: sns.ITopic | undefined,
  options: LambdaAlarmOptions,
): FunctionAlarms {
  const anyInAMinute = { threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD };
  const threshold = timeout.toMilliseconds() * TRIGGER_DURATION_ALARM_SHARE;
  return {
    errors: alarm(scope, `${options.idPrefix}ErrorsAlarm`, topic, {
      metric: options.errors ?? fn.metricErrors({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM }),
      ...anyInAMinute,
      alarmDescription: options.describe.failed,
    }),
    throttles: alarm(scope, `${options.idPrefix}ThrottlesAlarm`, topic, {
      metric: fn.metricThrottles({ period: ONE_MINUTE, statistic: cloudwatch.Stats.SUM }),
      ...anyInAMinute,
      alarmDescription: options.describe.throttled,
    }),
    duration: alarm(scope, `${options.idPrefix}DurationAlarm`, topic, {
      metric: fn.metricDuration({ period: ONE_MINUTE, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: options.describe.slow(threshold, timeout.toMilliseconds()),
    }),
  };
}

/** Alarms on the Pre Token Generation trigger `fn`, whose timeout is `timeout`, notifying `topic`. */
export function triggerAlarms(scope: Construct, fn: lambda.IFunction, timeout: Duration, topic: sns.ITopic | undefined): FunctionAlarms {
  return lambdaAlarms(scope, fn, timeout, topic, {
    idPrefix: 'Trigger',
    describe: {
      failed: `Sign-in is failing: the Pre Token Generation trigger of ${scope.node.path} failed, and Cognito refuses the sign-in ` +
        'or token refresh of each failed run. Its log group has the error (no tokens are logged); a deployment may have broken it: roll it back.',
      throttled: `Sign-in is failing: Lambda throttled the Pre Token Generation trigger of ${scope.node.path}; a throttled run can fail ` +
        'a sign-in or token refresh. The account\'s concurrency is taken by other functions, or the trigger\'s reservation is ' +
        'too small: reserve concurrency for it (triggerReservedConcurrency) or raise the account\'s Lambda concurrency quota.',
      slow: (threshold, timeoutMs) => `A run of the Pre Token Generation trigger of ${scope.node.path} took ${threshold} ms or more, near its ` +
        `${timeoutMs} ms timeout, past which the sign-in fails. Its log group shows the slow runs (platform.report records); ` +
        'on V3_0, the first machine token of a container reads an SSM parameter.',
    },
  });
}

/** Alarm on the share of an API's requests answered 5xx, given as a rate metric (0 to 1). */
export function serverErrorRateAlarm(scope: Construct, rate: cloudwatch.IMetric, topic: sns.ITopic | undefined): cloudwatch.Alarm {
  return alarm(scope, 'ServerErrorRateAlarm', topic, {
    metric: rate,
    threshold: SERVER_ERROR_RATE_THRESHOLD,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    alarmDescription:
      `${SERVER_ERROR_RATE_THRESHOLD * 100}% or more of the requests to the API of ${scope.node.path} in five minutes ` +
      `(${SERVER_ERROR_RATE_MIN_REQUESTS} at least) answered 5xx: ` +
      'its integrations failed or timed out. The access logs name the routes and the integration errors.',
  });
}

/** Five minutes of an API's requests, for its 5xx rate. */
const SERVER_ERROR_RATE_PERIOD = Duration.minutes(5);
/** Fewer requests than this in five minutes have no 5xx rate worth an alarm: one failure in two is not an outage. */
export const SERVER_ERROR_RATE_MIN_REQUESTS = 10;

/**
 * A REST API's 5xx rate: `5XXError` (Sum) over `Count` (SampleCount), as the metrics' page defines them
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html).
 * The metrics name the API by its name (`ApiName`), which must be unique in the account and Region.
 */
export function restServerErrorRate(api: apigateway.RestApiBase): cloudwatch.IMetric {
  return serverErrorRate(api.metricServerError(SUM), api.metricCount(SAMPLE_COUNT));
}

/**
 * An HTTP API's 5xx rate: `5xx` over `Count`, by API ID
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html).
 */
export function httpServerErrorRate(api: apigwv2.IHttpApi): cloudwatch.IMetric {
  return serverErrorRate(api.metricServerError(SUM), api.metricCount(SAMPLE_COUNT));
}

const SUM = { period: SERVER_ERROR_RATE_PERIOD, statistic: cloudwatch.Stats.SUM };
const SAMPLE_COUNT = { period: SERVER_ERROR_RATE_PERIOD, statistic: cloudwatch.Stats.SAMPLE_COUNT };

/** Errors over requests, 0 below the minimum number of requests; a period without requests has no rate. */
function serverErrorRate(errors: cloudwatch.IMetric, requests: cloudwatch.IMetric): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `IF(requests >= ${SERVER_ERROR_RATE_MIN_REQUESTS}, errors / requests, 0)`,
    usingMetrics: { errors, requests },
    label: '5xx rate',
    period: SERVER_ERROR_RATE_PERIOD,
  });
}

/**
 * Warns, once the app is complete, when `scope`'s alarms (its own children) would notify nobody:
 * without `topic` they only change state in the console.
 */
export function warnAboutSilentAlarms(scope: Construct, topic: sns.ITopic | undefined): void {
  if (topic !== undefined) return;
  scope.node.addValidation({
    validate: () => {
      const count = scope.node.children.filter((child) => child instanceof cloudwatch.Alarm).length;
      if (count > 0) Annotations.of(scope).addWarningV2('cdk-scoped-cognito-api:alarmsWithoutAction', silentAlarmsWarning(count));
      return [];
    },
  });
}

function alarm(scope: Construct, id: string, topic: sns.ITopic | undefined, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
  // No data is no failure: a quiet pool or API is not in alarm.
  const created = new cloudwatch.Alarm(scope, id, { treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING, ...props });
  if (topic) {
    created.addAlarmAction(new actions.SnsAction(topic));
    created.addOkAction(new actions.SnsAction(topic));
  }
  return created;
}
