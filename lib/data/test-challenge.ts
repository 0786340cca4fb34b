/** For tests: solves a proof-of-work challenge as the browser's widget would, and encodes its payload. */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

export async function solvedPayload(challenge: unknown): Promise<string> {
  const c = challenge as Challenge;
  const solution = await solveChallenge({ challenge: c, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return Buffer.from(JSON.stringify({ challenge: c, solution })).toString('base64');
}
