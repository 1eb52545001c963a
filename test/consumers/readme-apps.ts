/**
 * The minimal app as the README and docs/rest-and-http-apis.md show it, in TypeScript, Python, Java
 * and Go, written out as files the consumer apps run (run.sh): the README's promise that it
 * "compiles as written" is kept by compiling and running exactly the text a user copies. The docs
 * page repeats the README's TypeScript and Python: those copies must be the same text.
 *
 * Usage: readme-apps.ts DIR — writes DIR/readme-app.js (the TypeScript, transpiled), DIR/readme-app.py,
 * DIR/MinimalApp.java and DIR/minimal/main.go.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..', '..');
const out = process.argv[2];
if (!out) throw new Error('usage: readme-apps.ts DIR');

/** The first code block of `language` in the section headed `heading` of a Markdown file. */
function blockOf(file: string, heading: string, language: string): string {
  const markdown = readFileSync(join(root, file), 'utf8');
  const section = markdown.split(/^#{2,3} /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`${file}: no section '${heading}'`);
  const block = section.match(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, 'm'));
  if (!block) throw new Error(`${file}, '${heading}': no ${language} block`);
  return block[1];
}

const readme = { ts: blockOf('README.md', 'A minimal app', 'ts'), python: blockOf('README.md', 'A minimal app', 'python') };
const languagesPage = (language: string) => blockOf('docs/rest-and-http-apis.md', 'Python, Java and Go', language);
for (const language of ['ts', 'python'] as const) {
  if (languagesPage(language) !== readme[language]) {
    throw new Error(`docs/rest-and-http-apis.md: its ${language} minimal app differs from the README's; they must be the same program`);
  }
}

mkdirSync(join(out, 'minimal'), { recursive: true });
const js = ts.transpileModule(readme.ts, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } });
writeFileSync(join(out, 'readme-app.js'), js.outputText);
writeFileSync(join(out, 'readme-app.py'), readme.python);
writeFileSync(join(out, 'MinimalApp.java'), languagesPage('java'));
writeFileSync(join(out, 'minimal', 'main.go'), languagesPage('go'));
console.log(`minimal app written in 4 languages into ${out}`);
