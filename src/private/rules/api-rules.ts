import { Stack } from 'aws-cdk-lib';
import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiForm, apiDefinitionProblems, isDefinedByOpenApi, openApiRefuses } from './api-form';
import { authorizerSettingsProblems } from './authorizer-rules';
import { webAclArnProblems } from './operations-rules';
import { failOnProblems } from './problems';
import { resolveScopeMap } from './resolve-scopes';
import { parseRouteKey, RouteKey } from './route-key';
import { checkRoutes, ScopedRoute } from './route-rules';
import { scopesHeld } from './scope-rules';
import { CheckedUserPoolProps, checkUserPoolProps } from './user-pool-rules';
import { Enforcement } from '../../enforcement';
import type { ScopedRoutesProps } from '../../scoped-routes-props';
import type { ScopedUserPool } from '../../scoped-user-pool';

/** Why a route's scopes must be known at synth time. */
export const ROUTE_SCOPES_AT_SYNTH = 'a route\'s scopes decide who may call it and are checked at synth time against those the pool grants';

/**
 * The settings of the Cognito half an API construct takes besides `groupScopes`: with
 * `scopedUserPool`, none of them may be given (the pool is set up already). The test of this list
 * compares it with `ScopedUserPoolOptions` in the jsii assembly, so a new setting cannot be missed.
 */
export const POOL_SETTINGS = [
  'authFlows', 'baseScopes', 'createGroups', 'domainPrefix', 'encryptionKey', 'enforcement', 'featurePlan', 'groupRemovalPolicy', 'issuer',
  'machineClients', 'oAuth',
  'threatProtection', 'triggerEventVersion', 'triggerReservedConcurrency', 'userPool', 'userPoolDomain', 'userPoolProps',
] as const;

/** An API construct's routes, checked, with the integration or function each was given. */
export interface CheckedApiRoutes<I> {
  readonly scopedRoutes: ScopedRoute[];
  readonly publicRoutes: RouteKey[];
  /** `routeIntegrations` by route key. */
  readonly integrations: Map<string, I>;
  /** `routeHandlers` by route key. */
  readonly handlers: Map<string, IFunction>;
  /** The checked props of the pool the API will create (none with `scopedUserPool`). */
  readonly checkedPool?: CheckedUserPoolProps;
  /** Whether the API is defined by one OpenAPI document rather than a resource per route (see `api-form.ts`). */
  readonly definedByOpenApi: boolean;
  /** How the routes' scopes are enforced: the shared pool's, or that of the pool the API will create. */
  readonly enforcement: Enforcement;
}

/** What an API kind tells the shared checks about itself. */
export interface ApiKind {
  /** The kind's name, as messages say it. */
  readonly name: 'REST' | 'HTTP';
  /** Whether the API answers CORS preflights (then `OPTIONS` routes are its own). */
  readonly corsEnabled: boolean;
  /** Whether the user passed in the API (then it is never defined by an OpenAPI document). */
  readonly apiPassedIn: boolean;
  /**
   * The app clients whose tokens the API accepts, given its pool, when it lists them (an HTTP API's
   * JWT authorizer); none when it accepts every client of the pool (a REST API's Cognito authorizer).
   */
  acceptedClients?(pool: ScopedUserPool): IUserPoolClient[];
  /** The problems only the API kind knows of (CORS...), given the form the API takes. */
  problems(form: ApiForm): string[];
}

/**
 * The one entry point of an API construct's checks, run before anything is built: the Cognito half
 * it creates (or, with `scopedUserPool`, that no pool setting is given), the routes against the
 * scopes the pool grants, the integrations and functions, and those only the API kind knows of
 * (CORS...). One error lists every problem.
 */
export function checkApiProps<I>(
  owner: Construct,
  props: ScopedRoutesProps,
  routeIntegrations: { [route: string]: I } | undefined,
  kind: ApiKind,
): CheckedApiRoutes<I> {
  const corsEnabled = kind.corsEnabled;
  const pool = poolOf(owner, props);
  const tokenProblems: string[] = [];
  const routes = checkRoutes({
    routeScopes: resolveScopeMap(owner, props.routeScopes, 'routeScopes', ROUTE_SCOPES_AT_SYNTH, tokenProblems),
    publicRoutes: props.publicRoutes ?? [],
    heldScopes: pool.heldScopes,
    baseScopes: pool.baseScopes,
    existingRoutes: [],
    corsEnabled,
  });
  const declared = new Set([...routes.scopedRoutes.map((r) => r.route.key), ...routes.publicRoutes.map((r) => r.key)]);
  const integrationProblems: string[] = [];
  const integrations = backendsByRoute('routeIntegrations', routeIntegrations, declared, integrationProblems);
  const handlers = backendsByRoute('routeHandlers', props.routeHandlers, declared, integrationProblems);
  for (const [raw] of Object.entries(props.routeHandlers ?? {}).filter(([r]) => integrations.has(parseRouteKey(r).route?.key ?? ''))) {
    integrationProblems.push(`routeHandlers['${raw}']: the route is in routeIntegrations too; back it with one or the other`);
  }
  const definedByOpenApi = isDefinedByOpenApi(declared.size, kind.apiPassedIn, props.apiDefinition);
  const enforcement = props.scopedUserPool?.enforcement ?? props.enforcement ?? Enforcement.ACCESS_TOKEN_SCOPES;
  if (definedByOpenApi && integrations.size > 0) integrationProblems.push(openApiRefuses('routeIntegrations', declared.size));
  failOnProblems(owner, [
    ...pool.problems,
    ...tokenProblems,
    ...(Object.keys(props.routeScopes).length === 0 ? ['routeScopes is empty: guard at least one route with a scope'] : []),
    ...routes.problems,
    ...integrationProblems,
    ...apiDefinitionProblems(props.apiDefinition, kind.apiPassedIn),
    ...authorizerSettingsProblems(props, enforcement),
    // The pool the API creates checks its own; an API on a shared pool checks it for its stage.
    ...(props.scopedUserPool ? webAclArnProblems(props.webAclArn, Stack.of(owner)) : []),
    ...kind.problems({ definedByOpenApi, routeCount: declared.size }),
  ]);
  return {
    scopedRoutes: routes.scopedRoutes,
    publicRoutes: routes.publicRoutes,
    integrations,
    handlers,
    checkedPool: pool.checked,
    definedByOpenApi,
    enforcement,
  };
}

