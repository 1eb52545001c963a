import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The findings of the policy checks over the example app that are choices, not oversights, with
 * why: the five cdk-nag packs test/security.test.ts runs (AwsSolutions, Serverless, NIST 800-53 R5,
 * HIPAA Security, PCI DSS 3.2.1) and the library's own synth warning about alarms that notify
 * nobody. Everything else the construct fixes itself. docs/security.md lists each of them, and
 * what is fixed, in its table of policy findings; the test fails when the two diverge, and when an
 * acknowledgment here answers no finding.
 */
export interface NagFinding {
  /** The rule's ID, as the pack names it (`<pack>-<rule>`), or a warning's ID. */
  readonly id: string;
  /** Why it is a choice. */
  readonly reason: string;
}

/** The packs beside AwsSolutions and Serverless, by the prefix of their rule IDs. */
const NIST = 'NIST.800.53.R5';
const HIPAA = 'HIPAA.Security';
const PCI = 'PCI.DSS.321';

/** One rule that several packs raise, each under its own ID (`<pack>-<rule>`), for one reason. */
function inPacks(packs: ReadonlyArray<string>, rule: string, reason: string): NagFinding[] {
  return packs.map((pack) => ({ id: `${pack}-${rule}`, reason }));
}

/** The user pool's findings (COG2, COG8). */
const POOL_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  {
    id: 'AwsSolutions-COG2',
    reason: 'MFA is the application\'s choice (userPoolProps.mfa); the example keeps sign-in simple.',
  },
  {
    id: 'AwsSolutions-COG8',
    reason: 'Essentials is the cheapest plan that can add scopes to access tokens; Plus (threat protection) is opt-in.',
  },
];

/**
 * The functions' findings (the trigger, the Lambda authorizer, the HTTP placeholder): every example
 * stack has one at least. They are invoked synchronously, reach nothing a VPC would guard, and
 * their roles hold one inline policy each.
 */
const FUNCTION_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  ...inPacks(['Serverless', NIST, HIPAA], 'LambdaDLQ',
    'Cognito and API Gateway invoke these functions synchronously and see their errors; a dead-letter queue serves asynchronous invocations only.'),
  {
    id: 'Serverless-LambdaTracing',
    reason: 'X-Ray is billed per trace past its free tier and is the application\'s choice (tracing: true); the functions log their errors.',
  },
  ...inPacks([NIST, HIPAA], 'LambdaConcurrency',
    'Reserved concurrency is opt-in (triggerReservedConcurrency, authorizerReservedConcurrency, defaultRouteReservedConcurrency): ' +
    'Lambda keeps 100 of an account\'s concurrency unreserved, so a reservation fails to deploy on accounts with a small quota, ' +
    'and it caps the function too; the throttles alarms say when the trigger or the authorizer is starved.'),
  ...inPacks([NIST, HIPAA, PCI], 'LambdaInsideVPC',
    'The functions reach public AWS endpoints only (the authorizer the pool\'s JWKS, the V3_0 trigger one SSM parameter, the others nothing) ' +
    'and take no inbound connections; in a VPC they would need a NAT gateway or interface endpoints to reach them, and gain no protection.'),
  ...inPacks([NIST, HIPAA, PCI], 'IAMNoInlinePolicy',
    'Each function\'s role holds one inline policy that may only write its own log group (and, for machine-client claims, read one SSM ' +
    'parameter): inline, it lives and dies with that role and cannot be attached to another, as a managed policy could.'),
];

/** The log groups' findings: every example stack has some. */
const LOG_GROUP_NAG_FINDINGS: ReadonlyArray<NagFinding> = inPacks([NIST, HIPAA, PCI], 'CloudWatchLogGroupEncrypted',
  'CloudWatch Logs encrypts every log group at rest with its own key; a customer managed key (logEncryptionKey, wired into every log ' +
  'group the construct creates) adds control of who may decrypt at a monthly price per key, the application\'s choice. The functions ' +
  'log counts only; the access logs hold callers\' IPs and request lines.');

/**
 * The alarms' findings, and the library's own warning about them: the example has nobody to
 * notify. Acknowledged rather than given a topic, since the consumer apps (test/consumers) must
 * synthesize the example's templates exactly, in four languages.
 */
const ALARM_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  ...inPacks([NIST, HIPAA], 'CloudWatchAlarmAction',
    'The example has nobody to page, and a topic without a subscriber would notify nobody either; a deployment gives alarmTopic ' +
    'the topic its on-call subscribes to, which the alarms then notify on alarm and on recovery.'),
  {
    id: 'cdk-scoped-cognito-api:alarmsWithoutAction',
    reason: 'The example has nobody to page; a deployment gives alarmTopic the topic its on-call subscribes to.',
  },
];

