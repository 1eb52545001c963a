/**
 * Multi-Region end to end with real verifiers, without an AWS account. Two-Region apps are
 * synthesized (the pool in us-east-1, its ScopedUserPoolReplica in us-west-2, a REST and an HTTP
 * API on the pool in each Region) and read back as deployed (test/deployment.ts: values read
 * across Regions through CDK's export reader resolve to the writer's value).
 *
 * With the default enforcement, the trigger each Region runs is found from the templates (the
 * pool's LambdaConfig; the replica Region's Regional configuration) and taken from the cloud
 * assembly through its function's asset. Each is run on full Pre Token Generation events (a user
 * of every group, of all, of none; every client; sign-in and refresh; the event's Region each
 * Region): the two assets are byte-identical and their responses the same, whichever Region asks.
 * Tokens from the responses of a Region's own trigger, with the pool's updated issuer, are checked
 * by aws-jwt-verify set up as each API's template says (REST: the pool of the authorizer's
 * ProviderARNs, the replica's in us-west-2; HTTP: the JwtConfiguration's issuer and audience, as
 * resolved): who passes each route of each Region is what the pool's accessMatrix() says for that
 * Region, and the same in both.
 *
 * With Enforcement.LAMBDA_AUTHORIZER, each API's staged authorizer runs with its environment
 * resolved (test/lite-grid.ts): every caller gets what the matrix says, in both Regions, and a
 * token of the pool with its original issuer is refused.
 *
 * Not vacuous: the replica's trigger map with a group dropped, or a raw replica (AWS::Cognito::UserPoolReplica) without
 * ScopedUserPoolReplica (refused at synth; synthesized anyway without validation), fail the checks.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { JwtInvalidIssuerError } from 'aws-jwt-verify/error';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { Assembly, Deployment, Template } from './deployment';
import { gatewayOutcome, httpEvent, JwksServer, loopbackJwksCache, machineToken, nowSeconds, restEvent, signJwt, userToken } from './lambda/shipped-authorizer';
import { Handler, stagedTrigger } from './lambda/shipped-bundle';
import { deployedApi, gridMismatches, loadStagedAuthorizer } from './lite-grid';
import { cognitoProvidersOf, jwtConfigurationOf, routesOf } from './template-oracle';
import { clientsOf, PossibleToken, userTokens, verified } from './token-oracle';
import { STRICT_CONTEXT } from './util';
import {
  Enforcement, IssuerType, RouteAccess, ScopedCognitoApi, ScopedCognitoHttpApi, ScopedUserPool, ScopedUserPoolReplica,
} from '../src';
import { ISSUER_ENV } from '../src/private/authorizer/authorizer-map';
import { TriggerMap } from '../src/private/trigger/trigger-map';

const ACCOUNT = '111111111111';
const PRIMARY = 'us-east-1';
const REPLICA = 'us-west-2';
const REGIONS = [PRIMARY, REPLICA];
const MRK = `arn:aws:kms:${PRIMARY}:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;
const MAPS = {
  groupScopes: { Admin: ['orders/read', 'orders/write'], Auditor: ['audit/read'], Reader: ['orders/read'] },
  machineClients: [{ name: 'billing', scopes: ['orders/read'] }],
};
const ROUTES = {
  routeScopes: { 'GET /orders': ['orders/read'], 'DELETE /orders/{id}': ['orders/write'], 'GET /audit': ['audit/read', 'orders/write'] },
  publicRoutes: ['GET /health'],
  alarms: false,
};
/** The group the tampered replica map drops. */
const DROPPED = 'Auditor';
/** The pool's ID as deployed (test/deployment.ts: the pool's Region, then the shipped-authorizer pool's suffix). */
const DEPLOYED_POOL_ID = `${PRIMARY}_AbC123`;
const UPDATED_ISSUER = `https://issuer-cognito-idp.${PRIMARY}.amazonaws.com/${DEPLOYED_POOL_ID}`;
const ORIGINAL_ISSUER = `https://cognito-idp.${PRIMARY}.amazonaws.com/${DEPLOYED_POOL_ID}`;

let jwks: JwksServer;
let jwksCache: SimpleJwksCache;
beforeAll(async () => {
  jwks = await JwksServer.start([DEPLOYED_POOL_ID]);
  jwksCache = loopbackJwksCache(jwks);
});
afterAll(() => jwks.close());

// ----- the apps -------------------------------------------------------------------------------------

type Api = ScopedCognitoApi | ScopedCognitoHttpApi;

interface TwoRegionApp {
  readonly pool: ScopedUserPool;
  readonly replica?: ScopedUserPoolReplica;
  /** The APIs, each in a stack of its own: a REST and an HTTP API in each Region. */
  readonly apis: Api[];
  readonly deployment: Deployment;
}

