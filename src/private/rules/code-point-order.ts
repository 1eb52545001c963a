/**
 * Code-point order, the same in every locale: what the library sorts by wherever an order reaches
 * a template or a file (routes, groups, clients), so that every jsii language's input order
 * yields the same output.
 */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
