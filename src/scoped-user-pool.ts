import { Annotations, CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct, IConstruct } from 'constructs';
import { Enforcement } from './enforcement';
import { IssuerType } from './issuer-type';
import { MachineClient } from './machine-client';
import { OperationsOptions } from './operations-options';
import { AccessMatrixDocument, inRegion, mergeAccessMatrices, renderAccessMatrices, writeAccessMatrixAtSynth } from './private/matrix/access-matrix';
import { attachedApis } from './private/matrix/attached-apis';
import { checkReviewedAccessAtSynth } from './private/matrix/reviewed-access-check';
import { literalString, readProperty, referenceOf, resourcesOfType } from './private/rules/cfn-resources';
import { compareCodePoints } from './private/rules/code-point-order';
import { triggerConcurrencyWarnings } from './private/rules/concurrency-rules';
import { defaultDomainPrefix } from './private/rules/domain-prefix';
import { effectiveIssuer, issuerInTemplate, issuerUrl } from './private/rules/issuer-rules';
import { machineClientClaims } from './private/rules/machine-client-rules';
import { recordPoolOwner } from './private/rules/pool-owners';
import { failOnProblems } from './private/rules/problems';
import { resourceServerCountRules } from './private/rules/quota-rules';
import { knownRegion, userPoolArnIn } from './private/rules/regions';
import { RegisteredReplica, replicaProblems } from './private/rules/replica-rules';
import { scopesHeld, resourceServerScopes } from './private/rules/scope-rules';
import { checkUserPoolProps } from './private/rules/user-pool-rules';
import { releaseTriggerAsset, scopeMapFile, stageTriggerAsset } from './private/trigger/trigger-asset';
import { MachineClientClaims } from './private/trigger/trigger-map';
import { triggerAlarms, warnAboutSilentAlarms } from './private/wiring/alarms';
import { takeChecked } from './private/wiring/checked-pool-props';
import { guardFunctionAsMade } from './private/wiring/function-guard';
import { functionWithOwnLogs } from './private/wiring/function-with-own-logs';
import { machineClientIdsParameterName } from './private/wiring/machine-client-ids-name';
import { guardMachineClientIdsParameter } from './private/wiring/parameter-guard';
import { unprotectedPoolWarnings } from './private/wiring/pool-protection';
import { preTokenSettings } from './private/wiring/pool-trigger-settings';
import { checkTemplateResourcesAtSynth } from './private/wiring/template-quotas';
import { RouteAccess } from './route-access';
import { ScopedUserPoolProps } from './scoped-user-pool-props';
import { ThreatProtection } from './threat-protection';

/** How long a trigger run may take: Cognito waits about 5 s for the trigger, then fails the sign-in. */
const TRIGGER_TIMEOUT = Duration.seconds(3);

