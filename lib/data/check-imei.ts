import 'server-only';
/**
 * "What is this IMEI's verdict now": the one function the check page, the JSON API and (later)
 * the admin device page and operator interfaces call.
 */
import { db } from './prisma';
import { loadDeviceFacts } from './device-facts';
import { parseImei, type ImeiInputError } from '../domain/imei';
import { verify, type Verdict } from '../domain/verdict';
import { config } from '../config';

export type CheckOutcome = { ok: true; verdict: Verdict } | { ok: false; code: ImeiInputError };

export async function checkImei(
  input: string,
  options: { allowImeisv?: boolean; now?: Date } = {},
): Promise<CheckOutcome> {
  const parsed = parseImei(input, { allowImeisv: options.allowImeisv });
  if (!parsed.ok) return parsed;
  const facts = await loadDeviceFacts(await db(), parsed.value.identity);
  return {
    ok: true,
    verdict: verify(parsed.value, facts, options.now ?? new Date(), config().rules),
  };
}
