import { corsProblems, CorsOrigins } from './cors-rules';

/** What the REST construct's own checks look at. */
export interface RestApiSettings {
  readonly cors?: CorsOrigins;
  readonly cloudWatchRole?: boolean;
  readonly restApi?: unknown;
}

/** What the HTTP construct's own checks look at. */
export interface HttpApiSettings {
  readonly cors?: CorsOrigins;
  readonly httpApi?: unknown;
}

/** The problems only a REST API construct knows of, for `checkApiProps`. */
export function restApiProblems(props: RestApiSettings): string[] {
  return [
    ...corsProblems(props.cors),
    ...(props.cloudWatchRole !== undefined && props.restApi ? ['cloudWatchRole: set cloudWatchRole on the restApi you pass in, not here'] : []),
  ];
}

/** The problems only an HTTP API construct knows of, for `checkApiProps`. */
export function httpApiProblems(props: HttpApiSettings): string[] {
  return [
    ...corsProblems(props.cors),
    ...(props.cors && props.httpApi ? ['cors: set corsPreflight on the httpApi you pass in, not here'] : []),
  ];
}
