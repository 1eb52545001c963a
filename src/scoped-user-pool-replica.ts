import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Enforcement } from './enforcement';
import { OperationsOptions } from './operations-options';
import { hasOverride, rawProperty, readProperty } from './private/rules/cfn-resources';
import { reservedConcurrencyProblems } from './private/rules/concurrency-rules';
import { webAclArnProblems } from './private/rules/operations-rules';
import { failOnProblems } from './private/rules/problems';
import { userPoolArnIn } from './private/rules/regions';
import { REGIONAL_CONFIGURATION_TYPE } from './private/rules/replica-rules';
import { triggerAlarms, warnAboutSilentAlarms } from './private/wiring/alarms';
import { guardMachineClientIdsParameter } from './private/wiring/parameter-guard';
import { ScopedUserPool } from './scoped-user-pool';

/** Props of `ScopedUserPoolReplica`. */
export interface ScopedUserPoolReplicaProps extends OperationsOptions {
  /**
   * The pool to replicate, in a stack of another Region. It must be on the Essentials or Plus plan,
   * use `IssuerType.UPDATED` and be encrypted with a multi-Region KMS key (`encryptionKey`). This
   * construct's stack reads the pool's ID across Regions: give it `crossRegionReferences: true`.
   */
  readonly scopedUserPool: ScopedUserPool;

  /**
   * Whether the replica serves sign-ins in its Region once deployed (`ACTIVE`), with the trigger
   * attached in the same resource; `false` leaves it `INACTIVE`, accepting only administrator
   * configuration, until it is activated.
   *
   * @default true
   */
  readonly active?: boolean;

  /**
   * Lambda concurrency kept for the replica's trigger alone (see `triggerReservedConcurrency` on
   * the pool). Not with `Enforcement.LAMBDA_AUTHORIZER`, which runs no trigger.
   *
   * @default - none
   */
  readonly triggerReservedConcurrency?: number;
}

/**
 * The replica of a `ScopedUserPool` in another Region, for a stack in that Region, enforcing the
 * same maps there. The replica itself (`AWS::Cognito::UserPoolReplica`) is made in the pool's
 * stack, from the primary; this construct's stack attaches the Region's own settings
 * (`AWS::Cognito::UserPoolRegionalConfigurationAttachment`), Lambda triggers among them, since a
 * replica runs no trigger of the primary's. With the default enforcement that is a copy of the
 * pool's Pre Token Generation trigger (the same bundle and map, byte for byte, on the same event
 * version); with `Enforcement.LAMBDA_AUTHORIZER`, no trigger, and the APIs in the Region bring
 * their authorizers. APIs in this Region on the pool (`scopedUserPool`) attach to the replica.
 */
