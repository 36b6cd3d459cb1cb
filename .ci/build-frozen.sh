#!/usr/bin/env bash
# Build the Linux onedir with installer.spec and run the frozen `jjdesk --self-test` in it,
# so a dependency that breaks freezing fails CI. Prints the bundle size and its .tar.gz size.
#
#   .ci/build-frozen.sh [OUT_DIR]      (default: a temporary folder, removed afterwards)
#
# Env: PYTHON (default /work/venv/bin/python, else python3), KEEP_BUNDLE=1 keeps OUT_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$( [ -x /work/venv/bin/python ] && echo /work/venv/bin/python || echo python3 )}"
OUT="${1:-$(mktemp -d -t jjdesk-frozen-XXXXXX)}"
if [ -z "${1:-}" ] && [ "${KEEP_BUNDLE:-0}" != 1 ]; then
    trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT"

# Qt's xcb plugin links these; a missing one is only a warning here (the self-test runs
# offscreen) but the real GUI would not start on such a machine.
missing=""
for lib in libxkbcommon-x11.so.0 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 \
           libxcb-shape.so.0 libfontconfig.so.1 libEGL.so.1 libdbus-1.so.3; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
[ -z "$missing" ] || echo "build-frozen: note: system libraries missing for the xcb GUI:$missing"

echo "build-frozen: PyInstaller into $OUT"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" "$ROOT/installer.spec"
echo "build-frozen: built in $(( $(date +%s) - start )) s"

BUNDLE="$OUT/dist/jjdesk"
tar -C "$OUT/dist" -czf "$OUT/jjdesk-linux.tar.gz" jjdesk
echo "build-frozen: onedir $(du -sm "$BUNDLE" | cut -f1) MB, tar.gz $(du -sm "$OUT/jjdesk-linux.tar.gz" | cut -f1) MB"

# The frozen self-test, in a clean environment: no source tree on the path, no display,
# the in-process keyring so the secret round trip is proven (keyring honours this variable).
echo "build-frozen: frozen self-test"
cd "$OUT"
env -i PATH=/usr/bin:/bin HOME="$OUT" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    PYTHON_KEYRING_BACKEND=jjdesk.secrets.MemoryKeyring \
    "$BUNDLE/jjdesk" --self-test
echo "build-frozen: frozen self-test without a keyring backend (must report it, not fail)"
env -i PATH=/usr/bin:/bin HOME="$OUT" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    "$BUNDLE/jjdesk-console" --self-test
echo "build-frozen: OK"
