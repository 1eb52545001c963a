/**
 * The source layout that docs/architecture.md describes: no import cycle, every module in a folder
 * of its concern, and the Lambda handlers taking nothing from the library but the wire format.
 * Imports are read with the TypeScript compiler, type-only ones included: a cycle of types is
 * still a cycle for whoever reads the code.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';
import * as ts from 'typescript';

const root = join(__dirname, '..');

/** The modules of src/ and lambda-src/, as paths relative to the project (`src/private/rules/scope-rules.ts`). */
const modules = ['src', 'lambda-src'].flatMap((folder) => tsFilesUnder(join(root, folder))).map(projectPath).sort();

/** The modules from src/ that lambda-src/ may import: the handlers' wire formats, which have no aws-cdk-lib import. */
const SHARED_WITH_HANDLERS = ['src/private/trigger/trigger-map.ts', 'src/private/authorizer/authorizer-map.ts'];

/**
 * The private folders each private folder may import (besides itself), as docs/architecture.md
 * draws them: rules at the bottom, the others on top of them and beside each other.
 */
const PRIVATE_LAYERS: { [folder: string]: readonly string[] } = {
  rules: [],
  bundles: [],
  matrix: ['rules'],
  openapi: ['rules'],
  trigger: ['rules', 'bundles'],
  authorizer: ['rules', 'bundles'],
  wiring: ['rules', 'authorizer', 'trigger', 'bundles'],
};

describe('source layout', () => {
  const graph = importGraph(modules);

  test('every relative import names a module of the project', () => {
    const unresolved = modules.flatMap((file) =>
      relativeSpecifiers(file).filter((spec) => resolveModule(file, spec) === undefined).map((spec) => `${file}: '${spec}'`));
    expect(unresolved).toEqual([]);
  });

  test('no import cycle among the modules of src/ and lambda-src/ (type-only imports included)', () => {
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  test('no module directly in src/private/ or lambda-src/: each is in the folder of its concern', () => {
    expect(modules.filter((file) => ['src/private', 'lambda-src'].includes(dirname(file)))).toEqual([]);
  });

  test(`lambda-src/ imports nothing from src/ but ${SHARED_WITH_HANDLERS.join(', ')}`, () => {
    const reached = modules
      .filter((file) => file.startsWith('lambda-src/'))
      .flatMap((file) => (graph.get(file) ?? []).filter((target) => !target.startsWith('lambda-src/')).map((target) => ({ file, target })))
      .filter(({ target }) => !SHARED_WITH_HANDLERS.includes(target))
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(reached).toEqual([]);
  });

  test('src/private/ has exactly the folders of docs/architecture.md, each importing only the layers below it', () => {
    const inFolders = modules.filter((file) => file.startsWith('src/private/') && file.split('/').length > 3);
    const folders = [...new Set(inFolders.map((file) => file.split('/')[2]))].sort();
    expect(folders).toEqual(Object.keys(PRIVATE_LAYERS).sort());
    const crossings = inFolders
      .flatMap((file) => (graph.get(file) ?? []).map((target) => ({ file, target })))
      .filter(({ file, target }) => {
        const from = file.split('/')[2];
        const to = target.startsWith('src/private/') ? target.split('/')[2] : undefined;
        return to !== undefined && to !== from && !(PRIVATE_LAYERS[from] ?? []).includes(to);
      })
      .map(({ file, target }) => `${file} -> ${target}`);
    expect(crossings).toEqual([]);
  });

  test('the cycle finder and the import reader find what they look for', () => {
    // Known input, so that a check above that finds nothing is not a broken check.
    const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']]]);
    expect(findCycles(cyclic)).toEqual([['a', 'b', 'c', 'a'], ['d', 'd']]);
    const parsed = specifiersOf([
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "import './e';",
      "import f = require('./f');",
      "type G = typeof import('./g');",
      "const h = require('./h');",
      "import * as cdk from 'aws-cdk-lib';",
    ].join('\n'));
    expect(parsed).toEqual(['./a', '../b', './c', './d', './e', './f', './g', './h', 'aws-cdk-lib']);
  });
});

function tsFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return tsFilesUnder(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function projectPath(absolute: string): string {
  return relative(root, absolute).split(sep).join('/');
}

/** Every module specifier in `text`: imports and re-exports (type-only too), `import x = require`, `require()`, `import()`. */
function specifiersOf(text: string): string[] {
  const source = ts.createSourceFile('module.ts', text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      if (ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function relativeSpecifiers(file: string): string[] {
  return specifiersOf(readFileSync(join(root, file), 'utf8')).filter((spec) => spec.startsWith('.'));
}

/** The module a relative specifier of `file` names (`./x` as `x.ts` or `x/index.ts`), if it is one of the project's. */
function resolveModule(file: string, spec: string): string | undefined {
  const base = resolve(root, dirname(file), spec);
  return [`${base}.ts`, join(base, 'index.ts')].map(projectPath).find((candidate) => modules.includes(candidate));
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((file) => {
    const targets = relativeSpecifiers(file).map((spec) => resolveModule(file, spec)).filter((target): target is string => target !== undefined);
    return [file, [...new Set(targets)]];
  }));
}

/** The cycles a depth-first walk closes (one per edge back to a module on its path), as `[a, b, ..., a]`: none in an acyclic graph. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    onPath.push(node);
    for (const next of graph.get(node) ?? []) {
      const at = onPath.indexOf(next);
      if (at >= 0) cycles.push([...onPath.slice(at), next]);
      else if (!done.has(next)) visit(next);
    }
    onPath.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) if (!done.has(node)) visit(node);
  return cycles;
}
