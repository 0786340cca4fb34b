#!/usr/bin/env bash
# The server the end-to-end tests run against: a fresh database with the demo data, and a
# production build served on 127.0.0.1:${E2E_PORT:-3100}.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="file:./data/e2e.db"
rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm
npm run --silent db:migrate
npm run --silent db:seed >/dev/null
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build; fi
exec npx next start -H 127.0.0.1 -p "${E2E_PORT:-3100}"
