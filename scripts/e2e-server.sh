#!/usr/bin/env bash
# The servers the end-to-end tests run against: production builds of the portal on
# 127.0.0.1:${E2E_PORT:-3100} and, with --second, a second instance on the next port, both on one
# PostgreSQL database (E2E_DATABASE_URL, set by playwright.config.ts); with --eir, the equipment
# identity check server (scripts/eir.ts) on the port after that.
#
# The first instance recreates that database (on TEST_DATABASE_URL's server, or the embedded
# PostgreSQL, started here when it is not running), migrates it, loads the demo data and the e2e
# devices through the real feed import, creates the e2e staff accounts, builds and serves.
# The second instance only serves (Playwright starts it once the first answers).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${E2E_DATABASE_URL:?E2E_DATABASE_URL is not set (playwright.config.ts sets it)}"
port="${E2E_PORT:-3100}"
export DATABASE_URL="$E2E_DATABASE_URL"
export UPLOAD_DIR="./data/e2e-uploads"

if [ "${1:-}" = "--second" ]; then
  exec npx next start -H 127.0.0.1 -p "$((port + 1))"
fi
if [ "${1:-}" = "--eir" ]; then
  # the equipment identity check server, one node process (so SIGTERM reaches it)
  export EIR_PORT="$((port + 2))"
  exec node --conditions=react-server --import tsx scripts/eir.ts
fi

if [ -z "${TEST_DATABASE_URL:-}" ]; then
  # Run directly (npx playwright test): the embedded PostgreSQL, stopped with this server if started here.
  exec npx tsx scripts/with-db.ts --tests -- bash "$0" "$@"
fi

npx tsx e2e/support/recreate-database.ts
npm run --silent db:migrate >/dev/null
npm run --silent db:seed >/dev/null
# grey devices of the e2e tests' own, loaded through the real feed import
mkdir -p data
npx tsx e2e/support/write-registrations.ts data/e2e-registrations.csv
npm run --silent data:import -- registrations data/e2e-registrations.csv >/dev/null
rm -rf data/e2e-uploads
# staff accounts of the e2e tests (passwords from standard input, never on the command line)
for who in admin:admin support:support throttled:support instances:support; do
  echo "e2e-password-${who%%:*}-123" | npm run --silent staff:create -- --email "${who%%:*}@e2e.test" --role "${who##*:}" --password-stdin >/dev/null
done
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build; fi
exec npx next start -H 127.0.0.1 -p "$port"
