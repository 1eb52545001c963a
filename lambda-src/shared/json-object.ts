/**
 * Looking into a value a Lambda function was handed (an event, a file it reads) without trusting
 * its shape: what every handler here shares, whatever event it takes.
 */

/** A JSON object, as far as the handler can tell. */
export type Dict = Record<string, unknown>;

/** Whether `value` is an object whose properties can be read (not null). */
export function isObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null;
}
