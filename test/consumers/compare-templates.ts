/**
 * Compares the templates the npm, Python and Java consumer apps synthesized for the same
 * configuration. They must be identical: the trigger's asset is named by the hash of its
 * content (the handler bundle and the sorted group map), so even the asset hashes agree.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const out = process.argv[2];
const read = (language: string) =>
  JSON.parse(readFileSync(join(out, language, 'ScopedCognitoApiExample.template.json'), 'utf8'));

/** Paths at which two JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return [`${path || '/'}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => differences((a as any)[key], (b as any)[key], `${path}/${key}`));
}

const reference = read('typescript');
let passed = 0;
let failed = 0;
for (const language of ['python', 'java']) {
  const diff = differences(reference, read(language));
  if (diff.length === 0) {
    passed++;
    console.log(`${language}: identical to the npm consumer's template (${Object.keys(reference.Resources).length} resources)`);
  } else {
    failed++;
    console.log(`${language}: ${diff.length} differences from the npm consumer's template:\n  ${diff.slice(0, 20).join('\n  ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
