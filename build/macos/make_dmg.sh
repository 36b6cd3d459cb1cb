#!/usr/bin/env bash
# Pack dist/jjdesk.app (built by `pyinstaller installer.spec` on macOS) into a .dmg with an
# Applications shortcut, after checking the bundle is a menu-bar app as intended.
#
#   build/macos/make_dmg.sh [VERSION]        -> dist/jjdesk-VERSION.dmg
#
# CODESIGN_IDENTITY="Developer ID Application: …" signs the app (and the dmg) before packing;
# without it PyInstaller's ad-hoc signature stays (fine for testing, Gatekeeper will warn).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/dist/jjdesk.app"
VERSION="${1:-$(cd "$ROOT" && python3 -c 'import jjdesk; print(jjdesk.__version__)')}"
DMG="$ROOT/dist/jjdesk-$VERSION.dmg"
PLIST="$APP/Contents/Info.plist"

[ -d "$APP" ] || { echo "make_dmg: $APP missing; run pyinstaller installer.spec first" >&2; exit 1; }
for key in LSUIElement NSHighResolutionCapable; do
    [ "$(/usr/libexec/PlistBuddy -c "Print :$key" "$PLIST")" = "true" ] \
        || { echo "make_dmg: $key is not true in $PLIST" >&2; exit 1; }
done
[ -f "$APP/Contents/Resources/jjdesk/resources/icons/tray-template.png" ] \
    || [ -f "$APP/Contents/Frameworks/jjdesk/resources/icons/tray-template.png" ] \
    || { echo "make_dmg: menu-bar template icon missing in $APP" >&2; exit 1; }

if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --deep --options runtime --timestamp -s "$CODESIGN_IDENTITY" "$APP"
fi
codesign --verify --deep --strict "$APP"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "jjdesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp -s "$CODESIGN_IDENTITY" "$DMG"
fi
echo "make_dmg: $DMG ($(du -sm "$DMG" | cut -f1) MB)"
