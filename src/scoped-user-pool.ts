import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { failOnProblems } from './private/problems';
import { compare, grantedScopes, resourceServerScopes } from './private/scope-rules';
import { scopeMapFile, stageTriggerAsset } from './private/trigger-asset';
import { checkUserPoolProps } from './private/user-pool-rules';
import { ThreatProtection } from './threat-protection';

/**
 * The current Node.js Lambda runtime, named by its identifier so that it needs no newer
 * aws-cdk-lib than the library's floor (2.189 predates `Runtime.NODEJS_24_X`).
 */
const NODEJS_24 = new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS, { supportsInlineCode: true });

/**
 * Props of the Cognito half: the user pool, its groups, the resource servers, the app client and
 * the Pre Token Generation trigger that turns group membership into access-token scopes.
 */
export interface ScopedUserPoolProps {
  /**
   * Which OAuth scopes each Cognito group grants, for example `{ Admin: ['api/admin'] }`.
   * Scopes have the form `identifier/name`; each identifier becomes a resource server.
   */
  readonly groupScopes: { [group: string]: string[] };

  /**
   * An existing user pool to wire into instead of creating one. It must be on the Essentials or
   * Plus plan and must not have a pre-token-generation trigger yet.
   *
   * @default - a new user pool, on `featurePlan`, with deletion protection on and retained on stack deletion
   */
  readonly userPool?: cognito.UserPool;

  /**
   * Props for the user pool this construct creates (sign-in aliases, password policy, MFA...).
   * Leave the plan, threat protection and the pre-token trigger to this construct's own props.
   * Not allowed together with `userPool`.
   *
   * @default - CDK's defaults, plus deletion protection, `RemovalPolicy.RETAIN` and email-only account recovery
   */
  readonly userPoolProps?: cognito.UserPoolProps;

  /**
   * The feature plan of the created pool. Essentials is the cheapest plan whose pre-token trigger
   * can customize access tokens; Plus is needed for threat protection.
   *
   * @default FeaturePlan.ESSENTIALS
   */
  readonly featurePlan?: cognito.FeaturePlan;

  /**
   * Threat protection (formerly advanced security) for standard and custom authentication.
   * Anything but `OFF` needs `featurePlan: FeaturePlan.PLUS`.
   *
   * @default ThreatProtection.OFF
   */
  readonly threatProtection?: ThreatProtection;

  /**
   * Whether to create one Cognito group per key of `groupScopes`. Turn it off to adopt groups
   * that already exist in the pool (each group is a CloudFormation resource, and a stack holds
   * at most 500): the trigger maps them by name all the same.
   *
   * @default true
   */
  readonly createGroups?: boolean;

  /**
   * Scopes added to every signed-in user's access token besides the group scopes, as the
   * hosted UI would. They can never guard a route, since every user holds them.
   *
   * @default ['openid', 'profile']
   */
  readonly baseScopes?: string[];

  /**
   * Sign-in flows of the app client.
   *
   * @default { userSrp: true }
   */
  readonly authFlows?: cognito.AuthFlow;

  /**
   * OAuth settings of the app client (hosted UI, authorization-code flow). The resource-server
   * scopes are added to its scopes.
   *
   * @default - OAuth disabled: tokens come from SDK sign-in, and the trigger adds the scopes
   */
  readonly oAuth?: cognito.OAuthSettings;
}

/**
 * The Cognito half of `ScopedCognitoApi`: a user pool whose access tokens carry the OAuth scopes
 * of the caller's groups, added by a generated Pre Token Generation trigger on the V2_0 event.
 * Use it alone to guard an API you wire yourself.
 */
export class ScopedUserPool extends Construct {
  /** The user pool, created or passed in. */
  public readonly userPool: cognito.UserPool;
  /** The app client users sign in with. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The groups created, one per key of `groupScopes` (none when `createGroups` is false). */
  public readonly groups: cognito.UserPoolGroup[];
  /** One resource server per scope identifier, declaring the custom scopes. */
  public readonly resourceServers: cognito.UserPoolResourceServer[];
  /** The Pre Token Generation trigger that adds the group scopes to access tokens. */
  public readonly triggerFunction: lambda.Function;
  /** The group-to-scopes map this pool enforces (a copy of the prop). */
  public readonly groupScopes: { [group: string]: string[] };
  /** The scopes every signed-in user gets. */
  public readonly baseScopes: string[];
  private readonly resourceServerOAuthScopes: cognito.OAuthScope[] = [];

