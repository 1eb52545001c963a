/**
 * Which issuer a user pool's tokens carry (`IssuerConfiguration` of `AWS::Cognito::UserPool`,
 * [IssuerConfigurationType](https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IssuerConfigurationType.html)).
 * Every authorizer this library creates trusts exactly the issuer named here, so it must be the one
 * the deployed pool has: tokens of the other issuer are refused.
 */
export enum IssuerType {
  /**
   * `https://cognito-idp.<region>.amazonaws.com/<pool-id>`, hosted in the pool's Region: the
   * issuer of every pool that never set another.
   */
  ORIGINAL = 'ORIGINAL',
  /**
   * `https://issuer-cognito-idp.<primary-region>.amazonaws.com/<pool-id>`, whose JWKS Cognito
   * hosts in several Regions. AWS recommends it for all pools; multi-Region replication needs it
   * (see `ScopedUserPoolReplica`). Switching a deployed pool to it changes the `iss` of every new
   * token: verifiers outside this library must expect it first.
   */
  UPDATED = 'UPDATED',
}

