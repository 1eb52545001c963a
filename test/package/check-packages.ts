/**
 * What a user installs holds the library and nothing else. Run after `package-all` (the build does
 * it): the npm tarball in dist/js may hold only what package.json's `files` allowlist names, plus
 * the files npm always adds; every compiled file must come from a source in src/ (no stale output);
 * and the npm tarball and the Python wheel must stay under 1 MB. The Python wheel, the Java jar and
 * the Go module embed the npm tarball, so its contents decide what every language ships.
 *
 * Before that, the allowlist is tried on a dirty tree: scratch files planted where builds and
 * developers leave them (a virtualenv, a cache, notes in lib/ and assets/) must not be packed.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';

const root = join(__dirname, '..', '..');
/** Above this, a package is no longer the library alone (it is about a third of it today). */
const MAX_BYTES = 1_000_000;
/** npm packs these whatever `files` says (npm's docs, "files" in package.json). */
const ALWAYS_PACKED = ['package.json', 'README.md', 'LICENSE'];
/** What a user of any language needs: the code, its types, the jsii assembly, the trigger bundle, the docs. */
const REQUIRED = ['lib/index.js', 'lib/index.d.ts', '.jsii', 'API.md', ...ALWAYS_PACKED];

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const allowlist: string[] = packageJson.files;

/** A `files` pattern as a regular expression: `**` spans folders, `*` stays within one. */
function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\*\*\//g, '\u0000').replace(/\*\*/g, '.*').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:.*/)?')}$`);
}
const allowed = [...allowlist, ...ALWAYS_PACKED].map(patternToRegExp);

const problems: string[] = [];
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The files `npm pack` would put in the tarball, from the tree as it is. */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0].files.map((file: { path: string }) => file.path);
}

// 1. The allowlist against a dirty tree.
const decoys = ['.venv/cfn-lint/lib/decoy.py', `.scratch-${process.pid}/decoy.js`, 'lib/decoy-notes.txt', 'lib/decoy/readme.md', 'assets/decoy.txt', 'test-reports/decoy.json'];
const planted: string[] = [];
try {
  for (const decoy of decoys) {
    const path = join(root, decoy);
    if (existsSync(path)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'not part of the library\n');
    planted.push(path);
  }
  const leaked = packedFiles().filter((file) => decoys.includes(file));
  if (leaked.length > 0) problems.push(`scratch files would be packed: ${leaked.join(', ')} (package.json 'files' must list only what ships)`);
} finally {
  for (const path of planted) rmSync(path);
  rmSync(join(root, `.scratch-${process.pid}`), { recursive: true, force: true });
  rmSync(join(root, 'lib', 'decoy'), { recursive: true, force: true });
}

// 2. The real tarball the build produced.
const jsDir = join(root, 'dist', 'js');
const tarballs = readdirSync(jsDir).filter((file) => file.endsWith('.tgz'));
if (tarballs.length !== 1) throw new Error(`dist/js: expected one tarball, found ${tarballs.join(', ') || 'none'}`);
const tarball = join(jsDir, tarballs[0]);
const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
  .split('\n')
  .filter((line) => line && !line.endsWith('/'))
  .map((line) => line.replace(/^package\//, ''));

for (const entry of entries) {
  if (!allowed.some((pattern) => pattern.test(entry))) problems.push(`${tarballs[0]}: ${entry} is not in the allowlist (package.json 'files': ${allowlist.join(', ')})`);
}
for (const entry of entries.filter((e) => e.startsWith('lib/'))) {
  const source = join(root, 'src', entry.slice('lib/'.length).replace(/\.d\.ts$|\.js$/, '.ts'));
  if (!existsSync(source)) problems.push(`${tarballs[0]}: ${entry} has no source in src/ (stale compiler output)`);
}
for (const required of [...REQUIRED, ...allowlist.filter((pattern) => !pattern.includes('*'))]) {
  if (!entries.includes(required)) problems.push(`${tarballs[0]}: ${required} is missing`);
}

const sizes: Array<[string, string, number]> = [['npm tarball', tarball, statSync(tarball).size]];
const wheels = readdirSync(join(root, 'dist', 'python')).filter((file) => file.endsWith('.whl'));
if (wheels.length !== 1) problems.push(`dist/python: expected one wheel, found ${wheels.join(', ') || 'none'}`);
for (const wheel of wheels) sizes.push(['Python wheel', join(root, 'dist', 'python', wheel), statSync(join(root, 'dist', 'python', wheel)).size]);
for (const [kind, path, bytes] of sizes) {
  if (bytes > MAX_BYTES) problems.push(`${kind} ${path} is ${kB(bytes)}, above ${kB(MAX_BYTES)}: something besides the library is in it`);
}

console.log(`npm tarball ${tarballs[0]}: ${kB(sizes[0][2])}, ${entries.length} files (${entries.filter((e) => e.startsWith('lib/')).length} in lib/)`);
for (const [kind, path, bytes] of sizes.slice(1)) console.log(`${kind} ${path.slice(root.length + 1)}: ${kB(bytes)}`);
if (problems.length > 0) {
  console.error(`The packages hold more or less than the library:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`package check: only the allowlist (${allowlist.length} patterns and npm's ${ALWAYS_PACKED.length} files) is packed, each package under ${kB(MAX_BYTES)}`);
