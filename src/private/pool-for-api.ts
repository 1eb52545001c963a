import { Construct } from 'constructs';
import type { ScopedRoutesProps } from '../scoped-routes-props';
import { ScopedUserPool } from '../scoped-user-pool';

/**
 * The Cognito half of an API construct: the shared one it was given, or its own (id `Cognito`,
 * the id every deployed pool of this library has, so its logical IDs stay as they are), set up
 * from the API's settings. The API writes its own matrix file, so the pool it owns writes none.
 */
export function poolForApi(api: Construct, props: ScopedRoutesProps): ScopedUserPool {
  return props.scopedUserPool ?? new ScopedUserPool(api, 'Cognito', { ...props, groupScopes: props.groupScopes ?? {}, writeAccessMatrix: false });
}
