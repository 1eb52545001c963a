import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnUserPool, FeaturePlan, IUserPoolDomain, LambdaVersion, OAuthSettings, UserPool, UserPoolProps } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { isResourceOfType, readProperty, referenceOf } from './cfn-resources';
import { reservedConcurrencyProblems } from './concurrency-rules';
import { domainPrefixProblem } from './domain-prefix';
import { issuerAndKeyProblems } from './issuer-rules';
import { machineClientProblems, machineClientScopes } from './machine-client-rules';
import { webAclArnProblems } from './operations-rules';
import { poolOwner } from './pool-owners';
import { appClientScopeProblems } from './quota-rules';
import { resolveScopeList, resolveScopeMap } from './resolve-scopes';
import { DEFAULT_BASE_SCOPES, groupScopeProblems, openIdScopeProblem } from './scope-rules';
import { Enforcement } from '../../enforcement';
import type { ScopedUserPoolProps } from '../../scoped-user-pool-props';
import { ThreatProtection } from '../../threat-protection';

/** The Cognito half's props, checked: the group map as the trigger will ship it, and every problem. */
export interface CheckedUserPoolProps {
  /** `groupScopes` with synth-time tokens resolved. */
  readonly groupScopes: { [group: string]: string[] };
  /** `baseScopes`, or the default. */
  readonly baseScopes: string[];
  /** The scopes of each machine client, by name. */
  readonly machineClientScopes: { [client: string]: string[] };
  /** The trigger's event version (none runs with `Enforcement.LAMBDA_AUTHORIZER`). */
  readonly triggerEventVersion: LambdaVersion;
  /** How the scopes are enforced. */
  readonly enforcement: Enforcement;
  readonly problems: string[];
}

/**
 * Checks the Cognito half's props: the group map, the plan and the pool. `ScopedCognitoApi` calls
 * it before building anything, so that pool and route problems are reported in one error.
 */
export function checkUserPoolProps(scope: Construct, props: ScopedUserPoolProps): CheckedUserPoolProps {
  const tokenProblems: string[] = [];
  const groupScopes = resolveScopeMap(scope, props.groupScopes, 'groupScopes', "the trigger's map is written at synth time", tokenProblems);
  const baseScopes = resolveScopeList(scope, props.baseScopes ?? DEFAULT_BASE_SCOPES, 'baseScopes', "the trigger's map is written at synth time", tokenProblems);
  const machineClients = props.machineClients ?? [];
  const clientScopes = resolveScopeMap(
    scope,
    machineClientScopes(machineClients),
    'machineClients',
    'the resource servers declare the scopes at synth time',
    tokenProblems,
  );
  const triggerEventVersion = props.triggerEventVersion ?? LambdaVersion.V2_0;
  const enforcement = props.enforcement ?? Enforcement.ACCESS_TOKEN_SCOPES;
  const existing = props.userPool ? poolConfig(props.userPool) : undefined;
  const problems = [
    ...tokenProblems,
    ...groupScopeProblems(groupScopes, baseScopes, clientScopes),
    ...(enforcement === Enforcement.LAMBDA_AUTHORIZER
      ? authorizerEnforcementProblems(props)
      : machineClientProblems(machineClients, triggerEventVersion, clientScopes)),
    ...appClientScopeProblems(clientScopes),
    ...machineTokenProblems(props, machineClients.length > 0, triggerEventVersion),
    ...userClientScopeProblems(props.oAuth),
    ...reservedConcurrencyProblems('triggerReservedConcurrency', props.triggerReservedConcurrency),
    ...webAclArnProblems(props.webAclArn, Stack.of(scope)),
    ...issuerAndKeyProblems({
      issuer: props.issuer,
      existingPool: props.userPool?.node.defaultChild as CfnResource | undefined,
      encryptionKeyGiven: props.encryptionKey !== undefined,
    }),
    ...planProblems({
      existingPool: existing !== undefined,
      existingPoolPlan: existing?.plan,
      existingPoolHasPreTokenTrigger: existing?.hasPreTokenTrigger ?? false,
      existingPoolOwner: props.userPool && poolOwner(props.userPool),
      existingPoolInOtherStack: props.userPool && Stack.of(props.userPool) !== Stack.of(scope) ? Stack.of(props.userPool).node.path : undefined,
      userPoolProps: props.userPoolProps,
      featurePlan: props.featurePlan,
      threatProtection: props.threatProtection,
      triggerEventVersion,
      enforcement,
    }),
  ];
  return { groupScopes, baseScopes, machineClientScopes: clientScopes, triggerEventVersion, enforcement, problems };
}

/**
 * What has no place with `Enforcement.LAMBDA_AUTHORIZER`, which runs no trigger: the trigger's
 * settings, and machine-client claims, which only the V3_0 trigger writes into machine tokens.
 */
