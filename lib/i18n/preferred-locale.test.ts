import { describe, expect, it } from 'vitest';
import {
  localeFromAcceptLanguage,
  localeFromCookies,
  localeFromPath,
  preferredLocale,
} from './preferred-locale';

describe('the language of a page without a locale in its path', () => {
  it('reads the path first', () => {
    expect(localeFromPath('/ru/status')).toBe('ru');
    expect(localeFromPath('/kk')).toBe('kk');
    expect(localeFromPath('/en/status')).toBeNull();
    expect(localeFromPath('/')).toBeNull();
    expect(preferredLocale({ pathname: '/ru/x', cookie: 'NEXT_LOCALE=kk' })).toBe('ru');
  });
  it('then the cookie the language switch leaves', () => {
    expect(localeFromCookies('a=1; NEXT_LOCALE=ru; b=2')).toBe('ru');
    expect(localeFromCookies('NEXT_LOCALE=en')).toBeNull();
    expect(
      preferredLocale({ pathname: '/missing.txt', cookie: 'NEXT_LOCALE=ru', acceptLanguage: 'kk' }),
    ).toBe('ru');
  });
  it('then the browser languages by their weight, else Kazakh', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,ru;q=0.8,kk;q=0.7')).toBe('ru');
    expect(localeFromAcceptLanguage('kk-KZ;q=0.5, ru-RU;q=0.6')).toBe('ru');
    expect(localeFromAcceptLanguage('ru;q=0, kk')).toBe('kk');
    expect(localeFromAcceptLanguage('de')).toBeNull();
    expect(preferredLocale({})).toBe('kk');
  });
});
