import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The cdk-nag AwsSolutions findings on the user pool that are choices, not oversights; each
 * reason, and those of the Serverless findings below, is also in the README's Security section.
 * Everything else the construct fixes itself.
 */
const POOL_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
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
 * The cdk-nag Serverless findings that are choices: the functions are invoked synchronously, and
 * tracing is a cost the application opts into. Stage throttling, which the pack also asks for, is
 * on by default (`throttle`).
 */
const SERVERLESS_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
  {
    id: 'Serverless-LambdaDLQ',
    reason: 'Cognito and API Gateway invoke these functions synchronously and see their errors; a dead-letter queue serves asynchronous invocations only.',
  },
  {
    id: 'Serverless-LambdaTracing',
    reason: 'X-Ray tracing is billed per trace and is the application\'s choice; the functions log their errors.',
  },
];

/** The findings on a REST API's stage and its account-level logging role that are choices. */
const REST_STAGE_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
  {
    id: 'Serverless-APIGWXrayEnabled',
    reason: 'X-Ray tracing of the stage is billed per trace and is the application\'s choice; the stage writes access logs.',
  },
  {
    id: 'AwsSolutions-APIG3',
    reason: 'A WAF web ACL costs money and depends on the application; attach one to the stage when needed.',
  },
  {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason: 'The account-level role API Gateway needs for execution logs; this managed policy is the one AWS documents for it.',
  },
];

/** The findings acknowledged on the REST example stack. */
export const REST_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
  ...POOL_NAG_FINDINGS,
  ...SERVERLESS_NAG_FINDINGS,
  ...REST_STAGE_NAG_FINDINGS,
];

/** The findings acknowledged on the HTTP example stack. */
export const HTTP_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [...POOL_NAG_FINDINGS, ...SERVERLESS_NAG_FINDINGS];

/** The findings acknowledged on the shared-pool example stack (an HTTP API, no pool of its own). */
export const SHARED_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = SERVERLESS_NAG_FINDINGS;

/**
 * The findings acknowledged on the Lite example stack: a REST API on the Lite plan whose scoped
 * methods use the generated Lambda authorizer (Enforcement.LAMBDA_AUTHORIZER), not a Cognito one.
 */
export const LITE_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
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
  ...SERVERLESS_NAG_FINDINGS,
  ...REST_STAGE_NAG_FINDINGS,
];

/** The finding acknowledged on a route that is public on purpose, and on it alone. */
export const PUBLIC_ROUTE_NAG_FINDING = {
  id: 'AwsSolutions-APIG4',
  reason: 'Declared in publicRoutes on purpose (a health check); every other route requires a scope.',
};

/** Acknowledges findings on a construct and everything under it (a stack, or one route). */
export function acknowledgeNagFindings(scope: IConstruct, findings: ReadonlyArray<{ id: string; reason: string }>): void {
  Validations.of(scope).acknowledge(...findings);
}