function authorizerEnforcementProblems(props: ScopedUserPoolProps): string[] {
  const problems: string[] = [];
  const noTrigger = 'Enforcement.LAMBDA_AUTHORIZER runs no Pre Token Generation trigger';
  if (props.triggerEventVersion !== undefined) problems.push(`triggerEventVersion: ${noTrigger}; remove it`);
  if (props.triggerReservedConcurrency !== undefined) {
    problems.push(`triggerReservedConcurrency: ${noTrigger}; reserve concurrency for the authorizers with authorizerReservedConcurrency on the APIs`);
  }
  for (const client of props.machineClients ?? []) {
    if (client.claims !== undefined && Object.keys(client.claims).length > 0) {
      problems.push(`machineClients '${client.name}'.claims: only the V3_0 Pre Token Generation trigger writes claims into machine tokens, and ` +
        `${noTrigger}; backends learn the caller from the authorizer context instead ($context.authorizer.clientId on REST, ` +
        '$context.authorizer.lambda.clientId on HTTP), or use Enforcement.ACCESS_TOKEN_SCOPES with LambdaVersion.V3_0');
    }
  }
  return problems;
}

/**
 * The user client may allow OpenID scopes only: Cognito's authorize endpoint grants a user any
 * scope the client allows that they ask for (and all of them when they ask for none), and the
 * trigger could only take a custom scope away again. Custom scopes come from the trigger alone.
 */
function userClientScopeProblems(oAuth: OAuthSettings | undefined): string[] {
  const problems: string[] = [];
  if (oAuth?.flows?.clientCredentials) {
    // The user client has no secret (client credentials need one), and serves users, not services.
    problems.push('oAuth.flows.clientCredentials: the user client serves users and has no secret, which the client-credentials ' +
      'flow needs; declare each service in machineClients instead');
  }
  for (const scope of oAuth?.scopes ?? []) {
    const deployTime = Token.isUnresolved(scope.scopeName);
    const problem = openIdScopeProblem(scope.scopeName, deployTime ? 'a resource-server scope (OAuthScope.resourceServer)' : undefined);
    if (problem) problems.push(`oAuth.scopes: ${problem}`);
  }
  return problems;
}

/** The trigger version and the token endpoint's domain, as far as machine clients need them. */
function machineTokenProblems(props: ScopedUserPoolProps, hasMachineClients: boolean, version: LambdaVersion): string[] {
  const problems: string[] = [];
  if (version === LambdaVersion.V1_0) {
    problems.push('triggerEventVersion: V1_0 cannot add scopes to access tokens; use V2_0 (the default) or V3_0');
  }
  if (props.domainPrefix !== undefined) {
    if (!hasMachineClients) problems.push('domainPrefix: the domain is created for machine clients, and there are none; remove it or add machineClients');
    if (props.userPoolDomain) problems.push('domainPrefix and userPoolDomain: name a prefix for a new domain or pass the existing one, not both');
    const problem = domainPrefixProblem(props.domainPrefix);
    if (problem) problems.push(problem);
  }
  if (props.userPoolDomain !== undefined) {
    if (!hasMachineClients) problems.push('userPoolDomain: the domain serves the token endpoint of machine clients, and there are none; remove it or add machineClients');
    const domainPool = domainPoolProblem(props.userPoolDomain, props.userPool);
    if (domainPool) problems.push(domainPool);
  }
  return problems;
}

/**
 * A domain passed in must be the pool's own: `tokenEndpoint` is built from it, and a machine
 * client's tokens come from its own pool's domain only. Without a pool passed in, the construct's
 * new pool can have no domain yet; a domain the app does not define (imported by name) cannot be
 * checked here.
 */
function domainPoolProblem(domain: IUserPoolDomain, pool: UserPool | undefined): string | undefined {
  const resource = domain.node.defaultChild;
  if (!isResourceOfType(resource, 'AWS::Cognito::UserPoolDomain')) return undefined;
  const target = referenceOf(readProperty(resource, 'UserPoolId'))?.target;
  if (pool !== undefined && target === pool.node.defaultChild) return undefined;
  return `userPoolDomain: ${domain.node.path} is a domain of ${target?.node.path ?? 'a pool that cannot be traced'}, not of ` +
    `${pool === undefined ? 'the pool this construct creates (which has none yet: leave userPoolDomain out)' : pool.node.path}; ` +
    'pass the pool\'s own domain';
}

/** What synth can tell of a pool passed in: its plan and whether it has a pre-token trigger. */
function poolConfig(pool: UserPool): { plan?: string; hasPreTokenTrigger: boolean } {
  const cfn = pool.node.defaultChild as CfnUserPool;
  const lambdaConfig = Stack.of(pool).resolve(cfn.lambdaConfig) ?? {};
  const plan = Stack.of(pool).resolve(cfn.userPoolTier);
  return {
    plan: typeof plan === 'string' ? plan : undefined,
    hasPreTokenTrigger: ['preTokenGeneration', 'preTokenGenerationConfig'].some((key) => lambdaConfig[key] !== undefined),
  };
}

