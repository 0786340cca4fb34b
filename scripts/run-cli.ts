/**
 * Runs a command-line entry point: its exit status, the database closed on the way out, and a
 * one-line message (no stack trace) when something unexpected fails.
 */
import { closeDb } from '../lib/data/prisma';
import { closeListPools } from '../lib/data/device-lists';

export function runCli(main: () => Promise<number | void>, what = 'failed'): void {
  main()
    .then(async (code) => {
      await closeDb();
      await closeListPools();
      process.exit(code ?? 0);
    })
    .catch(async (e) => {
      const message = (e instanceof Error ? e.message.trim() : String(e)) || 'unknown error';
      const hint = /relation .* does not exist|table .* does not exist/i.test(message)
        ? ' (has the database been migrated? npm run db:migrate)'
        : '';
      console.error(`${what}: ${message}${hint}`);
      await closeDb().catch(() => {});
      await closeListPools();
      process.exit(2);
    });
}
