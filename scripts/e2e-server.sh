#!/usr/bin/env bash
# The server the end-to-end tests run against: a fresh database with the demo data, and a
# production build served on 127.0.0.1:${E2E_PORT:-3100}.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./data/e2e.db"
rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm
npm run --silent db:migrate
npm run --silent db:seed >/dev/null
# grey devices of the e2e tests' own, loaded through the real feed import
npx tsx e2e/support/write-registrations.ts data/e2e-registrations.csv
npm run --silent data:import -- registrations data/e2e-registrations.csv >/dev/null
export UPLOAD_DIR="./data/e2e-uploads"
rm -rf data/e2e-uploads
# staff accounts of the e2e tests (passwords from standard input, never on the command line)
for who in admin:admin support:support throttled:support; do
  echo "e2e-password-${who%%:*}-123" | npm run --silent staff:create -- --email "${who%%:*}@e2e.test" --role "${who##*:}" --password-stdin >/dev/null
done
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build; fi
exec npx next start -H 127.0.0.1 -p "${E2E_PORT:-3100}"
