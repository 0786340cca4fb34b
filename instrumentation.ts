/**
 * Runs once when the Next server starts: warns when a demo-only message transport is on, and
 * removes files an unfinished filing left in the upload folder's incoming/ (a server killed
 * mid-upload), then again every quarter of the age limit (UPLOAD_ORPHAN_MINUTES).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { config, startupWarnings } = await import('./lib/config');
  for (const w of startupWarnings()) console.warn(`warning: ${w}`);
  const { sweepOrphanUploads } = await import('./lib/data/orphan-sweep');
  sweepOrphanUploads(config().uploadOrphanMinutes);
}
