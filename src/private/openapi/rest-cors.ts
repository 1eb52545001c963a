import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * The CORS headers of a REST API, in one place for both of its forms (CloudFormation resources
 * and OpenAPI document): the preflight's and those of the authorizer's 401 and 403.
 */

/**
 * Headers of the 401 and 403 the authorizer answers, as gateway-response header mappings, or
 * undefined when there are none to give. One origin (or `*`) is named as it is. Several cannot be:
 * a gateway response maps headers from static values or request parameters only, and its template
 * is not run by VTL (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html),
 * so it could only echo any caller's Origin; it names none, and the browser reports a CORS error.
 */
export function authorizerErrorCorsHeaders(cors: apigateway.CorsOptions): { [header: string]: string } | undefined {
  const origins = cors.allowOrigins;
  if (origins.length !== 1) return undefined;
  return {
    'Access-Control-Allow-Origin': `'${origins[0]}'`,
    ...(cors.allowCredentials ? { 'Access-Control-Allow-Credentials': "'true'" } : {}),
  };
}

/** Why, with several origins, the authorizer's 401 and 403 reach browser code as CORS errors. */
export const SEVERAL_ORIGINS_WARNING = 'cors.allowOrigins names several origins: the authorizer\'s 401 and 403 carry no Access-Control-Allow-Origin, '
  + 'since a gateway response cannot choose among origins (echoing the caller\'s would answer any site), so browser code sees them as CORS errors; '
  + 'name one origin to let it read them';

/**
 * The preflight of a path in an OpenAPI document: a mock answering with the CORS headers, as
 * `addCorsPreflight` sets them up for the CloudFormation form (several origins: the caller's
 * Origin is echoed when it is one of them).
 */
export function restPreflightOperation(cors: apigateway.CorsOptions): object {
  const [firstOrigin, ...otherOrigins] = cors.allowOrigins;
  const methods = !cors.allowMethods || cors.allowMethods.includes('ANY') ? apigateway.Cors.ALL_METHODS : cors.allowMethods;
  const maxAge = cors.disableCache ? -1 : cors.maxAge?.toSeconds();
  const headers: { [name: string]: string } = {
    'Access-Control-Allow-Headers': `'${(cors.allowHeaders ?? apigateway.Cors.DEFAULT_HEADERS).join(',')}'`,
    'Access-Control-Allow-Origin': `'${firstOrigin}'`,
    ...(firstOrigin !== '*' ? { Vary: "'Origin'" } : {}),
    'Access-Control-Allow-Methods': `'${methods.join(',')}'`,
    ...(cors.allowCredentials ? { 'Access-Control-Allow-Credentials': "'true'" } : {}),
    ...(maxAge ? { 'Access-Control-Max-Age': `'${maxAge}'` } : {}),
    ...(cors.exposeHeaders ? { 'Access-Control-Expose-Headers': `'${cors.exposeHeaders.join(',')}'` } : {}),
  };
  const statusCode = `${cors.statusCode ?? 204}`;
  const echoOrigin = otherOrigins.length === 0 ? undefined : [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if($origin == "")#set($origin = $input.params().header.get("origin"))#end',
    `#if(${cors.allowOrigins.map((origin) => `$origin == "${origin}"`).join(' || ')})`,
    '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
  ].join('\n');
  return {
    'responses': {
      [statusCode]: {
        description: 'CORS preflight',
        headers: Object.fromEntries(Object.keys(headers).map((name) => [name, { schema: { type: 'string' } }])),
      },
    },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: {
        default: {
          statusCode,
          responseParameters: Object.fromEntries(Object.entries(headers).map(([name, value]) => [`method.response.header.${name}`, value])),
          ...(echoOrigin ? { responseTemplates: { 'application/json': echoOrigin } } : {}),
        },
      },
    },
  };
}
