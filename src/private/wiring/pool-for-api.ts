import { Construct } from 'constructs';
import { passChecked } from './checked-pool-props';
import type { ScopedRoutesProps } from '../../scoped-routes-props';
import { ScopedUserPool } from '../../scoped-user-pool';
import type { CheckedUserPoolProps } from '../rules/user-pool-rules';

/**
 * The Cognito half of an API construct: the shared one it was given, or its own (id `Cognito`,
 * the id every deployed pool of this library has, so its logical IDs stay as they are), set up
 * from the API's settings, whose checks the API has run already (`checked`). The API writes its
 * own matrix file and compares its own reviewed access, so the pool it owns does neither.
 */
export function poolForApi(api: Construct, props: ScopedRoutesProps, checked: CheckedUserPoolProps | undefined): ScopedUserPool {
  if (props.scopedUserPool) return props.scopedUserPool;
  const poolProps = { ...props, groupScopes: props.groupScopes ?? {}, writeAccessMatrix: false, reviewedAccess: undefined };
  if (checked) passChecked(poolProps, checked);
  return new ScopedUserPool(api, 'Cognito', poolProps);
}
