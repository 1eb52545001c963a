import { LambdaVersion } from 'aws-cdk-lib/aws-cognito';
import { compareCodePoints } from './code-point-order';
import { customScopeProblem, isResolved } from './scope-rules';
import type { MachineClient } from '../../machine-client';

/** Cognito's `ClientName` pattern, which also keeps `/` (a construct-path separator) out. */
const CLIENT_NAME = /^[\w\s+=,.@-]{1,128}$/;

/**
 * Claims that carry identity or authorization in an access token, which a machine client's claims
 * may not name, since a verifier could take a machine token for a user's or read it as a grant:
 * those Cognito sets itself (a pre-token trigger cannot override them), `scp`, which API Gateway's
 * JWT authorizer reads as the token's scopes just like `scope`, the authorization and delegation
 * claims of RFC 9068 (JWT access tokens: roles, groups, entitlements) and RFC 8693 (token exchange:
 * act, may_act), and the standard claims of OpenID Connect Core 1.0, section 5.1 (a user's
 * identity). `cognito:`, `custom:` and `dev:` (user attributes) are refused as prefixes.
 */
export const RESERVED_CLAIMS: readonly string[] = [
  'acr', 'act', 'address', 'amr', 'at_hash', 'aud', 'auth_time', 'azp', 'birthdate', 'client_id', 'cnf', 'device_key', 'email',
  'email_verified', 'entitlements', 'event_id', 'exp', 'family_name', 'gender', 'given_name', 'groups', 'iat', 'identities', 'iss',
  'jti', 'locale', 'may_act', 'middle_name', 'name', 'nbf', 'nickname', 'nonce', 'origin_jti', 'phone_number',
  'phone_number_verified', 'picture', 'preferred_username', 'profile', 'roles', 'scope', 'scp', 'sub', 'token_use', 'updated_at',
  'username', 'version', 'website', 'zoneinfo',
];

/** Prefixes of claims that name Cognito's own data and user attributes. */
const RESERVED_CLAIM_PREFIXES: readonly string[] = ['cognito:', 'custom:', 'dev:'];

/** Problems with the machine clients, each naming the client by its position and name. */
export function machineClientProblems(
  clients: readonly MachineClient[],
  triggerEventVersion: LambdaVersion,
  resolvedScopes: { readonly [client: string]: readonly string[] } = {},
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  clients.forEach((client, index) => {
    const key = `machineClients[${index}]`;
    if (!isResolved(client.name)) {
      problems.push(`${key}: the name is known only at deploy time; give it as a string (it names the app client and its construct)`);
      return;
    }
    const label = `${key} ('${client.name}')`;
    if (!CLIENT_NAME.test(client.name)) {
      problems.push(`${label}: not a valid app client name (1 to 128 letters, digits, spaces or +=,.@-_)`);
    } else if (seen.has(client.name)) {
      problems.push(`${label}: another machine client has this name; give each a name of its own`);
    }
    seen.add(client.name);
    if (!Array.isArray(client.scopes) || client.scopes.length === 0) {
      problems.push(`${label}: no scopes; list the custom scopes it may request`);
      return;
    }
    // Checked as they will be declared: synth-time tokens resolved (deploy-time ones are refused where they are resolved).
    const scopes = Object.prototype.hasOwnProperty.call(resolvedScopes, client.name) ? resolvedScopes[client.name] : client.scopes;
    for (const scope of scopes.filter(isResolved)) {
      const problem = customScopeProblem(scope);
      if (problem) problems.push(`${label}: ${problem}`);
    }
    problems.push(...claimProblems(label, client.claims, triggerEventVersion));
  });
  const withClaims = machineClientClaims(clients).map(([name]) => name);
  const parameterSize = 2 + withClaims.reduce((size, name) => size + JSON.stringify([CLIENT_ID_PLACEHOLDER, name]).length + 1, 0);
  if (parameterSize > MAX_PARAMETER_VALUE) {
    problems.push(
      `machineClients: the IDs of the ${withClaims.length} clients with claims would take about ${parameterSize} bytes, ` +
        `more than the ${MAX_PARAMETER_VALUE} a standard SSM parameter holds; give claims to fewer clients or shorten their names`,
    );
  }
  return problems;
}

/** A standard SSM parameter's size limit; the trigger reads the machine client IDs from one. */
const MAX_PARAMETER_VALUE = 4096;
/** Cognito app client IDs are 26 characters long (at most 128). */
const CLIENT_ID_PLACEHOLDER = 'x'.repeat(26);

function claimProblems(label: string, claims: { [name: string]: string } | undefined, version: LambdaVersion): string[] {
  if (claims === undefined || Object.keys(claims).length === 0) return [];
  const problems: string[] = [];
  if (version !== LambdaVersion.V3_0) {
    problems.push(`${label}.claims: Cognito runs the trigger for machine tokens only on the V3_0 event; set triggerEventVersion: LambdaVersion.V3_0`);
  }
  for (const [name, value] of Object.entries(claims)) {
    if (name === '' || RESERVED_CLAIMS.includes(name) || RESERVED_CLAIM_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      problems.push(`${label}.claims['${name}']: ${name === '' ? 'a claim needs a name' : 'it carries identity or authorization in an access token (Cognito\'s own claims, scope and scp, roles, groups, a user\'s attributes...); choose another name'}`);
    }
    if (typeof value !== 'string' || !isResolved(value)) {
      problems.push(`${label}.claims['${name}']: give the value as a string known at synth time (it ships in the trigger's map)`);
    }
  }
  return problems;
}

/** The claims of each machine client that has some, by name, in name order. */
export function machineClientClaims(clients: readonly MachineClient[]): Array<[string, { [name: string]: string }]> {
  return [...clients]
    .filter((client) => client.claims !== undefined && Object.keys(client.claims).length > 0)
    .sort((a, b) => compareCodePoints(a.name, b.name))
    .map((client) => [client.name, Object.fromEntries(Object.entries(client.claims!).sort(([x], [y]) => compareCodePoints(x, y)))]);
}

/** The scopes of each machine client, by name, in name order (so every jsii language agrees). */
export function machineClientScopes(clients: readonly MachineClient[]): { [client: string]: string[] } {
  // fromEntries defines own properties: a client named '__proto__' stays a plain key.
  return Object.fromEntries(
    [...clients]
      .sort((a, b) => compareCodePoints(a.name, b.name))
      .map((client) => [client.name, Array.isArray(client.scopes) ? [...new Set(client.scopes)] : []]),
  );
}
