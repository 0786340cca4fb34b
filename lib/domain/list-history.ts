/**
 * When a device's list changed, and why: the verdict replayed at every instant a fact about the
 * device took effect (a registration, a blacklisting or removal, a supplier record, a proof filed
 * or decided, the end of the grey window). Pure.
 */
import type { ParsedImei } from './imei';
import {
  greyDeadline,
  verify,
  type DeviceFacts,
  type List,
  type ProofStatus,
  type ReasonCode,
  type Rules,
  DEFAULT_RULES,
} from './verdict';

export type HistoricFacts = Omit<DeviceFacts, 'proofs'> & {
  proofs: { status: ProofStatus; filedAt: Date; decidedAt: Date | null }[];
};

export type ListChange = { at: Date; list: List; reasons: ReasonCode[] };

/** The facts as they stood at `t`: only what had happened by then. */
export function factsAt(f: HistoricFacts, t: Date): DeviceFacts {
  const by = (d: Date) => d.getTime() <= t.getTime();
  return {
    tacDatabaseLoaded: f.tacDatabaseLoaded,
    tac: f.tac,
    blacklist: f.blacklist.filter((b) => by(b.listedAt)),
    legalRecords: f.legalRecords.filter((r) => by(r.recordedAt)),
    firstRegistrationAt:
      f.firstRegistrationAt && by(f.firstRegistrationAt) ? f.firstRegistrationAt : null,
    proofs: f.proofs
      .filter((p) => by(p.filedAt))
      .map((p) => ({
        status:
          p.decidedAt && by(p.decidedAt)
            ? p.status
            : p.status === 'APPROVED' || p.status === 'REJECTED'
              ? 'IN_REVIEW'
              : p.status,
        filedAt: p.filedAt,
      })),
  };
}

export function listHistory(
  parsed: ParsedImei,
  f: HistoricFacts,
  now: Date,
  rules: Rules = DEFAULT_RULES,
): ListChange[] {
  const instants = new Set<number>();
  const add = (d: Date | null | undefined) => {
    if (d && d.getTime() <= now.getTime()) instants.add(d.getTime());
  };
  f.blacklist.forEach((b) => (add(b.listedAt), add(b.removedAt)));
  f.legalRecords.forEach((r) => add(r.recordedAt));
  f.proofs.forEach((p) => (add(p.filedAt), add(p.decidedAt)));
  add(f.firstRegistrationAt);
  if (f.firstRegistrationAt) add(greyDeadline(f.firstRegistrationAt, rules));

  const changes: ListChange[] = [];
  for (const t of [...instants].sort((a, b) => a - b)) {
    const at = new Date(t);
    const v = verify(parsed, factsAt(f, at), at, rules);
    const last = changes[changes.length - 1];
    if (!last || last.list !== v.list || last.reasons.join() !== v.reasons.join())
      changes.push({ at, list: v.list, reasons: v.reasons });
  }
  return changes;
}
