#!/usr/bin/env bash
# npm run demo: migrate, load the demo data, build and serve: the portal (Next, on PORT, default
# 3000) and the equipment identity check server (scripts/eir.ts, on EIR_PORT, default 3040). Run
# through scripts/with-db.ts, which sets DATABASE_URL (the embedded PostgreSQL unless you set one)
# and stops the embedded server when the portal stops. Ctrl-C (or SIGTERM) stops both servers;
# either one ending stops the other.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx scripts/db-migrate.ts deploy
npx tsx --conditions=react-server scripts/db-seed.ts
npx next build

# One process each (no npx or tsx launcher in between), so a signal reaches the server itself.
node --conditions=react-server --import tsx scripts/eir.ts &
eir=$!
node node_modules/next/dist/bin/next start -p "${PORT:-3000}" &
next=$!
stop() { kill -TERM "$next" "$eir" 2>/dev/null || true; }
trap stop INT TERM
status=0
wait -n "$next" "$eir" || status=$?
stop
wait "$next" "$eir" 2>/dev/null || true
exit "$status"
