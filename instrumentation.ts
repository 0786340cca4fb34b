/**
 * Runs once when the Next server starts: refuses to serve without what production needs (the
 * proof-of-work key), and warns when a demo-only message transport is on.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { servingProblems, startupWarnings } = await import('./lib/config');
  if (process.env.NEXT_PHASE !== 'phase-production-build') {
    const problems = servingProblems();
    if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  for (const w of startupWarnings()) console.warn(`warning: ${w}`);
}