export class ScopedUserPoolReplica extends Construct {
  /** The Region of the replica: this construct's stack's. */
  public readonly region: string;
  /** The pool replicated. */
  public readonly scopedUserPool: ScopedUserPool;
  /** The `AWS::Cognito::UserPoolReplica` resource, in the pool's stack. */
  public readonly replica: CfnResource;
  /** The `AWS::Cognito::UserPoolRegionalConfigurationAttachment` of this Region: its status and Lambda triggers. */
  public readonly regionalConfiguration: CfnResource;
  /** The ARN of the pool in this Region (the same pool ID as the primary). */
  public readonly userPoolArn: string;
  /** The Region's copy of the pool's Pre Token Generation trigger (undefined with `Enforcement.LAMBDA_AUTHORIZER`). */
  public readonly triggerFunction?: lambda.Function;
  /** The trigger's log group in this Region (undefined without a trigger). */
  public readonly triggerLogGroup?: logs.LogGroup;
  /** In alarm when a trigger run fails in this Region (undefined without a trigger, or with `alarms: false`). */
  public readonly triggerErrorsAlarm?: cloudwatch.Alarm;
  /** In alarm when Lambda throttles the trigger in this Region (undefined without a trigger, or with `alarms: false`). */
  public readonly triggerThrottlesAlarm?: cloudwatch.Alarm;
  /** In alarm when a trigger run comes near its timeout (undefined without a trigger, or with `alarms: false`). */
  public readonly triggerDurationAlarm?: cloudwatch.Alarm;
  /** The copy, in this Region, of the parameter that names the machine clients with claims (undefined when none has). */
  public readonly machineClientIdsParameter?: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: ScopedUserPoolReplicaProps) {
    super(scope, id);
    const pool = props.scopedUserPool;
    this.scopedUserPool = pool;
    const stack = Stack.of(this);
    this.region = stack.region;
    const primary = Stack.of(pool.userPool).region;
    const byTrigger = pool.enforcement === Enforcement.ACCESS_TOKEN_SCOPES;
    failOnProblems(this, [
      ...(Token.isUnresolved(this.region)
        ? [`the stack ${stack.node.path} has no Region known at synth; give it an env with the Region of the replica`]
        : []),
      ...(!Token.isUnresolved(this.region) && this.region === primary
        ? [`scopedUserPool: ${pool.node.path} is in ${primary} already; a replica serves another Region (put this construct in a stack there)`]
        : []),
      ...(!byTrigger && props.triggerReservedConcurrency !== undefined
        ? ['triggerReservedConcurrency: the pool enforces the maps with Lambda authorizers (Enforcement.LAMBDA_AUTHORIZER) and runs no trigger']
        : []),
      ...reservedConcurrencyProblems('triggerReservedConcurrency', props.triggerReservedConcurrency),
      ...webAclArnProblems(props.webAclArn, stack),
    ]);

    this.replica = pool._replicate(this.region, this);
    // The Regional configuration can be attached only once the replica exists: the pool's stack goes first.
    if (Stack.of(pool) !== stack) stack.node.addDependency(Stack.of(pool));
    this.userPoolArn = userPoolArnIn(this, pool.userPool.userPoolId);

    let lambdaConfig: Record<string, unknown> | undefined;
    let permission: lambda.CfnPermission | undefined;
    if (byTrigger) {
      const ids = pool._machineClientIds();
      if (ids !== undefined) {
        this.machineClientIdsParameter = new ssm.StringParameter(this, 'MachineClientIds', {
          parameterName: ids.name,
          description: 'Client ID and name of each machine client with claims, read by the Pre Token Generation trigger (cdk-scoped-cognito-api)',
          stringValue: ids.value,
        });
        guardMachineClientIdsParameter(this.machineClientIdsParameter);
      }
      const trigger = pool._createTriggerIn(this, props);
      this.triggerFunction = trigger.fn;
      this.triggerLogGroup = trigger.logGroup;
      if (props.alarms !== false) {
        ({
          errors: this.triggerErrorsAlarm,
          throttles: this.triggerThrottlesAlarm,
          duration: this.triggerDurationAlarm,
        } = triggerAlarms(this, trigger.fn, trigger.fn.timeout!, props.alarmTopic));
      }
      // Cognito in this Region invokes it for this pool of this account only.
      trigger.fn.addPermission('CognitoInvoke', {
        principal: new iam.ServicePrincipal('cognito-idp.amazonaws.com'),
        sourceArn: this.userPoolArn,
        sourceAccount: stack.account,
      });
      permission = trigger.fn.node.findChild('CognitoInvoke') as lambda.CfnPermission;
      lambdaConfig = { PreTokenGenerationConfig: { LambdaArn: trigger.fn.functionArn, LambdaVersion: pool.triggerEventVersion } };
    }
    const status = props.active === false ? 'INACTIVE' : 'ACTIVE';
    this.regionalConfiguration = new CfnResource(this, 'RegionalConfiguration', {
      type: REGIONAL_CONFIGURATION_TYPE,
      properties: {
        UserPoolId: pool.userPool.userPoolId,
        Status: status,
        ...(lambdaConfig === undefined ? {} : { LambdaConfig: lambdaConfig }),
      },
    });
    // Cognito may run the trigger as soon as the replica is active.
    if (permission !== undefined) this.regionalConfiguration.node.addDependency(permission);
    pool._recordRegionalConfiguration(this.region, this.regionalConfiguration);
    const lambdaConfigAsMade = stack.resolve(lambdaConfig);
    this.node.addValidation({ validate: () => this.regionalConfigurationProblems(lambdaConfigAsMade, status) });
    this.node.addValidation({ validate: () => this.conditionProblems(permission) });
    this.node.addValidation({ validate: () => this.warnAboutWhatTheReplicaLacks(props) });

    if (props.webAclArn !== undefined) {
      // The web ACL is a Regional setting of each replica.
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.userPoolArn, webAclArn: props.webAclArn });
    }
    warnAboutSilentAlarms(this, props.alarmTopic);
    if (props.active === false) {
      Annotations.of(this).addInfo(`the replica in ${this.region} is INACTIVE: it serves no sign-in until activated (active: true)`);
    }
  }

  /**
   * The Region's Lambda triggers and status must stay as made: the enforcement in this Region
   * depends on the one, and the other says whether the Region serves sign-ins (the pool checks that
   * the attachment still names it).
   */
  private regionalConfigurationProblems(lambdaConfigAsMade: unknown, statusAsMade: string): string[] {
    const problems: string[] = [];
    const now = Stack.of(this).resolve(rawProperty(this.regionalConfiguration, 'LambdaConfig'));
    if (JSON.stringify(now) !== JSON.stringify(lambdaConfigAsMade)) {
      problems.push(`${this.regionalConfiguration.node.path}: its LambdaConfig is no longer the one this construct made (an override or an ` +
        `aspect changed it): in ${this.region}, tokens would not be what the access matrix says; remove the change`);
    }
    if (rawProperty(this.regionalConfiguration, 'Status') !== statusAsMade) {
      problems.push(`${this.regionalConfiguration.node.path}: its Status is no longer ${statusAsMade} (an override or an aspect changed it): ` +
        'set the active prop instead');
    }
    return problems;
  }

  /**
   * What the replica Region does not share with the primary, warned about: a web ACL is a Regional
   * setting (the pool's rate limits would not apply here), and a secondary pool does not support TOTP
   * MFA (the guide's limitations: users with it must sign in where the primary serves them).
   */
  private warnAboutWhatTheReplicaLacks(props: ScopedUserPoolReplicaProps): string[] {
    if (this.scopedUserPool._webAclArn !== undefined && props.webAclArn === undefined) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:replicaWithoutWebAcl',
        `the pool has a web ACL (webAclArn) and the replica in ${this.region} none: a web ACL is a Regional setting, so its rules would not ` +
          `apply to sign-ins there; give the replica webAclArn, a web ACL of ${this.region}`);
    }
    const mfas = readProperty(this.scopedUserPool.userPool.node.defaultChild as CfnResource, 'EnabledMfas').value;
    if (Array.isArray(mfas) && mfas.includes('SOFTWARE_TOKEN_MFA')) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:replicaWithoutTotp',
        `the pool allows TOTP MFA, which a replica does not support: users with it cannot sign in in ${this.region} (Cognito developer ` +
          'guide, "Multi-Region replication for user pools": limitations)');
    }
    return [];
  }

  /**
   * A condition on what carries the enforcement would deploy the replica without it: the replica,
   * its Regional configuration, the trigger's copy or Cognito's permission to invoke it.
   */
  private conditionProblems(permission: lambda.CfnPermission | undefined): string[] {
    const carriers: CfnResource[] = [this.replica, this.regionalConfiguration];
    if (this.triggerFunction) carriers.push(this.triggerFunction.node.defaultChild as CfnResource);
    if (permission) carriers.push(permission);
    return carriers.filter((resource) => resource.cfnOptions.condition !== undefined || hasOverride(resource, 'Condition'))
      .map((resource) => `${resource.node.path}: a CloudFormation condition on it could deploy the replica in ${this.region} without ` +
        'the enforcement: remove it (leave the replica INACTIVE with active: false instead)');
  }
}
