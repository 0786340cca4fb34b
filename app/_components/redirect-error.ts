/**
 * Whether what a server action threw is Next's redirect (a sign-in that moves on): navigation for
 * the caller to rethrow, not a failure to show.
 */
export function isRedirectError(e: unknown): boolean {
  return (
    !!e &&
    typeof e === 'object' &&
    'digest' in e &&
    String((e as { digest: string }).digest).startsWith('NEXT_REDIRECT')
  );
}
