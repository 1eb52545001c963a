import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Enforcement } from './enforcement';
import { IssuerType } from './issuer-type';
import { MachineClient } from './machine-client';
import { OperationsOptions } from './operations-options';
import { ThreatProtection } from './threat-protection';

/**
 * How the Cognito half is set up, besides the group map: the user pool, its plan, the groups, the
 * app clients and the trigger. Every setting is optional; `ScopedUserPoolProps` adds the group map.
 */
export interface ScopedUserPoolOptions {
  /**
   * How the routes' scopes are enforced. `ACCESS_TOKEN_SCOPES`: a generated Pre Token Generation
   * trigger writes the scopes of the caller's groups into the access token, which API Gateway checks
   * (Essentials or Plus plan). `LAMBDA_AUTHORIZER`: no trigger; a generated Lambda authorizer per
   * API decides from the token's `cognito:groups`, on any plan (Lite, about a third of Essentials'
   * price per user, is then the default). The access matrix is the same for the same maps either way.
   * An API on a shared `scopedUserPool` follows the pool's.
   *
   * @default Enforcement.ACCESS_TOKEN_SCOPES
   */
  readonly enforcement?: Enforcement;

  /**
   * An existing user pool to wire into instead of creating one. It must not have a
   * pre-token-generation trigger yet, and, with the default enforcement, must be on the Essentials
   * or Plus plan.
   *
   * @default - a new user pool, on `featurePlan`, with deletion protection on and retained on stack deletion
   */
  readonly userPool?: cognito.UserPool;

  /**
   * The issuer the pool's tokens carry, which every authorizer this library creates trusts exactly.
   * On a pool this construct creates, it is written to the template (`IssuerConfiguration`); left
   * out, nothing is written, and the pool keeps the issuer it has: `ORIGINAL` for a pool that never
   * set another, so a deployed pool's issuer never changes on upgrade. `UPDATED` is what AWS
   * recommends, and what a replica (`ScopedUserPoolReplica`) needs; switching a deployed pool changes
   * the `iss` of its new tokens, so verifiers outside this library must expect it first.
   *
   * On a `userPool` passed in, it says which issuer the pool has: its template's
   * `IssuerConfiguration` is read, and a different value is an error; when the template sets none,
   * `ORIGINAL` is assumed with a warning (check the pool's `IssuerConfiguration` with DescribeUserPool).
   *
   * @default - the pool's template sets none: IssuerType.ORIGINAL
   */
  readonly issuer?: IssuerType;

  /**
   * A customer managed KMS key that encrypts the pool's data (`KeyConfiguration`). Multi-Region
   * replication needs one, a multi-Region key (ID `mrk-...`) with a replica in each Region the
   * pool is replicated to; its key policy must let Cognito use it (see "Data encryption" in the
   * Cognito developer guide). Only on a pool this construct creates.
   *
   * @default - Cognito encrypts the pool with a key AWS owns
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Props for the user pool this construct creates (sign-in aliases, password policy, MFA...).
   * Leave the plan, threat protection and the pre-token trigger to this construct's own props.
   * Not allowed together with `userPool`.
   *
   * Turning off deletion protection or the `RETAIN` removal policy here is warned about at synth.
   *
   * @default - CDK's defaults, plus deletion protection, `RemovalPolicy.RETAIN`, email-only account recovery and case-insensitive sign-in
   */
  readonly userPoolProps?: cognito.UserPoolProps;

  /**
   * The feature plan of the created pool. Essentials is the cheapest plan whose pre-token trigger
   * can customize access tokens (`Enforcement.ACCESS_TOKEN_SCOPES`); `Enforcement.LAMBDA_AUTHORIZER`
   * runs on Lite too. Plus is needed for threat protection.
   *
   * @default - FeaturePlan.ESSENTIALS, or FeaturePlan.LITE with `Enforcement.LAMBDA_AUTHORIZER`
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
   * What happens to the groups this construct creates, and so to their memberships, when they
   * leave the stack (the stack is deleted, or the construct renamed or moved). Retained groups
   * stay in the pool: to manage them again, set `createGroups: false` (the trigger maps them by
   * name all the same) or import them into the stack with `cdk import`.
   *
   * @default RemovalPolicy.RETAIN, like the user pool
   */
  readonly groupRemovalPolicy?: RemovalPolicy;

  /**
   * Whether to create one Cognito group per key of `groupScopes`. Turn it off to adopt groups
   * that already exist in the pool (each group is a CloudFormation resource, and a stack holds
   * at most 500): the trigger maps them by name all the same.
   *
   * @default true
   */
  readonly createGroups?: boolean;

