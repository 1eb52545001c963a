/**
 * How the routes' scopes are enforced: by scopes in the access token, or by a generated Lambda
 * authorizer that decides from the caller's Cognito groups. The access matrix is the same for the
 * same maps either way.
 */
export enum Enforcement {
  /**
   * A generated Pre Token Generation trigger (V2_0, or V3_0) writes the scopes of the caller's
   * groups into the access token, and API Gateway checks each route's scopes against the token's
   * `scope` claim (a Cognito authorizer on REST, a JWT authorizer on HTTP). Needs the Essentials
   * or Plus feature plan. Other APIs that trust the pool see the same scopes in the token.
   */
  ACCESS_TOKEN_SCOPES = 'ACCESS_TOKEN_SCOPES',
  /**
   * No trigger: a generated Lambda authorizer per API verifies the access token (aws-jwt-verify)
   * and grants a user the scopes its `cognito:groups` claim maps to (plus `baseScopes`), and a
   * machine client the `scope` claim of its client-credentials token. Runs on every feature plan,
   * Lite included (the default then). Tokens carry no group scopes, so other APIs that trust the
   * pool do not see them.
   */
  LAMBDA_AUTHORIZER = 'LAMBDA_AUTHORIZER',
}
