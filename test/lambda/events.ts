import type { PreTokenGenerationClientCredentialsV3TriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** Where a token is requested: the Region of the pool that serves it, the pool, the client. */
export interface SignInContext {
  readonly region?: string;
  readonly userPoolId?: string;
  readonly clientId?: string;
}

/** A complete V2_0 Pre Token Generation event, as Cognito sends it on a sign-in (in `context`, eu-west-1 unless told otherwise). */
export function v2Event(
  groups: string[],
  triggerSource: PreTokenGenerationV2TriggerEvent['triggerSource'] = 'TokenGeneration_Authentication',
  context: SignInContext = {},
): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource,
    region: context.region ?? 'eu-west-1',
    userPoolId: context.userPoolId ?? 'eu-west-1_AbCdEfGhI',
    userName: 'alice',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: context.clientId ?? '1example23456789' },
    request: {
      userAttributes: {
        'sub': 'a1b2c3d4-5678-90ab-cdef-example11111',
        'email': 'alice@example.com',
        'email_verified': 'true',
        'cognito:user_status': 'CONFIRMED',
      },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null as any },
  } as PreTokenGenerationV2TriggerEvent;
}

/**
 * A complete V3_0 event for a machine-to-machine token (client-credentials grant): no user, no
 * groups; `scopes` are those the client asked for, out of its allowed scopes.
 */
export function v3ClientCredentialsEvent(scopes: string[]): PreTokenGenerationClientCredentialsV3TriggerEvent {
  return {
    version: '3',
    triggerSource: 'TokenGeneration_ClientCredentials',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    userName: 'ClientCredentials',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '3machine456789example' },
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: undefined },
      scopes,
    },
    response: { claimsAndScopeOverrideDetails: null as any },
  } as PreTokenGenerationClientCredentialsV3TriggerEvent;
}
