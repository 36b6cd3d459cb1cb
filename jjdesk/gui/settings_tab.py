"""The Settings tab: integrations on/off, each flow's interval, start at login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jjdesk import i18n as core_i18n
from jjdesk.app import App
from jjdesk.gui.labels import error_words
from jjdesk.gui.worker import Worker
from jjdesk.integrations.base import OptionSpec

MAX_MINUTES = 7 * 24 * 60


@dataclass(frozen=True, slots=True)
class IntegrationSettings:
    """One integration's switch and its flows' intervals in minutes."""

    key: str
    title: str
    enabled: bool
    intervals: list[tuple[str, str, int]]  # flow key, flow title, minutes
    options: list[tuple[OptionSpec, str]]  # option, current value


def load_settings(app: App) -> list[IntegrationSettings]:
    """Every integration (worker thread: reads settings)."""
    return [
        IntegrationSettings(
            i.key,
            i.title,
            app.is_enabled(i.key),
            [
                (f.key, f.title, int(app.interval(i.key, f.key).total_seconds() // 60))
                for f in i.flows
            ],
            [(o, app.option(i.key, o.name)) for o in i.options],
        )
        for i in app.integrations.values()
    ]


def autostart_state() -> bool | None:
    """Whether jjdesk starts at login; None when this installation cannot tell."""
    try:
        from jjdesk import autostart
    except ImportError:
        return None
    return bool(autostart.is_enabled())


def set_autostart(enabled: bool) -> bool:
    """Switch start at login; returns the state afterwards."""
    from jjdesk import autostart

    autostart.set_enabled(enabled)
    return bool(autostart.is_enabled())


class SettingsTab(QWidget):
    """Changes are saved as soon as they are made."""

    integrations_changed = Signal()

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.switches: dict[str, QCheckBox] = {}
        self.intervals: dict[tuple[str, str], QSpinBox] = {}
        self.options: dict[tuple[str, str], QWidget] = {}
        self.autostart = QCheckBox(self.tr("Start jjdesk at login"))
        self.autostart.setEnabled(False)
        self.autostart.clicked.connect(self._autostart_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.autostart)
        layout.addWidget(scroll)
        layout.addWidget(self.message)
        self._worker.submit(lambda: load_settings(self._app), self._build)
        self._worker.submit(autostart_state, self._show_autostart, self._autostart_failed)

    def _build(self, items: list[IntegrationSettings]) -> None:
        for item in items:
            box = QGroupBox(item.title)
            form = QFormLayout(box)
            switch = QCheckBox(self.tr("Synchronise this integration"))
            switch.setChecked(item.enabled)
            switch.toggled.connect(lambda on, k=item.key: self._switch(k, on))
            form.addRow(switch)
            self.switches[item.key] = switch
            for flow, title, minutes in item.intervals:
                spin = QSpinBox()
                spin.setRange(1, MAX_MINUTES)
                spin.setSuffix(self.tr(" min"))
                spin.setValue(minutes)
                spin.setKeyboardTracking(False)
                spin.valueChanged.connect(
                    lambda value, k=item.key, f=flow: self._interval(k, f, value)
                )
                form.addRow(self.tr("{flow} every").format(flow=title), spin)
                self.intervals[(item.key, flow)] = spin
            for option, value in item.options:
                form.addRow(option.label, self._option_editor(item.key, option, value))
            self._column.addWidget(box)
        self._column.addStretch(1)

    def _option_editor(self, key: str, option: OptionSpec, value: str) -> QWidget:
        """A combo box for a choice, a spin box for a number, else a line edit."""
        editor: QWidget
        if option.choices:
            combo = QComboBox()
            for choice in option.choices:
                combo.addItem(core_i18n.text(f"choice.{choice}"), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(
                lambda _, c=combo: self._option(key, option.name, str(c.currentData()))
            )
            editor = combo
        elif option.whole_number:
            spin = QSpinBox()
            spin.setRange(1, 3650)
            spin.setValue(int(value) if value.isdigit() else int(option.default))
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(lambda v: self._option(key, option.name, str(v)))
            editor = spin
        else:
            line = QLineEdit(value)
            line.editingFinished.connect(
                lambda line=line: self._option(key, option.name, line.text())
            )
            editor = line
        self.options[(key, option.name)] = editor
        return editor

    def _option(self, key: str, name: str, value: str) -> None:
        self._worker.submit(
            lambda: self._app.set_option(key, name, value), lambda _: self._saved(), self._failed
        )

    def _saved(self) -> None:
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Saved."))

    def _switch(self, key: str, on: bool) -> None:
        self._worker.submit(
            lambda: self._app.set_enabled(key, on),
            lambda _: self.integrations_changed.emit(),
            self._failed,
        )

    def _interval(self, key: str, flow: str, minutes: int) -> None:
        self._worker.submit(
            lambda: self._app.set_interval(key, flow, timedelta(minutes=minutes)),
            lambda _: self.integrations_changed.emit(),
            self._failed,
        )

    def _autostart_clicked(self, on: bool) -> None:
        self.autostart.setEnabled(False)
        self._worker.submit(lambda: set_autostart(on), self._show_autostart, self._autostart_failed)

    def _show_autostart(self, state: bool | None) -> None:
        self.autostart.setVisible(state is not None)
        self.autostart.setEnabled(state is not None)
        self.autostart.setChecked(bool(state))

    def _autostart_failed(self, exc: Exception) -> None:
        self.autostart.setEnabled(True)
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(self.tr("Not saved: {error}").format(error=error_words(exc)))