/**
 * The Cognito half of `ScopedCognitoApi` and `ScopedCognitoHttpApi`: a user pool, its groups,
 * resource servers and app clients for users and for machine-to-machine callers. With the default
 * enforcement, its access tokens carry the OAuth scopes of the caller's groups, added by a
 * generated Pre Token Generation trigger (V2_0 event, or V3_0 as an opt-in): use it alone to guard
 * an API you wire yourself. With `Enforcement.LAMBDA_AUTHORIZER` it has no trigger, and the APIs
 * attached to it enforce the maps with generated Lambda authorizers.
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
  /** How the scopes are enforced: by the trigger's scopes in access tokens, or by the APIs' generated Lambda authorizers. */
  public readonly enforcement: Enforcement;
  /** The issuer the pool's tokens carry, which every authorizer of the library trusts exactly (see the `issuer` prop). */
  public readonly issuer: IssuerType;
  /**
   * The issuer URL of the pool's tokens: `https://cognito-idp.<region>.amazonaws.com/<pool-id>`, or
   * `https://issuer-cognito-idp.<region>.amazonaws.com/<pool-id>` with `IssuerType.UPDATED`, the
   * pool's (primary) Region in both. Tokens a replica issues carry the same.
   */
  public readonly issuerUrl: string;
  /**
   * The Pre Token Generation trigger: it adds the group scopes to user access tokens and
   * suppresses the scopes of `resourceServers` the user's groups do not grant (undefined with
   * `Enforcement.LAMBDA_AUTHORIZER`).
   */
  public readonly triggerFunction?: lambda.Function;
  /** The trigger's log group: one JSON line per token, with the counts of scopes added and suppressed (undefined without a trigger). */
  public readonly triggerLogGroup?: logs.LogGroup;
  /** In alarm when a trigger run fails: each is a refused sign-in or token refresh (undefined with `alarms: false`). */
  public readonly triggerErrorsAlarm?: cloudwatch.Alarm;
  /** In alarm when Lambda throttles the trigger: a throttled run can fail a sign-in or token refresh (undefined with `alarms: false`). */
  public readonly triggerThrottlesAlarm?: cloudwatch.Alarm;
  /** In alarm when a trigger run comes near its timeout, past which the sign-in fails (undefined with `alarms: false`). */
  public readonly triggerDurationAlarm?: cloudwatch.Alarm;
  /** The group-to-scopes map this pool enforces (a copy of the prop). */
  public readonly groupScopes: { [group: string]: string[] };
  /** The scopes every signed-in user gets. */
  public readonly baseScopes: string[];
  /** The app clients of the machine clients, in the order of their names. */
  public readonly machineClients: cognito.UserPoolClient[];
  /** The scopes each machine client may request, by name (a copy of the prop). */
  public readonly machineClientScopes: { [client: string]: string[] };
  /** The domain that serves the token endpoint; undefined without machine clients. */
  public readonly domain?: cognito.UserPoolDomain;
  /** The OAuth 2.0 token endpoint machine clients call; undefined without machine clients. */
  public readonly tokenEndpoint?: string;
  /** The event version the trigger runs on (unused with `Enforcement.LAMBDA_AUTHORIZER`, which runs no trigger). */
  public readonly triggerEventVersion: cognito.LambdaVersion;
  /**
   * The SSM parameter that tells the trigger which client ID is which machine client, for the
   * clients with `claims` (client IDs exist only once deployed, after the trigger's code is
   * written). Undefined when no machine client has claims.
   */
  public readonly machineClientIdsParameter?: ssm.StringParameter;
  /**
   * The files this pool writes into the cloud assembly directory at synth: the access matrix of
   * every API attached to it, as JSON and as Markdown. Empty unless `writeAccessMatrix` is set.
   */
  public readonly accessMatrixFiles: string[];
  private readonly oAuthScopes = new Map<string, cognito.OAuthScope>();
  /**
   * The reviewed-access file of this pool, if any: the APIs on it then refuse routes outside the matrix.
   *
   * @internal
   */
  public readonly _reviewedAccess?: string;
  /** The scope names of each resource server this construct creates, by identifier. */
  private readonly managedScopes: ReadonlyMap<string, string[]>;
  /** The replicas made by `ScopedUserPoolReplica`, by Region. */
  private readonly replicas = new Map<string, RegisteredReplica>();
  /** What the trigger is made from, for a replica's copy of it: the claims parameter, if any. */
  private readonly triggerClaims?: MachineClientClaims;
  /**
   * The web ACL associated with the pool, if any: a replica warns without one of its own.
   *
   * @internal
   */
  public readonly _webAclArn?: string;

  constructor(scope: Construct, id: string, props: ScopedUserPoolProps) {
    super(scope, id);
    // An API that builds its own pool has checked its props already.
    const checked = takeChecked(props) ?? checkUserPoolProps(this, props);
    failOnProblems(this, checked.problems);
    this.groupScopes = checked.groupScopes;
    this.baseScopes = checked.baseScopes;
    this.machineClientScopes = checked.machineClientScopes;
    this.triggerEventVersion = checked.triggerEventVersion;
    this.enforcement = checked.enforcement;
    this.managedScopes = resourceServerScopes(this.groupScopes, this.machineClientScopes);

    const machineClients = [...(props.machineClients ?? [])].sort((a, b) => compareCodePoints(a.name, b.name));
    const claims = machineClientClaims(machineClients);
    // Named here, not by reference: the pool needs the trigger, the clients need the pool, so the
    // trigger can only name the parameter that will hold the clients' IDs.
    const claimsParameterName = claims.length > 0 ? machineClientIdsParameterName(this) : undefined;

    this.userPool = props.userPool ?? this.createUserPool(props);
    recordPoolOwner(this.userPool, this.node.path);
    const cfnPool = this.userPool.node.defaultChild as CfnResource;
    if (props.userPool === undefined) writeIssuerAndKey(cfnPool, props.issuer, props.encryptionKey);
    this.issuer = effectiveIssuer(props.issuer, cfnPool);
    this.issuerUrl = issuerUrl(this.issuer, Stack.of(this.userPool).region, this.userPool.userPoolId);
    if (props.userPool !== undefined && props.issuer === undefined) this.warnAboutUnknownIssuer(cfnPool);
    this.node.addValidation({ validate: () => this.issuerChangeProblems(cfnPool) });
    this.node.addValidation({ validate: () => replicaProblems(this, cfnPool, this.replicas) });
    if (this.enforcement === Enforcement.ACCESS_TOKEN_SCOPES) {
      this.triggerClaims = claimsParameterName === undefined ? undefined : { parameterName: claimsParameterName, claims };
      const trigger = this._createTriggerIn(this, props);
      this.triggerFunction = trigger.fn;
      this.triggerLogGroup = trigger.logGroup;
      if (props.alarms !== false) {
        ({
          errors: this.triggerErrorsAlarm,
          throttles: this.triggerThrottlesAlarm,
          duration: this.triggerDurationAlarm,
        } = triggerAlarms(this, trigger.fn, TRIGGER_TIMEOUT, props.alarmTopic));
      }
      this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, trigger.fn, this.triggerEventVersion);
      this.limitInvokePermissionToAccount(trigger.fn);
      for (const warning of triggerConcurrencyWarnings(props.triggerReservedConcurrency, this.triggerEventVersion)) {
        Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:triggerConcurrency', warning);
      }
      this.node.addValidation({ validate: () => this.legacyTriggerProblems(trigger.fn) });
      this.node.addValidation({ validate: () => this.triggerConfigProblems(trigger.fn) });
    } else {
      this.node.addValidation({ validate: () => this.groupRewritingTriggerProblems() });
    }
    this._webAclArn = props.webAclArn;
    if (props.webAclArn !== undefined) {
      // Rate-based rules per client IP on sign-in and the token endpoint.
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', { resourceArn: this.userPool.userPoolArn, webAclArn: props.webAclArn });
    }
    warnAboutSilentAlarms(this, props.alarmTopic);
    this.warnAboutUnprotectedPool(props.userPool === undefined);
    checkTemplateResourcesAtSynth(this);
    for (const warning of resourceServerCountRules(this.managedScopes.size).warnings) {
      Annotations.of(this).addWarningV2('cdk-scoped-cognito-api:quota', warning);
    }

    const groups = Object.keys(this.groupScopes).sort(compareCodePoints);
    const groupRemovalPolicy = props.groupRemovalPolicy ?? RemovalPolicy.RETAIN;
    this.groups = props.createGroups === false ? [] : groups.map((group) => this.createGroup(group, groupRemovalPolicy));
    this.resourceServers = [...this.managedScopes].map(([identifier, names]) => this.createResourceServer(identifier, names));
    this.userPoolClient = this.createClient(props);

    this.machineClients = machineClients.map((client) => this.createMachineClient(client));
    if (claimsParameterName) {
      this.machineClientIdsParameter = this.createMachineClientIdsParameter(claimsParameterName, claims.map(([name]) => name));
    }
    this.accessMatrixFiles = props.writeAccessMatrix
      ? writeAccessMatrixAtSynth(this, () => this.matrixDocument(), () => this.accessMatrixMarkdown())
      : [];
    this._reviewedAccess = props.reviewedAccess;
    if (props.reviewedAccess !== undefined) checkReviewedAccessAtSynth(this, props.reviewedAccess, () => this.accessMatrix());
    this.node.addValidation({ validate: () => this.warnAboutUnreachableHolders() });
    this.node.addValidation({ validate: () => this.duplicateProblems() });
    if (machineClients.length > 0) {
      this.domain = props.userPoolDomain ?? new cognito.UserPoolDomain(this, 'Domain', {
        userPool: this.userPool,
        cognitoDomain: { domainPrefix: props.domainPrefix ?? defaultDomainPrefix(this) },
      });
      this.tokenEndpoint = `${this.domain.baseUrl()}/oauth2/token`;
      if (!props.userPoolDomain) this.node.addValidation({ validate: () => this.secondPrefixDomainProblems(props.userPool !== undefined) });
    }
  }

  /**
   * Who may call each route of every API attached to this pool (the `api` of each row names it),
   * as each API's own `accessMatrix()` tells, sorted by API, then path, then method.
   */
  public accessMatrix(): RouteAccess[] {
    return this.matrixDocument().routes;
  }

  /** The access matrix of every API attached to this pool as Markdown: a heading and a table per API. */
  public accessMatrixMarkdown(): string {
    return renderAccessMatrices(this.matrixDocument());
  }

  /** The Regions the pool is replicated to by `ScopedUserPoolReplica`, sorted. */
  public replicaRegions(): string[] {
    return [...this.replicas.keys()].sort(compareCodePoints);
  }

  /**
   * Creates the pool's replica in `region` (`AWS::Cognito::UserPoolReplica`), in the pool's own
   * stack: the replica is made from the primary, and the Regional configuration that gives it the
   * trigger can only be attached once it exists. Called by `ScopedUserPoolReplica`.
   *
   * @internal
   */
  public _replicate(region: string, by: Construct): CfnResource {
    const existing = this.replicas.get(region);
    if (existing !== undefined) {
      throw new Error(`${by.node.path}: the pool ${this.node.path} has a replica in ${region} already (${existing.path}); a Region holds one`);
    }
    const resource = new CfnResource(this, `Replica${region.replace(/[^A-Za-z0-9]/g, '')}`, {
      type: 'AWS::Cognito::UserPoolReplica',
      properties: { RegionName: region, UserPoolId: this.userPool.userPoolId },
    });
    this.replicas.set(region, { path: by.node.path, resource });
    return resource;
  }

  /**
   * The ARN of the pool as an API in `scope`'s Region trusts it: the replica's, when the pool has
   * one in that Region, else the primary's. Resolved at synth, so a replica made after the API counts.
   *
   * @internal
   */
  public _userPoolArnFor(scope: Construct): string {
    // Uncached: resolved before the replica was declared, it must not keep the primary's ARN.
    return Lazy.uncachedString({
      produce: () => {
        const region = knownRegion(scope);
        return region !== undefined && this.replicas.has(region)
          ? userPoolArnIn(scope, this.userPool.userPoolId)
          : this.userPool.userPoolArn;
      },
    });
  }

  /**
   * Records the Regional configuration a `ScopedUserPoolReplica` attached in `region`: the one the
   * pool's checks accept there.
   *
   * @internal
   */
  public _recordRegionalConfiguration(region: string, configuration: CfnResource): void {
    const replica = this.replicas.get(region);
    if (replica !== undefined) this.replicas.set(region, { ...replica, regionalConfiguration: configuration });
  }

  /**
   * The machine client IDs parameter's name and value, for a replica's copy in its Region (the
   * trigger reads it there); undefined when no machine client has claims.
   *
   * @internal
   */
  public _machineClientIds(): { readonly name: string; readonly value: string } | undefined {
    const parameter = this.machineClientIdsParameter;
    if (parameter === undefined || this.triggerClaims === undefined) return undefined;
    return { name: this.triggerClaims.parameterName, value: parameter.stringValue };
  }

  /** The identifiers of the resource servers this construct creates: the trigger decides their scopes on user tokens. */
  public managedResourceServers(): string[] {
    return [...this.managedScopes.keys()];
  }

  /**
   * The scope names of each resource server this construct creates, by identifier.
   *
   * @internal
   */
  public _resourceServerScopes(): ReadonlyMap<string, readonly string[]> {
    return this.managedScopes;
  }

  /** Every custom scope some group grants, sorted. */
  public scopesOfGroups(): string[] {
    return scopesHeld(this.groupScopes);
  }

  /** Every custom scope some group grants or some machine client may request, sorted: those a route may require. */
  public scopesRoutesMayRequire(): string[] {
    return scopesHeld(this.groupScopes, this.machineClientScopes);
  }

  /**
   * Every custom scope some group grants, sorted.
   *
   * @deprecated use `scopesOfGroups()`
   */
  public grantedScopes(): string[] {
    return this.scopesOfGroups();
  }

  /**
   * Every custom scope some group grants or some machine client may request, sorted.
   *
   * @deprecated use `scopesRoutesMayRequire()`
   */
  public grantableScopes(): string[] {
    return this.scopesRoutesMayRequire();
  }

  /**
   * The app client of a machine client.
   *
   * @param name the machine client's name
   */
  public machineClient(name: string): cognito.UserPoolClient {
    const client = this.node.tryFindChild(`MachineClient${name}`);
    if (!(client instanceof cognito.UserPoolClient)) {
      throw new Error(`${this.node.path}: no machine client '${name}' (known: ${Object.keys(this.machineClientScopes).join(', ') || 'none'})`);
    }
    return client;
  }

  private createUserPool(props: ScopedUserPoolProps): cognito.UserPool {
    const threat = props.threatProtection ?? ThreatProtection.OFF;
    return new cognito.UserPool(this, 'UserPool', {
      ...SAFE_POOL_DEFAULTS,
      // A key given as undefined or null keeps the default: the spread alone would switch it off.
      ...definedOnly(props.userPoolProps),
      // The cheapest plan the enforcement runs on: the trigger needs Essentials, the authorizer runs on Lite.
      featurePlan: props.featurePlan
        ?? (this.enforcement === Enforcement.LAMBDA_AUTHORIZER ? cognito.FeaturePlan.LITE : cognito.FeaturePlan.ESSENTIALS),
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

  /**
   * Makes the Pre Token Generation trigger in `scope`: this pool's own, or the byte-identical copy a
   * replica runs in its Region (the same bundle, map and settings; its own role, logs and operations).
   *
   * @internal
   */
  public _createTriggerIn(scope: Construct, props: OperationsOptions & { readonly triggerReservedConcurrency?: number }) {
    const machineClaims = this.triggerClaims;
    const readParameter = machineClaims && {
      ReadMachineClientIds: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            actions: ['ssm:GetParameter'],
            resources: [
              Stack.of(scope).formatArn({ service: 'ssm', resource: 'parameter', resourceName: machineClaims.parameterName.slice(1) }),
            ],
          }),
        ],
      }),
    };
    // Without asset staging the assembly names the staged folder itself, which must then outlive the synth.
    const stagingOff = Boolean(this.node.tryGetContext(cxapi.DISABLE_ASSET_STAGING_CONTEXT));
    const folder = stageTriggerAsset(scopeMapFile(this.groupScopes, this.baseScopes, this.managedScopes, machineClaims), { keep: stagingOff });
    const trigger = functionWithOwnLogs(scope, 'PreTokenGeneration', {
      description: 'Adds the OAuth scopes of the caller\'s Cognito groups to the access token (cdk-scoped-cognito-api)',
      roleDescription: machineClaims
        ? 'Pre Token Generation trigger of cdk-scoped-cognito-api: writes its own logs, reads the machine client IDs'
        : 'Pre Token Generation trigger of cdk-scoped-cognito-api: writes its own logs only',
      code: lambda.Code.fromAsset(folder),
      memorySize: 256,
      timeout: TRIGGER_TIMEOUT,
      inlinePolicies: readParameter,
      logEncryptionKey: props.logEncryptionKey,
      reservedConcurrency: props.triggerReservedConcurrency,
      logRetention: props.logRetention,
      tracing: props.tracing,
    });
    // The function's asset copied the folder into the cloud assembly as it was created (asset.<hash>).
    if (!stagingOff) releaseTriggerAsset(folder);
    guardFunctionAsMade(trigger.fn, undefined, 'tokens would then carry other scopes than the access matrix counts');
    return trigger;
  }

  private createGroup(groupName: string, removalPolicy: RemovalPolicy): cognito.UserPoolGroup {
    const group = new cognito.UserPoolGroup(this, `Group${groupName}`, {
      userPool: this.userPool,
      groupName,
      description: truncate(`Grants ${this.groupScopes[groupName].join(', ') || 'no scopes'} (cdk-scoped-cognito-api)`, 2048),
    });
    group.applyRemovalPolicy(removalPolicy);
    return group;
  }

  /**
   * Cognito's permission to invoke the trigger names the pool (`SourceArn`); this adds the account
   * (`SourceAccount`), as AWS advises for service principals, so only this account's pool qualifies.
   */
  private limitInvokePermissionToAccount(trigger: lambda.Function): void {
    // aws-cdk-lib creates it under the pool (newer releases) or under the function (older ones).
    const permission = [this.userPool, trigger]
      .map((parent) => parent.node.tryFindChild('PreTokenGenerationConfigCognito'))
      .find((child): child is lambda.CfnPermission => child instanceof lambda.CfnPermission);
    if (!permission) throw new Error(`${this.node.path}: aws-cdk-lib did not create Cognito's permission to invoke the trigger where expected`);
    permission.sourceAccount = Stack.of(this.userPool).account;
  }

  private matrixDocument(): AccessMatrixDocument {
    return mergeAccessMatrices(attachedApis(this).map((api) => inRegion(api.document(), api.region)));
  }

  /**
   * A group or machine client that reaches no route of any API attached to the pool is likely a
   * typo in one of the maps (nothing to say while no API is attached).
   */
  private warnAboutUnreachableHolders(): string[] {
    if (attachedApis(this).length === 0) {
      if (this.enforcement === Enforcement.LAMBDA_AUTHORIZER) {
        Annotations.of(this).addWarningV2(
          'cdk-scoped-cognito-api:nothingEnforces',
          'with Enforcement.LAMBDA_AUTHORIZER, the maps are enforced by the authorizers of the APIs attached to the pool, and none is: ' +
            'its tokens carry no group scopes, and an API you wire to the pool yourself sees only the scopes its clients allow; ' +
            'attach a ScopedCognitoApi or ScopedCognitoHttpApi (scopedUserPool), or use the default enforcement',
        );
      }
      return [];
    }
    const rows = this.accessMatrix().filter((row) => !row.isPublic);
    const reachable = { groups: new Set(rows.flatMap((row) => row.groups)), clients: new Set(rows.flatMap((row) => row.machineClients)) };
    for (const group of Object.keys(this.groupScopes).filter((name) => !reachable.groups.has(name))) {
      Annotations.of(this).addWarningV2(
        'cdk-scoped-cognito-api:unreachableGroup',
        `groupScopes['${group}']: the group reaches no route; its scopes guard no route of the APIs on this pool`,
      );
    }
    for (const client of Object.keys(this.machineClientScopes).filter((name) => !reachable.clients.has(name))) {
      Annotations.of(this).addWarningV2(
        'cdk-scoped-cognito-api:unreachableMachineClient',
        `machineClients '${client}': the client reaches no route; its scopes guard no route of the APIs on this pool`,
      );
    }
    return [];
  }

  /**
   * A legacy V1 trigger added to the pool afterwards (`UserPoolOperation.PRE_TOKEN_GENERATION`) puts a
   * second function into `LambdaConfig`, beside this construct's `PreTokenGenerationConfig`; Cognito
   * requires the two to name the same function, so the deployment would fail.
   */
  private legacyTriggerProblems(trigger: lambda.Function): string[] {
    const cfnPool = this.userPool.node.defaultChild as CfnResource | undefined;
    if (cfnPool === undefined) return [];
    const { v1 } = preTokenSettings(cfnPool);
    if (v1 === undefined || JSON.stringify(v1) === JSON.stringify(Stack.of(cfnPool).resolve(trigger.functionArn))) return [];
    return [
      `${this.userPool.node.path}: a second Pre Token Generation trigger was added (UserPoolOperation.PRE_TOKEN_GENERATION, the legacy V1 event) ` +
        'beside this construct\'s V2 trigger; a pool runs one, and Cognito requires both settings to name the same function: remove it ' +
        '(the generated trigger already customizes the tokens)',
    ];
  }

  /**
   * The pool's `PreTokenGenerationConfig` as the template will hold it must name this construct's
   * trigger on its event version: without it, tokens carry no group scopes, and managed scopes another
   * client allows are no longer suppressed, which the access matrix would not show.
   */
  private triggerConfigProblems(trigger: lambda.Function): string[] {
    const cfnPool = this.userPool.node.defaultChild as CfnResource | undefined;
    if (cfnPool === undefined) return [];
    const { config } = preTokenSettings(cfnPool);
    const same = JSON.stringify(config?.lambdaArn) === JSON.stringify(Stack.of(cfnPool).resolve(trigger.functionArn))
      && config?.lambdaVersion === this.triggerEventVersion;
    return same ? [] : [
      `${this.userPool.node.path}: its Pre Token Generation trigger is no longer this construct's on ${this.triggerEventVersion} ` +
        '(an override, an L1 field or an aspect changed LambdaConfig): tokens would not carry the groups\' scopes, and managed scopes ' +
        'other clients allow would not be suppressed, which the access matrix would not show: remove the change',
    ];
  }

  /**
   * With the Lambda authorizer, the pool has no Pre Token Generation trigger: one added afterwards
   * (a V1_0 event on Lite; any on the other plans) can override the `cognito:groups` claim the
   * authorizers decide from (`groupOverrideDetails`), which the access matrix would not show.
   */
  private groupRewritingTriggerProblems(): string[] {
    const cfnPool = this.userPool.node.defaultChild as CfnResource | undefined;
    if (cfnPool === undefined) return [];
    const { v1, config } = preTokenSettings(cfnPool);
    return v1 === undefined && config === undefined ? [] : [
      `${this.userPool.node.path}: a Pre Token Generation trigger was added to the pool, which can change the cognito:groups claim ` +
        '(groupOverrideDetails) the Lambda authorizers decide from (Enforcement.LAMBDA_AUTHORIZER), so the access matrix would not hold: remove it',
    ];
  }

  /**
   * A resource server or group declared elsewhere on the pool with an identifier or name this
   * construct creates too: Cognito takes one of each per pool, so the deploy would fail. Found by
   * type anywhere in the app.
   */
  private duplicateProblems(): string[] {
    const pool = this.userPool.node.defaultChild;
    const own = new Set<IConstruct | undefined>([...this.resourceServers, ...this.groups].map((c) => c.node.defaultChild));
    const others = (type: string, property: string) => resourcesOfType(this, type)
      .filter((resource) => !own.has(resource) && referenceOf(readProperty(resource, 'UserPoolId'))?.target === pool)
      .map((resource) => ({ resource, name: literalString(readProperty(resource, property).value) }));
    const servers = new Set(this.managedScopes.keys());
    const groups = new Set(this.groups.length > 0 ? Object.keys(this.groupScopes) : []);
    return [
      ...others('AWS::Cognito::UserPoolResourceServer', 'Identifier').filter(({ name }) => name !== undefined && servers.has(name))
        .map(({ resource, name }) => `${resource.node.path}: a resource server '${name}' on the pool, which this construct creates from the scopes; ` +
          'Cognito takes one per identifier: remove it'),
      ...others('AWS::Cognito::UserPoolGroup', 'GroupName').filter(({ name }) => name !== undefined && groups.has(name))
        .map(({ resource, name }) => `${resource.node.path}: a group '${name}' on the pool, which this construct creates from groupScopes; ` +
          'Cognito takes one per name: remove it, or set createGroups: false'),
    ];
  }

  /**
   * A pool has one prefix domain at most (a custom domain may sit beside it): the prefix domain this
   * construct would create beside one the pool has fails the deploy. Found by type anywhere in the
   * app, however and wherever it was declared.
   */
  private secondPrefixDomainProblems(poolPassedIn: boolean): string[] {
    const ownDomain = this.domain?.node.defaultChild;
    const pool = this.userPool.node.defaultChild;
    const other = resourcesOfType(this, 'AWS::Cognito::UserPoolDomain').find((domain) => domain !== ownDomain
      && referenceOf(readProperty(domain, 'UserPoolId'))?.target === pool
      && readProperty(domain, 'CustomDomainConfig').value === undefined);
    if (other === undefined) return [];
    // An L2 domain is named by its own path, not its resource's.
    const named = other.node.id === 'Resource' && other.node.scope ? other.node.scope : other;
    return [poolPassedIn
      ? `userPool: the pool already has a prefix domain (${named.node.path}), and a pool has one at most; pass it as userPoolDomain`
      : `${named.node.path}: a second prefix domain on the pool, beside the one made for the machine clients (${this.domain!.node.path}); ` +
        'a pool has one at most: remove it, or name the prefix with domainPrefix'];
  }

  /**
   * A pool passed in whose template does not say its issuer may have been switched outside it: the
   * authorizers trust the original issuer, and refuse every token of the other.
   */
  private warnAboutUnknownIssuer(cfnPool: CfnResource): void {
    const inTemplate = issuerInTemplate(cfnPool);
    if (inTemplate === IssuerType.ORIGINAL || inTemplate === IssuerType.UPDATED) return;
    Annotations.of(this).addWarningV2(
      'cdk-scoped-cognito-api:unknownIssuer',
      `userPool: ${inTemplate === 'unknown' ? 'its IssuerConfiguration is known only at deploy time' : 'its template sets no IssuerConfiguration'}, ` +
        `so the authorizers trust the original issuer (${IssuerType.ORIGINAL}, https://cognito-idp.<region>.amazonaws.com/<pool-id>); ` +
        'check the pool\'s IssuerConfiguration (aws cognito-idp describe-user-pool) and say it with the issuer prop: ' +
        'IssuerType.ORIGINAL, or IssuerType.UPDATED, without which every token is refused',
    );
  }

  /** The issuer in the template, as it will be deployed, must be the one the authorizers trust. */
  private issuerChangeProblems(cfnPool: CfnResource): string[] {
    const inTemplate = issuerInTemplate(cfnPool);
    if (inTemplate === undefined || inTemplate === this.issuer) return [];
    return [
      `${this.userPool.node.path}: its IssuerConfiguration is ${inTemplate === 'unknown' ? 'a deploy-time value' : inTemplate} (an override, ` +
        `an L1 field or an aspect changed it), but the authorizers trust ${this.issuer} (${this.issuerUrl}): set the issuer prop instead`,
    ];
  }

  /** Warns, once the app is complete, about what lets a stack update or deletion lose users and groups. */
  private warnAboutUnprotectedPool(poolCreated: boolean): void {
    this.node.addValidation({
      validate: () => {
        const pool = poolCreated ? (this.userPool.node.defaultChild as CfnResource) : undefined;
        const groups = this.groups.map((group) => group.node.defaultChild as CfnResource);
        for (const { id, message } of unprotectedPoolWarnings(pool, groups)) {
          Annotations.of(this).addWarningV2(`cdk-scoped-cognito-api:${id}`, message);
        }
        return [];
      },
    });
  }

  private createResourceServer(identifier: string, names: string[]): cognito.UserPoolResourceServer {
    const scopes = names.map(
      (scopeName) => new cognito.ResourceServerScope({ scopeName, scopeDescription: truncate(`${identifier}/${scopeName}`, 256) }),
    );
    const validName = resourceServerName(identifier);
    const server = new cognito.UserPoolResourceServer(this, `ResourceServer${identifier}`, {
      userPool: this.userPool,
      identifier,
      scopes,
      // Named after its identifier, as aws-cdk-lib does, where the Name pattern allows it.
      ...(validName === undefined ? {} : { userPoolResourceServerName: validName }),
    });
    for (const scope of scopes) this.oAuthScopes.set(`${identifier}/${scope.scopeName}`, cognito.OAuthScope.resourceServer(server, scope));
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
      // OpenID scopes only (checked in user-pool-rules): custom scopes come from the trigger alone.
      oAuth: oAuth && { ...oAuth, scopes: oAuth.scopes ?? [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE] },
    });
  }

  /** `[[clientId, name], ...]` of the named machine clients, for the trigger to find their claims by ID. */
  private createMachineClientIdsParameter(parameterName: string, clientNames: string[]): ssm.StringParameter {
    const parameter = new ssm.StringParameter(this, 'MachineClientIds', {
      parameterName,
      description: 'Client ID and name of each machine client with claims, read by the Pre Token Generation trigger (cdk-scoped-cognito-api)',
      stringValue: Stack.of(this).toJsonString(clientNames.map((name) => [this.machineClient(name).userPoolClientId, name])),
    });
    guardMachineClientIdsParameter(parameter);
    return parameter;
  }

  /** An app client with a secret that may only get tokens with the client-credentials flow. */
  private createMachineClient(client: MachineClient): cognito.UserPoolClient {
    return new cognito.UserPoolClient(this, `MachineClient${client.name}`, {
      userPool: this.userPool,
      userPoolClientName: client.name,
      generateSecret: true,
      // No user sign-in flow: only the refresh-token flow Cognito always requires remains.
      authFlows: { userSrp: false },
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: this.machineClientScopes[client.name].map((scope) => this.oAuthScopes.get(scope) ?? cognito.OAuthScope.custom(scope)),
      },
      accessTokenValidity: client.accessTokenValidity,
    });
  }
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/**
 * The pool's safe defaults, each of which `userPoolProps` may change: deletion protection, kept on
 * stack deletion, email-only recovery, case-insensitive sign-in (AWS recommends it; it cannot be
 * changed once users exist) and a strong password policy.
 */
