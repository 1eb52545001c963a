// Compares the assertion stacks of two copies of the integration tests' snapshots, `salt` left out
// (integ-tests-alpha salts each assertion with the time, so that it runs again on every deployment).
// integ-runner's snapshot mode compares the test stacks only: this covers what the tests assert.
//   node same-assertions.js <expected snapshots folder> <actual snapshots folder>
const { readdirSync, readFileSync, existsSync } = require('fs');
const { join } = require('path');

const [expectedDir, actualDir] = process.argv.slice(2);
const unsalted = (file) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8'), (key, value) => (key === 'salt' ? undefined : value)));

let stale = 0;
for (const snapshot of readdirSync(expectedDir).filter((name) => name.endsWith('.snapshot'))) {
  const { testCases } = JSON.parse(readFileSync(join(expectedDir, snapshot, 'integ.json'), 'utf8'));
  for (const { assertionStackName } of Object.values(testCases)) {
    const file = `${assertionStackName}.template.json`;
    const actual = join(actualDir, snapshot, file);
    if (!existsSync(actual) || unsalted(join(expectedDir, snapshot, file)) !== unsalted(actual)) {
      console.error(`${snapshot}/${file}: the assertions differ from the snapshot`);
      stale++;
    }
  }
}
process.exit(stale === 0 ? 0 : 1);
