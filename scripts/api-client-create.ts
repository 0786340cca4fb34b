/**
 * npm run api-client:create -- --name <name> --scope <scope> [--scope …] [--operator <name>]
 *                              [--supplier manufacturer|importer|service_centre --organisation <name>]
 * Creates a machine client of the operator and supplier interfaces (audited, actor "cli") and
 * prints a short summary, then its bearer token alone on the last line. The token is shown this
 * once: only its SHA-256 is stored.
 */
import { parseArgs } from 'node:util';
import { createApiClient } from '../lib/data/api-clients';
import { db } from '../lib/data/prisma';
import { systemActor } from '../lib/domain/actor';
import { runCli } from './run-cli';
import { apiClientSchema } from '../lib/schemas/api-client-form';
import { API_SCOPES } from '../lib/domain/api-clients';
import { LEGALITY_SOURCES } from '../lib/domain/verdict';

const USAGE = `usage: npm run api-client:create -- --name <name> --scope <${API_SCOPES.join('|')}> [--scope …] [--operator <name>] [--supplier ${LEGALITY_SOURCES.join('|')} --organisation <name>]`;

/** The schema's codes, said in the CLI's terms. */
const MESSAGES: Record<string, string> = {
  CLIENT_NAME_REQUIRED: '--name is required',
  TEXT_TOO_LONG: 'is too long',
  SCOPE_REQUIRED: `at least one --scope is required (${API_SCOPES.join(', ')})`,
  SCOPE_INVALID: `--scope must be one of ${API_SCOPES.join(', ')}`,
  SUPPLIER_INVALID: `--supplier must be one of ${LEGALITY_SOURCES.join(', ')}`,
  SUPPLIER_REQUIRED: `a client with the legality scope must be a supplier: --supplier ${LEGALITY_SOURCES.join('|')} --organisation <name>`,
  SUPPLIER_KIND_REQUIRED: `--organisation needs --supplier ${LEGALITY_SOURCES.join('|')}`,
  ORGANISATION_REQUIRED: '--supplier needs --organisation <name>',
  OPERATOR_REQUIRED:
    'a client with the eir or registrations scope must name its operator: --operator <name>',
  NAME_TAKEN: 'an API client with this name exists already',
};
const OPTION_OF: Record<string, string> = {
  name: '--name',
  operator: '--operator',
  organisation: '--organisation',
};

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        name: { type: 'string' },
        scope: { type: 'string', multiple: true },
        operator: { type: 'string' },
        supplier: { type: 'string' },
        organisation: { type: 'string' },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const parsed = apiClientSchema.safeParse({
    name: values.name ?? '',
    scopes: values.scope ?? [],
    operator: values.operator,
    supplierSource: values.supplier,
    organisation: values.organisation,
  });
  if (!parsed.success) {
    const problems = new Set(
      parsed.error.issues.map((i) =>
        i.message === 'TEXT_TOO_LONG'
          ? `${OPTION_OF[String(i.path[0])] ?? String(i.path[0])} ${MESSAGES.TEXT_TOO_LONG}`
          : (MESSAGES[i.message] ?? i.message),
      ),
    );
    for (const p of problems) console.error(`not created: ${p}`);
    console.error(USAGE);
    return 2;
  }
  const r = await createApiClient(await db(), parsed.data, systemActor('cli'));
  if (!r.ok) {
    console.error(`not created: ${MESSAGES[r.code]}`);
    return 1;
  }
  const c = r.client;
  const who = [
    c.operator ? `operator ${c.operator}` : null,
    c.supplier ? `${c.supplier.source.replace('_', ' ')} ${c.supplier.organisation}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  console.log(
    `created API client "${c.name}" (id ${c.id}): scopes ${c.scopes.join(', ')}${who ? `; ${who}` : ''}`,
  );
  console.log(
    'Its bearer token is on the next line. It is shown only this once and cannot be recovered (only its SHA-256 is stored): put it in a secret store now.',
  );
  console.log(r.token);
  return 0;
}

runCli(main, 'failed');