const SAFE_POOL_DEFAULTS: cognito.UserPoolProps = {
  deletionProtection: true,
  removalPolicy: RemovalPolicy.RETAIN,
  accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
  signInCaseSensitive: false,
  passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
};

/** `props` without the keys whose value is undefined or null (from JavaScript or a JSON config: jsii hosts drop them). */
function definedOnly<T extends object>(props: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([, value]) => value !== undefined && value !== null)) as Partial<T>;
}

/**
 * A resource server's name: its identifier, where CloudFormation's pattern for `Name`
 * (`[\w\s+=,.@-]+`, [AWS::Cognito::UserPoolResourceServer](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cognito-userpoolresourceserver.html))
 * allows it; otherwise the identifier with every other character replaced by `-`
 * (`https://api.example.com` is named `https---api.example.com`). Undefined keeps aws-cdk-lib's default, the identifier.
 */
function resourceServerName(identifier: string): string | undefined {
  return /^[\w\s+=,.@-]+$/.test(identifier) ? undefined : identifier.replace(/[^\w\s+=,.@-]/g, '-');
}

/**
 * Writes the issuer and the customer managed key of a pool this construct creates, by name: the
 * library's floor of aws-cdk-lib predates both fields. Nothing is written for what was not given,
 * so a deployed pool keeps what it has.
 */
function writeIssuerAndKey(cfnPool: CfnResource, issuer: IssuerType | undefined, key: kms.IKey | undefined): void {
  if (issuer !== undefined) cfnPool.addPropertyOverride('IssuerConfiguration', { Type: issuer });
  if (key !== undefined) cfnPool.addPropertyOverride('KeyConfiguration', { KeyType: 'CUSTOMER_MANAGED_KEY', KmsKeyArn: key.keyArn });
}
