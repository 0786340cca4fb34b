/** The JSON body of a verdict on the public API (`GET /api/v1/imei/{imei}`), documented in the README. */
import type { Verdict } from '../domain/verdict';

export function verdictBody(v: Verdict) {
  return {
    imei: v.imei,
    list: v.list,
    reasons: v.reasons,
    checks: v.checks,
    greyDeadline: v.window?.deadline ? v.window.deadline.toISOString() : null,
    daysLeft: v.window?.started ? v.window.daysLeft : null,
    device: v.device ? { brand: v.device.brand, model: v.device.model } : null,
  };
}