/**
 * The pool in us-east-1 (stack Primary), ready for replication; its ScopedUserPoolReplica in
 * us-west-2 (stack Replica), or with `rawReplica` a raw AWS::Cognito::UserPoolReplica there instead (synthesized
 * without validation, which refuses it); and a REST and an HTTP API on the pool in each Region.
 */
function twoRegionApp(enforcement: Enforcement, options: { rawReplica?: boolean } = {}): TwoRegionApp {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'multi-region-verify-')), context: STRICT_CONTEXT });
  const stackIn = (id: string, region: string) =>
    new Stack(app, id, { env: { account: ACCOUNT, region }, ...(region === PRIMARY ? {} : { crossRegionReferences: true }) });
  const primary = stackIn('Primary', PRIMARY);
  const pool = new ScopedUserPool(primary, 'Pool', {
    ...MAPS,
    issuer: IssuerType.UPDATED,
    encryptionKey: kms.Key.fromKeyArn(primary, 'Key', MRK),
    oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    ...(enforcement === Enforcement.LAMBDA_AUTHORIZER ? { enforcement, featurePlan: cognito.FeaturePlan.ESSENTIALS } : {}),
  });
  let replica: ScopedUserPoolReplica | undefined;
  if (options.rawReplica) {
    rawReplica(primary, pool);
  } else {
    replica = new ScopedUserPoolReplica(stackIn('Replica', REPLICA), 'Replica', { scopedUserPool: pool });
  }
  const apis: Api[] = [];
  for (const [prefix, region] of [['Primary', PRIMARY], ['Replica', REPLICA]]) {
    apis.push(new ScopedCognitoApi(stackIn(`${prefix}Rest`, region), 'Api', { scopedUserPool: pool, ...ROUTES }));
    apis.push(new ScopedCognitoHttpApi(stackIn(`${prefix}Http`, region), 'Api', { scopedUserPool: pool, ...ROUTES }));
  }
  const assembly = app.synth(options.rawReplica ? { skipValidation: true } : {});
  return { pool, replica, apis, deployment: new Deployment(assembly) };
}

/**
 * A replica of the pool in us-west-2 declared without ScopedUserPoolReplica: a raw resource
 * (aws-cdk-lib's `CfnUserPoolReplica` is newer than the library's peer floor, where this test runs too).
 */
function rawReplica(stack: Stack, pool: ScopedUserPool): CfnResource {
  return new CfnResource(stack, 'Raw', { type: 'AWS::Cognito::UserPoolReplica', properties: { RegionName: REPLICA, UserPoolId: pool.userPool.userPoolId } });
}

const stackOf = (api: Api) => Stack.of(api).stackName;
const kindOf = (api: Api) => (api instanceof ScopedCognitoApi ? 'REST' : 'HTTP');

// ----- the trigger each Region runs -----------------------------------------------------------------

/** The Pre Token Generation trigger of a Region as the templates attach it: its function and staged asset. */
interface RegionalTrigger {
  readonly region: string;
  readonly stack: string;
  readonly functionId: string;
  readonly version: string;
  readonly folder: string;
}

/**
 * The Regions the pool serves sign-ins in (its own, and each replica's RegionName in its template),
 * each with the trigger the templates attach there: the pool's LambdaConfig in its Region; in a
 * replica's, an ACTIVE Regional configuration of the pool in a stack of that Region (none: the
 * Region runs no trigger).
 */
function regionalTriggers(deployment: Deployment): Map<string, RegionalTrigger | undefined> {
  const { stack: poolStack, logicalId } = deployment.pool;
  const pool = deployment.poolTemplate.Resources[logicalId].Properties;
  const triggerOf = (region: string, stack: string, config: any): RegionalTrigger | undefined => {
    const pre = config?.PreTokenGenerationConfig;
    if (pre === undefined) return undefined;
    const functionId = deployment.functionNamed(pre.LambdaArn, stack);
    return { region, stack, functionId, version: pre.LambdaVersion, folder: deployment.assetFolder(stack, functionId) };
  };
  const poolRegion = deployment.regionOf(poolStack);
  const triggers = new Map<string, RegionalTrigger | undefined>([[poolRegion, triggerOf(poolRegion, poolStack, pool.LambdaConfig)]]);
  const namesPool = (value: unknown, stack: string) => deployment.resolve(value, stack) === deployment.poolId;
  for (const replica of Object.values(deployment.poolTemplate.Resources).filter((r) => r.Type === 'AWS::Cognito::UserPoolReplica')) {
    if (!namesPool(replica.Properties.UserPoolId, poolStack)) continue;
    const region: string = replica.Properties.RegionName;
    const attached = [...deployment.templates].filter(([stack]) => deployment.regionOf(stack) === region).flatMap(([stack, template]) =>
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::Cognito::UserPoolRegionalConfigurationAttachment' && namesPool(r.Properties.UserPoolId, stack))
        .filter((r) => (r.Properties.Status ?? 'ACTIVE') === 'ACTIVE')
        .map((r) => triggerOf(region, stack, r.Properties.LambdaConfig)));
    expect(attached.length).toBeLessThanOrEqual(1);
    triggers.set(region, attached[0]);
  }
  return triggers;
}

