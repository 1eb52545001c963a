import { join } from 'path';

/**
 * The committed file with who may call what on one of the example's APIs (`reviewedAccess`): synth
 * fails when the maps change it, until the change is accepted with
 * `-c cdk-scoped-cognito-api:acceptAccess=true` and the file committed. Named from this folder, so
 * the example synthesizes the same from any working directory.
 */
export function reviewedAccessFile(api: string): string {
  return join(__dirname, 'reviewed-access', `${api}.txt`);
}
