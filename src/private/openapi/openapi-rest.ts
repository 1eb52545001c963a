import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { LAMBDA_SECURITY_SCHEME, OpenApiRoute, openApiPaths, security, SECURITY_SCHEME } from './openapi';
import { authorizerErrorCorsHeaders, restPreflightOperation } from './rest-cors';
import { REST_IDENTITY_SOURCES } from '../rules/authorizer-rules';

/**
 * The OpenAPI 3 document of a REST API defined by one (see `rules/api-form.ts`): the pool's
 * Cognito authorizer, each route's scopes as its security requirement (API Gateway's authorization
 * scopes), request validation of parameters and bodies on every method, and CORS, all as the
 * CloudFormation form sets them up. Pure: every AWS value (ARNs) comes in as a string or token.
 */
export interface RestOpenApiSettings {
  readonly title: string;
  /** The user pool's ARN, the authorizer's provider. */
  readonly userPoolArn: string;
  readonly cors?: apigateway.CorsOptions;
  /** With `Enforcement.LAMBDA_AUTHORIZER`: the generated authorizer's invocation URI and cache TTL, instead of the pool's authorizer. */
  readonly lambdaAuthorizer?: { readonly uri: object; readonly cacheTtlSeconds: number };
}

const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';
const VALIDATOR = 'parameters-and-body';

/** A Lambda proxy integration, by the function's invocation URI. */
export function restFunctionIntegration(invocationUri: object): object {
  return { type: 'aws_proxy', httpMethod: 'POST', uri: invocationUri };
}

/** What the placeholder mock asks of API Gateway: answer 200 (both forms). */
export const MOCK_REQUEST_TEMPLATE = '{"statusCode": 200}';

/** What the placeholder mock answers: the route key (both forms). */
export function mockResponseBody(routeKey: string): string {
  return JSON.stringify({ route: routeKey });
}

/** The placeholder: a mock answering 200 with the route key (and, with CORS, the first allowed origin). */
export function restMockIntegration(routeKey: string, cors: apigateway.CorsOptions | undefined): object {
  return {
    type: 'mock',
    passthroughBehavior: 'never',
    requestTemplates: { 'application/json': MOCK_REQUEST_TEMPLATE },
    responses: {
      default: {
        statusCode: '200',
        responseTemplates: { 'application/json': mockResponseBody(routeKey) },
        ...(cors ? { responseParameters: { [`method.response.header.${ALLOW_ORIGIN}`]: `'${cors.allowOrigins[0]}'` } } : {}),
      },
    },
  };
}

export function restOpenApiDocument(settings: RestOpenApiSettings, routes: readonly OpenApiRoute<object>[]): object {
  const { cors, lambdaAuthorizer } = settings;
  const errorHeaders = cors && authorizerErrorCorsHeaders(cors);
  const paths = openApiPaths(routes, (route) => ({
    ...security(route.scopes, lambdaAuthorizer !== undefined),
    'responses': { 200: { description: 'OK', ...(cors ? { headers: { [ALLOW_ORIGIN]: { schema: { type: 'string' } } } } : {}) } },
    'x-amazon-apigateway-integration': route.integration,
  }));
  if (cors) {
    for (const item of Object.values(paths)) (item as { [key: string]: unknown }).options = restPreflightOperation(cors);
  }
  return {
    'openapi': '3.0.1',
    'info': { title: settings.title, version: '1' },
    'x-amazon-apigateway-request-validators': { [VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true } },
    'x-amazon-apigateway-request-validator': VALIDATOR,
    ...(errorHeaders || lambdaAuthorizer ? { 'x-amazon-apigateway-gateway-responses': gatewayResponses(errorHeaders, lambdaAuthorizer !== undefined) } : {}),
    'paths': paths,
    'components': {
      securitySchemes: lambdaAuthorizer
        ? {
          [LAMBDA_SECURITY_SCHEME]: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authtype': 'custom',
            'x-amazon-apigateway-authorizer': {
              type: 'request',
              identitySource: REST_IDENTITY_SOURCES.join(', '),
              authorizerUri: lambdaAuthorizer.uri,
              authorizerResultTtlInSeconds: lambdaAuthorizer.cacheTtlSeconds,
            },
          },
        }
        : {
          [SECURITY_SCHEME]: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authtype': 'cognito_user_pools',
            'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: [settings.userPoolArn] },
          },
        },
    },
  };
}

/**
 * 401 and 403 come from the authorizer, before any integration: they need the CORS headers too. A
 * Lambda authorizer that fails is a 401, not API Gateway's 500 (as `ScopedCognitoApi` sets it in the
 * other form).
 */
function gatewayResponses(headers: { [header: string]: string } | undefined, byLambda: boolean): object {
  const responseParameters = headers && Object.fromEntries(Object.entries(headers).map(([header, value]) => [`gatewayresponse.header.${header}`, value]));
  const withHeaders = responseParameters ? { responseParameters } : {};
  const refusal = { statusCode: 401, ...withHeaders, responseTemplates: { 'application/json': '{"message":"Unauthorized"}' } };
  return {
    ...(responseParameters ? { UNAUTHORIZED: withHeaders, ACCESS_DENIED: withHeaders } : {}),
    ...(byLambda ? { AUTHORIZER_FAILURE: refusal, AUTHORIZER_CONFIGURATION_ERROR: refusal } : {}),
  };
}
