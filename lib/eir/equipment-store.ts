/**
 * The EIR server's database work on `pg`: per request ONE named (server-side prepared) statement,
 * the device facts of lib/data/device-facts.ts plus, when a SUPI is given, the matching
 * registration row's last sighting; and, only when that says so, one write: a new registration
 * row (with its device marked for the list reconciler in the same statement), or `lastSeenAt`
 * moved on at most once a day per row.
 */
import 'server-only';
import type pg from 'pg';
import {
  DEVICE_FACTS_SQL,
  deviceFactsFromRows,
  deviceFactsParams,
  type DeviceFactsRow,
} from '../data/device-facts';
import { DAY_MS } from '../domain/time';
import type { DeviceFacts } from '../domain/verdict';

/** One registration attempt: the network's IMSI and MSISDN ('' when not given) on an operator. */
export type Attach = { imsi: string; msisdn: string; operator: string };

/** $1 identity, $2 TAC, $3 IMSI, $4 MSISDN, $5 operator ($3 NULL: no registration asked for). */
const FACTS_AND_REGISTRATION = {
  name: 'eir_device_facts',
  text: `${DEVICE_FACTS_SQL}
    UNION ALL
    SELECT 'attach', NULL, NULL, "lastSeenAt", NULL::timestamptz FROM network_registrations
     WHERE identity = $1 AND imsi = $3 AND msisdn = $4 AND operator = $5`,
};

/** A new (device, IMSI, MSISDN, operator) row, and its device marked for the list reconciler. */
const INSERT_REGISTRATION = {
  name: 'eir_registration_insert',
  text: `WITH ins AS (
      INSERT INTO network_registrations (identity, imsi, msisdn, operator, "firstSeenAt", "lastSeenAt")
      VALUES ($1, $2, $3, $4, $5, $5)
      ON CONFLICT (identity, imsi, msisdn, operator) DO NOTHING
      RETURNING identity)
    INSERT INTO list_dirty (identity) SELECT identity FROM ins ON CONFLICT DO NOTHING`,
};

/** Last seen moves on at most once a day (the condition also holds when two requests race). */
const BUMP_REGISTRATION = {
  name: 'eir_registration_seen',
  text: `UPDATE network_registrations SET "lastSeenAt" = $5::timestamptz
     WHERE identity = $1 AND imsi = $2 AND msisdn = $3 AND operator = $4 AND "lastSeenAt" <= $5::timestamptz - interval '1 day'`,
};

export type FactsAndRegistration = {
  facts: DeviceFacts;
  /** The registration row's last sighting: undefined when no attach was asked for, null when the row does not exist. */
  lastSeenAt: Date | null | undefined;
};

export async function loadFacts(
  pool: pg.Pool,
  identity: string,
  attach: Attach | null,
): Promise<FactsAndRegistration> {
  const values = [
    ...deviceFactsParams(identity),
    attach?.imsi ?? null,
    attach?.msisdn ?? null,
    attach?.operator ?? null,
  ];
  const { rows } = await pool.query<DeviceFactsRow>({ ...FACTS_AND_REGISTRATION, values });
  let lastSeenAt: Date | null | undefined = attach ? null : undefined;
  if (attach) {
    const row = rows.find((r) => r.k === 'attach');
    if (row?.t1) lastSeenAt = row.t1 instanceof Date ? row.t1 : new Date(row.t1);
  }
  return { facts: deviceFactsFromRows(rows), lastSeenAt };
}

/**
 * Records a registration attempt after `loadFacts`: a new row when there was none (its device's
 * first one starts the grey window at `now`), else `lastSeenAt` bumped when a day old. Returns
 * the facts as they now stand (the verdict of a first attach already counts its window).
 */
export async function recordAttach(
  pool: pg.Pool,
  identity: string,
  attach: Attach,
  loaded: FactsAndRegistration,
  now: Date,
): Promise<{ facts: DeviceFacts; inserted: boolean }> {
  const key = [identity, attach.imsi, attach.msisdn, attach.operator];
  if (loaded.lastSeenAt === null || loaded.lastSeenAt === undefined) {
    const { rowCount } = await pool.query({ ...INSERT_REGISTRATION, values: [...key, now] });
    const inserted = (rowCount ?? 0) > 0;
    const first = loaded.facts.firstRegistrationAt;
    if (first === null || first.getTime() > now.getTime())
      return { facts: { ...loaded.facts, firstRegistrationAt: now }, inserted };
    return { facts: loaded.facts, inserted };
  }
  if (now.getTime() - loaded.lastSeenAt.getTime() >= DAY_MS)
    await pool.query({ ...BUMP_REGISTRATION, values: [...key, now] });
  return { facts: loaded.facts, inserted: false };
}