/** What a Region's pool runs on a token request: its trigger's staged asset, or nothing (the request answered as it came). */
function issuingTrigger(trigger: RegionalTrigger | undefined): Handler {
  return trigger === undefined ? async (event: unknown) => event as Awaited<ReturnType<Handler>> : stagedTrigger(trigger.folder);
}

/** The user groupings a sign-in is tried for: each group alone, all groups, no group. */
function groupings(pool: ScopedUserPool): Array<{ label: string; groups: string[] }> {
  const groups = Object.keys(pool.groupScopes).sort();
  return [...groups.map((group) => ({ label: group, groups: [group] })), { label: 'every group', groups }, { label: 'no group', groups: [] }];
}

/**
 * The tokens a user of each grouping gets through each user client of the pool (sign-in and
 * refresh), answered by `trigger` on events whose Region is `region` and whose pool and clients
 * are the deployed ones.
 */
async function signIns(deployment: Deployment, pool: ScopedUserPool, trigger: Handler, region: string) {
  const clients = deployment.poolClients();
  const issuance = { trigger, region, userPoolId: deployment.poolId, clientIdOf: (id: string) => deployment.clientId(id) };
  return Promise.all(groupings(pool).map(async ({ label, groups }) =>
    ({ label, groups, tokens: await userTokens(deployment.poolTemplate, deployment.assemblyDir, clients, groups, issuance) })));
}

/** The files of a folder, sorted, with their bytes. */
function filesOf(folder: string): Array<[string, Buffer]> {
  return readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name))]);
}

/**
 * The problems of the Regions' triggers: a Region the pool serves without a trigger, triggers on
 * another event version or whose staged assets are not byte-identical, and any sign-in whose
 * response differs from the primary's trigger's in the primary Region, for either trigger and
 * either event Region.
 */
async function triggerProblems(deployment: Deployment, pool: ScopedUserPool): Promise<string[]> {
  const triggers = regionalTriggers(deployment);
  const problems: string[] = [];
  const primary = triggers.get(PRIMARY);
  if (primary === undefined) return [`${PRIMARY}: the pool runs no Pre Token Generation trigger`];
  const reference = filesOf(primary.folder);
  expect(reference.map(([name]) => name)).toEqual(['index.js', 'scope-map.json']);
  for (const [region, trigger] of triggers) {
    if (trigger === undefined) {
      problems.push(`${region}: the pool serves sign-ins there (a replica) with no Pre Token Generation trigger`);
      continue;
    }
    if (trigger.version !== primary.version) problems.push(`${region}: the trigger is on ${trigger.version}, the pool's on ${primary.version}`);
    const files = filesOf(trigger.folder);
    const same = files.length === reference.length && files.every(([name, bytes], i) => name === reference[i][0] && bytes.equals(reference[i][1]));
    if (!same) problems.push(`${region}: the staged trigger asset (${trigger.folder}) is not byte-identical to the pool's (${primary.folder})`);
  }
  const expected = await signIns(deployment, pool, stagedTrigger(primary.folder), PRIMARY);
  for (const [region, trigger] of triggers) {
    if (trigger === undefined) continue;
    for (const eventRegion of REGIONS) {
      const got = await signIns(deployment, pool, stagedTrigger(trigger.folder), eventRegion);
      got.forEach(({ label, tokens }, i) => tokens.forEach((token, j) => {
        const want = expected[i].tokens[j];
        if (JSON.stringify(token) !== JSON.stringify(want)) {
          problems.push(`the ${region} trigger, event in ${eventRegion}: a user in ${label} through ${token.clientId} (${token.path}) ` +
            `gets [${token.scopes.join(' ')}], the ${PRIMARY} trigger [${want.scopes.join(' ')}]`);
        }
      }));
    }
  }
  return problems;
}

// ----- who passes which route of each API, by aws-jwt-verify set up as its template says ----------

/** A row of the grid: who passes a route. In the shape of `gridOfMatrix`. */
interface GridRow {
  readonly api: string;
  readonly region: string;
  readonly route: string;
  readonly groups: string[];
  readonly signedInWithoutGroup: boolean;
  readonly machineClients: string[];
  readonly idToken: boolean;
  readonly noToken: boolean;
}

