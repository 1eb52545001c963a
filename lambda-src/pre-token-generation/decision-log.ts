/**
 * The trigger's one log line per user token. With Lambda's JSON log format (the construct sets it),
 * a single object logged becomes the line's `message`, and an application log level above INFO
 * makes `console.info` do nothing. Counts only: never a token, an attribute, a user name, a group
 * name or a scope.
 */
import type { DecisionReport } from './scope-resolver';

export const logDecision: DecisionReport = (source, groups, added, suppressed) => {
  console.info({ decision: 'scopes', source: typeof source === 'string' ? source : undefined, groups, added, suppressed });
};
