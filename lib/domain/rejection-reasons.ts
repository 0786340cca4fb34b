/** Why support staff reject a proof of legal import (shown to the owner in their language). */
export const REJECTION_REASONS = [
  'DOCUMENTS_UNREADABLE',
  'DOCUMENTS_MISMATCH',
  'NOT_LEGAL_IMPORT',
  'OTHER',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
