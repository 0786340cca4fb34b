/**
 * The web server's sweep of unfinished uploads (instrumentation.ts): once at start, then every
 * quarter of the age limit, on a timer that never keeps the process alive. A failure (the
 * database not reachable yet) is one short log line; the next sweep tries again.
 */
import 'server-only';
import { db } from './prisma';
import { removeOrphanUploads } from './document-store';

export function sweepOrphanUploads(olderThanMinutes: number): void {
  const sweep = async () => {
    try {
      await removeOrphanUploads(await db(), { olderThanMinutes });
    } catch (e) {
      console.error(`uploads: sweeping incoming/ failed: ${(e as Error).message?.split('\n')[0]}`);
    }
  };
  void sweep();
  setInterval(sweep, Math.max(1, olderThanMinutes / 4) * 60_000).unref();
}
