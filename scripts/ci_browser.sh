#!/usr/bin/env bash
# Debian's chromium for the connection-guide browser tests: installed when missing, loudly
# failing when it cannot be (the tests then fail too rather than skip). Quick when present.
set -euo pipefail
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then
    exit 0
fi
command -v apt-get >/dev/null || { echo "ci_browser: chromium is missing and apt-get is not available" >&2; exit 1; }
echo "ci_browser: installing Debian's chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq chromium; } >&2 || { echo "ci_browser: apt-get install chromium failed" >&2; exit 1; }
command -v chromium >/dev/null || { echo "ci_browser: chromium installed but not on PATH" >&2; exit 1; }
