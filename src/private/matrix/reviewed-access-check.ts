import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { Annotations, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  ACCEPT_ACCESS_CONTEXT, ACCEPT_COMMAND, accessChanges, parseReviewedAccess, renderReviewedAccess, ReviewedAccess, reviewedAccessOf,
} from './reviewed-access';
import type { RouteAccess } from '../../route-access';
import { failOnProblems } from '../rules/problems';

/**
 * Compares the access matrix with the reviewed-access file `file` (relative to the app's working
 * directory) when the app synthesizes, before any template is written: a missing file or any
 * difference fails the synth with every change in words. With the context key `acceptAccess` the
 * file is written instead, and the changes are warned about.
 */
export function checkReviewedAccessAtSynth(owner: Construct, file: string, rows: () => RouteAccess[]): void {
  if (Token.isUnresolved(file) || file.trim() === '') {
    failOnProblems(owner, ['reviewedAccess: name the file as a path known at synth, relative to the app\'s working directory']);
  }
  owner.node.addValidation({ validate: () => reviewedAccessProblems(owner, file, reviewedAccessOf(rows())) });
}

function reviewedAccessProblems(owner: Construct, file: string, computed: ReviewedAccess): string[] {
  const path = resolve(file);
  const accept = [true, 'true'].includes(owner.node.tryGetContext(ACCEPT_ACCESS_CONTEXT));
  const exists = existsSync(path);
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
  const rendered = renderReviewedAccess(computed);
  if (rendered !== text) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rendered);
    Annotations.of(owner).addWarningV2(
      'cdk-scoped-cognito-api:accessAccepted',
      `reviewedAccess: ${file} ${exists ? 'rewritten' : 'created'} (${ACCEPT_ACCESS_CONTEXT})` + (changes.size > 0 ? `; the changes accepted:\n${describe(changes)}` : ''),
    );
  }
  return [];
}

/** The changes, grouped by API, indented under its path. */
function describe(changes: Map<string, string[]>): string {
  return [...changes].map(([api, lines]) => [`  ${api}`, ...lines.map((line) => `    ${line}`)].join('\n')).join('\n');
}
