import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { Annotations, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import {
  ACCEPT_ACCESS_CONTEXT, ACCEPT_COMMAND, accessChanges, parseReviewedAccess, renderReviewedAccess, ReviewedAccess, reviewedAccessOf,
} from './reviewed-access';
import type { RouteAccess } from '../../route-access';
import { failOnProblems } from '../rules/problems';

/** The owners naming each reviewed-access file, by resolved path, per app: two owners of one file would overwrite each other. */
const ownersByApp = new WeakMap<IConstruct, Map<string, string[]>>();

/**
 * Compares the access matrix with the reviewed-access file `file` (relative to the app's working
 * directory) when the app synthesizes, before any template is written: a missing file or any
 * difference fails the synth with every change in words. With the context key `acceptAccess` the
 * file is written instead, and the changes are warned about; never where `CI` is set, so a key left
 * in a context file cannot accept in a pipeline.
 */
export function checkReviewedAccessAtSynth(owner: Construct, file: string, rows: () => RouteAccess[]): void {
  if (Token.isUnresolved(file) || file.trim() === '') {
    failOnProblems(owner, ['reviewedAccess: name the file as a path known at synth, relative to the app\'s working directory']);
  }
  const path = resolve(file);
  const owners = ownersByApp.get(owner.node.root) ?? new Map<string, string[]>();
  ownersByApp.set(owner.node.root, owners);
  owners.set(path, [...(owners.get(path) ?? []), owner.node.path]);
  owner.node.addValidation({
    validate: () => {
      const sharing = owners.get(path) ?? [];
      if (sharing.length > 1) {
        return [`reviewedAccess: ${file} is named by ${sharing.join(' and ')}; each would overwrite the other's access: give each its own file`];
      }
      return reviewedAccessProblems(owner, file, path, reviewedAccessOf(rows()));
    },
  });
}

function reviewedAccessProblems(owner: Construct, file: string, path: string, computed: ReviewedAccess): string[] {
  const accept = [true, 'true'].includes(owner.node.tryGetContext(ACCEPT_ACCESS_CONTEXT));
  // Names the file could not write back would never compare equal: refuse them rather than fail on every synth.
  const unwritable = accessChanges(parseReviewedAccess(renderReviewedAccess(computed)).access, computed);
  if (unwritable.size > 0) {
    return ['reviewedAccess: the access matrix holds names the file cannot write as they are (whitespace other than single spaces, ' +
      `or a comma in a scope): rename them:\n${describe(unwritable)}`];
  }
  const exists = existsSync(path);
  if (exists && !statSync(path).isFile()) return [`reviewedAccess: ${file} (${path}) is not a file`];
  if (!exists && !accept) {
    return [`reviewedAccess: ${file} does not exist (${path}); create it from the current access matrix with ${ACCEPT_COMMAND}, review it and commit it`];
  }
  const text = exists ? readFileSync(path, 'utf8') : '';
  const { access: reviewed, problems } = parseReviewedAccess(text);
  const changes = accessChanges(reviewed, computed);
  if (!accept) {
    if (problems.length > 0) return problems.map((problem) => `reviewedAccess: ${file}: ${problem}`);
    if (changes.size === 0) return [];
    return [`reviewedAccess: who can call what differs from ${file}; if each change is intended, accept them with ${ACCEPT_COMMAND} ` +
      `and commit the file:\n${describe(changes)}`];
  }
  if (inCi()) {
    return [`reviewedAccess: ${ACCEPT_ACCESS_CONTEXT} is refused where CI is set: accept on a developer's machine and commit ${file}, ` +
      'so the change of access is reviewed (is the key in cdk.json or cdk.context.json?)'];
  }
  // A file that says the same in another layout is kept as it is.
  if (exists && problems.length === 0 && changes.size === 0) return [];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReviewedAccess(computed));
  Annotations.of(owner).addWarningV2(
    'cdk-scoped-cognito-api:accessAccepted',
    `reviewedAccess: ${file} ${exists ? 'rewritten' : 'created'} (${ACCEPT_ACCESS_CONTEXT})` + (changes.size > 0 ? `; the changes accepted:\n${describe(changes)}` : ''),
  );
  return [];
}

/** Whether the synth runs in a CI system (`CI` set, as GitHub Actions and GitLab CI, among others, set it). */
function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** The changes, grouped by API, indented under its path. */
function describe(changes: Map<string, string[]>): string {
  return [...changes].map(([api, lines]) => [`  ${api}`, ...lines.map((line) => `    ${line}`)].join('\n')).join('\n');
}
