/** Runs once when the Next server starts: warns when a demo-only message transport is on. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startupWarnings } = await import('./lib/config');
  for (const w of startupWarnings()) console.warn(`warning: ${w}`);
}
