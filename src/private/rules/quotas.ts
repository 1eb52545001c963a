/**
 * Quotas of the services this library configures, each with the page it is documented on. Each is
 * checked at synth (see quota-rules.ts), so that a configuration that breaks one fails, or warns
 * when the quota can be raised, with its name and source instead of at deploy time.
 */

/**
 * Amazon Cognito user pools, "Quotas on resource number and size": "Scopes per app client: 50"
 * and "Scopes per resource server: 100" and "Groups per user pool: 10,000" (none adjustable),
 * "Resource servers per user pool: 25" (adjustable, to at most 300).
 */
export const COGNITO_QUOTAS = {
  scopesPerAppClient: 50,
  scopesPerResourceServer: 100,
  groupsPerPool: 10_000,
  resourceServersPerPool: 25,
  resourceServersPerPoolMaximum: 300,
  source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html',
} as const;

/**
 * API Gateway REST APIs: "Resources per API: 300" (can be increased).
 */
export const REST_API_QUOTAS = {
  resourcesPerApi: 300,
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html',
} as const;

/**
 * API Gateway HTTP APIs: "Scopes per route: 10", "Audiences per authorizer: 50" and "Integrations
 * per API: 300" (none can be increased), "Routes per API: 300" (can be increased).
 */
export const HTTP_API_QUOTAS = {
  scopesPerRoute: 10,
  audiencesPerAuthorizer: 50,
  integrationsPerApi: 300,
  routesPerApi: 300,
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
} as const;

/**
 * AWS CloudFormation: "Resources: 500 resources" per template and "Template body size in an
 * Amazon S3 object: 1 MB" (where the CDK CLI puts templates; taken as 1,000,000 bytes, as
 * aws-cdk-lib's own warning does). The tuning strategy the page gives is splitting the template,
 * not an increase.
 */
export const CLOUDFORMATION_QUOTAS = {
  resourcesPerTemplate: 500,
  templateBytes: 1_000_000,
  source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html',
} as const;

/**
 * Amazon Cognito user pools, "API operation categories and request rate quotas", the default
 * requests per second of each account in a Region, for all its user pools: `UserAuthentication`
 * (sign-in, its challenges and token refresh: the trigger runs on each token it issues) 120,
 * adjustable; `UserFederation` (sign-in through a federated identity provider) 25;
 * `ClientAuthentication` (client-credentials tokens: the trigger runs on them on V3_0 only) 150, not
 * adjustable.
 */
export const COGNITO_REQUEST_RATE_QUOTAS = {
  userAuthentication: 120,
  userFederation: 25,
  clientAuthentication: 150,
  source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html',
} as const;

/**
 * AWS Lambda: "Concurrent executions: 1,000" per account in a Region by default (new accounts may
 * start lower) (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), and "you
 * can reserve up to the Unreserved account concurrency value minus 100": the last 100 stay for the
 * functions that reserve none (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
 */
export const LAMBDA_QUOTAS = {
  defaultAccountConcurrency: 1000,
  unreservedMinimum: 100,
  source: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
} as const;
