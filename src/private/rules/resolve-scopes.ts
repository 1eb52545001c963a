import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * Scopes with synth-time tokens (such as `Lazy.string`) resolved. Every scope decides who may call
 * what, and is checked and shipped at synth time (the trigger's map, the route guards, the access
 * matrix), so one known only at deploy time (a `Ref`, a parameter) cannot be judged: it is a
 * problem, named by `label`, with `why` it must be a string.
 */
export function resolveScopeList(scope: Construct, values: readonly string[], label: string, why: string, problems: string[]): string[] {
  return values.map((value) => {
    if (typeof value !== 'string' || !Token.isUnresolved(value)) return value;
    const concrete: unknown = Stack.of(scope).resolve(value);
    if (typeof concrete === 'string' && !Token.isUnresolved(concrete)) return concrete;
    problems.push(`${label}: a scope is known only at deploy time; ${why}, so give it as a string`);
    return value;
  });
}

/**
 * {@link resolveScopeList} over each entry of a map such as `groupScopes` or `routeScopes`, named
 * `prop['key']`. `fromEntries` defines own properties, so a key such as '__proto__' stays a plain key.
 */
export function resolveScopeMap(
  scope: Construct,
  map: { [key: string]: string[] },
  prop: string,
  why: string,
  problems: string[],
): { [key: string]: string[] } {
  return Object.fromEntries(
    Object.entries(map).map(([key, scopes]): [string, string[]] => [
      key,
      // Not a list: left for the map's own checks to name.
      Array.isArray(scopes) ? resolveScopeList(scope, scopes, `${prop}['${key}']`, why, problems) : scopes,
    ]),
  );
}
