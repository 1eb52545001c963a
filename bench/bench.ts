/**
 * Benchmarks, printed as a table and written to bench/results.md. Not a test: figures are
 * ratios against baselines measured side by side in the same process and loop, since the
 * machines are shared and noisy.   Run: npm run bench
 */
import { execFile, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import * as http from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import type { BaselineMap } from './baseline-authorizer';
import { logDecision } from '../lambda-src/pre-token-generation/decision-log';
import { applyUserScopes, createScopeResolver, createScopeSuppressor } from '../lambda-src/pre-token-generation/scope-resolver';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { AUTHORIZER_BUNDLE, authorizerMapFile, stageAuthorizerAsset } from '../src/private/authorizer/authorizer-asset';
import { AUTHORIZER_MAP_FILE } from '../src/private/authorizer/authorizer-map';
import { releaseStagedBundle } from '../src/private/bundles/staged-bundle';
import { resourceServerScopes } from '../src/private/rules/scope-rules';
import { scopeMapFile, stageTriggerAsset, TRIGGER_BUNDLE } from '../src/private/trigger/trigger-asset';
import { ANY_CLIENT_ENV, AuthorizerEnv, httpEvent, JwksServer, LISTED_ENV, restEvent, userToken } from '../test/lambda/shipped-authorizer';
import { LAMBDA_POLICY_BYTES, lambdaPolicySizes } from '../test/lambda-policy';

type Handler = (event: any) => Promise<any>;
const lines: string[] = [];
const out = (line = '') => {
  console.log(line);
  lines.push(line);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number, digits = 1) => x.toFixed(digits);

// ---------------------------------------------------------------------------------------------
// 1. Per-call cost of the handler
// ---------------------------------------------------------------------------------------------

function groupMap(size: number): { [group: string]: string[] } {
  const map: { [group: string]: string[] } = {};
  for (let i = 0; i < size; i++) map[`group-${i}`] = [`svc${i % 10}/read`, `svc${i % 10}/write-${i % 7}`, `team/${i}`];
  return map;
}

function event(groups: string[]): any {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_AbCdEfGhI',
    userName: 'alice',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: '1example23456789' },
    request: {
      userAttributes: { sub: 'a1b2c3d4', email: 'alice@example.com' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
      scopes: ['aws.cognito.signin.user.admin'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

/** The floor: a handler that returns the event unchanged. */
const floorHandler: Handler = async (e) => e;

/** The straightforward hand-written handler of public write-ups. */
function handWritten(map: { [group: string]: string[] }): Handler {
  return async (e) => {
    const scopes = e.request.groupConfiguration.groupsToOverride.map((g: string) => map[g]).flat();
    e.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { scopesToAdd: [...scopes, 'openid', 'profile'] } } };
    return e;
  };
}

/** The map file the construct would ship for `map`, its resource servers managed. */
function mapFile(map: { [group: string]: string[] }) {
  return scopeMapFile(map, ['openid', 'profile'], resourceServerScopes(map));
}

/** Ours; with `logged`, its INFO line too, as the runtime formats it (written nowhere: the I/O is Lambda's). */
function ours(map: { [group: string]: string[] }, logged = false): Handler {
  const file = mapFile(map);
  const resolve = createScopeResolver(file);
  const suppress = createScopeSuppressor(file);
  return logged ? async (e) => applyUserScopes(e, resolve, suppress, logDecision) : async (e) => applyUserScopes(e, resolve, suppress);
}

/**
 * What `console.info` does in Lambda with the JSON log format, short of writing the line: the line
 * the runtime builds around the one object logged (aws-lambda-nodejs-runtime-interface-client).
 */
let lastLine = '';
function formatLikeLambda(message: unknown): void {
  lastLine = JSON.stringify({ timestamp: new Date().toISOString(), level: 'INFO', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', message });
}

async function nsPerCall(handler: Handler, e: any, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) {
    e.response = { claimsAndScopeOverrideDetails: null };
    await handler(e);
  }
  return Number(process.hrtime.bigint() - start) / iterations;
}

async function perCallCost(): Promise<void> {
  out('## 1. Handler per-call cost');
  out();
  out('Median of 7 rounds; in each round the four handlers run in turn on the same event, which is');
  out('reset before every call (the reset is in all four figures). "ours" is the handler at an application');
  out('log level above INFO (its log call does nothing); "ours + log" also builds its INFO line as the Lambda');
  out('runtime does with the JSON log format, without writing it.');
  out();
  out('| user groups | map size | floor ns | hand-written ns | ours ns | ours + log ns | ours / floor | hand-written / ours | (ours + log) / ours |');
  out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const realInfo = console.info;
  console.info = formatLikeLambda;
  try {
    for (const userGroups of [1, 10, 100]) {
      for (const mapSize of [10, 100, 1000]) {
        const map = groupMap(mapSize);
        const e = event(Array.from({ length: userGroups }, (_, i) => `group-${i}`));
        const handlers = { floor: floorHandler, hand: handWritten(map), ours: ours(map), logged: ours(map, true) };
        const iterations = userGroups === 100 ? 20_000 : 100_000;
        const rounds: Record<string, number[]> = { floor: [], hand: [], ours: [], logged: [] };
        for (const h of Object.values(handlers)) await nsPerCall(h, e, iterations / 10); // warm-up
        for (let round = 0; round < 7; round++) {
          for (const [name, h] of Object.entries(handlers)) rounds[name].push(await nsPerCall(h, e, iterations));
        }
        const [floor, hand, mine, logged] = [median(rounds.floor), median(rounds.hand), median(rounds.ours), median(rounds.logged)];
        out(`| ${userGroups} | ${mapSize} | ${fmt(floor)} | ${fmt(hand)} | ${fmt(mine)} | ${fmt(logged)} | ${fmt(mine / floor, 2)} | ${fmt(hand / mine, 2)} | ${fmt(logged / mine, 2)} |`);
      }
    }
  } finally {
    console.info = realInfo;
  }
  if (!lastLine.includes('"decision":"scopes"')) throw new Error('the logged handler built no log line');
  out();
}

// ---------------------------------------------------------------------------------------------
// 2. Cold start
// ---------------------------------------------------------------------------------------------

function coldStart(): void {
  out('## 2. Cold start');
  out();
  const bundleBytes = statSync(TRIGGER_BUNDLE).size;
  const folder = stageTriggerAsset(mapFile(groupMap(100)));
  const empty = mkdtempSync(join(tmpdir(), 'bench-empty-'));
  writeFileSync(join(empty, 'index.js'), 'exports.handler = async (e) => e;\n');
  const firstCall = (dir: string) =>
    'const t0 = process.hrtime.bigint();' +
    `const { handler } = require(${JSON.stringify(join(dir, 'index.js'))});` +
    `handler(${JSON.stringify(event(['group-1', 'group-2']))}).then(() => ` +
    // stderr: the handler writes its log line to stdout.
    'process.stderr.write(String(Number(process.hrtime.bigint() - t0))));';
  const inProcess: Record<string, number[]> = { empty: [], ours: [] };
  const wholeProcess: Record<string, number[]> = { empty: [], ours: [] };
  for (let i = 0; i < 15; i++) {
    for (const [name, dir] of [['empty', empty], ['ours', folder]] as const) {
      const t0 = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['-e', firstCall(dir)], { encoding: 'utf8' });
      wholeProcess[name].push(Number(process.hrtime.bigint() - t0));
      inProcess[name].push(Number(result.stderr));
    }
  }
  const us = (ns: number) => fmt(ns / 1000, 0);
  out(`Shipped handler bundle: ${bundleBytes} bytes (minified, no runtime dependencies; the map is a separate`);
  out(`file: ${statSync(join(folder, 'scope-map.json')).size} bytes for 100 groups).`);
  out();
  out('Median of 15 fresh `node` processes each, alternating:');
  out();
  out('| measure | empty module | our handler | ratio |');
  out('|---|---:|---:|---:|');
  out(`| load the module and answer the first event (µs, in the process) | ${us(median(inProcess.empty))} | ${us(median(inProcess.ours))} | ${fmt(median(inProcess.ours) / median(inProcess.empty), 2)} |`);
  out(`| whole \`node\` process (µs) | ${us(median(wholeProcess.empty))} | ${us(median(wholeProcess.ours))} | ${fmt(median(wholeProcess.ours) / median(wholeProcess.empty), 2)} |`);
  out();
}

// ---------------------------------------------------------------------------------------------
// 3. Synth
// ---------------------------------------------------------------------------------------------

const GROUPS = 50;

/** `count` routes, three methods per path, as REST APIs usually have. */
function routes(count: number): { [route: string]: string[] } {
  const result: { [route: string]: string[] } = {};
  for (let i = 0; i < count; i++) result[`${['GET', 'POST', 'DELETE'][i % 3]} /r${Math.floor(i / 3)}`] = [`svc${i % 10}/read`];
  return result;
}

function constructStack(routeCount: number): Stack {
  const stack = new Stack(new App(), 'Bench');
  new ScopedCognitoApi(stack, 'Api', { groupScopes: groupMap(GROUPS), routeScopes: routes(routeCount) });
  return stack;
}

/** The same resources written directly with aws-cdk-lib L2 constructs (the trigger's code inline). */
function l2Stack(routeCount: number): Stack {
  const stack = new Stack(new App(), 'Bench');
  const pool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
  const fn = new lambda.Function(stack, 'Trigger', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => e;'),
  });
  pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, cognito.LambdaVersion.V2_0);
  for (const group of Object.keys(groupMap(GROUPS))) new cognito.UserPoolGroup(stack, `G${group}`, { userPool: pool, groupName: group });
  new cognito.UserPoolResourceServer(stack, 'Server', { userPool: pool, identifier: 'svc0', scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'read' })] });
  pool.addClient('Client');
  const api = new apigateway.RestApi(stack, 'Api');
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  for (const [route, scopes] of Object.entries(routes(routeCount))) {
    const [method, path] = route.split(' ');
    api.root.resourceForPath(path).addMethod(method, new apigateway.MockIntegration(), {
      authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: scopes,
    });
  }
  return stack;
}

