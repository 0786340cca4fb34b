#!/usr/bin/env bash
# npm test: every test, from a fresh clone. Installs what it needs: the npm packages when they are
# missing or stale, and Debian's Chromium when no browser is found. Then the static checks
# (typecheck, ESLint, Prettier), the unit tests (vitest)
# and the end-to-end tests (Playwright against a production build, two instances, in kk and ru),
# all on a real PostgreSQL: TEST_DATABASE_URL when set (an account allowed to create databases),
# else the embedded PostgreSQL, started for the run and stopped after it (scripts/with-db.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ -z "${PORTAL_TEST_DB_READY:-}" ]; then
  # Static checks first: no database or browser needed, and they fail in seconds.
  echo "› static checks (typecheck, lint, format:check)"
  npm run --silent typecheck
  npm run --silent lint
  npm run --silent format:check
fi

if [ -z "${CHROMIUM_PATH:-}" ]; then
  for c in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$c" ]; then CHROMIUM_PATH="$c"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "› no Chromium found: installing Debian's chromium"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  CHROMIUM_PATH=/usr/bin/chromium
fi
export CHROMIUM_PATH

if [ -z "${PORTAL_TEST_DB_READY:-}" ]; then
  # Once the packages are there: run the rest with a PostgreSQL to test on.
  export PORTAL_TEST_DB_READY=1
  exec npx tsx scripts/with-db.ts --tests -- bash "$0" "$@"
fi

mkdir -p reports
echo "› unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=reports/unit.json

echo "› end-to-end tests (Playwright, production build)"
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME=reports/e2e.json npx playwright test --reporter=list,json || e2e_status=$?

node -e '
const fs = require("fs");
const u = JSON.parse(fs.readFileSync("reports/unit.json", "utf8"));
let passed = u.numPassedTests, failed = u.numFailedTests;
try {
  const e = JSON.parse(fs.readFileSync("reports/e2e.json", "utf8")).stats;
  passed += e.expected; failed += e.unexpected;
  console.log(`unit: ${u.numPassedTests} passed; end-to-end: ${e.expected} passed, ${e.unexpected} failed, ${e.flaky} flaky`);
} catch { failed += 1; console.log("end-to-end: no report"); }
console.log(`${passed} passed, ${failed} failed`);
'
exit "$e2e_status"
