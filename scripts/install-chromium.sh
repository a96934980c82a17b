#!/usr/bin/env bash
# Installs Debian's chromium for the viewer's browser tests (test/e2e) when /usr/bin/chromium is
# missing and we are root. Idempotent: does nothing when it is there. Without root it prints the
# command and exits 0; the e2e tests then fail saying the same.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: /usr/bin/chromium is missing; as root run: apt-get update && apt-get install -y chromium" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Chromium so that /usr/bin/chromium exists" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium
/usr/bin/chromium --version