function synthMs(build: (n: number) => Stack, n: number): { ms: number; resources: number } {
  const t0 = process.hrtime.bigint();
  const stack = build(n);
  const template = (stack.node.root as App).synth().getStackByName(stack.stackName).template;
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, resources: Object.keys(template.Resources).length };
}

function synth(): void {
  out('## 3. Synth');
  out();
  out(`${GROUPS} groups; three methods (GET, POST, DELETE) per path. Median of 5 alternating runs.`);
  out();
  out('| routes | construct ms | L2 baseline ms | ratio | construct resources | L2 resources |');
  out('|---:|---:|---:|---:|---:|---:|');
  const resources: Record<string, Record<number, number>> = { construct: {}, l2: {} };
  for (const n of [10, 100, 300]) {
    const runs: Record<string, number[]> = { construct: [], l2: [] };
    for (let i = 0; i < 5; i++) {
      const c = synthMs(constructStack, n);
      const b = synthMs(l2Stack, n);
      runs.construct.push(c.ms);
      runs.l2.push(b.ms);
      resources.construct[n] = c.resources;
      resources.l2[n] = b.resources;
    }
    out(`| ${n} | ${fmt(median(runs.construct), 0)} | ${fmt(median(runs.l2), 0)} | ${fmt(median(runs.construct) / median(runs.l2), 2)} | ${resources.construct[n]} | ${resources.l2[n]} |`);
  }
  out();
  out('Above 100 routes the construct defines the API by one OpenAPI document: the 300-route row is that form.');
  out();
  out('| | construct | L2 baseline |');
  out('|---|---:|---:|');
  // Per route and fixed part of the resource form, from 10 and 100 routes.
  const perRoute = (r: Record<number, number>) => (r[100] - r[10]) / 90;
  const fixed = (r: Record<number, number>) => r[10] - 10 * perRoute(r);
  const fits = (r: Record<number, number>) => Math.floor((500 - fixed(r)) / perRoute(r));
  out(`| resources per route (up to 100 routes) | ${fmt(perRoute(resources.construct), 2)} | ${fmt(perRoute(resources.l2), 2)} |`);
  out(`| fixed resources (${GROUPS} groups included) | ${fmt(fixed(resources.construct), 0)} | ${fmt(fixed(resources.l2), 0)} |`);
  out(`| resources at 300 routes | ${resources.construct[300]} | ${resources.l2[300]} |`);
  out(`| routes that fit under 500 resources | no limit (one document above 100) | ${fits(resources.l2)} |`);
  out();
}

