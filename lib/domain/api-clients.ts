/**
 * Machine clients of the operator and supplier interfaces: their scopes, and the bearer tokens
 * they present. Pure: the token's randomness comes from the caller.
 */
import { LEGALITY_SOURCES, type LegalitySource } from './verdict';

/** What a client may do: ask the equipment identity check, report registrations, write legality records, read the lists. */
export const API_SCOPES = ['eir', 'registrations', 'legality', 'lists'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export type ApiClientIdentity = {
  id: number;
  name: string;
  scopes: ApiScope[];
  /** The mobile operator this client speaks for. */
  operator: string | null;
  /** A supplier writes legality records only in its own name. */
  supplier: { source: LegalitySource; organisation: string } | null;
};

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'kzimei_';
/** 32 random bytes, base64url: 43 characters. */
export const TOKEN_PATTERN = /^kzimei_[A-Za-z0-9_-]{43}$/;

export function isApiScope(s: string): s is ApiScope {
  return (API_SCOPES as readonly string[]).includes(s);
}

export function isLegalitySource(s: string): s is LegalitySource {
  return (LEGALITY_SOURCES as readonly string[]).includes(s);
}

/** The token given by an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m && TOKEN_PATTERN.test(m[1]) ? m[1] : null;
}

/** A client's rights on one scope: 401 without a (known) client, 403 without the scope. */
export function authorise(
  client: ApiClientIdentity | null,
  scope: ApiScope,
): 'OK' | 'UNAUTHORIZED' | 'FORBIDDEN' {
  if (!client) return 'UNAUTHORIZED';
  return client.scopes.includes(scope) ? 'OK' : 'FORBIDDEN';
}