/** How an API's authorizer verifies a token, as its template says, and what about it is wrong. */
interface Trust {
  readonly verify: (jwt: string, scopes: string[]) => Promise<boolean>;
  /** The deployed IDs of the clients it accepts; null: any client of the pool (REST). */
  readonly clientIds: string[] | null;
  readonly problems: string[];
}

/**
 * The trust of the API of `stack`, read from its template and resolved. REST: the one user pool of
 * its Cognito authorizer's ProviderARNs, which must be the pool in the API's own Region (the
 * replica's ARN in a replica Region), access tokens of any client. HTTP: the JWT authorizer's
 * issuer, exactly (API Gateway compares `iss` with it), its pool the issuer's path, and its
 * audience's clients (`client_id`); no `token_use`.
 */
function trustOf(deployment: Deployment, stack: string): Trust {
  const template = deployment.template(stack);
  const region = deployment.regionOf(stack);
  const jwt = jwtConfigurationOf(template);
  if (jwt === undefined) {
    const providers = cognitoProvidersOf(template).map((arn) => deployment.resolve(arn, stack));
    expect(providers).toHaveLength(1);
    const match = /^arn:aws:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/(.+)$/.exec(providers[0]);
    const problems = match === null ? [`${stack}: ${providers[0]} is not a user pool ARN`]
      : match[1] !== region ? [`${stack}: its Cognito authorizer trusts the pool in ${match[1]}, not in its own Region ${region}`]
        : match[2] !== deployment.accountOf(stack) ? [`${stack}: its Cognito authorizer trusts a pool of account ${match[2]}`] : [];
    const userPoolId = problems.length === 0 ? match![3] : `${region}_NotThePool`;
    return {
      clientIds: null,
      problems,
      verify: (token, scopes) => verified(CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId: null, scope: scopes }, { jwksCache }), token),
    };
  }
  const issuer = deployment.resolve(jwt.issuer, stack);
  const clientIds = jwt.audience.map((client) => deployment.resolve(client, stack));
  const pool = /^https:\/\/(?:issuer-)?cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/([^/]+)$/.exec(issuer);
  const userPoolId = pool?.[1] ?? `${region}_NotThePool`;
  return {
    clientIds,
    problems: pool === null ? [`${stack}: its JWT issuer ${issuer} is not a user pool's`] : [],
    verify: (token, scopes) => verified(CognitoJwtVerifier.create({
      userPoolId,
      tokenUse: null,
      clientId: clientIds,
      scope: scopes,
      customJwtCheck: ({ payload }) => {
        if (payload.iss !== issuer) throw new JwtInvalidIssuerError('not the authorizer\'s issuer', payload.iss ?? null, issuer);
      },
    }, { jwksCache }), token),
  };
}

/**
 * Who passes each route of `api` in its Region: users of each grouping with the tokens the
 * Region's own trigger answers (through each client the API accepts), each machine client with
 * every scope its client allows, an ID token, no token; all with the pool's issuer (its template's
 * IssuerConfiguration) and the deployed client IDs.
 */
async function apiGrid(deployment: Deployment, pool: ScopedUserPool, api: Api, trigger: Handler): Promise<{ rows: GridRow[]; problems: string[] }> {
  const stack = stackOf(api);
  const region = deployment.regionOf(stack);
  const trust = trustOf(deployment, stack);
  const iss = deployment.issuer();
  const accepts = (logicalId: string) => trust.clientIds === null || trust.clientIds.includes(deployment.clientId(logicalId));
  const bearerOf = (token: PossibleToken, groups: string[]) =>
    userToken({ groups, clientId: deployment.clientId(token.clientId), scope: token.scopes.join(' ') }, { iss });
  const users = (await signIns(deployment, pool, trigger, region))
    .map(({ label, groups, tokens }) => ({ label, groups, jwts: tokens.filter((t) => accepts(t.clientId)).map((t) => bearerOf(t, groups)) }));
  const machineNames = new Map(Object.keys(pool.machineClientScopes).map((name) => {
    const client = pool.machineClient(name).node.defaultChild as cognito.CfnUserPoolClient;
    return [Stack.of(client).getLogicalId(client), name];
  }));
  const machines = clientsOf(deployment.poolTemplate.Resources).filter((c) => c.clientCredentials && accepts(c.id))
    .map((client) => ({ name: machineNames.get(client.id)!, jwt: machineToken({ clientId: deployment.clientId(client.id), scope: client.scopes.join(' ') }, { iss }) }));
  const userClient = deployment.poolClients().find((c) => !c.clientCredentials && accepts(c.id))!;
  const idToken = signJwt({
    'sub': 'a1b2c3d4',
    'cognito:groups': Object.keys(pool.groupScopes),
    'aud': deployment.clientId(userClient.id),
    iss,
    'token_use': 'id',
    'cognito:username': 'alice',
    'auth_time': nowSeconds(),
    'exp': nowSeconds() + 3600,
    'iat': nowSeconds(),
  });
  const rows: GridRow[] = [];
  for (const route of routesOf(deployment.template(stack))) {
    const open = route.authorizationType === 'NONE';
    const passes = async (jwts: string[]) => open || (await Promise.all(jwts.map((jwt) => trust.verify(jwt, route.scopes)))).some(Boolean);
    const passing = <T>(items: T[], jwtsOf: (item: T) => string[]) => Promise.all(items.map((item) => passes(jwtsOf(item))));
    const groupPasses = await passing(users.filter((u) => u.groups.length === 1), (u) => u.jwts);
    const machinePasses = await passing(machines, (m) => [m.jwt]);
    rows.push({
      api: api.node.path,
      region,
      route: route.route,
      groups: users.filter((u) => u.groups.length === 1).filter((_, i) => groupPasses[i]).map((u) => u.groups[0]),
      signedInWithoutGroup: await passes(users.find((u) => u.groups.length === 0)!.jwts),
      machineClients: machines.filter((_, i) => machinePasses[i]).map((m) => m.name).sort(),
      idToken: await passes([idToken]),
      noToken: open,
    });
  }
  return { rows, problems: trust.problems };
}

