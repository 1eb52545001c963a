/**
 * One pool, several APIs: a reporting HTTP API in a stack of its own, attached to the user pool of
 * the REST example stack (its groups, machine client and trigger). Read-only users and the
 * `reporting` service may list reports; only Admins may delete one.
 */
import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ScopedCognitoHttpApi, ScopedUserPool } from '../src';

/** Props of {@link SharedPoolExampleStack}. */
export interface SharedPoolExampleStackProps extends StackProps {
  /** The pool the API attaches to, from another stack. */
  readonly scopedUserPool: ScopedUserPool;
  /** The committed file of who may call what on the API (`reviewedAccess`); none by default. */
  readonly reviewedAccess?: string;
}

export class SharedPoolExampleStack extends Stack {
  public readonly api: ScopedCognitoHttpApi;

  constructor(scope: Construct, id: string, props: SharedPoolExampleStackProps) {
    super(scope, id, props);
    this.api = new ScopedCognitoHttpApi(this, 'Api', {
      scopedUserPool: props.scopedUserPool,
      reviewedAccess: props.reviewedAccess,
      routeScopes: {
        'GET /reports': ['api/readonly', 'api/admin'],
        'DELETE /reports/{id}': ['api/admin'],
      },
      writeAccessMatrix: true,
    });
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint });
  }
}