// ---------------------------------------------------------------------------------------------
// 4. Large APIs with Lambda backends
// ---------------------------------------------------------------------------------------------

/** `count` routes backed by functions, three methods per path with a path parameter. */
function lambdaRoutes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${['GET', 'POST', 'DELETE'][i % 3]} /items${Math.floor(i / 3)}/{id}`);
}

function newBenchStack(): Stack {
  // aws-cdk-lib refuses a template of more than 500 resources: lifted here to measure the baseline beyond it.
  return new Stack(new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } }), 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function backends(stack: Stack, count: number): lambda.Function[] {
  return Array.from({ length: count }, (_, i) => new lambda.Function(stack, `Backend${i}`, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })'),
  }));
}

/** The hand-written way: a RestApi whose methods each get `new LambdaIntegration(fn)`. */
function l2LambdaStack(routeCount: number, functionCount: number): Stack {
  const stack = newBenchStack();
  const fns = backends(stack, functionCount);
  const pool = new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
  const api = new apigateway.RestApi(stack, 'Api');
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  lambdaRoutes(routeCount).forEach((route, i) => {
    const [method, path] = route.split(' ');
    api.root.resourceForPath(path).addMethod(method, new apigateway.LambdaIntegration(fns[i % functionCount]), {
      authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: [`svc${i % 10}/read`],
    });
  });
  return stack;
}

function constructLambdaStack(kind: 'REST' | 'HTTP', routeCount: number, functionCount: number): Stack {
  const stack = newBenchStack();
  const fns = backends(stack, functionCount);
  const keys = lambdaRoutes(routeCount);
  const props = {
    groupScopes: groupMap(GROUPS),
    routeScopes: Object.fromEntries(keys.map((route, i) => [route, [`svc${i % 10}/read`]])),
    routeHandlers: Object.fromEntries(keys.map((route, i) => [route, fns[i % functionCount]])),
  };
  if (kind === 'REST') new ScopedCognitoApi(stack, 'Api', props);
  else new ScopedCognitoHttpApi(stack, 'Api', props);
  return stack;
}

interface SynthFigures {
  ms: number;
  resources: number;
  templateBytes: number;
  largestPolicyBytes: number;
}

function synthFigures(build: () => Stack): SynthFigures {
  const t0 = process.hrtime.bigint();
  const stack = build();
  const assembly = (stack.node.root as App).synth();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const artifact = assembly.getStackByName(stack.stackName);
  const policies = [...lambdaPolicySizes(artifact.template).entries()].filter(([fn]) => fn.startsWith('Backend')).map(([, bytes]) => bytes);
  return {
    ms,
    resources: Object.keys(artifact.template.Resources).length,
    templateBytes: statSync(join(assembly.directory, artifact.templateFile)).size,
    largestPolicyBytes: Math.max(...policies),
  };
}

function largeApis(): void {
  out('## 4. Large APIs with Lambda backends');
  out();
  out(`${GROUPS} groups; three methods per path (\`GET|POST|DELETE /itemsN/{id}\`), each backed by a Lambda function.`);
  out('The L2 baseline is the hand-written way: `RestApi` methods each with `new LambdaIntegration(fn)`.');
  out('Limits: CloudFormation 500 resources and 1 MB per template');
  out('(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html), a Lambda');
  out('resource-based policy 20 KB (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); policy');
  out('sizes are upper bounds (test/lambda-policy.ts).');
  out();

  // How far the baseline goes: resources and policy bytes per route, from two sizes.
  const small = synthFigures(() => l2LambdaStack(30, 1));
  const large = synthFigures(() => l2LambdaStack(60, 1));
  const perRoute = (large.resources - small.resources) / 30;
  const policyPerRoute = (large.largestPolicyBytes - small.largestPolicyBytes) / 30;
  const fitsResources = Math.floor((500 - (small.resources - 30 * perRoute)) / perRoute);
  const fitsPolicy = Math.floor((LAMBDA_POLICY_BYTES - (small.largestPolicyBytes - 30 * policyPerRoute)) / policyPerRoute);
  out('| | L2 baseline | construct |');
  out('|---|---:|---:|');
  out(`| resources per route | ${fmt(perRoute, 2)} | 0 above 100 routes (one OpenAPI document) |`);
  out(`| policy bytes per route, one function behind every route | ${fmt(policyPerRoute, 0)} | 0 (one statement per function and API) |`);
  out(`| routes that fit under 500 resources | ${fitsResources} | no limit from resources |`);
  out(`| routes one function can back under its 20 KB policy | ${fitsPolicy} | no limit from the policy |`);
  out();

  out('1,000 routes (the construct) against 300 (the baseline), medians of 5 alternating runs:');
  out();
  out('| API | functions | routes | synth ms | ratio to L2 at 300 | resources | template KB | largest policy bytes |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  const cases: Array<{ name: string; functions: number; routes: number; build: () => Stack }> = [
    { name: 'L2 baseline', functions: 1, routes: 300, build: () => l2LambdaStack(300, 1) },
    { name: 'construct, REST', functions: 1, routes: 1000, build: () => constructLambdaStack('REST', 1000, 1) },
    { name: 'construct, REST', functions: 10, routes: 1000, build: () => constructLambdaStack('REST', 1000, 10) },
    { name: 'construct, HTTP', functions: 1, routes: 1000, build: () => constructLambdaStack('HTTP', 1000, 1) },
    { name: 'construct, HTTP', functions: 10, routes: 1000, build: () => constructLambdaStack('HTTP', 1000, 10) },
  ];
  const runs = cases.map(() => [] as SynthFigures[]);
  for (let round = 0; round < 5; round++) cases.forEach((c, i) => runs[i].push(synthFigures(c.build)));
  const baseline = median(runs[0].map((r) => r.ms));
  cases.forEach((c, i) => {
    const ms = median(runs[i].map((r) => r.ms));
    const last = runs[i][runs[i].length - 1];
    out(`| ${c.name} | ${c.functions} | ${c.routes} | ${fmt(ms, 0)} | ${fmt(ms / baseline, 2)} | ${last.resources} | ${fmt(last.templateBytes / 1000, 0)} | ${last.largestPolicyBytes} |`);
  });
  out();
}

