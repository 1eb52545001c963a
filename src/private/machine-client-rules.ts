import { compare, customScopeProblem, isResolved } from './scope-rules';
import type { MachineClient } from '../machine-client';

/** Cognito's `ClientName` pattern, which also keeps `/` (a construct-path separator) out. */
const CLIENT_NAME = /^[\w\s+=,.@-]{1,128}$/;

/** Problems with the machine clients, each naming the client by its position and name. */
export function machineClientProblems(clients: readonly MachineClient[]): string[] {
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
    for (const scope of client.scopes.filter(isResolved)) {
      const problem = customScopeProblem(scope);
      if (problem) problems.push(`${label}: ${problem}`);
    }
  });
  return problems;
}

/** The scopes of each machine client, by name, in name order (so every jsii language agrees). */
export function machineClientScopes(clients: readonly MachineClient[]): { [client: string]: string[] } {
  // fromEntries defines own properties: a client named '__proto__' stays a plain key.
  return Object.fromEntries(
    [...clients]
      .sort((a, b) => compare(a.name, b.name))
      .map((client) => [client.name, Array.isArray(client.scopes) ? [...new Set(client.scopes)] : []]),
  );
}
