#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit + integration tests, then the browser e2e tests on the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
step "typecheck"; npx tsc --noEmit
step "lint"; npx eslint . --max-warnings=0
step "unit and integration tests"; bash scripts/ensure-dovecot.sh && npx vitest run
step "build the client"; npx vite build --logLevel warn
step "browser e2e tests"; bash scripts/ensure-chromium.sh && npx playwright test
