#!/usr/bin/env bash
# The e2e tests drive Debian's chromium (never a downloaded browser: `npx playwright install`
# cannot reach its download host here). Installs it when missing and running as root.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "The browser tests need Debian's chromium at $CHROMIUM, and it is missing." >&2
  echo "Install it as root: apt-get update && apt-get install -y chromium   (or set CHROMIUM_PATH)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
