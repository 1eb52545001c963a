import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { AccessMatrixDocument } from './access-matrix';
import type { ScopedUserPool } from '../../scoped-user-pool';

/** An API construct attached to a pool, as the pool's access matrix reads it. */
export interface AttachedApi {
  /** The API construct's path. */
  readonly path: string;
  /** Its access matrix, as it stands when asked. */
  document(): AccessMatrixDocument;
  /**
   * The clients it accepts that the app does not define (an HTTP API's imported `additionalClients`):
   * they are clients of the pool, so a REST API on the pool accepts them too.
   */
  importedClients(): readonly IUserPoolClient[];
}

/** The APIs attached to each pool, kept out of the pool's public surface. */
const attached = new WeakMap<ScopedUserPool, AttachedApi[]>();

/** Records that `api` takes the tokens of `pool`'s users and clients. */
export function attachApi(pool: ScopedUserPool, api: AttachedApi): void {
  attached.set(pool, [...(attached.get(pool) ?? []), api]);
}

/** The APIs attached to `pool`, in the order they were. */
export function attachedApis(pool: ScopedUserPool): readonly AttachedApi[] {
  return attached.get(pool) ?? [];
}
