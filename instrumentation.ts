/**
 * Runs once when the Next server starts: refuses to serve without what production needs (the
 * proof-of-work key), warns when a demo-only message transport is on, and removes files an
 * unfinished filing left in the upload folder's incoming/ (a server killed mid-upload), then again
 * every quarter of the age limit (UPLOAD_ORPHAN_MINUTES).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { config, servingProblems, startupWarnings } = await import('./lib/config');
  if (process.env.NEXT_PHASE !== 'phase-production-build') {
    const problems = servingProblems();
    if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  for (const w of startupWarnings()) console.warn(`warning: ${w}`);
  const { sweepOrphanUploads } = await import('./lib/data/orphan-sweep');
  sweepOrphanUploads(config().uploadOrphanMinutes);
}