/** The pool's matrix rows in the grid's shape, sorted like it. */
function gridOfMatrix(rows: readonly RouteAccess[]): GridRow[] {
  return sortRows(rows.map((row) => ({
    api: row.api!,
    region: row.region!,
    route: row.route,
    groups: row.groups,
    signedInWithoutGroup: row.signedInWithoutGroup,
    machineClients: row.machineClients,
    idToken: row.isPublic,
    noToken: row.isPublic,
  })));
}

function sortRows(rows: GridRow[]): GridRow[] {
  const key = (row: GridRow) => `${row.region} ${row.api} ${row.route}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The verified grid of each Region's APIs, with the tokens of that Region's own trigger, and its
 * problems: a trust problem of an API, a Region whose grid is not the pool's matrix rows of that
 * Region, and Regions whose grids (by API kind) differ.
 */
async function gridProblems(app: TwoRegionApp, deployment = app.deployment): Promise<{ grid: GridRow[]; problems: string[] }> {
  const triggers = regionalTriggers(deployment);
  const problems: string[] = [];
  const grid: GridRow[] = [];
  for (const api of app.apis) {
    const region = deployment.regionOf(stackOf(api));
    const { rows, problems: trust } = await apiGrid(deployment, app.pool, api, issuingTrigger(triggers.get(region)));
    grid.push(...rows);
    problems.push(...trust);
  }
  const matrix = gridOfMatrix(app.pool.accessMatrix());
  for (const region of REGIONS) {
    const got = sortRows(grid.filter((row) => row.region === region));
    const want = matrix.filter((row) => row.region === region);
    expect(want.length).toBeGreaterThan(0);
    for (const row of want) {
      const found = got.find((r) => r.api === row.api && r.route === row.route);
      if (JSON.stringify(found) !== JSON.stringify(row)) {
        problems.push(`${region} ${row.api} ${row.route}: verified ${JSON.stringify(found && { ...found, api: undefined, region: undefined })}, ` +
          `the matrix says ${JSON.stringify({ ...row, api: undefined, region: undefined })}`);
      }
    }
    if (got.length !== want.length) problems.push(`${region}: ${got.length} routes verified, ${want.length} in the matrix`);
  }
  const byKind = (region: string, kind: string) => grid
    .filter((row) => row.region === region && app.apis.some((api) => api.node.path === row.api && kindOf(api) === kind))
    .map(({ api: _api, region: _region, ...rest }) => rest);
  for (const kind of ['REST', 'HTTP']) {
    if (JSON.stringify(byKind(PRIMARY, kind)) !== JSON.stringify(byKind(REPLICA, kind))) problems.push(`${kind}: the grid in ${REPLICA} is not the one in ${PRIMARY}`);
  }
  return { grid, problems };
}

/**
 * The deployment with the replica Region's trigger asset changed by `tamper`: a copy of its staged
 * folder in the assembly, with its map changed, named by the replica trigger's S3 key.
 */
function withReplicaTriggerMap(app: TwoRegionApp, tamper: (map: TriggerMap) => TriggerMap): Deployment {
  const { deployment } = app;
  const trigger = regionalTriggers(deployment).get(REPLICA)!;
  const copy = `tampered${process.pid}${Date.now()}`;
  const folder = join(deployment.assemblyDir, `asset.${copy}`);
  cpSync(trigger.folder, folder, { recursive: true });
  const mapFile = join(folder, 'scope-map.json');
  writeFileSync(mapFile, JSON.stringify(tamper(JSON.parse(readFileSync(mapFile, 'utf8')))));
  const stacks = [...deployment.templates].map(([stackName, template]) => {
    const changed: Template = JSON.parse(JSON.stringify(template));
    if (stackName === trigger.stack) changed.Resources[trigger.functionId].Properties.Code.S3Key = `${copy}.zip`;
    return { stackName, template: changed, environment: { region: deployment.regionOf(stackName), account: deployment.accountOf(stackName) } };
  });
  return new Deployment({ directory: deployment.assemblyDir, stacks } as unknown as Assembly);
}

const dropGroup = (group: string) => (map: TriggerMap): TriggerMap => ({ ...map, groups: map.groups.filter(([name]) => name !== group) });

// ----- the tests ------------------------------------------------------------------------------------

describe('two Regions, the default enforcement: the trigger of each Region, and tokens through a real verifier', () => {
  let app: TwoRegionApp;
  beforeAll(() => {
    app = twoRegionApp(Enforcement.ACCESS_TOKEN_SCOPES);
  });

  test('a sign-in in each Region: the two staged triggers are byte-identical and answer alike, whichever Region the event names', async () => {
    const { deployment, pool, replica } = app;
    const triggers = regionalTriggers(deployment);
    expect([...triggers.keys()].sort()).toEqual(REGIONS);
    // The templates attach, in each Region, the function the constructs made; its asset is the folder run below.
    const primary = triggers.get(PRIMARY)!;
    const secondary = triggers.get(REPLICA)!;
    expect([primary.stack, primary.functionId]).toEqual(['Primary', Stack.of(pool).getLogicalId(pool.triggerFunction!.node.defaultChild as any)]);
    expect([secondary.stack, secondary.functionId]).toEqual(['Replica', Stack.of(replica!).getLogicalId(replica!.triggerFunction!.node.defaultChild as any)]);
    expect(filesOf(secondary.folder)).toEqual(filesOf(primary.folder));
    // The same staged asset, as the construct means it: one S3 key (the content's hash) in both templates.
    const keyOf = (trigger: typeof primary) => deployment.template(trigger.stack).Resources[trigger.functionId].Properties.Code.S3Key;
    expect(keyOf(secondary)).toBe(keyOf(primary));
    expect(await triggerProblems(deployment, pool)).toEqual([]);

    // What they answer: each group's scopes, for each client, at sign-in and refresh, and nothing managed for a user in no group.
    const runs = await signIns(deployment, pool, stagedTrigger(secondary.folder), REPLICA);
    const scopesOf = (label: string) => [...new Set(runs.find((run) => run.label === label)!.tokens.map((t) => t.scopes.join(' ')))];
    expect(runs[0].tokens.map((t) => t.path)).toEqual(['TokenGeneration_HostedAuth', 'TokenGeneration_RefreshTokens']);
    expect(scopesOf('Admin')).toEqual([expect.stringMatching(/^(?=.*orders\/read)(?=.*orders\/write)/)]);
    expect(scopesOf('Auditor')[0].split(' ').filter((s) => s.includes('/'))).toEqual(['audit/read']);
    expect(scopesOf('no group')[0].split(' ').filter((s) => s.includes('/'))).toEqual([]);
    expect(runs[0].tokens[0].response?.claimsAndScopeOverrideDetails).toBeTruthy();
  });

  test('tokens with the pool\'s updated issuer, through aws-jwt-verify as each API\'s template says: each Region\'s grid is its matrix rows, the same in both', async () => {
    const { deployment, pool, apis } = app;
    // The templates say: the replica Region's REST API trusts the replica (the pool's ID, in us-west-2); its HTTP API the pool's updated issuer.
    const replicaRest = apis.find((api) => stackOf(api) === 'ReplicaRest')!;
    const replicaHttp = apis.find((api) => stackOf(api) === 'ReplicaHttp')!;
    expect(cognitoProvidersOf(deployment.template('ReplicaRest')).map((arn) => deployment.resolve(arn, 'ReplicaRest')))
      .toEqual([`arn:aws:cognito-idp:${REPLICA}:${ACCOUNT}:userpool/${DEPLOYED_POOL_ID}`]);
    expect(cognitoProvidersOf(deployment.template('PrimaryRest')).map((arn) => deployment.resolve(arn, 'PrimaryRest')))
      .toEqual([`arn:aws:cognito-idp:${PRIMARY}:${ACCOUNT}:userpool/${DEPLOYED_POOL_ID}`]);
    const jwt = jwtConfigurationOf(deployment.template('ReplicaHttp'))!;
    expect(deployment.resolve(jwt.issuer, 'ReplicaHttp')).toBe(UPDATED_ISSUER);
    expect(deployment.issuer()).toBe(UPDATED_ISSUER);
    const clientIds = [replicaHttp.userPoolClient, pool.machineClient('billing')]
      .map((client) => deployment.clientId(Stack.of(client).getLogicalId(client.node.defaultChild as any)));
    expect(jwt.audience.map((client) => deployment.resolve(client, 'ReplicaHttp')).sort()).toEqual(clientIds.sort());
    expect(replicaRest.scopedUserPool).toBe(pool);

    const { grid, problems } = await gridProblems(app);
    expect(problems).toEqual([]);
    // Not vacuous: each kind of principal passes a route and is refused another, in each Region.
    for (const region of REGIONS) {
      const rows = grid.filter((row) => row.region === region && row.api.endsWith('Rest/Api'));
      expect(rows.find((row) => row.route === 'DELETE /orders/{id}')).toMatchObject({ groups: ['Admin'], machineClients: [], idToken: false });
      expect(rows.find((row) => row.route === 'GET /orders')).toMatchObject({ groups: ['Admin', 'Reader'], machineClients: ['billing'] });
      expect(rows.find((row) => row.route === 'GET /audit')).toMatchObject({ groups: ['Admin', 'Auditor'], signedInWithoutGroup: false });
      expect(rows.find((row) => row.route === 'GET /health')).toMatchObject({ noToken: true });
    }
    expect(grid).toHaveLength(16);
  });

  test('not vacuous: the replica\'s trigger map without a group fails the same checks, in the replica Region only', async () => {
    const tampered = withReplicaTriggerMap(app, dropGroup(DROPPED));
    const triggers = await triggerProblems(tampered, app.pool);
    expect(triggers).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${REPLICA}: the staged trigger asset .* is not byte-identical to the pool's`)),
      expect.stringMatching(new RegExp(`^the ${REPLICA} trigger, event in ${PRIMARY}: a user in ${DROPPED} through \\S+ \\(TokenGeneration_HostedAuth\\)`)),
      expect.stringMatching(new RegExp(`^the ${REPLICA} trigger, event in ${REPLICA}: a user in ${DROPPED} through`)),
    ]));
    const { problems } = await gridProblems(app, tampered);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^${REPLICA} ReplicaRest/Api GET /audit: verified .*"groups":\\["Admin"\\]`)),
      expect.stringMatching(new RegExp(`^${REPLICA} ReplicaHttp/Api GET /audit: verified`)),
      `REST: the grid in ${REPLICA} is not the one in ${PRIMARY}`,
      `HTTP: the grid in ${REPLICA} is not the one in ${PRIMARY}`,
    ]));
    expect(problems.filter((problem) => problem.startsWith(PRIMARY))).toEqual([]);
  });
});

describe('two Regions, Enforcement.LAMBDA_AUTHORIZER: the staged authorizers with their deployed environment', () => {
  let app: TwoRegionApp;
  beforeAll(() => {
    app = twoRegionApp(Enforcement.LAMBDA_AUTHORIZER);
  });

  test('in each Region, every caller gets what the matrix says; the replica Region\'s authorizers are told the pool\'s updated issuer', async () => {
    const { deployment, pool, apis } = app;
    expect(regionalTriggers(deployment)).toEqual(new Map([[PRIMARY, undefined], [REPLICA, undefined]]));
    const matrix = pool.accessMatrix();
    for (const api of apis) {
      const deployed = deployedApi(deployment, api);
      const region = deployment.regionOf(stackOf(api));
      expect(deployed.env).toMatchObject({ USER_POOL_ID: DEPLOYED_POOL_ID, ISSUER: UPDATED_ISSUER, AWS_REGION: region });
      if (kindOf(api) === 'HTTP') {
        const clientIds = [api.userPoolClient, pool.machineClient('billing')]
          .map((client) => deployment.clientId(Stack.of(client).getLogicalId(client.node.defaultChild as any)));
        expect(JSON.parse(deployed.env.CLIENT_IDS).sort()).toEqual(clientIds.sort());
      }
      // The API's own matrix is the pool's rows of this API in its Region.
      expect(matrix.filter((row) => row.api === api.node.path)).toEqual(api.accessMatrix().map((row) => ({ ...row, region })));
      const { mismatches, outcomes } = await gridMismatches(deployed, jwks);
      expect(mismatches).toEqual([]);
      expect(outcomes.allowed).toBeGreaterThan(0);
      expect(outcomes.forbidden).toBeGreaterThan(0);
      // Among the callers refused: the same pool's token with its original issuer.
      expect(deployed.callers.map((caller) => caller.label)).toContain('a token of the pool with its other issuer');
    }
  });

  test('a token of the same pool with its original issuer is refused where the updated issuer passes', async () => {
    const { deployment, apis } = app;
    for (const stack of ['ReplicaRest', 'ReplicaHttp']) {
      const deployed = deployedApi(deployment, apis.find((api) => stackOf(api) === stack)!);
      const { handler } = loadStagedAuthorizer(deployed.folder, deployed.env, jwks);
      const clientId = deployment.clientId(Stack.of(deployed.api).getLogicalId(deployed.api.userPoolClient.node.defaultChild as any));
      const tokenWith = (iss: string) => `Bearer ${userToken({ groups: ['Admin'], clientId }, { iss })}`;
      const call = async (iss: string) => (await gatewayOutcome(handler, deployed.kind === 'REST'
        ? restEvent({ httpMethod: 'DELETE', resourcePath: '/orders/{id}', authorization: tokenWith(iss) })
        : httpEvent({ routeKey: 'DELETE /orders/{id}', authorization: tokenWith(iss) }))).outcome;
      expect(await call(UPDATED_ISSUER)).toBe('allowed');
      expect(await call(ORIGINAL_ISSUER)).toBe(deployed.kind === 'REST' ? 'unauthorized' : 'forbidden');
    }
  });

  test('not vacuous: the replica Region\'s authorizer map without a group, or told the original issuer, disagrees with the matrix', async () => {
    const { deployment, apis } = app;
    const replicaRest = deployedApi(deployment, apis.find((api) => stackOf(api) === 'ReplicaRest')!);
    const drop = (map: any) => ({ ...map, groups: map.groups.filter(([name]: [string]) => name !== DROPPED) });
    expect((await gridMismatches(replicaRest, jwks, { map: drop })).mismatches).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^ReplicaRest/Api GET /audit, a user in ${DROPPED} through \\S+: forbidden, the matrix says allowed$`)),
    ]));
    const original = { ...replicaRest, env: { ...replicaRest.env, [ISSUER_ENV]: ORIGINAL_ISSUER } };
    expect((await gridMismatches(original, jwks)).mismatches).toEqual(expect.arrayContaining([
      expect.stringMatching(/^ReplicaRest\/Api DELETE \/orders\/\{id\}, a user in Admin through \S+: unauthorized, the matrix says allowed$/),
    ]));
  });
});

