import { describe, expect, it } from 'vitest';
import { setUpTestDb } from './test-db';
import type { Db } from './prisma';
import { newChallenge, spendSolution } from './challenges';
import { solvedPayload } from './test-challenge';

let prisma: Db;
setUpTestDb((t) => ({ prisma } = t));

const encode = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64');

describe('the proof-of-work challenge', () => {
  it('a solved challenge is accepted once; a replay is refused', async () => {
    const payload = await solvedPayload(await newChallenge());
    expect(await spendSolution(prisma, payload)).toEqual({ ok: true });
    expect(await spendSolution(prisma, payload)).toEqual({ ok: false, code: 'CHALLENGE_USED' });
    expect(await prisma.spentChallenge.count()).toBe(1);
  });

  it('two requests with one solution at once: only one passes', async () => {
    const payload = await solvedPayload(await newChallenge());
    const answers = await Promise.all([
      spendSolution(prisma, payload),
      spendSolution(prisma, payload),
      spendSolution(prisma, payload),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
  });

  it('refuses a wrong solution, a changed challenge, an expired one, and garbage, storing nothing', async () => {
    const before = await prisma.spentChallenge.count();
    const challenge = await newChallenge();
    const good = JSON.parse(Buffer.from(await solvedPayload(challenge), 'base64').toString());
    const wrongKey = { ...good, solution: { ...good.solution, derivedKey: '00'.repeat(32) } };
    expect(await spendSolution(prisma, encode(wrongKey))).toEqual({
      ok: false,
      code: 'CHALLENGE_INVALID',
    });
    // an easier challenge, or one that never expires, no longer matches its signature
    const easier = {
      ...good,
      challenge: {
        ...good.challenge,
        parameters: {
          ...good.challenge.parameters,
          expiresAt: good.challenge.parameters.expiresAt + 86_400,
        },
      },
    };
    expect(await spendSolution(prisma, encode(easier))).toEqual({
      ok: false,
      code: 'CHALLENGE_INVALID',
    });
    const expired = {
      ...good,
      challenge: {
        ...good.challenge,
        parameters: { ...good.challenge.parameters, expiresAt: 1_000_000 },
      },
    };
    expect(await spendSolution(prisma, encode(expired))).toEqual({
      ok: false,
      code: 'CHALLENGE_EXPIRED',
    });
    for (const junk of [
      '',
      'not base64 at all %%%',
      encode({}),
      encode({ challenge: 1, solution: 2 }),
      'x'.repeat(5000),
      encode({ verificationData: 'a', signature: 'b', algorithm: 'SHA-256', verified: true }),
    ]) {
      expect(await spendSolution(prisma, junk), junk.slice(0, 30)).toMatchObject({ ok: false });
    }
    expect(await prisma.spentChallenge.count()).toBe(before);
  });
});
