/**
 * The stored form of an API client's bearer token: its SHA-256, in hex (`api_clients."tokenHash"`).
 * A module of its own so the EIR server (lib/eir) hashes tokens without loading Prisma.
 */
import { createHash } from 'node:crypto';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
