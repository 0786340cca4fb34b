import { describe, expect, it } from 'vitest';
import { loadConfig, servingProblems, startupWarnings } from './config';

const load = (env: Record<string, string>) => loadConfig(env as unknown as NodeJS.ProcessEnv);

describe('notification settings', () => {
  it('no transport unless one is chosen; NODE_ENV decides nothing', () => {
    const c = load({ NODE_ENV: 'production', ALTCHA_HMAC_KEY: 'k'.repeat(32) });
    expect(c.notify.sms).toBeNull();
    expect(c.notify.email).toBeNull();
    expect(c.notify.smsDailyLimit).toBe(10_000);
    expect(c.notify.publicUrl).toBe('http://localhost:3000');
    expect(c.notify.scanSeconds).toBe(60);
    expect(startupWarnings(c).join(' ')).toContain('SMS_TRANSPORT is not set');
  });
  it('the http gateway needs its URL and token; smtp needs SMTP_URL', () => {
    expect(() => load({ SMS_TRANSPORT: 'http' })).toThrow(/SMS_GATEWAY_URL.*SMS_GATEWAY_TOKEN/);
    expect(() => load({ EMAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(() => load({ SMS_TRANSPORT: 'carrier-pigeon' })).toThrow(/SMS_TRANSPORT/);
    const c = load({
      SMS_TRANSPORT: 'http',
      SMS_GATEWAY_URL: 'https://sms.example.kz/send',
      SMS_GATEWAY_TOKEN: 't',
      PUBLIC_URL: 'https://imei.example.kz/',
    });
    expect(c.notify.sms).toEqual({
      transport: 'http',
      url: 'https://sms.example.kz/send',
      token: 't',
    });
    expect(c.notify.publicUrl).toBe('https://imei.example.kz');
  });
  it('start-up warns when the log transport is on', () => {
    const c = load({ SMS_TRANSPORT: 'log', EMAIL_TRANSPORT: 'log' });
    expect(startupWarnings(c)).toHaveLength(2);
    expect(startupWarnings(c)[0]).toContain('SMS_TRANSPORT=log');
  });
});

describe('TRUSTED_PROXIES', () => {
  it('trusts no proxy by default, and takes addresses and CIDRs of both families', () => {
    expect(load({}).trustedProxies).toEqual([]);
    expect(
      load({ TRUSTED_PROXIES: '127.0.0.1,::1, 10.0.0.0/8 2001:db8::/32' }).trustedProxies,
    ).toHaveLength(4);
  });
  it('stops with a message naming the variable and the entry it cannot read', () => {
    expect(() => load({ TRUSTED_PROXIES: '127.0.0.1,proxy.internal' })).toThrow(
      /TRUSTED_PROXIES.*proxy\.internal/,
    );
  });
});

describe('public-surface limits and the challenge key', () => {
  it('has documented defaults, tunable and validated', () => {
    expect(load({}).limits).toEqual({
      checksPerMinute: 120,
      challengeAfter: 20,
      apiPerMinute: 60,
      apiClientPerMinute: 1200,
    });
    expect(load({ RATE_LIMIT_CHECKS_PER_MINUTE: '300' }).limits.checksPerMinute).toBe(300);
    expect(() => load({ RATE_LIMIT_CHALLENGE_AFTER: '0' })).toThrow(/RATE_LIMIT_CHALLENGE_AFTER/);
    expect(() => load({ RATE_LIMIT_API_PER_MINUTE: 'many' })).toThrow(/RATE_LIMIT_API_PER_MINUTE/);
  });
  it('ALTCHA_HMAC_KEY is required in production, long enough, and has a development default elsewhere', () => {
    expect(servingProblems(load({ NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/ALTCHA_HMAC_KEY is required in production/),
    ]);
    expect(load({ NODE_ENV: 'production' }).altchaHmacKey).toBeNull();
    expect(
      servingProblems(load({ NODE_ENV: 'production', ALTCHA_HMAC_KEY: 'x'.repeat(40) })),
    ).toEqual([]);
    expect(() => load({ ALTCHA_HMAC_KEY: 'short' })).toThrow(/ALTCHA_HMAC_KEY/);
    expect(load({ NODE_ENV: 'production', ALTCHA_HMAC_KEY: 'x'.repeat(40) }).altchaHmacKey).toBe(
      'x'.repeat(40),
    );
    expect(load({}).altchaHmacKey).toMatch(/development-only/);
  });
});
