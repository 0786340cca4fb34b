#!/usr/bin/env bash
# The servers the end-to-end tests run against: production builds of the portal on
# 127.0.0.1:${E2E_PORT:-3100} and, with --second, a second instance on the next port, both on one
# PostgreSQL database (E2E_DATABASE_URL, set by playwright.config.ts); with --eir, the equipment
# identity check server (scripts/eir.ts) on the port after that; with --inbox, the test inbox
# (scripts/test-inbox.ts: SMS gateway on port+3, SMTP on port+4); with --worker, the notification
# worker (scripts/worker.ts, health on port+5), which delivers to the inbox.
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
# Messages go to the test inbox (scripts/test-inbox.ts, started by playwright.config.ts): its HTTP
# SMS gateway on port+3 and its SMTP server on port+4; the worker scans every 2 seconds.
export SMS_TRANSPORT=http
export SMS_GATEWAY_URL="http://127.0.0.1:$((port + 3))/sms"
export SMS_GATEWAY_TOKEN="${INBOX_TOKEN:-e2e-gateway-token}"
export EMAIL_TRANSPORT=smtp
export SMTP_URL="smtp://127.0.0.1:$((port + 4))"
export MAIL_FROM="IMEI portal <no-reply@e2e.test>"
export PUBLIC_URL="http://127.0.0.1:${port}"
export NOTIFY_SCAN_SECONDS=2

if [ "${1:-}" = "--second" ]; then
  exec npx next start -H 127.0.0.1 -p "$((port + 1))"
fi
if [ "${1:-}" = "--eir" ]; then
  # the equipment identity check server, one node process (so SIGTERM reaches it)
  export EIR_PORT="$((port + 2))"
  exec node --conditions=react-server --import tsx scripts/eir.ts
fi

if [ "${1:-}" = "--worker" ]; then
  # the notification worker, one node process (so SIGTERM reaches it); /healthz on port+5
  export WORKER_HEALTH_PORT="$((port + 5))"
  exec node --conditions=react-server --import tsx scripts/worker.ts
fi
if [ "${1:-}" = "--inbox" ]; then
  # the test inbox: the SMS gateway (HTTP) and the SMTP server the messages go to
  export INBOX_HTTP_PORT="$((port + 3))" INBOX_SMTP_PORT="$((port + 4))" INBOX_TOKEN="$SMS_GATEWAY_TOKEN"
  exec node --import tsx scripts/test-inbox.ts
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
# staff accounts of the e2e tests (password and TOTP secret from standard input, never on the
# command line; the secrets are those of e2e/support/staff-helpers.ts, which computes the codes)
for who in admin:admin:ZT6SNPL6BSBATL7D4GMOPC22JJOR2ONY support:support:SFVBQTAPEP7SW2PT42QGTBKR24SQJKY7 \
  throttled:support:EJ4MJ5DIKNFI464FTFGFPWJV7LTMAZZC instances:support:WQUHO3OTTO247FMP5DKIWIO7ERD5ARX7; do
  IFS=: read -r name role secret <<<"$who"
  printf '%s\n%s\n' "e2e-password-${name}-123" "$secret" |
    npm run --silent staff:create -- --email "${name}@e2e.test" --role "$role" --password-stdin --totp-secret-stdin >/dev/null
done
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build; fi
exec npx next start -H 127.0.0.1 -p "$port"
