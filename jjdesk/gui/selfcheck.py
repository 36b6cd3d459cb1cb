"""The Qt half of `jjdesk --self-test`: Qt starts offscreen, translations and icons load.

Kept in gui/ because nothing outside it may import Qt; `jjdesk.selftest` calls these.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from jjdesk import i18n


class CheckFailed(Exception):
    """A Qt check found a defect; `jjdesk.selftest` reports the message as it is."""


@contextmanager
def _offscreen() -> Iterator[None]:
    """Use Qt's offscreen platform for this process's QGuiApplication: never a window."""
    before = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        yield
    finally:
        if before is None:
            del os.environ["QT_QPA_PLATFORM"]
        else:
            os.environ["QT_QPA_PLATFORM"] = before


def qt_runtime() -> str:
    """Qt loads and its platform plugin starts (a bundle without it cannot show the GUI)."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication, QLibraryInfo
    from PySide6.QtGui import QGuiApplication

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(
        p.name.removeprefix("lib").removeprefix("q").split(".")[0]
        for p in plugins.glob("*")
        if p.suffix in (".so", ".dll", ".dylib")
    )
    needed = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}.get(sys.platform)
    missing = [name for name in ("offscreen", needed) if name and name not in found]
    if missing:
        raise CheckFailed(f"Qt platform plugin(s) {', '.join(missing)} missing in {plugins}")
    app = QCoreApplication.instance()
    if app is None:
        with _offscreen():
            app = QGuiApplication([sys.argv[0] if sys.argv else "jjdesk", "--self-test"])
    kind = type(app).__name__
    platform_name = QGuiApplication.platformName() if isinstance(app, QGuiApplication) else "-"
    return (
        f"PySide6 {pyside_version}, {kind} on platform {platform_name!r}, "
        f"platform plugins: {', '.join(found)}"
    )


def translations(folder: Path) -> str:
    """jjdesk's own .qm files and Qt's German texts load (the GUI speaks German first)."""
    from PySide6.QtCore import QLibraryInfo, QTranslator

    loaded = []
    for language in i18n.SUPPORTED:
        if language == "en":  # the source language; jjdesk_en.qm is optional
            continue
        name = f"jjdesk_{language}.qm"
        if not (folder / name).is_file():
            raise CheckFailed(f"{name} missing in {folder}")
        translator = QTranslator()
        if not translator.load(name, str(folder)) or translator.isEmpty():
            raise CheckFailed(f"{name} in {folder} does not load (damaged or empty)")
        loaded.append(name)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator()
    if not qtbase.load("qtbase_de", qt_folder):
        raise CheckFailed(f"Qt's qtbase_de.qm missing in {qt_folder}")
    return f"{', '.join(loaded)} and qtbase_de.qm load"


def icons(folder: Path, names: Sequence[str]) -> str:
    """The tray and window icons exist and decode."""
    from PySide6.QtGui import QImage

    broken = [name for name in names if QImage(str(folder / name)).isNull()]
    if broken:
        raise CheckFailed(f"missing or unreadable in {folder}: {', '.join(broken)}")
    return f"{len(names)} icons decode"
