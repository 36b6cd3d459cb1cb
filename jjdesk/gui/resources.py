"""Where the packaged resources (icons, translations) are, also inside PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
ICONS = RESOURCES / "icons"
TRANSLATIONS = RESOURCES / "translations"


def icon(name: str, fallback: QStyle.StandardPixmap) -> QIcon:
    """An icon file from resources/icons, or a standard icon while the file is missing."""
    path = ICONS / name
    if path.is_file():
        return QIcon(str(path))
    return QApplication.style().standardIcon(fallback)


def app_icon() -> QIcon:
    """The window icon."""
    return icon("jjdesk.png", QStyle.StandardPixmap.SP_ComputerIcon)


def tray_icon(alert: bool = False) -> QIcon:
    """The tray icon; with `alert`, the one with a red dot (something needs attention).

    On macOS the calm icon is the monochrome template, so the menu bar can tint it.
    """
    if alert:
        return icon("tray-error.png", QStyle.StandardPixmap.SP_MessageBoxWarning)
    if sys.platform == "darwin" and (ICONS / "tray-template.png").is_file():
        template = QIcon(str(ICONS / "tray-template.png"))
        template.setIsMask(True)
        return template
    return icon("tray.png", QStyle.StandardPixmap.SP_ComputerIcon)
