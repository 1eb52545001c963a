import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { OpenApiRoute, openApiPaths, security, SECURITY_SCHEME } from './openapi';

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
      ...security(route.scopes),
      'responses': { default: { description: 'The integration\'s response' } },
      'x-amazon-apigateway-integration': { $ref: `#/components/x-amazon-apigateway-integrations/${route.integration}` },
    })),
    components: {
      'x-amazon-apigateway-integrations': settings.integrations,
      'securitySchemes': {
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
