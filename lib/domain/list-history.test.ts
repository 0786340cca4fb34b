import { describe, expect, it } from 'vitest';
import { parseImei } from './imei';
import { listHistory, type HistoricFacts } from './list-history';
import { DAY_MS } from './time';

const imei = (() => {
  const r = parseImei('352099001761481');
  if (!r.ok) throw new Error();
  return r.value;
})();
const T0 = new Date('2026-09-01T06:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);

function facts(over: Partial<HistoricFacts>): HistoricFacts {
  return {
    tacDatabaseLoaded: true,
    tac: { brand: 'B', model: 'M' },
    blacklist: [],
    legalRecords: [],
    firstRegistrationAt: T0,
    proofs: [],
    ...over,
  };
}

describe('listHistory', () => {
  it('grey at first registration, black when the window ends', () => {
    expect(listHistory(imei, facts({}), day(40))).toEqual([
      { at: T0, list: 'GREY', reasons: ['NOT_IN_IMPORT_DATA'] },
      { at: day(30), list: 'BLACK', reasons: ['GREY_PERIOD_EXPIRED', 'NOT_IN_IMPORT_DATA'] },
    ]);
  });
  it('a proof filed in time keeps it grey; approval makes it white', () => {
    const h = listHistory(
      imei,
      facts({ proofs: [{ status: 'APPROVED', filedAt: day(10), decidedAt: day(35) }] }),
      day(40),
    );
    expect(h.map((c) => [c.at, c.list, c.reasons])).toEqual([
      [T0, 'GREY', ['NOT_IN_IMPORT_DATA']],
      [day(10), 'GREY', ['NOT_IN_IMPORT_DATA', 'PROOF_UNDER_REVIEW']],
      [day(35), 'WHITE', ['PROOF_APPROVED']],
    ]);
  });
  it('blacklisting and removal show as moves', () => {
    const h = listHistory(
      imei,
      facts({
        legalRecords: [{ source: 'importer', recordedAt: day(-5) }],
        blacklist: [{ reason: 'stolen', listedAt: day(3), removedAt: day(8) }],
      }),
      day(20),
    );
    expect(h.map((c) => c.list)).toEqual(['WHITE', 'BLACK', 'WHITE']);
  });
});
