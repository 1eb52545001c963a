import type { ThrottleSettings } from 'aws-cdk-lib/aws-apigateway';
import { ApiForm, openApiRefuses } from './api-form';
import { corsProblems, CorsOrigins } from './cors-rules';
import { httpRouteScopeProblems } from './quota-rules';
import { throttleProblems } from './throttle-rules';

/** What the REST construct's own checks look at. */
export interface RestApiSettings {
  readonly cors?: CorsOrigins;
  readonly throttle?: ThrottleSettings;
  readonly cloudWatchRole?: boolean;
  readonly restApi?: unknown;
}

/** What the HTTP construct's own checks look at. */
export interface HttpApiSettings {
  readonly cors?: CorsOrigins;
  readonly throttle?: ThrottleSettings;
  readonly httpApi?: unknown;
  readonly defaultIntegration?: unknown;
  readonly routeScopes: { readonly [route: string]: readonly string[] };
}

/** The problems only a REST API construct knows of, for `checkApiProps`. */
export function restApiProblems(props: RestApiSettings): string[] {
  return [
    ...corsProblems(props.cors),
    ...throttleProblems(props.throttle, props.restApi ? 'restApi' : undefined),
    ...(props.cloudWatchRole !== undefined && props.restApi ? ['cloudWatchRole: set cloudWatchRole on the restApi you pass in, not here'] : []),
  ];
}

/** The problems only an HTTP API construct knows of, for `checkApiProps`. */
export function httpApiProblems(props: HttpApiSettings, form: ApiForm): string[] {
  return [
    ...(form.definedByOpenApi && props.defaultIntegration ? [openApiRefuses('defaultIntegration', form.routeCount)] : []),
    ...corsProblems(props.cors),
    ...throttleProblems(props.throttle, props.httpApi ? 'httpApi' : undefined),
    ...(props.cors && props.httpApi ? ['cors: set corsPreflight on the httpApi you pass in, not here'] : []),
    ...Object.entries(props.routeScopes).flatMap(([route, scopes]) => httpRouteScopeProblems(route, scopes)),
  ];
}
