/**
 * npm run staff:create -- --email <e> --role admin|support [--password-stdin]
 * Creates a staff account. The password is never a command-line argument: it is asked for (when
 * run in a terminal), read from standard input (--password-stdin), or generated and printed once.
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { createStaff } from '../lib/data/staff';
import { db } from '../lib/data/prisma';
import { runCli } from './run-cli';
import { generatePassword } from '../lib/auth/password';
import { MIN_PASSWORD_LENGTH } from '../lib/domain/staff-rules';

const MESSAGES: Record<string, string> = {
  EMAIL_TAKEN: 'a staff account with this email exists already',
  EMAIL_INVALID: 'the email is not valid',
  PASSWORD_TOO_SHORT: `the password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  PASSWORD_TOO_LONG: 'the password is too long',
  ROLE_INVALID: '--role must be admin or support',
};

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
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

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } } });
  if (!values.email || !values.role) {
    console.error('usage: npm run staff:create -- --email <email> --role admin|support [--password-stdin]');
    return 2;
  }
  let password: string;
  let generated = false;
  if (values['password-stdin']) password = await readStdin();
  else if (process.stdin.isTTY) {
    password = await askHidden(`Password for ${values.email} (at least ${MIN_PASSWORD_LENGTH} characters; empty to generate one): `);
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
  const r = await createStaff(await db(), { email: values.email, role: values.role, password }, { id: null, email: 'cli' });
  if (!r.ok) {
    console.error(`not created: ${MESSAGES[r.code]}`);
    return 1;
  }
  console.log(`created ${r.staff.role} ${r.staff.email}`);
  if (generated) console.log(`generated password (shown once, store it safely): ${password}`);
  return 0;
}

runCli(main, 'failed');
