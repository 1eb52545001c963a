/**
 * The example app: the seed's setup. Admins may call GET /admin, read-only users GET /readonly.
 *
 *   npx ts-node --project tsconfig.dev.json example/app.ts       # synthesize into cdk.out
 *   npx aws-cdk@2 deploy --app "npx ts-node --project tsconfig.dev.json example/app.ts"
 */
import { App, CfnOutput, Stack, StackProps, Validations } from 'aws-cdk-lib';
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
    acknowledgeNagFindings(this);
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
  }
}

/**
 * The cdk-nag AwsSolutions findings that are choices, not oversights; each reason is also in the
 * README's Security section. Everything else the construct fixes itself.
 */
export const ACKNOWLEDGED_NAG_FINDINGS: ReadonlyArray<{ id: string; reason: string }> = [
  {
    id: 'AwsSolutions-COG2',
    reason: 'MFA is the application\'s choice (userPoolProps.mfa); the example keeps sign-in simple.',
  },
  {
    id: 'AwsSolutions-COG8',
    reason: 'Essentials is the cheapest plan that can add scopes to access tokens; Plus (threat protection) is opt-in.',
  },
  {
    id: 'AwsSolutions-APIG3',
    reason: 'A WAF web ACL costs money and depends on the application; attach one to the stage when needed.',
  },
  {
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    reason: 'The account-level role API Gateway needs for execution logs; this managed policy is the one AWS documents for it.',
  },
];

function acknowledgeNagFindings(stack: Stack): void {
  Validations.of(stack).acknowledge(...ACKNOWLEDGED_NAG_FINDINGS);
}

/** Builds the example app; `outdir` is where it synthesizes to. */
export function buildExampleApp(outdir?: string, context?: { [key: string]: unknown }): { app: App; stack: ExampleStack } {
  const app = new App({ outdir, context });
  const stack = new ExampleStack(app, 'ScopedCognitoApiExample');
  return { app, stack };
}

if (require.main === module) {
  buildExampleApp().app.synth();
}
