"""Notification settings: all / failures only / off, and a daily summary at a chosen time."""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QTimeEdit, QWidget

from jjdesk.gui.notifier import NotifyLevel


class NotifySettings(QGroupBox):
    """Emits `changed(level, summary_at)`; the desktop saves it and tells the notifier."""

    changed = Signal(object, str)  # NotifyLevel, "HH:MM" or ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Notifications"))
        self.level = QComboBox()
        self.level.addItem(self.tr("All runs"), NotifyLevel.ALL)
        self.level.addItem(self.tr("Failures and items to fix only"), NotifyLevel.FAILURES)
        self.level.addItem(self.tr("Off"), NotifyLevel.OFF)
        self.summary = QCheckBox(self.tr("Daily summary at"))
        self.time = QTimeEdit(QTime(18, 0))
        self.time.setDisplayFormat("HH:mm")
        form = QFormLayout(self)
        form.addRow(self.tr("Tell me about:"), self.level)
        form.addRow(self.summary, self.time)
        self.level.currentIndexChanged.connect(self._emit)
        self.summary.toggled.connect(self._emit)
        self.time.editingFinished.connect(self._emit)

    def show_values(self, level: NotifyLevel, summary_at: str) -> None:
        """Show what is saved (without emitting `changed`)."""
        for widget in (self.level, self.summary, self.time):
            widget.blockSignals(True)
        self.level.setCurrentIndex(max(0, self.level.findData(level)))
        self.summary.setChecked(bool(summary_at))
        if summary_at:
            self.time.setTime(QTime.fromString(summary_at, "HH:mm"))
        for widget in (self.level, self.summary, self.time):
            widget.blockSignals(False)

    def _emit(self) -> None:
        at = self.time.time().toString("HH:mm") if self.summary.isChecked() else ""
        self.changed.emit(self.level.currentData(), at)
