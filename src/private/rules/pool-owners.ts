import type { UserPool } from 'aws-cdk-lib/aws-cognito';

/** The `ScopedUserPool` (by construct path) that holds each user pool, so errors can point to it. */
const owners = new WeakMap<UserPool, string>();

/** Records that the `ScopedUserPool` at `path` holds `pool` (and its one pre-token trigger). */
export function recordPoolOwner(pool: UserPool, path: string): void {
  owners.set(pool, path);
}

/** The path of the `ScopedUserPool` that holds `pool`, if one does. */
export function poolOwner(pool: UserPool): string | undefined {
  return owners.get(pool);
}
