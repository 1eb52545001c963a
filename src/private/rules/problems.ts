import { Construct } from 'constructs';

/** Throws one error that lists every problem, so a single synth shows them all. */
export function failOnProblems(scope: Construct, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new Error(`${scope.node.path}: ${count} in the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
