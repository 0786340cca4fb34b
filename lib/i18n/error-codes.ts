/**
 * Error codes as message keys (errors.<CODE> in messages/kk.json and messages/ru.json): actions
 * and schemas answer with codes; the page shows the code's message. Safe in the browser.
 */
import type { Messages } from 'next-intl';

export type ErrorCode = keyof Messages['errors'];
export type ErrorValues = Record<string, string | number>;

/** The code itself when it has a message (`has`: the translator's check), else UNEXPECTED. */
export function errorCodeOr(code: string, has: (code: ErrorCode) => boolean): ErrorCode {
  return isErrorCode(code, has) ? code : 'UNEXPECTED';
}

function isErrorCode(code: string, has: (code: ErrorCode) => boolean): code is ErrorCode {
  return has(code as ErrorCode);
}
