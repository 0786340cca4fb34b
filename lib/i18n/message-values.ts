/**
 * The numbers the messages take from the code's rules, never written into the texts: every error
 * message (errors.<CODE>) is rendered with these values, so a rule changed here changes the text.
 * Pure constants, safe in the browser.
 */
import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS, MAX_IMAGE_PIXELS } from '../domain/documents';
import { CODE_RULES } from '../domain/one-time-codes';
import { MIN_PASSWORD_LENGTH, NOTE_MIN_LENGTH } from '../domain/staff-rules';
import { FEED_UPLOAD_MAX_BYTES } from '../feeds/limits';

const MB = 1024 * 1024;

export const ERROR_VALUES = {
  maxFiles: MAX_DOCUMENTS,
  fileMb: MAX_DOCUMENT_BYTES / MB,
  megapixels: MAX_IMAGE_PIXELS / 1_000_000,
  passwordMin: MIN_PASSWORD_LENGTH,
  noteMin: NOTE_MIN_LENGTH,
  feedMb: FEED_UPLOAD_MAX_BYTES / MB,
  codeDigits: CODE_RULES.digits,
  codeTries: CODE_RULES.maxTries,
} as const;

/** Minutes in a duration given in milliseconds (the code rules keep durations in ms). */
export const minutesOf = (ms: number) => Math.round(ms / 60_000);
