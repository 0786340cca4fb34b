// Generates the Prisma client after install. The Prisma 7 CLI refuses to run `generate` unless it
// can find a schema engine binary, which it would download from outside the npm registry; generate
// itself does not use the engine, so any existing file will do (see ../shared/toolchain.md).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const r = spawnSync('npx', ['prisma', 'generate'], {
  stdio: 'inherit',
  env,
  shell: process.platform === 'win32',
});
process.exit(r.status ?? 1);
