#!/usr/bin/env bash
# The e-mail tests run against a real IMAP server: Debian's Dovecot (never a mock). Installs
# dovecot-imapd when missing and running as root (the way ensure-chromium.sh installs chromium).
# The tests start their own Dovecot with a temporary configuration (server/testing/dovecot.ts);
# the system service is never used.
set -euo pipefail
DOVECOT="${DOVECOT_PATH:-/usr/sbin/dovecot}"
if [ -x "$DOVECOT" ] && [ -x /usr/lib/dovecot/imap ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "The e-mail tests need Debian's Dovecot IMAP server at $DOVECOT, and it is missing." >&2
  echo "Install it as root: apt-get update && apt-get install -y dovecot-imapd   (or set DOVECOT_PATH)" >&2
  exit 1
fi
echo "Installing Debian's Dovecot for the e-mail tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq dovecot-imapd >/dev/null
"$DOVECOT" --version
