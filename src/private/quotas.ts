/**
 * Hard quotas of the services this library configures, each checked at synth so that a
 * configuration that breaks one fails with its name and source instead of at deploy time.
 */

/**
 * API Gateway HTTP APIs: "Scopes per route: 10" and "Audiences per authorizer: 50", neither can be
 * increased. Source: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
export const HTTP_API_QUOTAS = {
  scopesPerRoute: 10,
  audiencesPerAuthorizer: 50,
  source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
} as const;
