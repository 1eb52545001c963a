import { CfnElement, CfnResource, DefaultTokenResolver, IResolvable, IResolveContext, IPostProcessor, Reference, Stack, StringConcat, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The resources of CloudFormation type `type` anywhere in the app of `scope`, however they were
 * declared: an L1 class of any copy of aws-cdk-lib, a raw `CfnResource`, one a `CfnInclude` read
 * from a template. Found by type, never by `instanceof`, which sees only one copy's L1 classes.
 */
export function resourcesOfType(scope: IConstruct, type: string): CfnResource[] {
  return scope.node.root.node.findAll().filter((c): c is CfnResource => isResourceOfType(c, type));
}

/** Whether `construct` is a resource of CloudFormation type `type`, as the template will say (an override of `Type` included). */
export function isResourceOfType(construct: IConstruct | undefined, type: string): construct is CfnResource {
  if (construct === undefined || !CfnResource.isCfnResource(construct)) return false;
  if (!hasOverride(construct, 'Type')) return construct.cfnResourceType === type;
  // An override of the type, a token resolved: what the template will say.
  const raw = (construct as unknown as ResourceInternals).rawOverrides!;
  const overridden: unknown = Token.isUnresolved(raw.Type) ? Stack.of(construct).resolve(raw.Type) : raw.Type;
  return (typeof overridden === 'string' ? overridden : construct.cfnResourceType) === type;
}

/** Whether an escape hatch overrides the resource's top-level `key` (`Type`, `Condition`, `Properties`). */
export function hasOverride(resource: CfnResource, key: string): boolean {
  const raw = (resource as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides;
  return raw !== undefined && Object.prototype.hasOwnProperty.call(raw, key);
}

/** What a resource holds besides its typed fields: a raw resource's properties, and escape-hatch overrides. */
interface ResourceInternals {
  readonly _cfnProperties?: Record<string, unknown>;
  readonly rawOverrides?: { readonly Properties?: Record<string, unknown>; readonly Type?: unknown };
}

/**
 * The overrides of a resource's properties, as the template will take them: merged key by key, or,
 * for a token given for the whole of them, resolved and replacing them; `'deleted'` when an override
 * deleted `Properties` whole (or gave something that is no object).
 */
export function propertyOverrides(resource: CfnResource):
{ readonly properties: Record<string, unknown>; readonly replacing: boolean } | 'deleted' | undefined {
  if (!hasOverride(resource, 'Properties')) return undefined;
  const raw = (resource as unknown as ResourceInternals).rawOverrides!;
  const replacing = Token.isUnresolved(raw.Properties);
  const properties: unknown = replacing ? Stack.of(resource).resolve(raw.Properties) : raw.Properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return 'deleted';
  return { properties: properties as Record<string, unknown>, replacing };
}

/**
 * The value the template will hold for property `key` (CloudFormation's name, `AllowedOAuthScopes`)
 * of `resource`, before resolution: an escape-hatch override of it (a deletion override reads as
 * absent), else the L1 field (`allowedOAuthScopes`, on an L1 of any copy of aws-cdk-lib), else a raw
 * resource's property. Only this property is read, so nothing else of the resource is resolved
 * early (a `Lazy` resolves once and keeps its value).
 */
export function rawProperty(resource: CfnResource, key: string): unknown {
  const internals = resource as unknown as ResourceInternals;
  const overrides = propertyOverrides(resource);
  if (overrides === 'deleted') return undefined;
  if (overrides?.replacing) return overrides.properties[key];
  if (overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides.properties, key)) return overrides.properties[key];
  const field = key.charAt(0).toLowerCase() + key.slice(1);
  if (field in resource) return (resource as unknown as Record<string, unknown>)[field];
  // An L1 field whose name cases an acronym otherwise (`ProviderARNs` is `providerArns`), a field or a getter.
  const cased = fieldNames(resource).find((name) => name.toLowerCase() === key.toLowerCase());
  if (cased !== undefined) return (resource as unknown as Record<string, unknown>)[cased];
  return internals._cfnProperties?.[key];
}

/**
 * A property whose value is an object of plain fields (`IssuerConfiguration`), as the template will
 * hold it: the L1 field or raw property, with an override merged into it field by field, as
 * aws-cdk-lib merges overrides (a deletion override removes a field). Undefined when neither sets it.
 */
export function mergedObjectProperty(resource: CfnResource, key: string): Record<string, unknown> | undefined {
  const internals = resource as unknown as ResourceInternals;
  const overrides = propertyOverrides(resource);
  if (overrides === 'deleted') return undefined;
  if (overrides?.replacing) {
    const replaced = overrides.properties[key];
    return replaced === undefined ? undefined : (isFieldObject(replaced) ? replaced : { '': replaced });
  }
  const overridden = overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides.properties, key);
  const override = overridden ? overrides!.properties[key] : undefined;
  const field = key.charAt(0).toLowerCase() + key.slice(1);
  const base = field in resource ? (resource as unknown as Record<string, unknown>)[field] : internals._cfnProperties?.[key];
  if (!overridden) return isFieldObject(base) ? pascalKeys(base) : (base === undefined ? undefined : { '': base });
  if (override === undefined) return undefined;
  if (!isFieldObject(override)) return { '': override };
  return { ...(isFieldObject(base) ? pascalKeys(base) : {}), ...override };
}

function isFieldObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Tokenization.isResolvable(value);
}

function pascalKeys(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), v]));
}

/** The names of a resource's own fields and of its class's accessors, up to `CfnResource`. */
function fieldNames(resource: CfnResource): string[] {
  const names: string[] = Object.keys(resource);
  for (let proto = Object.getPrototypeOf(resource); proto && proto !== CfnResource.prototype; proto = Object.getPrototypeOf(proto)) {
    names.push(...Object.getOwnPropertyNames(proto));
  }
  return names;
}

/** A reference found while reading a value: the resource (or parameter) and the attribute it names. */
export interface ReadReference {
  readonly target: IConstruct;
  /** `Ref`, or the attribute of `Fn::GetAtt`. */
  readonly attribute: string;
}

/** A value as the template will hold it, with what is known only at deploy time marked. */
export interface ReadValue {
  /** The value: strings are literal unless they hold a marker (see `literalString`). */
  readonly value: unknown;
  /** The references it holds, by their markers. */
  readonly references: ReadonlyMap<string, ReadReference>;
}

/** What a deploy-time value (an intrinsic function, an import) reads as. */
const UNKNOWN = '\u0000unknown\u0000';

/**
 * Resolves a value, with every reference written as a marker naming its target (references of
 * two stacks' resources at the same path stay apart, as they do once deployed) or, for the `Ref`
 * of a resource server, its identifier, which is what Cognito knows (`OAuthScope.resourceServer`
 * yields `{ Ref: server }/name`); anything else that stays an object (`Fn::Split`, an import)
 * reads as unknown.
 */
class ReadingResolver extends DefaultTokenResolver {
  public readonly references = new Map<string, ReadReference>();

  constructor() {
    super(new StringConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (Reference.isReference(t)) {
      if (t.displayName === 'Ref' && isResourceOfType(t.target, 'AWS::Cognito::UserPoolResourceServer')) {
        return literalString(readProperty(t.target, 'Identifier').value) ?? UNKNOWN;
      }
      return this.mark(t.target, t.displayName);
    }
    const value: unknown = foldJoin(super.resolveToken(t, context, postProcessor));
    return isPlain(value) ? value : UNKNOWN;
  }

  /** A marker standing for a reference to `target`'s `attribute`. */
  public mark(target: IConstruct, attribute: string): string {
    const marker = `\u0000ref:${this.references.size}\u0000`;
    this.references.set(marker, { target, attribute });
    return marker;
  }
}

/**
 * A `Fn::Join` whose delimiter and parts are all strings, joined (markers stay in the string, which
 * then reads as not literal): an included template's join of a resource server's `Ref` and a scope
 * name reads as the scope, as the same join written with `OAuthScope.resourceServer` does.
 */
function foldJoin(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length !== 1) return value;
  const args = (value as Record<string, unknown>)['Fn::Join'];
  if (!Array.isArray(args) || args.length !== 2) return value;
  const [delimiter, parts] = args;
  return typeof delimiter === 'string' && Array.isArray(parts) && parts.every((part) => typeof part === 'string') ? parts.join(delimiter) : value;
}

