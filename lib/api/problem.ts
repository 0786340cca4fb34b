/** RFC 9457 problem details for the machine interfaces. `code` is the stable part. */
import type { ImeiInputError } from '../domain/imei';

export type ProblemCode = ImeiInputError | 'INTERNAL_ERROR';

export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  IMEI_REQUIRED: 'No IMEI was given.',
  IMEI_NOT_DIGITS: 'An IMEI contains digits only (spaces, dashes and dots are ignored).',
  IMEI_WRONG_LENGTH: 'An IMEI has 15 digits, an IMEISV 16.',
  INTERNAL_ERROR: 'The check could not be completed. Try again later.',
};

export function problem(status: number, code: ProblemCode, title: string): Response {
  return new Response(JSON.stringify({ type: `/api/v1/problems#${code}`, title, status, code }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
  });
}
