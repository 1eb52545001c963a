/**
 * Staging of a handler bundle with its generated files into a folder of their own, for
 * `lambda.Code.fromAsset`: what the trigger (`trigger/`) and the generated Lambda authorizer
 * (`authorizer/`) share.
 */
import { createHash } from 'crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/** The folder the handler bundles are built into at build time (`assets/lambda-src/<function>/index.js`); it ships in every package. */
export function bundlePath(functionFolder: string): string {
  return join(__dirname, '..', '..', '..', 'assets', 'lambda-src', functionFolder, 'index.js');
}

/** Folders this process staged, by content: reused only while they still hold exactly that content. */
const staged = new Map<string, string>();
/** Folders that must outlive the synth (asset staging off): never released, whoever asks. */
const kept = new Set<string>();

/**
 * Removes a staged folder once the asset made from it has copied it into the cloud assembly, so
 * the temporary directory does not fill up with a folder per synth. A folder that was staged to be
 * kept is not removed; one that cannot be removed is left (it is only temporary).
 */
export function releaseStagedBundle(folder: string): void {
  if (kept.has(folder)) return;
  for (const [key, value] of staged) if (value === folder) staged.delete(key);
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // A folder still in use (on Windows, say) stays; the next synth stages a fresh one.
  }
}

/**
 * Writes the handler bundle and its generated files (its map) into a folder of their own and returns it, for
 * `lambda.Code.fromAsset` (which hashes the content, so the folder's name does not matter). The
 * map travels as a file, not an environment variable, so it is not held to Lambda's 4 KB
 * environment limit.
 *
 * The folder is made by `mkdtemp`: a name nobody can predict, created anew (never an existing
 * folder or link), readable and writable by this user only. So nobody else who can write to the
 * temporary directory can plant the code that gets deployed. A folder is reused within the process
 * only if it is still a real folder owned by this user with byte-for-byte the same files. The
 * caller releases it once its asset has copied it (`releaseStagedBundle`), unless it must be kept
 * (`keep`: asset staging is off, and the assembly points at the folder itself: `cdk synth
 * --no-staging`, SAM).
 */
export function stageBundle(bundle: string, generated: { readonly [file: string]: string }, options: { readonly keep?: boolean } = {}): string {
  if (!existsSync(bundle)) {
    throw new Error(`The handler bundle ${bundle} is missing: build the library first ('npx projen bundle').`);
  }
  const files: Array<[string, Buffer]> = [
    ['index.js', readFileSync(bundle)],
    ...Object.entries(generated).map(([name, content]): [string, Buffer] => [name, Buffer.from(content)]),
  ];
  const hash = createHash('sha256');
  for (const [name, content] of files) hash.update(name).update('\0').update(content).update('\0');
  const key = hash.digest('hex');
  const reusable = staged.get(key);
  if (reusable !== undefined && holdsExactly(reusable, files)) {
    if (options.keep) kept.add(reusable);
    return reusable;
  }

  const folder = mkdtempSync(join(realpathSync(tmpdir()), 'cdk-scoped-cognito-api-'));
  for (const [name, content] of files) {
    const file = join(folder, name);
    writeFileSync(file, content, { flag: 'wx' });
    // The asset and its zip keep these modes, and Lambda runs the code as a user other than the
    // owner: the files must be readable by all (whatever the umask), or the trigger cannot load
    // and every sign-in fails. The folder stays 0700, which is what keeps others from writing.
    chmodSync(file, 0o644);
  }
  staged.set(key, folder);
  if (options.keep) kept.add(folder);
  return folder;
}

/** Whether `folder` is still a real folder of this user's holding exactly `files` and nothing else. */
function holdsExactly(folder: string, files: ReadonlyArray<[string, Buffer]>): boolean {
  try {
    const stat = lstatSync(folder);
    const uid = process.getuid?.();
    // Group and others may not write (mkdtemp made it 0700): a mode bit test, the one bitwise use here.
    // eslint-disable-next-line no-bitwise
    const writableByOthers = (stat.mode & 0o022) !== 0;
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || writableByOthers) return false;
    const names = readdirSync(folder).sort();
    if (names.join('/') !== files.map(([name]) => name).sort().join('/')) return false;
    return files.every(([name, content]) => {
      const file = join(folder, name);
      const fileStat = lstatSync(file);
      return fileStat.isFile() && fileStat.mode % 0o1000 === 0o644 && readFileSync(file).equals(content);
    });
  } catch {
    return false;
  }
}
