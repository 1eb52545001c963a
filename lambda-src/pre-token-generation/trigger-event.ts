/**
 * Writing a Pre Token Generation event without trusting its shape: the one place the handler's
 * modules write the access-token part of its response. (Reading a value of unknown shape is
 * `../shared/json-object.ts`.)
 */
import { Dict, isObject } from '../shared/json-object';

/**
 * Lets `edit` change `response.claimsAndScopeOverrideDetails.accessTokenGeneration` of `event`,
 * creating the parts that are missing and keeping everything else in the response, and returns
 * the event. Never throws: an event that is not an object, or cannot be written (frozen), comes
 * back as it came, so the token is issued as Cognito made it.
 */
export function editAccessToken<E>(event: E, edit: (accessToken: Dict) => void): E {
  try {
    const target: unknown = event;
    if (!isObject(target)) return event;
    const response = isObject(target.response) ? target.response : {};
    const details = isObject(response.claimsAndScopeOverrideDetails) ? response.claimsAndScopeOverrideDetails : {};
    const accessToken = isObject(details.accessTokenGeneration) ? details.accessTokenGeneration : {};
    edit(accessToken);
    details.accessTokenGeneration = accessToken;
    response.claimsAndScopeOverrideDetails = details;
    target.response = response;
  } catch {
    // A frozen event: leave it as it is rather than fail the token request.
  }
  return event;
}
