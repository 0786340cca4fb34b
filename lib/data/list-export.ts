/**
 * The lists operators download, streamed as CSV from a server-side cursor (memory stays flat
 * whatever the size): black, grey and white in full or as the changes since a cursor, the TAC
 * list, and an operator's notification list (grey devices seen on its network).
 *
 * Every answer is read in one REPEATABLE READ snapshot, and carries the cursor of that snapshot:
 * the id of the last change it includes. The reconciler (device-lists.ts) writes changes in commit
 * order, so asking again with that cursor gives exactly the changes after it, none skipped.
 */
import 'server-only';
import type pg from 'pg';
import { luhnCheckDigit } from '../domain/imei';
import type { List } from '../domain/verdict';
import { listPool, refreshLists } from './device-lists';

export const LIST_NAMES = ['black', 'grey', 'white', 'tac', 'notification'] as const;
export type ListName = (typeof LIST_NAMES)[number];

const LIST_OF: Record<'black' | 'grey' | 'white', List> = {
  black: 'BLACK',
  grey: 'GREY',
  white: 'WHITE',
};
const FETCH_ROWS = 2000;

export type ExportRequest = {
  list: ListName;
  /** The cursor of an earlier answer: only the changes after it. */
  since?: string | null;
  /** The operator of the client (notification list). */
  operator?: string | null;
  databaseUrl?: string;
  now?: Date;
};

export type ExportResult =
  | { ok: true; cursor: string | null; fileName: string; body: ReadableStream<Uint8Array> }
  | { ok: false; code: 'INVALID_CURSOR' | 'NOT_AN_OPERATOR' };

/** A cursor: the decimal id of a change (opaque to clients; documented as a string). */
export function parseCursor(s: string): bigint | null {
  return /^\d{1,18}$/.test(s) ? BigInt(s) : null;
}

const imeiOf = (identity: string) => identity + luhnCheckDigit(identity);
const iso = (d: Date | null) => (d ? d.toISOString() : '');
const reasonsCell = (r: string[] | null) => (r ?? []).join(';');
/** RFC 4180: quote a cell holding a comma, a quote or a line break. */
export function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

type Plan = {
  header: string;
  sql: string;
  params: unknown[];
  line: (row: Record<string, unknown>) => string;
};

function changeOf(list: List, row: { oldList: string | null; newList: string }): string {
  if (row.newList === list && row.oldList !== list) return 'added';
  if (row.oldList === list && row.newList !== list) return 'removed';
  return 'changed';
}

function plan(req: ExportRequest, since: bigint | null, cursor: bigint): Plan {
  const { list } = req;
  if (list === 'tac') {
    return {
      header: 'tac,brand,model',
      sql: `SELECT tac, brand, model FROM tac_records ORDER BY tac`,
      params: [],
      line: (r) => `${r.tac},${csvCell(String(r.brand))},${csvCell(String(r.model))}`,
    };
  }
  if (list === 'notification') {
    if (since === null) {
      return {
        header: 'imei,imsi,msisdn,deadline,first_seen_at',
        sql: `SELECT d.identity, r.imsi, r.msisdn, d.deadline, r."firstSeenAt"
                FROM network_registrations r JOIN device_lists d ON d.identity = r.identity
               WHERE r.operator = $1 AND d.list = 'GREY' ORDER BY d.identity, r.imsi, r.msisdn`,
        params: [req.operator],
        line: (r) =>
          `${imeiOf(String(r.identity))},${r.imsi},${r.msisdn},${iso(r.deadline as Date | null)},${iso(r.firstSeenAt as Date)}`,
      };
    }
    return {
      header: 'change,imei,imsi,msisdn,reasons,deadline,changed_at',
      sql: `SELECT c.at, c.identity, c."oldList", c."newList", c.reasons, c.deadline, r.imsi, r.msisdn
              FROM list_changes c JOIN network_registrations r ON r.identity = c.identity AND r.operator = $3
             WHERE c.id > $1 AND c.id <= $2 AND (c."oldList" = 'GREY' OR c."newList" = 'GREY') AND (c.operator IS NULL OR c.operator = $3)
             ORDER BY c.id, r.imsi, r.msisdn`,
      params: [since.toString(), cursor.toString(), req.operator],
      line: (r) =>
        `${changeOf('GREY', r as { oldList: string | null; newList: string })},${imeiOf(String(r.identity))},${r.imsi},${r.msisdn},${reasonsCell(r.reasons as string[])},${iso(r.deadline as Date | null)},${iso(r.at as Date)}`,
    };
  }
  const target = LIST_OF[list];
  const withDeadline = list === 'grey';
  if (since === null) {
    return {
      header: withDeadline ? 'imei,reasons,deadline' : 'imei,reasons',
      sql: `SELECT identity, reasons, deadline FROM device_lists WHERE list = $1 ORDER BY identity`,
      params: [target],
      line: (r) =>
        `${imeiOf(String(r.identity))},${reasonsCell(r.reasons as string[])}${withDeadline ? `,${iso(r.deadline as Date | null)}` : ''}`,
    };
  }
  return {
    header: withDeadline
      ? 'change,imei,reasons,deadline,changed_at'
      : 'change,imei,reasons,changed_at',
    sql: `SELECT at, identity, "oldList", "newList", reasons, deadline FROM list_changes
           WHERE id > $1 AND id <= $2 AND ("oldList" = $3 OR "newList" = $3) AND operator IS NULL ORDER BY id`,
    params: [since.toString(), cursor.toString(), target],
    line: (r) =>
      `${changeOf(target, r as { oldList: string | null; newList: string })},${imeiOf(String(r.identity))},${reasonsCell(r.reasons as string[])}${withDeadline ? `,${iso(r.deadline as Date | null)}` : ''},${iso(r.at as Date)}`,
  };
}