  constructor(scope: Construct, id: string, props: ScopedUserPoolProps) {
    super(scope, id);
    const checked = checkUserPoolProps(this, props);
    failOnProblems(this, checked.problems);
    this.groupScopes = checked.groupScopes;
    this.baseScopes = checked.baseScopes;

    this.userPool = props.userPool ?? this.createUserPool(props);
    this.triggerFunction = this.createTrigger();
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.triggerFunction, cognito.LambdaVersion.V2_0);

    const groups = Object.keys(this.groupScopes).sort(compare);
    this.groups = props.createGroups === false ? [] : groups.map((group) => this.createGroup(group));
    this.resourceServers = [...resourceServerScopes(this.groupScopes)].map(([identifier, names]) =>
      this.createResourceServer(identifier, names),
    );
    this.userPoolClient = this.createClient(props);
  }

  /** Every custom scope some group grants, sorted. */
  public grantedScopes(): string[] {
    return grantedScopes(this.groupScopes);
  }

  private createUserPool(props: ScopedUserPoolProps): cognito.UserPool {
    const threat = props.threatProtection ?? ThreatProtection.OFF;
    return new cognito.UserPool(this, 'UserPool', {
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      ...props.userPoolProps,
      featurePlan: props.featurePlan ?? cognito.FeaturePlan.ESSENTIALS,
      ...(threat === ThreatProtection.OFF
        ? {}
        : {
          standardThreatProtectionMode:
              threat === ThreatProtection.ENFORCED
                ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
                : cognito.StandardThreatProtectionMode.AUDIT_ONLY,
          customThreatProtectionMode:
              threat === ThreatProtection.ENFORCED
                ? cognito.CustomThreatProtectionMode.FULL_FUNCTION
                : cognito.CustomThreatProtectionMode.AUDIT_ONLY,
        }),
    });
  }

  private createTrigger(): lambda.Function {
    const code = lambda.Code.fromAsset(stageTriggerAsset(scopeMapFile(this.groupScopes, this.baseScopes)));
    const logGroup = new logs.LogGroup(this, 'PreTokenGenerationLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Only what the function does: write its own logs. No managed policy, no wildcard resource.
    const role = new iam.Role(this, 'PreTokenGenerationRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Pre Token Generation trigger of cdk-scoped-cognito-api: writes its own logs only',
      inlinePolicies: {
        WriteOwnLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup.logGroupArn],
            }),
          ],
        }),
      },
    });
    return new lambda.Function(this, 'PreTokenGeneration', {
      description: 'Adds the OAuth scopes of the caller\'s Cognito groups to the access token (cdk-scoped-cognito-api)',
      runtime: NODEJS_24,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code,
      memorySize: 256,
      timeout: Duration.seconds(3),
      role,
      logGroup,
    });
  }

  private createGroup(groupName: string): cognito.UserPoolGroup {
    return new cognito.UserPoolGroup(this, `Group${groupName}`, {
      userPool: this.userPool,
      groupName,
      description: truncate(`Grants ${this.groupScopes[groupName].join(', ') || 'no scopes'} (cdk-scoped-cognito-api)`, 2048),
    });
  }

  private createResourceServer(identifier: string, names: string[]): cognito.UserPoolResourceServer {
    const scopes = names.map(
      (scopeName) => new cognito.ResourceServerScope({ scopeName, scopeDescription: truncate(`${identifier}/${scopeName}`, 256) }),
    );
    const server = new cognito.UserPoolResourceServer(this, `ResourceServer${identifier}`, {
      userPool: this.userPool,
      identifier,
      scopes,
    });
    this.resourceServerOAuthScopes.push(...scopes.map((scope) => cognito.OAuthScope.resourceServer(server, scope)));
    return server;
  }

  private createClient(props: ScopedUserPoolProps): cognito.UserPoolClient {
    const oAuth = props.oAuth;
    return new cognito.UserPoolClient(this, 'Client', {
      userPool: this.userPool,
      authFlows: props.authFlows ?? { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      disableOAuth: oAuth === undefined,
      oAuth: oAuth && {
        ...oAuth,
        scopes: [...(oAuth.scopes ?? [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE]), ...this.resourceServerOAuthScopes],
      },
    });
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
