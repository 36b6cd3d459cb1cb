"""The system's dark mode is followed (signal colours stay readable, nothing light is drawn
on a dark window) and the icons are sharp on a high-DPI screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import MakeApp, MakeDesktop
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from jjdesk.gui.labels import status_colour
from jjdesk.gui.resources import app_icon, tray_icon
from jjdesk.store.runs import RunStatus


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 … 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_palette() -> QPalette:
    """A dark system theme as the desktop would hand it to Qt."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#292a2d"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.Mid, "#5f6368"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9aa0a6"))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setPalette(before)


READABLE = 4.5  # WCAG AA for text (the card's state, a run's state)
VISIBLE = 3.0  # WCAG for graphics (the chart's error line)


def test_in_dark_mode_card_states_chart_and_run_states_stay_readable(
    qtbot: QtBot, dark: QPalette, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    overview = desktop.window.overview
    qtbot.waitUntil(lambda: "fake" in overview.cards)
    card = overview.cards["fake"]
    window = dark.color(QPalette.ColorRole.Window)

    assert contrast(card.state_colour(), window) >= READABLE
    assert contrast(card.chart.error_colour(), window) >= VISIBLE
    assert card.chart.written_colour() == dark.color(QPalette.ColorRole.Highlight)
    for status in RunStatus:  # the Status table's and the run history's state colours
        shown = status_colour(status)
        assert shown is not None and contrast(shown, window) >= READABLE, status


def test_switching_to_dark_mode_while_running_recolours_the_overview(
    qtbot: QtBot, qapp: QApplication, make_app: MakeApp, make_desktop: MakeDesktop
) -> None:
    desktop = make_desktop(make_app())
    overview = desktop.window.overview
    qtbot.waitUntil(lambda: "fake" in overview.cards)
    card = overview.cards["fake"]
    light = card.state_colour()
    before = qapp.palette()
    try:
        qapp.setPalette(dark_palette())
        window = dark_palette().color(QPalette.ColorRole.Window)
        qtbot.waitUntil(lambda: contrast(card.state_colour(), window) >= READABLE)
        assert card.state_colour() != light
        assert contrast(card.chart.error_colour(), window) >= VISIBLE
    finally:
        qapp.setPalette(before)


@pytest.mark.parametrize(
    "icon", [app_icon, tray_icon, lambda: tray_icon(alert=True)], ids=["app", "tray", "alert"]
)
def test_icons_are_drawn_from_enough_pixels_for_a_2x_screen(
    qapp: QApplication, icon: Callable[[], QIcon]
) -> None:
    logical = QSize(32, 32)
    pixmap = icon().pixmap(logical, 2.0)
    assert pixmap.devicePixelRatio() == 2.0
    assert pixmap.width() >= 64 and pixmap.height() >= 64  # not blown up from 32 px
