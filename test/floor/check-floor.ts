/**
 * Runs before each test file of `test/floor/run.sh`: the tests must really load the peer floor's
 * aws-cdk-lib, not the current release installed for the rest of the build.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loaded: string = require('aws-cdk-lib/package.json').version;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const floor: string = require('../../package.json').peerDependencies['aws-cdk-lib'].replace(/^\^/, '');
if (loaded !== floor) {
  throw new Error(`test/floor: aws-cdk-lib ${loaded} is loaded, not the peer floor ${floor}`);
}
