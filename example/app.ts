/**
 * The example app: the seed's setup. Admins may call GET /admin, read-only users GET /readonly.
 *
 *   npx ts-node --project tsconfig.dev.json example/app.ts       # synthesize into cdk.out
 *   npx aws-cdk@2 deploy --app "npx ts-node --project tsconfig.dev.json example/app.ts"
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ScopedCognitoApi } from '../src';

export class ExampleStack extends Stack {
  public readonly api: ScopedCognitoApi;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.api = new ScopedCognitoApi(this, 'Api', {
      groupScopes: {
        Admin: ['api/admin'],
        ReadOnly: ['api/readonly'],
      },
      routeScopes: {
        'GET /admin': ['api/admin'],
        'GET /readonly': ['api/readonly'],
      },
      // Lets the README's walkthrough get tokens with `aws cognito-idp admin-initiate-auth`.
      authFlows: { userSrp: true, adminUserPassword: true },
    });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
  }
}

/** Builds the example app; `outdir` is where it synthesizes to. */
export function buildExampleApp(outdir?: string): { app: App; stack: ExampleStack } {
  const app = new App({ outdir });
  const stack = new ExampleStack(app, 'ScopedCognitoApiExample');
  return { app, stack };
}

if (require.main === module) {
  buildExampleApp().app.synth();
}