  /**
   * OpenID scopes added to every signed-in user's access token besides the group scopes, as the
   * hosted UI would. They can never guard a route, since every user holds them; custom scopes
   * are refused here (they reach users only through `groupScopes`).
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
   * OAuth settings of the app client (hosted UI, authorization-code flow). Its `scopes` may only
   * be OpenID scopes (`openid`, `email`, `phone`, `profile`, `aws.cognito.signin.user.admin`):
   * a custom scope a user client allows is one any signed-in user can request. Custom scopes
   * reach user tokens only through the trigger, from `groupScopes`.
   *
   * @default - OAuth disabled: tokens come from SDK sign-in, and the trigger adds the scopes
   */
  readonly oAuth?: cognito.OAuthSettings;

  /**
   * Services that call the API as themselves (machine to machine). Each gets an app client with
   * a secret and the client-credentials flow, allowed to request its scopes; their scopes are
   * declared on the resource servers, and a Cognito domain serves the token endpoint.
   *
   * @default - no machine clients, and no domain
   */
  readonly machineClients?: MachineClient[];

  /**
   * The prefix of the Cognito domain whose token endpoint (`https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token`)
   * machine clients call. Prefixes are unique per region across all accounts. Only with `machineClients`.
   *
   * @default - the construct's unique name and the account ID, for example `mystack-api-1a2b3c4d-111111111111`
   */
  readonly domainPrefix?: string;

  /**
   * The pool's existing domain, for the token endpoint, when `userPool` already has one (a pool
   * takes only one domain).
   *
   * @default - a new Cognito domain named by `domainPrefix`, when there are machine clients
   */
  readonly userPoolDomain?: cognito.UserPoolDomain;

  /**
   * The event version of the Pre Token Generation trigger. `V2_0` runs it when users get tokens.
   * `V3_0` also runs it for machine tokens (client credentials), so they can be customized too;
   * the generated handler leaves them with the scopes Cognito granted, and Lambda bills each run.
   * `V1_0` cannot customize access tokens and is refused. Not with `Enforcement.LAMBDA_AUTHORIZER`,
   * which has no trigger.
   *
   * @default LambdaVersion.V2_0
   */
  readonly triggerEventVersion?: cognito.LambdaVersion;

  /**
   * Lambda concurrency kept for the Pre Token Generation trigger alone, so that no other function
   * of the account can take what sign-in needs: without a trigger run, Cognito refuses the sign-in
   * or refresh. It also caps the trigger: a value below what Cognito's default request-rate quotas
   * can send it (29 on V2_0, 59 on V3_0, at 200 ms a run) is warned about. Lambda keeps 100 of the
   * account's concurrency unreserved, so the deployment fails on accounts whose concurrency quota is
   * below this value plus 100 (new accounts may have 10), with "Specified ReservedConcurrentExecutions
   * for function decreases account's UnreservedConcurrentExecution below its minimum value".
   *
   * Not with `Enforcement.LAMBDA_AUTHORIZER`, which has no trigger (see `authorizerReservedConcurrency` on the APIs).
   *
   * @default - none: the trigger draws on the account's unreserved concurrency like any function
   */
  readonly triggerReservedConcurrency?: number;
}

/**
 * Props of the Cognito half: the user pool, its groups, the resource servers, the app clients and
 * the Pre Token Generation trigger that turns group membership into access-token scopes.
 */
export interface ScopedUserPoolProps extends ScopedUserPoolOptions, OperationsOptions {
  /**
   * Which OAuth scopes each Cognito group grants, for example `{ Admin: ['api/admin'] }`.
   * Scopes have the form `identifier/name`; each identifier becomes a resource server.
   */
  readonly groupScopes: { [group: string]: string[] };

  /**
   * Whether to write the access matrix of every API attached to this pool into the cloud assembly
   * directory at synth, as `<unique id>.access-matrix.json` and `.md` (see `accessMatrixFiles`).
   *
   * @default false
   */
  readonly writeAccessMatrix?: boolean;

  /**
   * A committed file with the expected access matrix of every API attached to this pool, across stacks (a path relative to the app's
   * working directory): synth fails when it is missing, and when who can call what differs from it,
   * listing each change in words (`+ ReadOnly can now call DELETE /orders/{id} (orders/write)`).
   * Review a change, accept it with `cdk synth -c cdk-scoped-cognito-api:acceptAccess=true`, which
   * rewrites the file, and commit the file: the pull request shows the change of access as its diff.
   * A pipeline never passes the key, so an unreviewed change fails it.
   *
   * @default - the access matrix is not compared with a reviewed file
   */
  readonly reviewedAccess?: string;
}
