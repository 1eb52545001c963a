import { Duration } from 'aws-cdk-lib';

/**
 * A service that calls the API as itself, not on behalf of a user: an app client with a secret
 * that gets access tokens from the user pool's token endpoint with the client-credentials flow.
 */
export interface MachineClient {
  /**
   * The client's name, unique among the machine clients: the app client's name in Cognito and
   * its column in the access matrix. Letters, digits, spaces and `+=,.@-_`, up to 128.
   */
  readonly name: string;

  /**
   * The custom scopes (`identifier/name`) the client may request. A token carries those the
   * client asks for, or all of them when it asks for none. They are declared on the resource
   * servers like the group scopes.
   */
  readonly scopes: string[];

  /**
   * How long the client's access tokens are valid, between 5 minutes and 1 day.
   *
   * @default Duration.minutes(60)
   */
  readonly accessTokenValidity?: Duration;

  /**
   * Claims added to the client's access tokens, for example `{ tenant: 'acme' }`, so the API can
   * tell services apart beyond their scopes. Needs `triggerEventVersion: LambdaVersion.V3_0`, the
   * event on which Cognito runs the trigger for machine tokens. Claims Cognito manages (`sub`,
   * `scope`, `client_id`, `cognito:*`...) are refused.
   *
   * @default - no claims beyond Cognito's own
   */
  readonly claims?: { [name: string]: string };
}
