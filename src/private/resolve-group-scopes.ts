import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * The group map with synth-time tokens (such as `Lazy.string`) resolved. The trigger's map is a
 * file written at synth time, so a scope known only at deploy time (a `Ref`) cannot go in it:
 * that is a problem, named by group.
 */
export function resolveGroupScopes(
  scope: Construct,
  groupScopes: { [group: string]: string[] },
): { groupScopes: { [group: string]: string[] }; problems: string[] } {
  const problems: string[] = [];
  // fromEntries defines own properties: a group named '__proto__' stays a plain group.
  const resolved = Object.fromEntries(
    Object.entries(groupScopes).map(([group, scopes]): [string, string[]] => {
      if (!Array.isArray(scopes)) return [group, scopes]; // left for groupScopeProblems to name
      return [
        group,
        scopes.map((value) => {
          if (!Token.isUnresolved(value)) return value;
          const concrete: unknown = Stack.of(scope).resolve(value);
          if (typeof concrete === 'string' && !Token.isUnresolved(concrete)) return concrete;
          problems.push(`groupScopes['${group}']: a scope is known only at deploy time; the trigger's map is written at synth time, so give it as a string`);
          return value;
        }),
      ];
    }),
  );
  return { groupScopes: resolved, problems };
}
