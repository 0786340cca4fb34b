#!/usr/bin/env bash
# npm run demo: migrate, load the demo data, build and serve. Run through scripts/with-db.ts, which
# sets DATABASE_URL (the embedded PostgreSQL unless you set one) and stops the embedded server
# when the portal stops.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx scripts/db-migrate.ts deploy
npx tsx --conditions=react-server scripts/db-seed.ts
npx next build
exec npx next start -p "${PORT:-3000}"
