import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { hasOverride, isResourceOfType, literalString, literalStrings, rawProperty, readProperty, referenceOf } from '../rules/cfn-resources';
import { RouteKey } from '../rules/route-key';

/** A route this construct added, as it recorded it, with the resource that guards it. */
export interface OwnRoute {
  readonly route: RouteKey;
  /** The scopes it recorded; none means public. */
  readonly scopes: readonly string[];
  /** The REST method or HTTP route resource. */
  readonly resource: CfnResource;
}

/** What the guard of a route must be, by API kind. */
export interface GuardKind {
  /** The authorization type of a scoped route: `COGNITO_USER_POOLS` (REST) or `JWT` (HTTP), or `CUSTOM` (the Lambda authorizer). */
  readonly scopedType: string;
  /** The authorizer resource scoped routes must name (`AuthorizerId`); undefined leaves it unchecked. */
  readonly authorizer: IConstruct | undefined;
  /**
   * Whether a scoped route states its scopes in the template (`AuthorizationScopes`); a Lambda
   * authorizer holds them in its map instead, and the template must state none.
   */
  readonly scopesInTemplate: boolean;
}

/**
 * Where the template's guard of a route this construct added is not what the construct recorded,
 * and so not what the access matrix shows: an escape-hatch override, an L1 field set afterwards or
 * an aspect changed its authorization type, scopes, authorizer or route key. Read as the template
 * will hold them; a value known only at deploy time is a difference too.
 */
export function ownRouteGuardProblems(routes: readonly OwnRoute[], kind: GuardKind): string[] {
  const problems: string[] = [];
  for (const { route, scopes, resource } of routes) {
    const expectedType = scopes.length > 0 ? kind.scopedType : 'NONE';
    const typeValue = readProperty(resource, 'AuthorizationType').value;
    const type = typeValue === undefined ? 'NONE' : literalString(typeValue) ?? 'a value known only at deploy time';
    const scopesValue = readProperty(resource, 'AuthorizationScopes').value;
    const held = scopesValue === undefined ? [] : literalStrings(scopesValue);
    const expectedScopes = kind.scopesInTemplate ? scopes : [];
    const differences: string[] = [];
    if (type !== expectedType) differences.push(`authorization ${type}, not ${expectedType}`);
    if (held === undefined) {
      differences.push('scopes known only at deploy time');
    } else if ([...held].sort().join(' ') !== [...expectedScopes].sort().join(' ')) {
      differences.push(`scopes [${held.join(', ')}], not [${expectedScopes.join(', ')}]`);
    }
    if (scopes.length > 0 && kind.authorizer && referenceOf(readProperty(resource, 'AuthorizerId'))?.target !== kind.authorizer) {
      differences.push('another authorizer');
    }
    const routeKey = readProperty(resource, 'RouteKey').value;
    if (routeKey !== undefined && literalString(routeKey) !== route.key) differences.push(`route key ${literalString(routeKey) ?? '(deploy-time)'}`);
    const method = readProperty(resource, 'HttpMethod').value;
    if (method !== undefined && literalString(method) !== route.method) differences.push(`method ${literalString(method) ?? '(deploy-time)'}`);
    if (differences.length > 0) {
      problems.push(
        `${route.key}: the template guards it otherwise than ${scopes.length > 0 ? 'routeScopes' : 'publicRoutes'} says (${differences.join('; ')}); ` +
          'an override, an L1 field or an aspect changed it, and the access matrix would not show it: declare the change in routeScopes ' +
          'or publicRoutes instead',
      );
    }
  }
  return problems;
}

/**
 * Where a resource this construct created (an authorizer, a generated function, a parameter it
 * reads) is no longer as it was made, so tokens or claims the access matrix does not count may
 * follow: it was removed from the tree or replaced there (what the template holds at its path is
 * another resource), its resource type was overridden, a CloudFormation condition was put on it (a
 * look-alike could stand in when it is not deployed), or an override or an L1 field set afterwards
 * changed one of its properties. `expected` holds each guarded property as it was made
 * (CloudFormation's name, then the value as the stack resolves it).
 */
export function changesSinceMade(
  resource: CfnResource,
  expected: { readonly [property: string]: unknown },
  consequence = 'the authorizer then trusts other tokens than the access matrix counts',
): string[] {
  const changed = (what: string) => `${resource.node.path}: ${what} after the construct made it (an override, an L1 field or an aspect); ` +
    `${consequence}: remove the change`;
  if (!stillInTree(resource)) return [changed('it was removed or replaced')];
  const problems: string[] = [];
  if (!isResourceOfType(resource, resource.cfnResourceType)) problems.push(changed('its resource type was changed'));
  if (resource.cfnOptions.condition !== undefined || hasOverride(resource, 'Condition')) problems.push(changed('a CloudFormation condition was put on it'));
  const stack = Stack.of(resource);
  return problems.concat(Object.entries(expected)
    .filter(([property, value]) => JSON.stringify(normalized(stack.resolve(rawProperty(resource, property)))) !== JSON.stringify(normalized(value)))
    .map(([property]) => changed(`its ${property} was changed`)));
}

/** Whether each scope above `construct` still holds it under its ID (removing it, or putting another there, breaks the chain). */
function stillInTree(construct: IConstruct): boolean {
  for (let node = construct; node.node.scope !== undefined; node = node.node.scope) {
    if (node.node.scope.node.tryFindChild(node.node.id) !== node) return false;
  }
  return true;
}

/**
 * Whether an escape hatch changed the OpenAPI document this construct wrote (an override of `Body`):
 * the document holds every route's guard, which the access matrix reads from the construct's record.
 */
export function documentOverrideProblems(api: CfnResource): string[] {
  const overrides = (api as unknown as { rawOverrides?: { Properties?: Record<string, unknown> } }).rawOverrides?.Properties;
  return overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, 'Body')
    ? [`${api.node.path}: an override changes the OpenAPI document (Body), which holds every route's guard; the access matrix would not show it: ` +
      'declare the change in routeScopes or publicRoutes instead']
    : [];
}

/** A resolved value with object keys in one case and order, so an L1 field (`audience`) and an override (`Audience`) compare. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value !== 'object' || value === null) return value;
  const isFunction = Object.keys(value).some((key) => key === 'Ref' || key.startsWith('Fn::'));
  return Object.fromEntries(Object.entries(value)
    .map(([key, item]) => [isFunction ? key : key.charAt(0).toUpperCase() + key.slice(1), normalized(item)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