// ---------------------------------------------------------------------------------------------
// 5. The Lambda authorizer (Enforcement.LAMBDA_AUTHORIZER)
// ---------------------------------------------------------------------------------------------

/** An authorizer as Lambda gets it: a folder with `index.js` and its map, and its environment. */
interface AuthorizerFolder {
  readonly folder: string;
  readonly env: AuthorizerEnv;
  readonly release: () => void;
}

/** The shipped bundle staged with the map the construct would write for `mapSize` groups and routes (section 3's). */
function ourAuthorizer(api: 'REST' | 'HTTP', mapSize: number): AuthorizerFolder {
  const groupScopes = groupMap(mapSize);
  const folder = stageAuthorizerAsset(authorizerMapFile({
    api,
    anyClientOfPool: api === 'REST',
    baseScopes: ['openid', 'profile'],
    groupScopes,
    resourceServers: resourceServerScopes(groupScopes),
    routes: Object.entries(routes(mapSize)).map(([key, scopes]) => ({ key, scopes })),
  }));
  return { folder, env: api === 'REST' ? ANY_CLIENT_ENV : LISTED_ENV, release: () => releaseStagedBundle(folder) };
}

/** bench/baseline-authorizer.ts bundled with the shipped bundle's esbuild options (the `bundle` task's). */
let baselineBundle: string | undefined;
function baselineBundleText(): string {
  baselineBundle ??= buildSync({
    entryPoints: [join(__dirname, 'baseline-authorizer.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    minify: true,
    write: false,
  }).outputFiles[0].text;
  return baselineBundle;
}

/** The hand-written authorizer with the same maps, in a folder of its own (`baseline-map.json` is the file it reads). */
function baselineAuthorizer(mapSize: number): AuthorizerFolder {
  const folder = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
  writeFileSync(join(folder, 'index.js'), baselineBundleText());
  const map: BaselineMap = { groupScopes: groupMap(mapSize), routeScopes: routes(mapSize) };
  writeFileSync(join(folder, 'baseline-map.json'), JSON.stringify(map));
  return { folder, env: ANY_CLIENT_ENV, release: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * An authorizer's handler, loaded the way test/lambda/shipped-authorizer.ts loads the shipped
 * bundle, as Lambda runs it in a fresh container: its module scope run once, `env` its
 * environment, `info` its `console.info`, its JWKS request (aws-jwt-verify asks node's `https` for
 * `https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json`) sent to the loopback
 * server over plain HTTP; its files are the folder's.
 */
function loadAuthorizer({ folder, env }: AuthorizerFolder, jwks: JwksServer, info: (line: unknown) => void): Handler {
  const body = new Function(
    'exports', 'require', 'module', '__filename', '__dirname', 'console', 'process',
    readFileSync(join(folder, 'index.js'), 'utf8'),
  ) as (...args: unknown[]) => void;
  const loopbackHttps = {
    request: (uri: string, options: http.RequestOptions, callback: (response: http.IncomingMessage) => void) =>
      http.request(`${jwks.origin}${new URL(uri).pathname}`, options, callback),
  };
  const requireFor = (name: string): unknown => {
    if (name === 'https') return loopbackHttps;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (['fs', 'path', 'crypto', 'stream'].includes(name)) return require(name);
    throw new Error(`the bundle in ${folder} asked for '${name}'`);
  };
  const module = { exports: {} as { handler?: Handler } };
  const fakeProcess = Object.create(process, { env: { value: { ...env }, enumerable: true } });
  body(module.exports, requireFor, module, join(folder, 'index.js'), folder, { ...console, info }, fakeProcess);
  return module.exports.handler!;
}

/** Whether an authorizer's answer lets the call through (a REST policy's `Allow`, an HTTP simple response's `isAuthorized`). */
function allows(answer: any): boolean {
  return answer?.isAuthorized === true || answer?.policyDocument?.Statement?.[0]?.Effect === 'Allow';
}

async function usPerDecision(handler: Handler, e: unknown, iterations: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await handler(e);
  return Number(process.hrtime.bigint() - start) / iterations / 1000;
}

/** A user's request for `POST /r0` (section 3's routes: it needs `svc1/read`, which `group-1` grants), with a token of the pool. */
function authorizerEvent(api: 'REST' | 'HTTP', userGroups: number): unknown {
  const authorization = `Bearer ${userToken({ groups: Array.from({ length: userGroups }, (_, i) => `group-${i + 1}`) })}`;
  return api === 'REST' ? restEvent({ httpMethod: 'POST', resourcePath: '/r0', authorization }) : httpEvent({ routeKey: 'POST /r0', authorization });
}

async function authorizerPerCall(jwks: JwksServer): Promise<void> {
  out('Per decision, warm (JWKS cached): median of 7 rounds of 3,000 calls each, the three handlers in turn on');
  out('the same event (an RS256 access token of a user allowed on the route). "ours" builds its log line as');
  out('Lambda\'s JSON log format does, without writing it; "ours, no line" logs nothing; the hand-written');
  out('one (bench/baseline-authorizer.ts) logs nothing.');
  out();
  out('| API | groups and routes in the map | user groups | hand-written µs | ours µs | ours, no line µs | ours / hand-written | (ours, no line) / hand-written |');
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [api, mapSize, userGroups] of [['REST', 100, 1], ['REST', 100, 10], ['REST', 1000, 1], ['HTTP', 100, 1]] as const) {
    const folders = { hand: baselineAuthorizer(mapSize), ours: ourAuthorizer(api, mapSize) };
    const handlers: Record<string, Handler> = {
      hand: loadAuthorizer(folders.hand, jwks, formatLikeLambda),
      ours: loadAuthorizer(folders.ours, jwks, formatLikeLambda),
      quiet: loadAuthorizer(folders.ours, jwks, () => undefined),
    };
    const e = authorizerEvent(api, userGroups);
    for (const [name, h] of Object.entries(handlers)) {
      if (!allows(await h(e))) throw new Error(`${name} refused a user allowed on the route (${api})`);
      await usPerDecision(h, e, 300); // warm-up
    }
    const rounds: Record<string, number[]> = { hand: [], ours: [], quiet: [] };
    for (let round = 0; round < 7; round++) {
      for (const [name, h] of Object.entries(handlers)) rounds[name].push(await usPerDecision(h, e, 3_000));
    }
    const [hand, mine, quiet] = [median(rounds.hand), median(rounds.ours), median(rounds.quiet)];
    out(`| ${api} | ${mapSize} | ${userGroups} | ${fmt(hand)} | ${fmt(mine)} | ${fmt(quiet)} | ${fmt(mine / hand, 2)} | ${fmt(quiet / hand, 2)} |`);
    Object.values(folders).forEach((f) => f.release());
  }
  if (!lastLine.includes('"decision":"allow"')) throw new Error('the authorizer built no decision line');
  out();
  out(`Its log line, as Lambda's JSON format builds it: ${Buffer.byteLength(lastLine)} bytes (one per request that reaches the function).`);
  out();
}

/**
 * Run in a fresh `node` process: the JWKS request redirected to the loopback server (node's `http`
 * and `https` are loaded for that before the clock starts, for all three), then the handler's module
 * loaded and the first event answered, the JWKS fetched on the way.
 */
const COLD_START_SCRIPT = [
  "const http = require('http');",
  "const https = require('https');",
  'https.request = (uri, options, callback) => http.request(process.env.BENCH_JWKS + new URL(uri).pathname, options, callback);',
  "const event = JSON.parse(require('fs').readFileSync(process.env.BENCH_EVENT, 'utf8'));",
  'const t0 = process.hrtime.bigint();',
  'const { handler } = require(process.env.BENCH_HANDLER);',
  'handler(event).then((answer) => process.stderr.write(JSON.stringify({ ns: Number(process.hrtime.bigint() - t0), answer })));',
].join('\n');

function coldRun(handlerFile: string, env: AuthorizerEnv, eventFile: string, jwks: JwksServer): Promise<{ whole: number; inProcess: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    execFile(process.execPath, ['-e', COLD_START_SCRIPT], {
      encoding: 'utf8',
      env: { ...env, BENCH_JWKS: jwks.origin, BENCH_EVENT: eventFile, BENCH_HANDLER: handlerFile },
    }, (error, _stdout, stderr) => {
      const whole = Number(process.hrtime.bigint() - t0);
      if (error) return reject(error);
      const { ns, answer } = JSON.parse(stderr);
      if (!allows(answer)) return reject(new Error(`${handlerFile} refused a user allowed on the route`));
      resolve({ whole, inProcess: ns });
    });
  });
}

async function authorizerColdStart(jwks: JwksServer): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-authorizer-'));
  const empty = join(work, 'empty.js');
  writeFileSync(empty, 'exports.handler = async () => ({ isAuthorized: true });\n');
  const eventFile = join(work, 'event.json');
  writeFileSync(eventFile, JSON.stringify(authorizerEvent('REST', 1)));
  const folders = { hand: baselineAuthorizer(100), ours: ourAuthorizer('REST', 100) };
  const files: Record<string, string> = { empty, hand: join(folders.hand.folder, 'index.js'), ours: join(folders.ours.folder, 'index.js') };
  const inProcess: Record<string, number[]> = { empty: [], hand: [], ours: [] };
  const wholeProcess: Record<string, number[]> = { empty: [], hand: [], ours: [] };
  const fetchesBefore = jwks.requests;
  const runs = 15;
  for (let i = 0; i < runs; i++) {
    for (const name of ['empty', 'hand', 'ours']) {
      const { whole, inProcess: first } = await coldRun(files[name], ANY_CLIENT_ENV, eventFile, jwks);
      wholeProcess[name].push(whole);
      inProcess[name].push(first);
    }
  }
  if (jwks.requests - fetchesBefore !== 2 * runs) throw new Error(`expected one JWKS request per cold start, got ${jwks.requests - fetchesBefore}`);
  const bytes = { hand: Buffer.byteLength(baselineBundleText()), ours: statSync(AUTHORIZER_BUNDLE).size };
  const mapBytes = { hand: statSync(join(folders.hand.folder, 'baseline-map.json')).size, ours: statSync(join(folders.ours.folder, AUTHORIZER_MAP_FILE)).size };
  const ms = (ns: number) => fmt(ns / 1e6, 1);
  const row = (label: string, r: Record<string, number[]>) =>
    out(`| ${label} | ${ms(median(r.empty))} | ${ms(median(r.hand))} | ${ms(median(r.ours))} | ${fmt(median(r.ours) / median(r.hand), 2)} |`);
  out(`Cold start: median of ${runs} fresh \`node\` processes each, alternating; a REST request of a user in one group,`);
  out(`100 groups and routes in the map; each process fetched the JWKS once from the loopback server (${jwks.requests - fetchesBefore} requests).`);
  out();
  out('| measure | empty module | hand-written | ours | ours / hand-written |');
  out('|---|---:|---:|---:|---:|');
  out(`| bundle bytes (minified, no runtime dependencies) | - | ${bytes.hand} | ${bytes.ours} | ${fmt(bytes.ours / bytes.hand, 2)} |`);
  out(`| map file bytes (100 groups, 100 routes) | - | ${mapBytes.hand} | ${mapBytes.ours} | ${fmt(mapBytes.ours / mapBytes.hand, 2)} |`);
  row('load the module, fetch the JWKS, answer the first request (ms, in the process)', inProcess);
  row('whole `node` process (ms)', wholeProcess);
  out();
  Object.values(folders).forEach((f) => f.release());
  rmSync(work, { recursive: true, force: true });
}

async function lambdaAuthorizer(): Promise<void> {
  out('## 5. Lambda authorizer');
  out();
  out('`Enforcement.LAMBDA_AUTHORIZER`\'s shipped bundle (aws-jwt-verify bundled in) against a hand-written');
  out('aws-jwt-verify authorizer making the same check (bench/baseline-authorizer.ts, bundled with the same');
  out('esbuild options), both loaded as Lambda runs them, the pool\'s JWKS served on 127.0.0.1.');
  out();
  const jwks = await JwksServer.start();
  try {
    await authorizerPerCall(jwks);
    await authorizerColdStart(jwks);
  } finally {
    await jwks.close();
  }
}

async function main(): Promise<void> {
  out('# Benchmarks');
  out();
  out(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; produced by \`npm run bench\` (bench/bench.ts).`);
  out();
  await perCallCost();
  coldStart();
  synth();
  largeApis();
  await lambdaAuthorizer();
  writeFileSync(join(__dirname, 'results.md'), lines.join('\n') + '\n');
}

void main();
