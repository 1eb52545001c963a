/**
 * Looking into a value a Lambda function was handed (an event, a file it reads) without trusting
 * its shape: what every handler here shares, whatever event it takes.
 */

/** A JSON object, as far as the handler can tell. */
export type Dict = Record<string, unknown>;

/**
 * Whether `value` is a JSON object: an object whose properties can be read, neither null nor an
 * array. An array is not one: properties written to it are lost when it is serialized (a response
 * written into an array would reach Cognito without them).
 */
export function isObject(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
