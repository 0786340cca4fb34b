/**
 * npm run staff:create -- --email <e> --role admin|support [--password-stdin] [--totp-secret-stdin]
 * Creates a staff account. The password is never a command-line argument: it is asked for (when
 * run in a terminal), read from standard input (--password-stdin), or generated and printed once.
 *
 * Every account signs in with a second factor (TOTP), normally enrolled with a QR code at its
 * first sign-in. For tests and automation whose authenticator is a program, --totp-secret-stdin
 * enrols a given Base32 secret (at least 16 bytes) read from standard input, never from the
 * command line: the line after the password when --password-stdin is given too, or asked for in a
 * terminal. Such an account gets no recovery codes.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { createStaff } from '../lib/data/staff';
import { db } from '../lib/data/prisma';
import { runCli } from './run-cli';
import { generatePassword } from '../lib/auth/password';
import { MIN_PASSWORD_LENGTH } from '../lib/domain/staff-rules';
import { normaliseSecret } from '../lib/domain/two-factor';
import { enrolGivenSecret } from '../lib/data/staff-two-factor';
import { systemActor } from '../lib/domain/actor';

const MESSAGES: Record<string, string> = {
  EMAIL_TAKEN: 'a staff account with this email exists already',
  EMAIL_INVALID: 'the email is not valid',
  PASSWORD_TOO_SHORT: `the password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  PASSWORD_TOO_LONG: 'the password is too long',
  ROLE_INVALID: '--role must be admin or support',
};

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
  });
  const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  out._writeToOutput = (s: string) => {
    if (s.includes(question)) out.output.write(s);
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

/** Standard input, read once: the password is its first line, the TOTP secret the next one. */
let stdinLines: Promise<string[]> | undefined;
async function stdinLine(i: number, both: boolean): Promise<string> {
  stdinLines ??= readStdin().then((s) => (both ? s.split(/\r?\n/) : [s]));
  return (await stdinLines)[i] ?? '';
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'totp-secret-stdin': { type: 'boolean' },
    },
  });
  if (!values.email || !values.role) {
    console.error(
      'usage: npm run staff:create -- --email <email> --role admin|support [--password-stdin] [--totp-secret-stdin]',
    );
    return 2;
  }
  const both = Boolean(values['password-stdin'] && values['totp-secret-stdin']);
  let password: string;
  let generated = false;
  if (values['password-stdin']) password = await stdinLine(0, both);
  else if (process.stdin.isTTY) {
    password = await askHidden(
      `Password for ${values.email} (at least ${MIN_PASSWORD_LENGTH} characters; empty to generate one): `,
    );
    if (password) {
      const again = await askHidden('Repeat the password: ');
      if (again !== password) {
        console.error('the passwords differ; nothing was created');
        return 1;
      }
    }
  } else password = '';
  if (!password) {
    password = generatePassword();
    generated = true;
  }
  let secret: string | null = null;
  if (values['totp-secret-stdin']) {
    const raw = both
      ? await stdinLine(1, both)
      : process.stdin.isTTY
        ? await askHidden('TOTP secret (Base32): ')
        : await readStdin();
    secret = normaliseSecret(raw);
    if (!secret) {
      console.error(
        'not created: the TOTP secret must be Base32 (A-Z, 2-7) of at least 16 bytes (26 characters)',
      );
      return 1;
    }
  }
  const r = await createStaff(
    await db(),
    { email: values.email, role: values.role, password },
    systemActor('cli'),
  );
  if (!r.ok) {
    console.error(`not created: ${MESSAGES[r.code]}`);
    return 1;
  }
  if (secret) await enrolGivenSecret(await db(), r.staff.id, secret, systemActor('cli'));
  console.log(
    `created ${r.staff.role} ${r.staff.email}${secret ? ' with the given second factor' : ' (enrols a second factor at the first sign-in)'}`,
  );
  if (generated) console.log(`generated password (shown once, store it safely): ${password}`);
  return 0;
}

runCli(main, 'failed');