/** What `routeIntegrations` or `routeHandlers` give each declared route, by route key; keys naming no route are problems. */
function backendsByRoute<B>(
  prop: string,
  given: { readonly [route: string]: B } | undefined,
  declared: ReadonlySet<string>,
  problems: string[],
): Map<string, B> {
  const byKey = new Map<string, B>();
  for (const [raw, backend] of Object.entries(given ?? {})) {
    const key = parseRouteKey(raw).route?.key;
    if (key !== undefined && declared.has(key)) byKey.set(key, backend);
    else problems.push(`${prop}['${raw}']: no such route in routeScopes or publicRoutes`);
  }
  return byKey;
}

/** What the routes are checked against: the shared pool's grants, or those of the pool the API will create. */
function poolOf(
  owner: Construct,
  props: ScopedRoutesProps,
): { heldScopes: string[]; baseScopes: string[]; problems: string[]; checked?: CheckedUserPoolProps } {
  const shared = props.scopedUserPool;
  if (shared) {
    // The enforcement may be restated, not changed: an API follows its pool's.
    const given = ['groupScopes', ...POOL_SETTINGS].filter((key) => (props as unknown as Record<string, unknown>)[key] !== undefined)
      .filter((key) => key !== 'enforcement' || props.enforcement !== shared.enforcement);
    return {
      heldScopes: shared.scopesRoutesMayRequire(),
      baseScopes: shared.baseScopes,
      problems: given.length === 0 ? [] : [
        given.includes('enforcement')
          ? `enforcement: ${props.enforcement}, but the API follows the enforcement of its scopedUserPool, ${shared.node.path}, which is ` +
            `${shared.enforcement}; set enforcement on the ScopedUserPool, or leave it out here`
          : undefined,
        given.some((key) => key !== 'enforcement')
          ? `scopedUserPool and ${given.filter((key) => key !== 'enforcement').join(', ')}: the API is attached to an existing pool, which is set up already; ` +
            `set ${given.filter((key) => key !== 'enforcement').length === 1 ? 'it' : 'them'} on the ScopedUserPool instead`
          : undefined,
      ].filter((problem): problem is string => problem !== undefined),
    };
  }
  if (props.groupScopes === undefined) {
    return { heldScopes: [], baseScopes: [], problems: ['groupScopes: map groups to the scopes they grant, or pass scopedUserPool to attach the API to an existing pool'] };
  }
  const cognito = checkUserPoolProps(owner, { ...props, groupScopes: props.groupScopes });
  return {
    heldScopes: scopesHeld(cognito.groupScopes, cognito.machineClientScopes),
    baseScopes: cognito.baseScopes,
    problems: cognito.problems,
    checked: cognito,
  };
}

/**
 * Checks a route added after construction (`addRoute`) like those of `routeScopes`, against the
 * scopes `pool` grants and the routes the API already has; throws at once, naming it.
 */
export function checkAddedRoute(
  owner: Construct,
  pool: ScopedUserPool,
  existing: { readonly scoped: readonly ScopedRoute[]; readonly public: readonly RouteKey[] },
  corsEnabled: boolean,
  route: string,
  scopes: string[],
): ScopedRoute {
  const tokenProblems: string[] = [];
  const routeScopes = resolveScopeMap(owner, { [route]: scopes }, 'routeScopes', ROUTE_SCOPES_AT_SYNTH, tokenProblems);
  failOnProblems(owner, tokenProblems);
  const checked = checkRoutes({
    routeScopes,
    publicRoutes: [],
    heldScopes: pool.scopesRoutesMayRequire(),
    baseScopes: pool.baseScopes,
    existingRoutes: [...existing.scoped.map((r) => r.route), ...existing.public],
    corsEnabled,
  });
  failOnProblems(owner, checked.problems);
  return checked.scopedRoutes[0];
}
