import type { CheckedUserPoolProps } from '../rules/user-pool-rules';

/**
 * The checks an API construct already ran on the props of the pool it creates, handed to that
 * pool so that it does not run them again (the API runs them first, to report pool and route
 * problems in one error). Keyed by the props object the API builds for the pool.
 */
const checkedProps = new WeakMap<object, CheckedUserPoolProps>();

/** Hands `checked`, the result of checking `props`, to the pool that will be built from `props`. */
export function passChecked(props: object, checked: CheckedUserPoolProps): void {
  checkedProps.set(props, checked);
}

/** The result of checking `props` that an API handed over, if any (once). */
export function takeChecked(props: object): CheckedUserPoolProps | undefined {
  const checked = checkedProps.get(props);
  checkedProps.delete(props);
  return checked;
}
