/**
 * The docs' TypeScript snippets compile, as the README's do: `jsii-rosetta extract --strict` reads
 * only the README (the assembly's readme), so this runs the same translator over every page of
 * docs/, in strict mode, against the library as compiled into lib/ (run after `compile`), with
 * aws-cdk-lib and constructs as a user has them. A snippet that does not compile fails the build,
 * naming its page and line; one that compiles but cannot be translated to Python, Java or Go is
 * reported too, since those users read the same pages.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { RosettaTranslator, TypeScriptSnippet, typeScriptSnippetFromVisibleSource } from 'jsii-rosetta';

const root = join(__dirname, '..', '..');
const docs = join(root, 'docs');
const name: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;

/** The ```ts blocks of a page, as rosetta reads the README's (no fixtures or literate blocks are used). */
function snippetsOf(page: string): TypeScriptSnippet[] {
  const markdown = readFileSync(join(docs, page), 'utf8');
  return [...markdown.matchAll(/^```(?:ts|typescript)\b[^\n]*\n([\s\S]*?)^```/gm)].map((block) =>
    typeScriptSnippetFromVisibleSource(block[1], {
      api: { api: 'file', fileName: `docs/${page}` },
      field: { field: 'markdown', line: markdown.slice(0, block.index).split('\n').length },
    }, true));
}

async function main(): Promise<void> {
  const pages = readdirSync(docs).filter((file) => file.endsWith('.md')).sort();
  const snippets = pages.flatMap(snippetsOf);

  // What a user's project has: the library itself and its peers.
  const work = mkdtempSync(join(tmpdir(), 'docs-snippets-'));
  try {
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', name), 'dir');
    for (const peer of ['aws-cdk-lib', 'constructs']) symlinkSync(join(root, 'node_modules', peer), join(work, 'node_modules', peer), 'dir');
    const translator = new RosettaTranslator({ includeCompilerDiagnostics: true });
    const result = await translator.translateAll(snippets, { compilationDirectory: work, addToTablet: false });
    const uncompiled = result.translatedSnippets.filter((snippet) => !snippet.snippet.didCompile);
    for (const diagnostic of result.diagnostics) process.stderr.write(diagnostic.formattedMessage);
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.isError);
    if (snippets.length === 0 || uncompiled.length > 0 || errors.length > 0) {
      console.error(`docs: ${uncompiled.length} of ${snippets.length} TypeScript snippets do not compile, ${errors.length} errors (above)`);
      process.exit(1);
    }
    console.log(`docs: ${snippets.length} TypeScript snippets in ${pages.length} pages compile (jsii-rosetta, strict)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
