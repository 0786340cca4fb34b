/**
 * The audit log of the EIR server's writes. A registration it records changes data, so it is
 * audited; one row per attach would flood the log (networks ask on every attach), so the new
 * registration rows are counted per client and written as one audit row per client a minute
 * (action EIR_REGISTRATIONS, actor `api:<client>`), and on stop. No IMSI or MSISDN goes in.
 */
import 'server-only';
import type pg from 'pg';
import type { EirClient } from './api-client-cache';

const FLUSH_EVERY_MS = 60_000;
const INSERT = {
  name: 'eir_audit',
  text: `INSERT INTO audit_log (at, "actorId", "actorEmail", action, target, details, ip) VALUES ($1, NULL, $2, 'EIR_REGISTRATIONS', $3, $4, NULL)`,
};

export class RegistrationAudit {
  private readonly counts = new Map<number, { client: EirClient; n: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date,
    private readonly onError: (e: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  count(client: EirClient): void {
    const c = this.counts.get(client.id);
    if (c) c.n++;
    else this.counts.set(client.id, { client, n: 1 });
  }

  async flush(): Promise<void> {
    const all = [...this.counts.values()];
    this.counts.clear();
    for (const { client, n } of all) {
      await this.pool
        .query({
          ...INSERT,
          values: [
            this.now(),
            `api:${client.name}`,
            client.operator ?? '',
            `${n} new registration row(s) by the equipment identity check`,
          ],
        })
        .catch(this.onError);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