/** Why the REST stages have no WAF web ACL (AwsSolutions-APIG3 and the packs' APIGWAssociatedWithWAF). */
const NO_WEB_ACL = 'A WAF web ACL is billed per ACL, rule and request and its rules depend on the application: pass one as webAclArn to ' +
  'associate it with the pool and the stage. The stage throttle bounds the requests meanwhile.';

/** The findings on a REST API's stage and its account-level logging role. */
const REST_STAGE_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  ...inPacks(['Serverless', HIPAA], 'APIGWXrayEnabled',
    'X-Ray tracing of the stage is billed per trace past its free tier and is the application\'s choice (tracing: true); the stage writes access logs.'),
  { id: 'AwsSolutions-APIG3', reason: NO_WEB_ACL },
  ...inPacks([NIST, PCI], 'APIGWAssociatedWithWAF', NO_WEB_ACL),
  ...inPacks([NIST, HIPAA, PCI], 'APIGWCacheEnabledAndEncrypted',
    'A stage cache is a cache cluster billed per hour whatever the traffic, and serves backends whose answers do not vary by caller; ' +
    'the example\'s routes are mock integrations answered by API Gateway itself.'),
  ...inPacks([NIST, HIPAA, PCI], 'APIGWSSLEnabled',
    'The rule asks for a client certificate, which API Gateway presents to HTTP backends so that they can tell its requests; ' +
    'the example\'s routes have no HTTP backend (mock integrations). Clients reach the stage over HTTPS only.'),
  {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason: 'The account-level role API Gateway needs for execution logs; this managed policy is the one AWS documents for it.',
  },
];

/** The findings every example stack shares: its functions, log groups and alarms. */
const EVERY_STACK_NAG_FINDINGS: ReadonlyArray<NagFinding> = [...FUNCTION_NAG_FINDINGS, ...LOG_GROUP_NAG_FINDINGS, ...ALARM_NAG_FINDINGS];

/** The findings acknowledged on the REST example stack. */
export const REST_NAG_FINDINGS: ReadonlyArray<NagFinding> = [...POOL_NAG_FINDINGS, ...EVERY_STACK_NAG_FINDINGS, ...REST_STAGE_NAG_FINDINGS];

/** The findings acknowledged on the HTTP example stack (HTTP APIs take no WAF, cache or tracing, so none of the stage's). */
export const HTTP_NAG_FINDINGS: ReadonlyArray<NagFinding> = [...POOL_NAG_FINDINGS, ...EVERY_STACK_NAG_FINDINGS];

/** The findings acknowledged on the shared-pool example stack (an HTTP API, no pool of its own). */
export const SHARED_NAG_FINDINGS: ReadonlyArray<NagFinding> = EVERY_STACK_NAG_FINDINGS;

/**
 * The findings acknowledged on the Lite example stack: a REST API on the Lite plan whose scoped
 * methods use the generated Lambda authorizer (Enforcement.LAMBDA_AUTHORIZER), not a Cognito one.
 */
export const LITE_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  ...POOL_NAG_FINDINGS.filter((finding) => finding.id !== 'AwsSolutions-COG8'),
  {
    id: 'AwsSolutions-COG8',
    reason: 'Lite is the cheapest plan, and enough here: the generated Lambda authorizer needs no scopes in access tokens; Plus (threat protection) is opt-in.',
  },
  {
    id: 'AwsSolutions-COG4',
    reason: 'The generated Lambda authorizer verifies each access token of the pool (signature, issuer, token use, expiry) and checks the scopes ' +
      'of its groups or its client; on the Lite plan a Cognito authorizer would find no group scopes in the token.',
  },
  ...EVERY_STACK_NAG_FINDINGS,
  ...REST_STAGE_NAG_FINDINGS,
];

/** The finding acknowledged on a route that is public on purpose, and on it alone. */
export const PUBLIC_ROUTE_NAG_FINDING: NagFinding = {
  id: 'AwsSolutions-APIG4',
  reason: 'Declared in publicRoutes on purpose (a health check); every other route requires a scope.',
};

/**
 * The finding of a REST API in the OpenAPI form (more than 100 routes, or ApiDefinition.OPENAPI_DOCUMENT),
 * besides its stack's: the example's APIs are small, so only the test's larger copies of them need it.
 */
export const OPENAPI_FORM_NAG_FINDINGS: ReadonlyArray<NagFinding> = [
  {
    id: 'AwsSolutions-APIG2',
    reason: 'Every route is validated: the request validator is declared in the OpenAPI document (x-amazon-apigateway-request-validators), ' +
      'and the rule looks only for an AWS::ApiGateway::RequestValidator resource.',
  },
];

/** Acknowledges findings on a construct and everything under it (a stack, or one route). */
export function acknowledgeNagFindings(scope: IConstruct, findings: ReadonlyArray<NagFinding>): void {
  Validations.of(scope).acknowledge(...findings);
}
