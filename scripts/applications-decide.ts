/**
 * npm run applications:decide -- <reference> approve|reject|request-info [--reason CODE] [--note "…"]
 * Decides an application until staff have their pages. Every decision is written to the
 * application's dated timeline with the actor "operator-cli".
 *   reject needs --reason: DOCUMENTS_UNREADABLE | DOCUMENTS_MISMATCH | NOT_LEGAL_IMPORT | OTHER (OTHER needs --note)
 *   request-info needs --note: what the owner must add
 */
import { parseArgs } from 'node:util';
import {
  decideApplication,
  REJECTION_REASONS,
  type Decision,
  type RejectionReason,
} from '../lib/data/applications';
import { db } from '../lib/data/prisma';
import { systemActor } from '../lib/domain/actor';
import { runCli } from './run-cli';

const MESSAGES: Record<string, string> = {
  NOT_FOUND: 'no application with this reference',
  ALREADY_DECIDED: 'the application has already been approved or rejected',
  CONFLICT: 'the application changed meanwhile; run the command again',
  REASON_REQUIRED: `--reason must be one of ${REJECTION_REASONS.join(', ')}`,
  NOTE_REQUIRED:
    '--note is required here (for request-info: what the owner must add; for reject OTHER: why)',
};

function usage(message?: string): never {
  if (message) console.error(`error: ${message}\n`);
  console.error(
    'usage: npm run applications:decide -- <reference> approve|reject|request-info [--reason CODE] [--note "text"]',
  );
  process.exit(2);
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { reason: { type: 'string' }, note: { type: 'string' } },
  });
  const [reference, action] = positionals;
  if (!reference || !action) usage();
  let decision: Decision;
  if (action === 'approve') decision = { kind: 'approve', note: values.note };
  else if (action === 'reject') {
    const reason = (values.reason ?? '').toUpperCase();
    if (!(REJECTION_REASONS as readonly string[]).includes(reason)) usage(MESSAGES.REASON_REQUIRED);
    decision = { kind: 'reject', reason: reason as RejectionReason, note: values.note };
  } else if (action === 'request-info')
    decision = { kind: 'request-info', note: values.note ?? '' };
  else usage(`unknown decision "${action}"`);

  const r = await decideApplication(await db(), reference, decision, {
    actor: systemActor('operator-cli'),
  });
  if (!r.ok) {
    console.error(`not decided: ${MESSAGES[r.code] ?? r.code}`);
    return 1;
  }
  console.log(`${reference.toUpperCase()}: ${r.status} (IMEI ${r.imeis.join(', ')})`);
  return 0;
}

runCli(main, 'failed');
