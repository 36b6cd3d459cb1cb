#!/usr/bin/env bash
# Install jjdesk and start it in demo mode: simulators on loopback, demo data, the window.
# Without a display (a server, CI) it runs the demo headless once and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ]; then
  echo "demo: no display found; running every flow once headless (set DISPLAY for the window)"
  exec .venv/bin/jjdesk demo --headless --once "$@"
fi
exec .venv/bin/jjdesk demo "$@"
