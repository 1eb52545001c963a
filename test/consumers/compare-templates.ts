/**
 * Compares what the npm, Python, Java and Go consumer apps synthesized for the same configuration:
 * the four stacks' templates, the access matrix files and what `accessMatrix()` and
 * `accessMatrixMarkdown()` returned to each language (`access-matrix-from-api.json`). They must be
 * identical: the trigger's asset is named by the hash of its content (the handler bundle and the
 * sorted group map), so even the asset hashes agree. Each language's matrix must also agree with
 * the files the construct wrote at synth, the shared pool's matrix
 * (`pool-access-matrix-from-api.json`) with the rows of the two APIs on it, and the Lite stack's
 * matrix (the REST stack's maps, a generated Lambda authorizer) with the REST stack's. The minimal app of the
 * README and the docs, run in each language as written there (`minimal-<language>`), must give the
 * TypeScript one's template.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const out = process.argv[2];
/** What the public matrix methods returned, by stack: `{ files, rows, markdown }`. */
const FROM_API = 'access-matrix-from-api.json';
/** What the REST stack's pool's matrix methods returned: `{ rows, markdown }`, over the two APIs on it. */
const POOL_FROM_API = 'pool-access-matrix-from-api.json';
/** What the reviewed-access run gave: a missing file refused, an accept, the same maps passing, a drift's changes, the file. */
const REVIEWED_RUN = 'reviewed-access-run.json';
/** The reviewed-access run every consumer must have written (the file's text checked for its one changed line). */
const EXPECTED_REVIEWED_RUN = { missing: true, accepted: true, unchanged: true, drift: ['+ ReadOnly can now call GET /admin (api/admin)'] };
/** The compared artifacts of one consumer, by file name. */
const read = (language: string): Record<string, unknown> =>
  Object.fromEntries(
    readdirSync(join(out, language))
      .filter((file) => file.endsWith('.template.json') || /\.access-matrix\.(json|md)$/.test(file) || [FROM_API, POOL_FROM_API, REVIEWED_RUN].includes(file))
      .sort()
      .map((file) => [file, file.endsWith('.md') ? readFileSync(join(out, language, file), 'utf8') : JSON.parse(readFileSync(join(out, language, file), 'utf8'))]),
  );

/** Paths at which two JSON values differ. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return [`${path || '/'}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}`];
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => differences((a as any)[key], (b as any)[key], `${path}/${key}`));
}

/** Matrix rows without the API's path, which names its stack: what two APIs with the same maps share. */
const unnamed = (rows: unknown): unknown => (Array.isArray(rows) ? rows.map(({ api: _api, ...row }) => row) : rows);

/** Where the matrix a language got from the methods differs from the files written at synth. */
function methodsVersusFiles(artifacts: Record<string, any>): string[] {
  const byStack: Record<string, { files: string[]; rows: unknown; markdown: string }> = artifacts[FROM_API] ?? {};
  if (Object.keys(byStack).length !== 4) return [`${FROM_API}: expected the matrices of 4 stacks, found ${Object.keys(byStack).join(', ') || 'none'}`];
  // The pool's matrix holds the rows of the two APIs on it (the REST stack's and the third stack's).
  const poolRows = [byStack.ScopedCognitoApiExample?.rows, byStack.ScopedCognitoSharedPoolExample?.rows].flat();
  return [
    ...Object.entries(byStack).flatMap(([stack, { files, rows, markdown }]) => [
      ...differences(artifacts[files[0]]?.routes, rows, `${stack}: accessMatrix() vs ${files[0]}`),
      ...(artifacts[files[1]] === markdown ? [] : [`${stack}: accessMatrixMarkdown() differs from ${files[1]}`]),
    ]),
    ...differences(artifacts[POOL_FROM_API]?.rows, poolRows, `${POOL_FROM_API}: the pool's accessMatrix() vs its two APIs' rows`),
    // The Lite stack has the REST stack's maps, enforced by the generated Lambda authorizer: the same matrix, but for the API's name.
    ...differences(unnamed(byStack.ScopedCognitoLiteApiExample?.rows), unnamed(byStack.ScopedCognitoApiExample?.rows), 'the Lite stack\'s matrix vs the REST stack\'s'),
  ];
}

const reference = read('typescript');
let passed = 0;
let failed = 0;
const expected = { templates: 4, matrixFiles: 8 };
const files = Object.keys(reference);
if (files.filter((f) => f.endsWith('.template.json')).length !== expected.templates || files.filter((f) => f.includes('.access-matrix.')).length !== expected.matrixFiles) {
  console.log(`typescript: expected ${expected.templates} templates and ${expected.matrixFiles} access matrix files, found: ${files.join(', ')}`);
  failed++;
}
const { file: reviewedFile, ...reviewedRun } = (reference[REVIEWED_RUN] ?? {}) as { file?: string };
const reviewedProblems = [
  ...differences(reviewedRun, EXPECTED_REVIEWED_RUN, REVIEWED_RUN),
  ...(reviewedFile?.includes('api Reviewed/Api\n  GET /admin needs one of api/admin\n  GET /admin group Admin\n') ? [] : [`${REVIEWED_RUN}: the file accepted is not the matrix`]),
];
if (reviewedProblems.length > 0) {
  console.log(`typescript: the reviewed-access run is not as expected:\n  ${reviewedProblems.join('\n  ')}`);
  failed++;
}
const referenceProblems = methodsVersusFiles(reference);
if (referenceProblems.length > 0) {
  console.log(`typescript: the matrix methods disagree with the files written at synth:\n  ${referenceProblems.join('\n  ')}`);
  failed++;
}
for (const language of ['python', 'java', 'go']) {
  const artifacts = read(language);
  const diff = [...differences(reference, artifacts), ...methodsVersusFiles(artifacts)];
  if (diff.length === 0) {
    passed++;
    const resources = Object.entries(reference)
      .filter(([file]) => file.endsWith('.template.json'))
      .map(([file, template]) => `${file}: ${Object.keys((template as any).Resources).length} resources`);
    console.log(`${language}: identical to the npm consumer's artifacts (${Object.keys(reference).length} files; ${resources.join(', ')})`);
  } else {
    failed++;
    console.log(`${language}: ${diff.length} differences from the npm consumer's artifacts:\n  ${diff.slice(0, 20).join('\n  ')}`);
  }
}
// The minimal app of the README and the docs, as each language's users copy it.
const minimalTemplates = (language: string): Record<string, unknown> => {
  const dir = join(out, `minimal-${language}`);
  return Object.fromEntries(readdirSync(dir).filter((file) => file.endsWith('.template.json')).sort()
    .map((file) => [file, JSON.parse(readFileSync(join(dir, file), 'utf8'))]));
};
const minimalReference = minimalTemplates('typescript');
if (Object.keys(minimalReference).length !== 1) {
  console.log(`minimal app (typescript): expected one template, found ${Object.keys(minimalReference).join(', ') || 'none'}`);
  failed++;
}
for (const language of ['python', 'java', 'go']) {
  const diff = differences(minimalReference, minimalTemplates(language));
  if (diff.length === 0) {
    passed++;
    console.log(`minimal app (${language}): the docs' program synthesizes the README's TypeScript template`);
  } else {
    failed++;
    console.log(`minimal app (${language}): ${diff.length} differences from the TypeScript one:\n  ${diff.slice(0, 20).join('\n  ')}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
