import * as apigateway from 'aws-cdk-lib/aws-apigateway';

/**
 * The CORS headers of a REST API, in one place for both of its forms (CloudFormation resources
 * and OpenAPI document): the preflight's and those of the authorizer's 401 and 403.
 */

/** Headers of the 401 and 403 the authorizer answers, as gateway-response header mappings. */
export function authorizerErrorCorsHeaders(cors: apigateway.CorsOptions): { [header: string]: string } {
  const origins = cors.allowOrigins;
  // One origin is named as it is; several are answered by echoing the caller's Origin, and
  // then without credentials, so an error response never lends credentials to another site.
  return origins.length === 1
    ? {
      'Access-Control-Allow-Origin': `'${origins[0]}'`,
      ...(cors.allowCredentials ? { 'Access-Control-Allow-Credentials': "'true'" } : {}),
    }
    : { 'Access-Control-Allow-Origin': 'method.request.header.Origin', 'Vary': "'Origin'" };
}

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
