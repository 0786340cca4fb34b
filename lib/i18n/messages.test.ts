import { describe, expect, it } from 'vitest';
import kk from '../../messages/kk.json';
import ru from '../../messages/ru.json';
import { REASON_CODES, BLACKLIST_REASONS } from '../domain/verdict';
import type { ImeiInputError } from '../domain/imei';

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}
const K = flatten(kk as Tree);
const R = flatten(ru as Tree);

/** The ICU argument names of a message ({days}, {count, plural, …}). */
function args(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*(\w+)\s*(?:,|\})/g)].map((m) => m[1]))].sort();
}

describe('messages', () => {
  it('kk and ru have exactly the same keys', () => {
    expect(Object.keys(K).sort()).toEqual(Object.keys(R).sort());
  });
  it('no message is empty, and kk and ru take the same arguments', () => {
    for (const key of Object.keys(K)) {
      expect(K[key].trim(), key).not.toBe('');
      expect(R[key].trim(), key).not.toBe('');
      expect(args(K[key]), key).toEqual(args(R[key]));
    }
  });
  it('every reason code, blacklist reason and IMEI input error has a message', () => {
    const inputErrors: ImeiInputError[] = ['IMEI_REQUIRED', 'IMEI_NOT_DIGITS', 'IMEI_WRONG_LENGTH'];
    for (const code of REASON_CODES) expect(K[`reasons.${code}`], code).toBeTruthy();
    for (const r of BLACKLIST_REASONS) expect(K[`blacklistReasons.${r}`], r).toBeTruthy();
    for (const e of inputErrors) expect(K[`errors.${e}`], e).toBeTruthy();
  });
  it('the Kazakh texts are written in Kazakh (they use its own letters)', () => {
    const kazakhLetters = /[әғқңөұүһі]/i;
    const prose = Object.entries(K).filter(([, v]) => v.length > 40);
    const inKazakh = prose.filter(([, v]) => kazakhLetters.test(v));
    expect(inKazakh.length / prose.length).toBeGreaterThan(0.9);
  });
});
