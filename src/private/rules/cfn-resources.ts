import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The resources of CloudFormation type `type` anywhere in the app of `scope`, however they were
 * declared: an L1 class of any copy of aws-cdk-lib, a raw `CfnResource`, one a `CfnInclude` read
 * from a template. Found by type, never by `instanceof`, which sees only one copy's L1 classes.
 */
export function resourcesOfType(scope: IConstruct, type: string): CfnResource[] {
  return scope.node.root.node.findAll().filter((c): c is CfnResource => isResourceOfType(c, type));
}

/** Whether `construct` is a resource of CloudFormation type `type`. */
export function isResourceOfType(construct: IConstruct | undefined, type: string): construct is CfnResource {
  return construct !== undefined && CfnResource.isCfnResource(construct) && construct.cfnResourceType === type;
}

/** What a resource renders: `_toCloudFormation` is how aws-cdk-lib writes each resource into the template. */
interface Renderable {
  _toCloudFormation(): { Resources?: Record<string, { Properties?: Record<string, unknown> }> };
}

/**
 * The properties of `resource` as its template will hold them, resolved in its stack: whatever
 * declared them (L1 props, a raw resource's properties, an included template), escape-hatch
 * overrides applied. A value known only at deploy time stays a CloudFormation expression
 * (`{ Ref: ... }`, `{ 'Fn::Split': ... }`): callers treat what is not a literal as unknown.
 */
export function resolvedProperties(resource: CfnResource): Record<string, unknown> {
  const rendered = Stack.of(resource).resolve((resource as unknown as Renderable)._toCloudFormation());
  const [entry] = Object.values<{ Properties?: Record<string, unknown> }>(rendered?.Resources ?? {});
  return entry?.Properties ?? {};
}

/**
 * `value` as a plain string, if it is one at synth: a literal, or an `Fn::Join` of literals and
 * references that `refs` can name (a resource server's `Ref` is its identifier). Undefined for
 * anything known only at deploy time.
 */
export function literalString(value: unknown, refs: ReadonlyMap<string, string> = new Map()): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const [[fn, args]] = entries;
  if (fn === 'Ref' && typeof args === 'string') return refs.get(args);
  if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
    const parts = args[1].map((part: unknown) => literalString(part, refs));
    return parts.every((part): part is string => part !== undefined) ? parts.join(args[0]) : undefined;
  }
  return undefined;
}

/** `value` as a list of plain strings, if it is one at synth; undefined if any part is known only at deploy time. */
export function literalStrings(value: unknown, refs?: ReadonlyMap<string, string>): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.map((item) => literalString(item, refs));
  return strings.every((item): item is string => item !== undefined) ? strings : undefined;
}
