"""Words for the merchant: run states, level actions and item kinds, translated by Qt."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QGuiApplication, QPalette, Qt
from PySide6.QtWidgets import QLabel

from jjdesk.app import App
from jjdesk.domain.levels import ExportAction, StockAction
from jjdesk.errors import JJDeskError
from jjdesk.store.runs import RunStatus


def status_text(status: RunStatus | None) -> str:
    """A clear word for a run's state; None means the flow never ran."""
    if status is None:
        return QCoreApplication.translate("Labels", "Not run yet")
    return {
        RunStatus.RUNNING: QCoreApplication.translate("Labels", "Running"),
        RunStatus.SUCCEEDED: QCoreApplication.translate("Labels", "OK"),
        RunStatus.WARNINGS: QCoreApplication.translate("Labels", "Action needed"),
        RunStatus.FAILED: QCoreApplication.translate("Labels", "Failed"),
        RunStatus.INTERRUPTED: QCoreApplication.translate("Labels", "Interrupted"),
    }[status]


GOOD_GREEN = QColor("#2e7d32")
ATTENTION_ORANGE = QColor("#e65100")
ERROR_RED = QColor("#c62828")
RUNNING_BLUE = QColor("#1565c0")

_STATUS_COLOURS = {
    RunStatus.RUNNING: RUNNING_BLUE,
    RunStatus.SUCCEEDED: GOOD_GREEN,
    RunStatus.WARNINGS: ATTENTION_ORANGE,
    RunStatus.FAILED: ERROR_RED,
}


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark one (the system's dark mode)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def readable(colour: QColor, palette: QPalette | None = None) -> QColor:
    """A signal colour (green, orange, red) that keeps its contrast on a dark window.

    The signal colours are dark enough for a light window; on a dark one they are made
    lighter, so the text stays as readable as the palette's own.
    """
    palette = palette if palette is not None else QGuiApplication.palette()
    return QColor(colour).lighter(170) if is_dark(palette) else QColor(colour)


def status_colour(status: RunStatus | None, palette: QPalette | None = None) -> QColor | None:
    """The text colour of a state (green good, orange attention, red failed, grey
    interrupted: the palette's own dimmed text)."""
    if status is None:
        return None
    if status is RunStatus.INTERRUPTED:
        return off_colour(palette)
    return readable(_STATUS_COLOURS[status], palette)


def off_colour(palette: QPalette | None = None) -> QColor:
    """The grey of something switched off or handled: the palette's disabled text."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)


def export_action_text(action: ExportAction) -> str:
    """What the product export does at a level, in the merchant's words."""
    return {
        ExportAction.TRANSFER: QCoreApplication.translate("Labels", "Transfer"),
        ExportAction.CREATE_ONCE: QCoreApplication.translate(
            "Labels", "Create once, then stock only"
        ),
        ExportAction.INACTIVE: QCoreApplication.translate("Labels", "Transfer as inactive/draft"),
        ExportAction.REMOVE: QCoreApplication.translate("Labels", "Remove from channel"),
        ExportAction.SKIP: QCoreApplication.translate("Labels", "Skip (leave untouched)"),
    }[action]


def stock_action_text(action: StockAction) -> str:
    """Whether the stock update touches products at a level."""
    return {
        StockAction.UPDATE: QCoreApplication.translate("Labels", "Update stock"),
        StockAction.SKIP: QCoreApplication.translate("Labels", "Do not update stock"),
    }[action]


def item_kind_text(kind: str) -> str:
    """'product' / 'order' as a word; unknown kinds are shown as they are."""
    words = {
        "product": QCoreApplication.translate("Labels", "Product"),
        "order": QCoreApplication.translate("Labels", "Order"),
    }
    return words.get(kind, kind)


FlowLabel = Callable[[str, str], str]


def flow_labeller(app: App) -> FlowLabel:
    """'Shopify – Bestellimport' for an (integration, flow) pair; no store access."""

    def label(integration: str, flow: str) -> str:
        try:
            spec = app.integrations[integration]
            return f"{spec.title} – {spec.flow(flow).title}"
        except KeyError:
            return f"{integration} – {flow}"

    return label


def error_words(exc: Exception) -> str:
    """An exception as the merchant reads it: title and message, or a plain fallback."""
    if isinstance(exc, JJDeskError):
        return title_and_message(exc.title, exc.message)
    return str(exc) or type(exc).__name__


def title_and_message(title: str, message: str) -> str:
    """'Shopify rejected the credentials: Open “Connections” …' (either part may be empty)."""
    return ": ".join(p for p in (title.rstrip(".:"), message) if p)


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` exactly as it is.

    Qt renders a tooltip that looks like markup (`<b>…`) as rich text; remote systems'
    texts must never be interpreted, so they are escaped into a paragraph first.
    """
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else ""


def plain_label(text: str = "") -> QLabel:
    """A wrapping label that shows its text as it is, never as markup (remote texts)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label
