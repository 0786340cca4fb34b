/**
 * The notification worker: graphile-worker's runner with the `deliver-message` task, and the
 * periodic scan (lib/notify/scan.ts) on a self-rescheduling timer.
 *
 * Why a timer in the worker rather than a job that re-adds itself: the scan is idempotent
 * (dedupe keys, guarded updates), so two workers scanning at once tell nobody twice, and a timer
 * needs no bookkeeping in the queue (no lost "next scan" job when a worker dies mid-scan, no
 * pile-up of scan jobs after a pause). The timer re-arms itself after each scan ends, so scans
 * never overlap in one process.
 */
import 'server-only';
import pg from 'pg';
import { parseIntoClientConfig } from 'pg-connection-string';
import { Logger, run, type Runner, type Task } from 'graphile-worker';
import type { Db } from '../data/prisma';
import { refreshLists } from '../data/device-lists';
import { config } from '../config';
import { deliverMessage, TransientDeliveryError } from './deliver';
import { runScan } from './scan';
import { closeTransports } from './transports';

export type WorkerHandle = { stop: () => Promise<void>; runner: Runner };

const logger = new Logger(() => (level, message) => {
  // graphile-worker's own lines carry job ids and errors we wrote (masked), never message bodies.
  if (level === 'error' || level === 'warning') console.error(`worker: ${message}`);
});

export function deliverTask(prisma: Db): Task {
  return async (payload, helpers) => {
    const id = Number((payload as { id?: unknown } | null)?.id);
    if (!Number.isInteger(id)) return;
    const result = await deliverMessage(prisma, id, {
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
    });
    if (result.outcome === 'postponed') {
      // Over today's SMS ceiling: the same message tomorrow at 00:00 Astana time (a key of its own:
      // this job's key is held while it runs).
      await helpers.addJob(
        'deliver-message',
        { id },
        {
          runAt: result.until,
          jobKey: `message-${id}-after-${result.until.toISOString().slice(0, 10)}`,
          maxAttempts: helpers.job.max_attempts,
        },
      );
    }
    if (result.outcome === 'retry') throw new TransientDeliveryError(result.error);
  };
}

/**
 * Starts the runner on `databaseUrl` and the scan every `scanSeconds` (0: no scan). The scan first
 * brings the operators' lists up to date, since grey reminders read device_lists.
 */
export async function startWorker(options: {
  prisma: Db;
  databaseUrl?: string;
  scanSeconds?: number;
  concurrency?: number;
}): Promise<WorkerHandle> {
  const databaseUrl = options.databaseUrl ?? config().databaseUrl;
  const scanSeconds = options.scanSeconds ?? config().notify.scanSeconds;
  const pgPool = new pg.Pool({
    ...parseIntoClientConfig(databaseUrl),
    max: (options.concurrency ?? 4) + 2,
    application_name: 'notify-worker',
  });
  pgPool.on('error', () => {});
  const runner = await run({
    pgPool,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    logger,
    taskList: { 'deliver-message': deliverTask(options.prisma) },
  });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> = Promise.resolve();
  const scan = async () => {
    try {
      await refreshLists({ databaseUrl });
      const r = await runScan(options.prisma, new Date());
      const total = r.greyReminders + r.infoReminders + r.notNeeded + r.watches;
      if (total > 0)
        console.log(
          `scan: ${r.greyReminders} grey reminder(s), ${r.infoReminders} respond-by reminder(s), ${r.notNeeded} application(s) closed as not needed, ${r.watches} watch message(s)`,
        );
    } catch (e) {
      console.error(`scan failed: ${(e as Error).message?.split('\n')[0]}`);
    }
  };
  const arm = () => {
    if (stopped || scanSeconds <= 0) return;
    timer = setTimeout(() => {
      scanning = scan().finally(arm);
    }, scanSeconds * 1000);
  };
  if (scanSeconds > 0) scanning = scan().finally(arm);
  return {
    runner,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await scanning.catch(() => {});
      await runner.stop();
      await pgPool.end().catch(() => {});
      closeTransports();
    },
  };
}
