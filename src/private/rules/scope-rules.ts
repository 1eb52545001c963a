import { Token } from 'aws-cdk-lib';
import { compareCodePoints } from './code-point-order';
import { groupCountProblems, resourceServerCountRules, resourceServerScopeProblems } from './quota-rules';

/** Scopes Cognito manages itself; any signed-in user's token can carry them. */
export const RESERVED_SCOPES: readonly string[] = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];

/** Scopes every signed-in user gets unless `baseScopes` says otherwise, as the hosted UI would. */
export const DEFAULT_BASE_SCOPES: readonly string[] = ['openid', 'profile'];

/** A custom scope `identifier/name`, split at its last `/`. */
export interface CustomScope {
  readonly identifier: string;
  readonly name: string;
}

/** Splits `'api/admin'` into resource-server identifier `api` and scope name `admin`. */
export function splitCustomScope(scope: string): CustomScope | undefined {
  const slash = scope.lastIndexOf('/');
  if (slash <= 0 || slash === scope.length - 1) return undefined;
  return { identifier: scope.slice(0, slash), name: scope.slice(slash + 1) };
}

/** RFC 6749 scope-token: printable ASCII without space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** Cognito group names: 1 to 128 letters, marks, symbols, numbers or punctuation; no spaces. */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;

/** Why `scope` cannot be an OAuth scope at all, if it cannot. */
export function scopeSyntaxProblem(scope: string): string | undefined {
  if (scope === '') return 'a scope is empty';
  if (!SCOPE_TOKEN.test(scope)) {
    return `scope ${JSON.stringify(scope)} has a character OAuth scopes do not allow (space, quote, backslash or non-printable)`;
  }
  return undefined;
}

/** Why `scope` cannot be a custom scope that a group grants, if it cannot. */
export function customScopeProblem(scope: string): string | undefined {
  const syntax = scopeSyntaxProblem(scope);
  if (syntax) return syntax;
  if (RESERVED_SCOPES.includes(scope)) {
    return `'${scope}' is a reserved scope that Cognito manages; map groups to custom scopes such as 'api/admin'`;
  }
  const custom = splitCustomScope(scope);
  if (!custom) return `scope '${scope}' must have the form 'identifier/name', for example 'api/admin'`;
  if (custom.identifier.length > 256 || custom.name.length > 256) {
    return `scope '${scope}': the identifier and the name may each hold at most 256 characters`;
  }
  return undefined;
}

/**
 * Why `scope` cannot be one of a user's scopes outside the trigger's group map (a base scope, a
 * scope a user client allows), if it cannot: only OpenID scopes may be, since every signed-in
 * user can hold them anyway. A custom scope there would be one every user could hold.
 */
export function openIdScopeProblem(scope: string, shownAs = `'${scope}'`): string | undefined {
  if (RESERVED_SCOPES.includes(scope)) return undefined;
  return (
    `${shownAs} is not an OpenID scope (${RESERVED_SCOPES.join(', ')}): every signed-in user could hold it; ` +
    'custom scopes reach user tokens only through the trigger, from groupScopes'
  );
}

/** Why `name` cannot be a Cognito group name, if it cannot. */
export function groupNameProblem(name: string): string | undefined {
  return GROUP_NAME.test(name)
    ? undefined
    : 'not a valid Cognito group name (1 to 128 letters, digits, symbols or punctuation, no spaces)';
}

/** Skips CDK tokens: their value is known only at deploy time, so it cannot be judged here. */
export function isResolved(value: string): boolean {
  return !Token.isUnresolved(value);
}

/**
 * Problems with a group map, each naming its key. `baseScopes` are the scopes every user gets;
 * `otherGrants` are the scopes machine clients hold, which share the resource servers.
 */
export function groupScopeProblems(
  groupScopes: { [group: string]: string[] },
  baseScopes: readonly string[],
  otherGrants: { [holder: string]: string[] } = {},
): string[] {
  const problems: string[] = [];
  const groups = Object.keys(groupScopes);
  if (groups.length === 0) problems.push('groupScopes is empty: map at least one group to the scopes it grants');
  if (groups.some((group) => !isResolved(group))) {
    // The trigger maps groups by name, from a map written at synth: a token would ship as its placeholder text.
    problems.push("groupScopes: a group name is a token; the trigger's map is written at synth time and matches groups by name, so give each name as a string");
  }
  for (const group of groups.filter(isResolved)) {
    const nameProblem = groupNameProblem(group);
    if (nameProblem) problems.push(`groupScopes['${group}']: ${nameProblem}`);
    const scopes = groupScopes[group];
    if (!Array.isArray(scopes)) {
      problems.push(`groupScopes['${group}']: expected a list of scopes`);
      continue;
    }
    for (const scope of scopes.filter(isResolved)) {
      const problem = customScopeProblem(scope);
      if (problem) problems.push(`groupScopes['${group}']: ${problem}`);
    }
  }
  // Each group is a construct named after it, and a construct ID writes '/' as '--'.
  const byConstructId = new Map<string, string>();
  for (const group of groups.filter(isResolved)) {
    const id = group.replace(/\//g, '--');
    const other = byConstructId.get(id);
    if (other !== undefined) {
      problems.push(`groupScopes['${group}'] and groupScopes['${other}']: the groups' constructs would have one ID (Group${id}), since '/' reads as '--'; rename one`);
    }
    byConstructId.set(id, group);
  }
  for (const scope of baseScopes.filter(isResolved)) {
    const problem = openIdScopeProblem(scope);
    if (problem) problems.push(`baseScopes: ${problem}`);
  }
  const servers = resourceServerScopes(groupScopes, otherGrants);
  problems.push(...resourceServerScopeProblems(servers), ...resourceServerCountRules(servers.size).problems, ...groupCountProblems(groups.length));
  return problems;
}

/**
 * The scope names each resource server declares, by identifier, in a stable order: every valid
 * custom scope that some group or machine client holds.
 */
export function resourceServerScopes(...grants: Array<{ [holder: string]: string[] }>): Map<string, string[]> {
  const byIdentifier = new Map<string, Set<string>>();
  for (const scope of scopesHeld(...grants)) {
    const custom = customScopeProblem(scope) === undefined ? splitCustomScope(scope) : undefined;
    if (!custom) continue;
    const names = byIdentifier.get(custom.identifier) ?? new Set<string>();
    names.add(custom.name);
    byIdentifier.set(custom.identifier, names);
  }
  return new Map([...byIdentifier].sort(([a], [b]) => compareCodePoints(a, b)).map(([id, names]) => [id, [...names].sort(compareCodePoints)]));
}

/** Every resolved scope that some holder (group or machine client) of the maps is granted, sorted. */
export function scopesHeld(...grants: Array<{ [holder: string]: string[] }>): string[] {
  const scopes = new Set<string>();
  for (const grant of grants) {
    for (const holder of Object.keys(grant)) {
      for (const scope of Array.isArray(grant[holder]) ? grant[holder] : []) {
        if (isResolved(scope)) scopes.add(scope);
      }
    }
  }
  return [...scopes].sort(compareCodePoints);
}
