/**
 * Part of `npm run bench` (run as a child process with DATABASE_URL set, so its peak RSS is its
 * own): brings the operators' lists up to date after the imports (the imports ran with
 * --no-lists), then streams each full list as an operator gets it (lib/data/list-export.ts,
 * the code behind GET /api/v1/lists/…), counting rows and bytes. Prints one JSON line.
 */
import { closeListPools, refreshLists } from '../lib/data/device-lists';
import { openListExport } from '../lib/data/list-export';

async function main() {
  const t0 = process.hrtime.bigint();
  const refresh = await refreshLists();
  const refreshSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const exports: { list: string; rows: number; bytes: number; seconds: number }[] = [];
  for (const list of ['grey', 'black', 'white'] as const) {
    const t = process.hrtime.bigint();
    const r = await openListExport({ list });
    if (!r.ok) throw new Error(r.code);
    let bytes = 0;
    let lines = 0;
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    }
    exports.push({
      list,
      rows: lines - 1,
      bytes,
      seconds: Number(process.hrtime.bigint() - t) / 1e9,
    });
  }
  console.log(JSON.stringify({ refresh: { ...refresh, seconds: refreshSeconds }, exports }));
  await closeListPools();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