/** Whether `value` is made of strings, numbers and booleans only (in lists and objects), with no CloudFormation function left. */
function isPlain(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isPlain);
  if (typeof value === 'object' && value !== null) return !isIntrinsic(value) && Object.values(value).every(isPlain);
  return ['string', 'number', 'boolean', 'undefined'].includes(typeof value);
}

/** Whether `value` is a CloudFormation function (`{ Ref: ... }`, `{ 'Fn::Split': ... }`, ...). */
function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/**
 * `value` with the CloudFormation functions written as plain data (a raw resource's
 * `{ Ref: 'Api1234' }`) replaced: a `Ref` or `Fn::GetAtt` of a resource of `stack` by a marker
 * naming it, as a reference token would be; any other function by the unknown marker.
 */
function markLiteralFunctions(value: unknown, stack: Stack, resolver: ReadingResolver): unknown {
  if (Array.isArray(value)) return value.map((item) => markLiteralFunctions(item, stack, resolver));
  if (typeof value !== 'object' || value === null) return value;
  if (!isIntrinsic(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, markLiteralFunctions(item, stack, resolver)]));
  }
  const [[fn, args]] = Object.entries(value);
  if (fn === 'Fn::Join') return foldJoin({ [fn]: markLiteralFunctions(args, stack, resolver) });
  const [id, attribute] = fn === 'Ref' ? [args, 'Ref'] : fn === 'Fn::GetAtt' ? (typeof args === 'string' ? args.split('.') : args) : [];
  const target = typeof id === 'string' && typeof attribute === 'string'
    ? stack.node.findAll().find((c) => CfnElement.isCfnElement(c) && Stack.of(c) === stack && stack.resolve(c.logicalId) === id)
    : undefined;
  if (target === undefined) return UNKNOWN;
  return attribute === 'Ref' && isResourceOfType(target, 'AWS::Cognito::UserPoolResourceServer')
    ? literalString(readProperty(target, 'Identifier').value) ?? UNKNOWN
    : resolver.mark(target, attribute);
}

/** Property `key` of `resource` (see `rawProperty`), resolved in its scope with references marked. */
export function readProperty(resource: CfnResource, key: string): ReadValue {
  const resolver = new ReadingResolver();
  const raw = rawProperty(resource, key);
  const resolved: unknown = Tokenization.resolve(raw, { scope: resource, resolver, preparing: false });
  const value = markLiteralFunctions(resolved, Stack.of(resource), resolver);
  return { value: isPlain(value) ? value : UNKNOWN, references: resolver.references };
}

/** The one reference `read` is, if it is exactly one (a pool's `Ref`, an API's ID). */
export function referenceOf(read: ReadValue): ReadReference | undefined {
  return typeof read.value === 'string' ? read.references.get(read.value) : undefined;
}

/** `value` as a plain string, if it is one at synth; undefined if it holds anything known only at deploy time. */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('\u0000') ? value : undefined;
}

/** `value` as a list of plain strings, if it is one at synth; undefined if any part is known only at deploy time. */
export function literalStrings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.map(literalString);
  return strings.every((item): item is string => item !== undefined) ? strings : undefined;
}

/**
 * A resource attribute as the template will hold it (`DeletionPolicy`, `UpdateReplacePolicy`): an
 * escape-hatch override of it (a deletion override reads as absent), else its `cfnOptions` field.
 */
export function resourceAttribute(resource: CfnResource, key: 'DeletionPolicy' | 'UpdateReplacePolicy'): string | undefined {
  const overrides = (resource as unknown as { rawOverrides?: Record<string, unknown> }).rawOverrides;
  if (overrides !== undefined && Object.prototype.hasOwnProperty.call(overrides, key)) return literalString(overrides[key]);
  return key === 'DeletionPolicy' ? resource.cfnOptions.deletionPolicy : resource.cfnOptions.updateReplacePolicy;
}
