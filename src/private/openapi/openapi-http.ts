import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { LAMBDA_SECURITY_SCHEME, OpenApiRoute, openApiPaths, security, SECURITY_SCHEME } from './openapi';
import { HTTP_IDENTITY_SOURCES } from '../rules/authorizer-rules';

/**
 * The OpenAPI 3 document of an HTTP API defined by one (see `rules/api-form.ts`): a JWT
 * authorizer with the pool as issuer and the accepted clients as audience, each route's scopes as
 * its security requirement, and CORS as API Gateway's extension. Pure: every AWS value comes in as
 * a string or token.
 */
export interface HttpOpenApiSettings {
  readonly title: string;
  /** The user pool's issuer URL. */
  readonly issuer: string;
  /** The IDs of the app clients whose access tokens the API accepts. */
  readonly audience: readonly string[];
  /** `x-amazon-apigateway-cors`, when CORS is on. */
  readonly cors?: object;
  /**
   * The integrations routes name, by name: each is stated once and referenced by its routes, so
   * that API Gateway makes one integration of it (an HTTP API takes at most 300).
   */
  readonly integrations: { readonly [name: string]: object };
  /** With `Enforcement.LAMBDA_AUTHORIZER`: the generated authorizer's invocation URI and cache TTL, instead of the JWT authorizer. */
  readonly lambdaAuthorizer?: { readonly uri: object; readonly cacheTtlSeconds: number };
}

/** CORS as API Gateway's `x-amazon-apigateway-cors` extension states it. */
export function httpCorsExtension(cors: apigwv2.CorsPreflightOptions): object {
  return {
    allowOrigins: cors.allowOrigins,
    ...(cors.allowCredentials !== undefined ? { allowCredentials: cors.allowCredentials } : {}),
    ...(cors.allowHeaders ? { allowHeaders: cors.allowHeaders } : {}),
    ...(cors.allowMethods ? { allowMethods: cors.allowMethods.map(String) } : {}),
    ...(cors.exposeHeaders ? { exposeHeaders: cors.exposeHeaders } : {}),
    ...(cors.maxAge ? { maxAge: cors.maxAge.toSeconds() } : {}),
  };
}

/** A Lambda proxy integration, payload 2.0, by the function's ARN. */
export function httpFunctionIntegration(functionArn: string): object {
  return { type: 'aws_proxy', httpMethod: 'POST', uri: functionArn, payloadFormatVersion: '2.0' };
}

/** The document; each route names its integration, one of `settings.integrations`. */
export function httpOpenApiDocument(settings: HttpOpenApiSettings, routes: readonly OpenApiRoute<string>[]): object {
  return {
    openapi: '3.0.1',
    info: { title: settings.title, version: '1' },
    ...(settings.cors ? { 'x-amazon-apigateway-cors': settings.cors } : {}),
    paths: openApiPaths(routes, (route) => ({
      ...security(route.scopes, settings.lambdaAuthorizer !== undefined),
      'responses': { default: { description: 'The integration\'s response' } },
      'x-amazon-apigateway-integration': { $ref: `#/components/x-amazon-apigateway-integrations/${route.integration}` },
    })),
    components: {
      'x-amazon-apigateway-integrations': settings.integrations,
      'securitySchemes': settings.lambdaAuthorizer
        ? {
          [LAMBDA_SECURITY_SCHEME]: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authorizer': {
              type: 'request',
              identitySource: HTTP_IDENTITY_SOURCES.join(', '),
              authorizerUri: settings.lambdaAuthorizer.uri,
              authorizerPayloadFormatVersion: '2.0',
              enableSimpleResponses: true,
              authorizerResultTtlInSeconds: settings.lambdaAuthorizer.cacheTtlSeconds,
            },
          },
        }
        : {
          [SECURITY_SCHEME]: {
            'type': 'oauth2',
            'flows': {},
            'x-amazon-apigateway-authorizer': {
              type: 'jwt',
              identitySource: '$request.header.Authorization',
              jwtConfiguration: { issuer: settings.issuer, audience: [...settings.audience] },
            },
          },
        },
    },
  };
}