/**
 * Opens a list for streaming. The lists are brought up to date first (refreshLists), then read
 * in one snapshot; the stream ends the transaction when read to the end or cancelled.
 */
export async function openListExport(req: ExportRequest): Promise<ExportResult> {
  let since: bigint | null = null;
  // The TAC list has no changes log: it is always given whole.
  if (req.list !== 'tac' && req.since !== undefined && req.since !== null) {
    since = parseCursor(req.since);
    if (since === null) return { ok: false, code: 'INVALID_CURSOR' };
  }
  if (req.list === 'notification' && !req.operator) return { ok: false, code: 'NOT_AN_OPERATOR' };
  if (req.list !== 'tac') await refreshLists({ databaseUrl: req.databaseUrl, now: req.now });

  const client: pg.PoolClient = await listPool(req.databaseUrl, 'export').connect();
  let open = true;
  const finish = async (ok: boolean) => {
    if (!open) return;
    open = false;
    await client.query(ok ? 'COMMIT' : 'ROLLBACK').catch(() => {});
    client.release();
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const top = BigInt(
      (
        await client.query<{ id: string }>(
          'SELECT coalesce(max(id), 0)::text AS id FROM list_changes',
        )
      ).rows[0].id,
    );
    if (since !== null && since > top) {
      await finish(false);
      return { ok: false, code: 'INVALID_CURSOR' };
    }
    const p = plan(req, since, top);
    await client.query(`DECLARE list_rows NO SCROLL CURSOR FOR ${p.sql}`, p.params);
    const encoder = new TextEncoder();
    let headerSent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          let text = '';
          if (!headerSent) {
            headerSent = true;
            text = p.header + '\n';
          }
          const { rows } = await client.query(`FETCH ${FETCH_ROWS} FROM list_rows`);
          for (const r of rows) text += p.line(r) + '\n';
          if (text) controller.enqueue(encoder.encode(text));
          if (rows.length < FETCH_ROWS) {
            await finish(true);
            controller.close();
          }
        } catch (e) {
          await finish(false);
          controller.error(e);
        }
      },
      async cancel() {
        await finish(false);
      },
    });
    const stamp = (req.now ?? new Date()).toISOString().slice(0, 10);
    return {
      ok: true,
      cursor: req.list === 'tac' ? null : top.toString(),
      fileName: `${req.list}${since !== null ? `-since-${since}` : ''}-${stamp}.csv`,
      body,
    };
  } catch (e) {
    await finish(false);
    throw e;
  }
}
