"""Qt translators: German or English, chosen like the core chooses its messages.

English is the source language; German comes from resources/translations/jjdesk_de.qm
(regenerate with `python -m jjdesk.gui.translations`) plus Qt's own qtbase_de for the
standard dialogs and buttons, when Qt ships it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from jjdesk import i18n as core_i18n
from jjdesk.gui.resources import TRANSLATIONS


def choose_language() -> str:
    """'de' or 'en' from the system locale (JJDESK_LANG overrides, as in the core)."""
    return core_i18n.detect_language()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load and install the translators for `language`; returns them for removal."""
    core_i18n.set_language(language)
    _match_number_and_date_formats(language)
    if language != "de":
        return []
    installed = []
    ours = QTranslator(app)
    if ours.load("jjdesk_de", str(TRANSLATIONS)):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(QLocale.Language.German), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def _match_number_and_date_formats(language: str) -> None:
    """German words want German dates and decimal commas, even on a "C" system locale."""
    system = QLocale.system()
    if language == "de" and system.language() != QLocale.Language.German:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    elif language == "en" and system.language() != QLocale.Language.English:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    else:
        QLocale.setDefault(system)


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Back to English (tests switch languages)."""
    for translator in translators:
        app.removeTranslator(translator)
