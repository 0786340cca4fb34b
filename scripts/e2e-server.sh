#!/usr/bin/env bash
# The servers the end-to-end tests run against: production builds of the portal on
# 127.0.0.1:${E2E_PORT:-3100} and, with --second, a second instance on the next port, both on one
# PostgreSQL database (E2E_DATABASE_URL, set by playwright.config.ts); with --eir, the equipment
# identity check server (scripts/eir.ts) on the port after that; with --inbox, the test inbox
# (scripts/test-inbox.ts: SMS gateway on port+3, SMTP on port+4); with --worker, the notification
# worker (scripts/worker.ts, health on port+5), which delivers to the inbox; with --outage, an
# instance on port+6 that reaches the database through a proxy on port+7 which tests can cut.
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
# The tests give each test a client address of its own through X-Forwarded-For (ownAddress in
# e2e/support/apply-helpers.ts): the portal believes it only from a trusted proxy, here loopback.
export TRUSTED_PROXIES="127.0.0.1,::1"
# Signs the proof-of-work challenges (required in production builds); one key for both instances.
export ALTCHA_HMAC_KEY="e2e-altcha-hmac-key-${port}-0123456789abcdef"

if [ "${1:-}" = "--second" ]; then
  # the portal behind its edge server (scripts/server.ts), one node process (so SIGTERM reaches it)
  PORT="$((port + 1))" exec node --import tsx scripts/server.ts -H 127.0.0.1
fi
if [ "${1:-}" = "--outage" ]; then
  # A third instance whose database connections pass through a TCP proxy on port+7
  # (e2e/support/db-proxy.ts, controlled over HTTP on that same port: POST /cut, POST /restore),
  # so e2e/database-outage.spec.ts takes the database away from this instance alone while the
  # shared server keeps running. Both are in this process group: Playwright's SIGTERM ends both.
  export DB_PROXY_PORT="$((port + 7))"
  DB_PROXY_TARGET="$(node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname}:${u.port || 5432}`)' "$DATABASE_URL")"
  export DB_PROXY_TARGET
  DATABASE_URL="$(node -e 'const u = new URL(process.argv[1]); u.hostname = "127.0.0.1"; u.port = process.argv[2]; console.log(u.toString())' "$DATABASE_URL" "$DB_PROXY_PORT")"
  export DATABASE_URL PUBLIC_URL="http://127.0.0.1:$((port + 6))"
  node --import tsx e2e/support/db-proxy.ts &
  PORT="$((port + 6))" exec node --import tsx scripts/server.ts -H 127.0.0.1
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
  throttled:support:EJ4MJ5DIKNFI464FTFGFPWJV7LTMAZZC instances:support:WQUHO3OTTO247FMP5DKIWIO7ERD5ARX7 \
  challenge-kk:support:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U challenge-ru:support:OV3HO6DZPJQWEY3EMVTGO2DJNJVWY3LO \
  cleared:support:NZXXA4LSON2HK5TXPB4XUYLCMNSGKZTH; do
  IFS=: read -r name role secret <<<"$who"
  printf '%s\n%s\n' "e2e-password-${name}-123" "$secret" |
    npm run --silent staff:create -- --email "${name}@e2e.test" --role "$role" --password-stdin --totp-secret-stdin >/dev/null
done
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then npx next build; fi
PORT="$port" exec node --import tsx scripts/server.ts -H 127.0.0.1
