#!/usr/bin/env bash
# npm run demo: migrate, load the demo data, build and serve: the portal (Next, on PORT, default
# 3000, through the edge server scripts/server.ts), the equipment identity check server (scripts/eir.ts, on EIR_PORT, default 3040) and the
# notification worker (scripts/worker.ts). Run
# through scripts/with-db.ts, which sets DATABASE_URL (the embedded PostgreSQL unless you set one)
# and stops the embedded server when the portal stops. Ctrl-C (or SIGTERM) stops all three;
# any one ending stops the others.
set -euo pipefail
cd "$(dirname "$0")/.."
# The demo's message transports, chosen explicitly: SMS and emails are written to the log (phones
# masked) and to the admin Outbox page, so a newcomer can read a one-time code. Never a default:
# without these settings no message is sent (README, "Notifications").
export SMS_TRANSPORT=log
export EMAIL_TRANSPORT=log
# The key that signs proof-of-work challenges (required in production): random for this demo run
# unless one is set; every process started here shares it.
export ALTCHA_HMAC_KEY="${ALTCHA_HMAC_KEY:-$(node -e "process.stdout.write(require('node:crypto').randomBytes(36).toString('base64url'))")}"
npx tsx scripts/db-migrate.ts deploy
npx tsx --conditions=react-server scripts/db-seed.ts
npx next build

# One process each (no npx or tsx launcher in between), so a signal reaches the server itself.
node --conditions=react-server --import tsx scripts/eir.ts &
eir=$!
node --conditions=react-server --import tsx scripts/worker.ts &
worker=$!
node --import tsx scripts/server.ts &
next=$!
stop() { kill -TERM "$next" "$eir" "$worker" 2>/dev/null || true; }
trap stop INT TERM
status=0
wait -n "$next" "$eir" "$worker" || status=$?
stop
wait "$next" "$eir" "$worker" 2>/dev/null || true
exit "$status"
