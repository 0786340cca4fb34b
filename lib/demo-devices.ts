/**
 * The demo devices: one for every outcome, with dates relative to "now" so the demo always
 * shows live deadlines. Pure data, shared by the seed, the README and the end-to-end tests.
 */
import { luhnCheckDigit } from './domain/imei';
import { iinCheckDigit } from './domain/iin';
import { makeReference } from './domain/reference';
import { DAY_MS } from './domain/time';
import type { BlacklistReason, List, ProofStatus, ReasonCode } from './domain/verdict';

export const DEMO_TACS = [
  { tac: '35209900', brand: 'Samsung', model: 'Galaxy A55 5G' },
  { tac: '35391511', brand: 'Apple', model: 'iPhone 15' },
  { tac: '86754305', brand: 'Xiaomi', model: 'Redmi Note 13' },
  { tac: '35467812', brand: 'Google', model: 'Pixel 8' },
  { tac: '86123406', brand: 'HONOR', model: 'X8b' },
  { tac: '86990203', brand: 'Tecno', model: 'Spark 20' },
] as const;

export type DemoDevice = {
  key: string;
  /** What the demo shows (English, for the README and the tests). */
  description: string;
  identity: string;
  imei: string;
  expected: { list: List; reasons: ReasonCode[] };
  legal?: {
    source: 'manufacturer' | 'importer' | 'service_centre';
    organisation: string;
    document: string;
  };
  /** Days before now of the first network registration. */
  firstSeenDaysAgo?: number;
  blacklist?: { reason: BlacklistReason; listedDaysAgo: number };
  proof?: { reference: string; status: ProofStatus; filedDaysAgo: number; decidedDaysAgo?: number };
};

function device(identity: string, rest: Omit<DemoDevice, 'identity' | 'imei'>): DemoDevice {
  return { identity, imei: identity + luhnCheckDigit(identity), ...rest };
}

export const DEMO_DEVICES: DemoDevice[] = [
  device('35209900176148', {
    key: 'white-import-record',
    description: 'WHITE: an importer supplied its record',
    expected: { list: 'WHITE', reasons: ['IMPORT_RECORD'] },
    legal: {
      source: 'importer',
      organisation: 'ТОО «Мобайл Импорт KZ»',
      document: 'ДТ 55555/250601/0012345',
    },
    firstSeenDaysAgo: 40,
  }),
  device('35391511204417', {
    key: 'white-grandfathered',
    description: 'WHITE: on Kazakh networks before 25.05.2025 (grandfathered)',
    expected: { list: 'WHITE', reasons: ['GRANDFATHERED'] },
    firstSeenDaysAgo: 800,
  }),
  device('35467812339021', {
    key: 'white-proof-approved',
    description: "WHITE: the owner's proof of legal import was approved",
    expected: { list: 'WHITE', reasons: ['PROOF_APPROVED'] },
    firstSeenDaysAgo: 20,
    proof: {
      reference: makeReference([10, 20, 3, 4, 5, 6, 7]),
      status: 'APPROVED',
      filedDaysAgo: 15,
      decidedDaysAgo: 10,
    },
  }),
  device('86754305118263', {
    key: 'grey-days-left',
    description: 'GREY: first registered 12 days ago, 18 days left to prove legal import',
    expected: { list: 'GREY', reasons: ['NOT_IN_IMPORT_DATA'] },
    firstSeenDaysAgo: 12,
  }),
  device('35467812770345', {
    key: 'grey-not-started',
    description: 'GREY: never registered on a network, the 30 days have not started',
    expected: { list: 'GREY', reasons: ['NOT_IN_IMPORT_DATA'] },
  }),
  device('86123406552870', {
    key: 'grey-under-review',
    description: 'GREY past its deadline: proof filed in time, still under review',
    expected: { list: 'GREY', reasons: ['NOT_IN_IMPORT_DATA', 'PROOF_UNDER_REVIEW'] },
    firstSeenDaysAgo: 40,
    proof: {
      reference: makeReference([10, 20, 3, 4, 5, 6, 8]),
      status: 'IN_REVIEW',
      filedDaysAgo: 20,
    },
  }),
  device('35391511908834', {
    key: 'black-gsma',
    description: 'BLACK: on the GSMA blacklist (stolen)',
    expected: { list: 'BLACK', reasons: ['GSMA_BLACKLISTED', 'IMPORT_RECORD'] },
    legal: {
      source: 'manufacturer',
      organisation: 'Apple Distribution International',
      document: 'SN-2025-88341',
    },
    firstSeenDaysAgo: 100,
    blacklist: { reason: 'stolen', listedDaysAgo: 7 },
  }),
  device('86123406917724', {
    key: 'black-expired',
    description: 'BLACK: registered 45 days ago, the 30-day window ran out',
    expected: { list: 'BLACK', reasons: ['GREY_PERIOD_EXPIRED', 'NOT_IN_IMPORT_DATA'] },
    firstSeenDaysAgo: 45,
  }),
  device('99887766123456', {
    key: 'black-unknown-tac',
    description: 'BLACK: its TAC (first 8 digits) is not in the TAC database',
    expected: { list: 'BLACK', reasons: ['UNKNOWN_TAC', 'NOT_IN_IMPORT_DATA'] },
    firstSeenDaysAgo: 5,
  }),
];

/** A number to type that is not a valid IMEI: the first demo device with a wrong check digit. */
export const DEMO_WRONG_CHECK_DIGIT = (() => {
  const d = DEMO_DEVICES[0];
  return d.identity + String((Number(d.imei[14]) + 1) % 10);
})();

export function demoDevice(key: string): DemoDevice {
  const d = DEMO_DEVICES.find((x) => x.key === key);
  if (!d) throw new Error(`no demo device ${key}`);
  return d;
}

export function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** The owner of the demo applications: follow them on the status page with this IIN. */
export const DEMO_APPLICANT = {
  fullName: 'Айгерім Серікқызы Демова',
  iin: (() => {
    for (let s = 0; ; s++) {
      const first11 = '950412400' + String(s).padStart(2, '0');
      const c = iinCheckDigit(first11);
      if (c !== null) return first11 + c;
    }
  })(),
  phone: '+77015550101',
};
