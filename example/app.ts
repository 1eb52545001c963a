/**
 * The example app. The REST stack is the seed's setup (Admins may call GET /admin, read-only
 * users GET /readonly) plus a machine client, `reporting`, that may read too and whose tokens
 * get a `team` claim from the V3_0 trigger. The HTTP stack (./http-app.ts) guards an HTTP API the
 * same way, a third stack (./shared-pool-app.ts) attaches one more API to the REST stack's
 * pool, and a fourth (./lite-app.ts) puts the REST stack's maps on the Lite plan, enforced by a
 * generated Lambda authorizer instead of the trigger. Each writes its access matrix next to the
 * templates.
 *
 *   npx ts-node --project tsconfig.dev.json example/app.ts       # synthesize into cdk.out
 *   npx aws-cdk@2 deploy --all --app "npx ts-node --project tsconfig.dev.json example/app.ts"
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { LambdaVersion } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { HttpExampleStack } from './http-app';
import { LiteExampleStack } from './lite-app';
import { acknowledgeNagFindings, REST_NAG_FINDINGS, SHARED_NAG_FINDINGS } from './nag-findings';
import { reviewedAccessFile } from './reviewed-access';
import { SharedPoolExampleStack } from './shared-pool-app';
import { ScopedCognitoApi, ScopedCognitoApiProps } from '../src';

/** The REST example's maps and settings (the integration tests deploy them too). */
export const REST_EXAMPLE: ScopedCognitoApiProps = {
  groupScopes: {
    Admin: ['api/admin'],
    ReadOnly: ['api/readonly'],
  },
  routeScopes: {
    'GET /admin': ['api/admin'],
    'GET /readonly': ['api/readonly'],
  },
  // A service that reads reports: client-credentials tokens with api/readonly, and a claim
  // naming its team, which the trigger adds to its tokens on the V3_0 event.
  machineClients: [{ name: 'reporting', scopes: ['api/readonly'], claims: { team: 'finance' } }],
  triggerEventVersion: LambdaVersion.V3_0,
  // Lets the README's walkthrough get tokens with `aws cognito-idp admin-initiate-auth`.
  authFlows: { userSrp: true, adminUserPassword: true },
  writeAccessMatrix: true,
};

/** Props of the example's stacks: the committed file of who may call what on the API, if any. */
export interface ReviewedStackProps extends StackProps {
  /** `reviewedAccess` of the stack's API; none by default. */
  readonly reviewedAccess?: string;
}

export class ExampleStack extends Stack {
  public readonly api: ScopedCognitoApi;

  constructor(scope: Construct, id: string, props?: ReviewedStackProps) {
    super(scope, id, props);
    this.api = new ScopedCognitoApi(this, 'Api', { ...REST_EXAMPLE, reviewedAccess: props?.reviewedAccess });
    acknowledgeNagFindings(this, REST_NAG_FINDINGS);
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'ClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'ReportingClientId', { value: this.api.scopedUserPool.machineClient('reporting').userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', { value: this.api.scopedUserPool.tokenEndpoint! });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
  }
}

/** Builds the example app, all four stacks; `outdir` is where it synthesizes to. */
export function buildExampleApp(
  outdir?: string,
  context?: { [key: string]: unknown },
): { app: App; stack: ExampleStack; httpStack: HttpExampleStack; sharedStack: SharedPoolExampleStack; liteStack: LiteExampleStack } {
  const app = new App({ outdir, context });
  // Each API's access is reviewed against its committed file (example/reviewed-access/).
  const stack = new ExampleStack(app, 'ScopedCognitoApiExample', { reviewedAccess: reviewedAccessFile('rest-api') });
  const httpStack = new HttpExampleStack(app, 'ScopedCognitoHttpApiExample', { reviewedAccess: reviewedAccessFile('http-api') });
  // A third stack: one more API on the REST stack's pool.
  const sharedStack = new SharedPoolExampleStack(app, 'ScopedCognitoSharedPoolExample', {
    scopedUserPool: stack.api.scopedUserPool, reviewedAccess: reviewedAccessFile('shared-pool-api'),
  });
  acknowledgeNagFindings(sharedStack, SHARED_NAG_FINDINGS);
  // A fourth: the REST stack's maps on the Lite plan, enforced by a generated Lambda authorizer.
  const liteStack = new LiteExampleStack(app, 'ScopedCognitoLiteApiExample', { reviewedAccess: reviewedAccessFile('lite-api') });
  return { app, stack, httpStack, sharedStack, liteStack };
}

if (require.main === module) {
  buildExampleApp().app.synth();
}
