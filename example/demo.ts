/**
 * The main job: synthesize the example app offline (no AWS account needed) and print what it
 * built, read back from the templates and the cloud assembly.
 *
 * Run: `npm run demo` (writes into cdk.out/demo) or `npm run demo -- DIR`. The folder is emptied
 * first, so a run shows only what it built; a folder that holds anything but a cloud assembly is
 * refused rather than emptied.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'fs';
import { join, relative, resolve } from 'path';
import { Stack } from 'aws-cdk-lib';
import { buildExampleApp } from './app';
import { reviewedAccessFile } from './reviewed-access';
import { ScopedCognitoApi, ScopedCognitoHttpApi } from '../src';
import { machineClientScopesOf, resourceCounts, routesOf, shippedAuthorizerMap, shippedScopeMap, triggerVersionOf } from '../test/template-oracle';

const outdir = resolve(process.argv[2] ?? join('cdk.out', 'demo'));
if (existsSync(outdir) && readdirSync(outdir).length > 0) {
  if (!existsSync(join(outdir, 'manifest.json'))) {
    console.error(`${outdir} is not empty and holds no cloud assembly (manifest.json): give the demo an empty or new folder`);
    process.exit(1);
  }
  rmSync(outdir, { recursive: true });
}
mkdirSync(outdir, { recursive: true });
const { app, stack, httpStack, sharedStack, liteStack } = buildExampleApp(outdir);
const assembly = app.synth();

const lines: string[] = [`Synthesized the example app into ${outdir} (the templates, the functions' assets and the access matrices)`];

function describe(title: string, target: Stack, api: ScopedCognitoApi | ScopedCognitoHttpApi, reviewed: string): void {
  const template = assembly.getStackByName(target.stackName).template;
  const heading = `${title}: stack ${target.stackName}`;
  lines.push('', heading, '='.repeat(heading.length));
  const section = (name: string) => lines.push('', name, '-'.repeat(name.length));

  section('Resources');
  for (const [type, count] of resourceCounts(template)) lines.push(`  ${String(count).padStart(3)}  ${type}`);

  section('Cognito');
  const pool = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool');
  if (!pool) {
    lines.push(`  The user pool of stack ${Stack.of(api.scopedUserPool).stackName}, shared (scopedUserPool)`);
    printRoutesAndMatrix(template, api, reviewed);
    return;
  }
  const plan: string = pool.Properties.UserPoolTier;
  lines.push(`  Pre Token Generation trigger event version: ${triggerVersionOf(template) ?? 'none'}`);
  lines.push(`  Feature plan: ${plan}, deletion protection: ${pool.Properties.DeletionProtection}`);
  // Enforcement.LAMBDA_AUTHORIZER: the maps ship with the API's authorizer, not with a trigger.
  const authorizerMap = shippedAuthorizerMap(template, outdir);
  const shipped = authorizerMap ?? shippedScopeMap(template, outdir);
  const shippedWith = authorizerMap ? 'the authorizer' : 'the trigger';
  if (authorizerMap) {
    const planName = plan.charAt(0) + plan.slice(1).toLowerCase();
    lines.push(`  Enforced by a generated Lambda authorizer on the ${planName} plan (Enforcement.LAMBDA_AUTHORIZER), with no trigger:`);
    lines.push('  it verifies each access token and grants a user its groups\' scopes, a machine client its token\'s');
  } else {
    lines.push('  Enforced by the scopes the trigger writes into access tokens, which API Gateway\'s authorizer checks (Enforcement.ACCESS_TOKEN_SCOPES)');
  }

  section(`Group -> scopes (shipped with ${shippedWith})`);
  for (const [group, scopes] of shipped?.groups ?? []) lines.push(`  ${group.padEnd(12)} ${scopes.join(', ')}`);
  lines.push(`  (every user)  ${shipped?.baseScopes.join(', ') || '-'}`);

  // Claims are the trigger's to add: with the authorizer, machine clients have none.
  section(`Machine client -> scopes (client-credentials app clients)${authorizerMap ? '' : ', and claims (shipped with the trigger)'}`);
  const claims = new Map(authorizerMap ? [] : shippedScopeMap(template, outdir)?.machineClients?.claims ?? []);
  for (const [client, scopes] of Object.entries(machineClientScopesOf(template))) {
    const added = Object.entries(claims.get(client) ?? {}).map(([name, value]) => `${name}=${value}`);
    lines.push(`  ${client.padEnd(12)} ${scopes.join(', ')}${added.length > 0 ? `; claims: ${added.join(', ')}` : ''}`);
  }

  printRoutesAndMatrix(template, api, reviewed);
}

function printRoutesAndMatrix(template: any, api: ScopedCognitoApi | ScopedCognitoHttpApi, reviewed: string): void {
  const section = (name: string) => lines.push('', name, '-'.repeat(name.length));
  // A generated Lambda authorizer's routes are CUSTOM in the template; their scopes are in its map.
  const authorizerMap = shippedAuthorizerMap(template, outdir);
  const authorizerRoutes = new Map(authorizerMap?.routes ?? []);
  section(`Route -> scopes (from the template${authorizerMap ? ', and the authorizer\'s map for CUSTOM routes' : ''}, any of)`);
  for (const route of routesOf(template)) {
    const fromMap = route.authorizationType === 'CUSTOM' ? authorizerRoutes.get(route.route) : undefined;
    const scopes = fromMap ? `${fromMap.join(', ')} (the authorizer's map)` : route.scopes.join(', ') || '(no token needed)';
    lines.push(`  ${route.route.padEnd(22)} ${route.authorizationType.padEnd(18)} ${scopes}`);
  }

  section('Who can call what (accessMatrixMarkdown())');
  lines.push(...api.accessMatrixMarkdown().trimEnd().split('\n').map((l) => `  ${l}`));
  for (const file of api.accessMatrixFiles) {
    lines.push(`  ${existsSync(join(outdir, file)) ? 'written' : 'MISSING'}: ${join(outdir, file)}`);
  }
  // Synth fails on any difference (reviewedAccess), so having synthesized means they agree.
  lines.push(`  reviewed: the same as the committed ${relative(process.cwd(), reviewed)}`);
}

describe('REST API', stack, stack.api, reviewedAccessFile('rest-api'));
describe('HTTP API', httpStack, httpStack.api, reviewedAccessFile('http-api'));
describe('HTTP API on the REST stack\'s pool', sharedStack, sharedStack.api, reviewedAccessFile('shared-pool-api'));
describe('REST API on the Lite plan (the REST API\'s maps, a generated Lambda authorizer)', liteStack, liteStack.api, reviewedAccessFile('lite-api'));
lines.push('', `All of it is in ${outdir}; the next run replaces it.`);
console.log(lines.join('\n'));
