/**
 * The README and the pages of docs/: what a newcomer reads first must answer in a minute and lead to
 * the rest (its length, an Install section naming every package as it is published, a link to every
 * page that works on the registries' pages too, links between pages that resolve), and what the
 * docs state about the trigger's totality and the placeholder's cost must be what holds: each
 * statement is checked against the behaviour it describes.
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { dirname, join, normalize } from 'path';
import { v2Event } from './lambda/events';
import { shippedHandlerWithMap } from './lambda/shipped-bundle';
import { synthHttpApi } from './util';

const root = join(__dirname, '..');
const readmeText = readFileSync(join(root, 'README.md'), 'utf8');
const docsDir = join(root, 'docs');
const pages = readdirSync(docsDir).filter((file) => file.endsWith('.md')).sort();
const pageText = (page: string) => readFileSync(join(docsDir, page), 'utf8');
/** Everything a user reads, with whitespace folded, for statements that may wrap anywhere. */
const readme = [readmeText, ...pages.map(pageText)].join('\n').replace(/\s+/g, ' ');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Where the repository's files are shown: the README's links must work from the registries' pages. */
const repositoryBlob = `${packageJson.repository.url.replace(/\.git$/, '')}/blob/main/`;

/** Markdown links outside code blocks: `[text](target)`. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
}

/** The anchors GitHub gives a page's headings. */
function anchorsOf(markdown: string): Set<string> {
  const headings = markdown.replace(/^```[\s\S]*?^```/gm, '').match(/^#{1,6} .*$/gm) ?? [];
  return new Set(headings.map((heading) => heading.replace(/^#+ /, '').toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')));
}

describe('the README answers in a minute and links to the rest', () => {
  test('it is at most about 400 lines', () => {
    expect(readmeText.split('\n').length).toBeLessThanOrEqual(400);
  });

  test('its Install section names every package as it is published', () => {
    const install = readmeText.split(/^## /m).find((section) => section.startsWith('Install'));
    expect(install).toBeDefined();
    const { java, python, go } = packageJson.jsii.targets;
    for (const name of [
      `npm install ${packageJson.name}`,
      `pip install ${python.distName}`, `import ${python.module}`,
      `${java.maven.groupId}:${java.maven.artifactId}`, `package \`${java.package}\``,
      `go get ${go.moduleName}/cdkscopedcognitoapi`,
    ]) expect(install).toContain(name);
  });

  test('it names the packages, not the registries\' hosts (the project writes no registry host name)', () => {
    for (const text of [readmeText, ...pages.map(pageText)]) {
      expect(text).not.toMatch(/npmjs\.(com|org)|pypi\.org|repo1?\.maven|search\.maven|proxy\.golang|pkg\.go\.dev|crates\.io/);
    }
  });

  test('its quick start has the two commands, and CI runs the second', () => {
    const quickStart = readmeText.split(/^## /m).find((section) => section.startsWith('Quick start'))!;
    const commands = quickStart.match(/^```sh\n([\s\S]*?)^```/m)![1].trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['npm ci && npm run demo', 'npm ci && npx projen build']);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npx projen build$/m);
  });

  test('it links every page of docs/ by its absolute address, and nothing by a relative one', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
    const links = linksOf(readmeText);
    for (const page of pages) expect(links).toContain(`${repositoryBlob}docs/${page}`);
    const anchors = anchorsOf(readmeText);
    for (const link of links) {
      if (link.startsWith('#')) expect(anchors).toContain(link.slice(1));
      else expect(link).toMatch(/^https:\/\//);
    }
    // Links into the repository name files that exist.
    for (const link of links.filter((l) => l.startsWith(repositoryBlob))) {
      expect({ link, exists: existsSync(join(root, link.slice(repositoryBlob.length).split('#')[0])) }).toEqual({ link, exists: true });
    }
  });

  test.each(pages)('docs/%s: its links between files resolve, and so do their anchors', (page) => {
    const markdown = pageText(page);
    expect(markdown).toMatch(/^# /);
    for (const link of linksOf(markdown).filter((l) => !/^[a-z]+:/.test(l))) {
      const [file, anchor] = link.split('#');
      const target = file ? normalize(join(docsDir, file)) : join(docsDir, page);
      expect({ link, exists: existsSync(target) }).toEqual({ link, exists: true });
      if (anchor && target.endsWith('.md')) expect({ link, anchors: [...anchorsOf(readFileSync(target, 'utf8'))].includes(anchor) }).toEqual({ link, anchors: true });
      expect(dirname(target).startsWith(root)).toBe(true);
    }
  });
});

describe('the README tells what holds', () => {
  test('the handler is total over parsed JSON events, not over any object: a Proxy whose getters throw makes it reject', async () => {
    expect(readme).toContain('total over the events Cognito sends, which arrive as parsed JSON');
    expect(readme).not.toMatch(/hostile objects/);
    const handler = shippedHandlerWithMap({ baseScopes: [], groups: [['Admin', ['api/admin']]], resourceServers: [['api', ['admin']]] });
    const event = JSON.parse(JSON.stringify(v2Event(['Admin'])));
    await expect(handler(event)).resolves.toBe(event);
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); } });
    await expect(handler(hostile)).rejects.toThrow('boom');
  });

  test('the HTTP placeholder function answers public routes too, for anyone', () => {
    expect(readme).toContain('on a public route (`publicRoutes`) for anyone, without a token');
    const { template } = synthHttpApi({ publicRoutes: ['GET /health'] });
    const routes = Object.values<any>(template.findResources('AWS::ApiGatewayV2::Route'));
    const health = routes.find((route) => route.Properties.RouteKey === 'GET /health');
    const admin = routes.find((route) => route.Properties.RouteKey === 'GET /admin');
    expect(health.Properties.AuthorizationType).toBe('NONE');
    // Both routes reach the one placeholder integration.
    expect(health.Properties.Target).toEqual(admin.Properties.Target);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
  });
});