describe('a raw AWS::Cognito::UserPoolReplica without ScopedUserPoolReplica', () => {
  test.each([
    ['the default enforcement', Enforcement.ACCESS_TOKEN_SCOPES],
    ['Enforcement.LAMBDA_AUTHORIZER', Enforcement.LAMBDA_AUTHORIZER],
  ])('with %s, synth throws, naming the Region and ScopedUserPoolReplica', (_name, enforcement) => {
    const app = new App({ context: STRICT_CONTEXT });
    const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: PRIMARY } });
    const pool = new ScopedUserPool(primary, 'Pool', {
      ...MAPS,
      issuer: IssuerType.UPDATED,
      encryptionKey: kms.Key.fromKeyArn(primary, 'Key', MRK),
      ...(enforcement === Enforcement.LAMBDA_AUTHORIZER ? { enforcement, featurePlan: cognito.FeaturePlan.ESSENTIALS } : {}),
    });
    rawReplica(primary, pool);
    const secondary = new Stack(app, 'ReplicaRest', { env: { account: ACCOUNT, region: REPLICA }, crossRegionReferences: true });
    new ScopedCognitoApi(secondary, 'Api', { scopedUserPool: pool, ...ROUTES });
    expect(() => app.synth()).toThrow(new RegExp(`Primary/Raw: a replica of \\S+ in ${REPLICA} runs none of the enforcement there.*` +
      `use a ScopedUserPoolReplica in a stack in ${REPLICA} instead`, 's'));
  });

  test('synthesized anyway (validation skipped), it fails the checks: no trigger in its Region, and the APIs there trust the primary', async () => {
    const app = twoRegionApp(Enforcement.ACCESS_TOKEN_SCOPES, { rawReplica: true });
    expect(regionalTriggers(app.deployment).get(REPLICA)).toBeUndefined();
    expect(await triggerProblems(app.deployment, app.pool)).toEqual([
      `${REPLICA}: the pool serves sign-ins there (a replica) with no Pre Token Generation trigger`,
    ]);
    const { problems } = await gridProblems(app);
    expect(problems).toEqual(expect.arrayContaining([
      `ReplicaRest: its Cognito authorizer trusts the pool in ${PRIMARY}, not in its own Region ${REPLICA}`,
      expect.stringMatching(new RegExp(`^${REPLICA} ReplicaHttp/Api GET /orders: verified .*"groups":\\[\\]`)),
      `HTTP: the grid in ${REPLICA} is not the one in ${PRIMARY}`,
    ]));
    expect(problems.filter((problem) => problem.startsWith(PRIMARY))).toEqual([]);
  });
});
