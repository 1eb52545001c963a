/**
 * The main job: synthesize the example app offline (no AWS account needed) and print what it
 * built, read back from the template and the cloud assembly.  Run: npm run demo
 */
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildExampleApp } from './app';
import { resourceCounts, routesOf, shippedScopeMap, triggerVersionOf } from './inspect-template';

const outdir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'scoped-cognito-api-example-'));
const { app, stack } = buildExampleApp(outdir);
const assembly = app.synth();
const template = assembly.getStackByName(stack.stackName).template;

const lines: string[] = [];
const section = (title: string) => lines.push('', title, '-'.repeat(title.length));

lines.push(`Synthesized stack ${stack.stackName} into ${outdir}`);
section('Resources');
for (const [type, count] of resourceCounts(template)) lines.push(`  ${String(count).padStart(3)}  ${type}`);

section('Cognito');
lines.push(`  Pre Token Generation trigger event version: ${triggerVersionOf(template) ?? 'none'}`);
const pool = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::Cognito::UserPool');
lines.push(`  Feature plan: ${pool?.Properties?.UserPoolTier}, deletion protection: ${pool?.Properties?.DeletionProtection}`);

section('Group -> scopes (shipped with the trigger)');
const shipped = shippedScopeMap(template, outdir);
for (const [group, scopes] of shipped?.groups ?? []) lines.push(`  ${group.padEnd(12)} ${scopes.join(', ')}`);
lines.push(`  (every user)  ${shipped?.baseScopes.join(', ') || '-'}`);

section('Route -> scopes (API Gateway methods, any of)');
for (const route of routesOf(template)) {
  lines.push(`  ${route.route.padEnd(18)} ${route.authorizationType.padEnd(18)} ${route.scopes.join(', ') || '(no token needed)'}`);
}

section('Who can call what (ScopedCognitoApi.accessMatrix())');
lines.push(...stack.api.accessMatrixMarkdown().trimEnd().split('\n').map((l) => `  ${l}`));

console.log(lines.join('\n'));
