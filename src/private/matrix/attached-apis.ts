import type { IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IConstruct } from 'constructs';
import type { AccessMatrixDocument } from './access-matrix';

/** An API construct attached to a pool, as the pool's access matrix reads it. */
export interface AttachedApi {
  /** The API construct's path. */
  readonly path: string;
  /** The Region of its stack, where synth knows it: a replicated pool has APIs in several. */
  readonly region?: string;
  /** Its access matrix, as it stands when asked. */
  document(): AccessMatrixDocument;
  /**
   * The clients it accepts that the app does not define (an HTTP API's imported `additionalClients`):
   * they are clients of the pool, so a REST API on the pool accepts them too.
   */
  importedClients(): readonly IUserPoolClient[];
}

/**
 * The APIs attached to each pool (a `ScopedUserPool`), kept out of the pool's public surface. Keyed
 * by the pool as a construct: the pool's module imports this one, which must not import it back.
 */
const attached = new WeakMap<IConstruct, AttachedApi[]>();

/** Records that `api` takes the tokens of `pool`'s users and clients. */
export function attachApi(pool: IConstruct, api: AttachedApi): void {
  attached.set(pool, [...(attached.get(pool) ?? []), api]);
}

/** The APIs attached to `pool`, in the order they were. */
export function attachedApis(pool: IConstruct): readonly AttachedApi[] {
  return attached.get(pool) ?? [];
}