/** What {@link planProblems} looks at. */
export interface PlanInput {
  /** Whether the caller passed an existing `userPool`. */
  readonly existingPool: boolean;
  /** The existing pool's `UserPoolTier`, if it is known at synth time. */
  readonly existingPoolPlan?: string;
  /** The path of the `ScopedUserPool` that already holds the existing pool, if one does. */
  readonly existingPoolOwner?: string;
  /** The stack of the existing pool, when it is not the construct's own. */
  readonly existingPoolInOtherStack?: string;
  /** Whether the existing pool already has a pre-token-generation trigger (V1 or V2/V3). */
  readonly existingPoolHasPreTokenTrigger: boolean;
  readonly userPoolProps?: UserPoolProps;
  readonly featurePlan?: FeaturePlan;
  readonly threatProtection?: ThreatProtection;
  /** The trigger's event version, V2_0 or V3_0. */
  readonly triggerEventVersion?: LambdaVersion;
  /** How the scopes are enforced: with the Lambda authorizer, there is no trigger. */
  readonly enforcement?: Enforcement;
}

/**
 * Feature-plan and pool conflicts that CloudFormation would reject only at deploy time: a V2_0
 * trigger needs Essentials or Plus, threat protection needs Plus, and a pool has one
 * pre-token-generation trigger.
 */
export function planProblems(input: PlanInput): string[] {
  const problems: string[] = [];
  const threat = input.threatProtection ?? ThreatProtection.OFF;
  const version = input.triggerEventVersion ?? LambdaVersion.V2_0;
  const byAuthorizer = input.enforcement === Enforcement.LAMBDA_AUTHORIZER;
  const liteNeedsAuthorizer = '; use ESSENTIALS or PLUS, or enforcement: Enforcement.LAMBDA_AUTHORIZER, which runs on LITE';
  if (input.existingPool) {
    if (input.userPoolProps) problems.push('userPool and userPoolProps: pass an existing pool or the props to create one, not both');
    if (input.featurePlan) problems.push('featurePlan: set the plan on the userPool you pass in, not here');
    if (input.threatProtection) problems.push('threatProtection: set threat protection on the userPool you pass in, not here');
    if (input.existingPoolPlan === FeaturePlan.LITE && !byAuthorizer) {
      problems.push(`userPool: the pool is on FeaturePlan.LITE, which cannot run the ${version} pre-token-generation trigger${liteNeedsAuthorizer}`);
    }
    if (input.existingPoolOwner !== undefined) {
      problems.push(
        `userPool: it is the pool of the ScopedUserPool '${input.existingPoolOwner}', which has its trigger already; ` +
          'to put another API on it, pass that ScopedUserPool as scopedUserPool instead',
      );
      return problems;
    }
    if (input.existingPoolInOtherStack && !byAuthorizer) {
      problems.push(
        `userPool: the pool is in stack '${input.existingPoolInOtherStack}'; the trigger this construct adds must live in the pool's stack ` +
          '(the pool names the trigger, the trigger\'s permission names the pool), so create the construct in that stack',
      );
    }
    if (input.existingPoolHasPreTokenTrigger) {
      problems.push(byAuthorizer
        ? 'userPool: the pool has a pre-token-generation trigger, which can change the cognito:groups claim (groupOverrideDetails) the ' +
          'Lambda authorizer decides from, so the access matrix would not hold; remove it'
        : 'userPool: the pool already has a pre-token-generation trigger, and a pool takes only one; remove it, this construct adds its own');
    }
    return problems;
  }
  const owned = input.userPoolProps ?? {};
  const plan = input.featurePlan ?? (byAuthorizer ? FeaturePlan.LITE : FeaturePlan.ESSENTIALS);
  for (const key of ['featurePlan', 'standardThreatProtectionMode', 'customThreatProtectionMode', 'advancedSecurityMode'] as const) {
    if (owned[key] !== undefined) {
      problems.push(`userPoolProps.${key}: use this construct's featurePlan and threatProtection props instead`);
    }
  }
  if (owned.lambdaTriggers?.preTokenGeneration) {
    problems.push(byAuthorizer
      ? 'userPoolProps.lambdaTriggers.preTokenGeneration: a pre-token-generation trigger can change the cognito:groups claim the Lambda ' +
        'authorizer decides from, so the access matrix would not hold; remove it'
      : 'userPoolProps.lambdaTriggers.preTokenGeneration: this construct adds the pre-token-generation trigger; remove yours');
  }
  if (plan === FeaturePlan.LITE && !byAuthorizer) {
    problems.push(`featurePlan: LITE cannot run the ${version} pre-token-generation trigger that adds scopes${liteNeedsAuthorizer}`);
  }
  if (threat !== ThreatProtection.OFF && plan !== FeaturePlan.PLUS) {
    problems.push(`threatProtection: ${threat} needs featurePlan PLUS (the pool is on ${plan}); set featurePlan: FeaturePlan.PLUS or turn threat protection OFF`);
  }
  return problems;
}
