"""The Settings tab: integrations and flows on/off, each flow's interval, start at login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TypeVar

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
from jjdesk.app import MAX_INTERVAL, MIN_INTERVAL, App
from jjdesk.errors import ConfigFailure
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.notify_settings import NotifySettings
from jjdesk.gui.option_editors import ChoiceListEditor, TableEditor, connect_loader
from jjdesk.gui.worker import Worker
from jjdesk.integrations.base import OptionSpec

T = TypeVar("T")

MIN_MINUTES = int(MIN_INTERVAL.total_seconds() // 60)
MAX_MINUTES = int(MAX_INTERVAL.total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class FlowSettings:
    """One flow's switch and interval."""

    key: str
    title: str
    enabled: bool
    minutes: int


@dataclass(frozen=True, slots=True)
class IntegrationSettings:
    """One integration's switch, its flows and options, and stored values that do not fit."""

    key: str
    title: str
    enabled: bool
    flows: list[FlowSettings]
    options: list[tuple[OptionSpec, str]]  # option, current value
    problems: list[str]  # shown at once; the editor offers the default to save instead


def load_settings(app: App) -> list[IntegrationSettings]:
    """Every integration (worker thread: reads settings)."""
    return [_integration_settings(app, key) for key in app.integrations]


def _integration_settings(app: App, key: str) -> IntegrationSettings:
    integration = app.integrations[key]
    problems: list[str] = []

    def checked(read: Callable[[], T], default: T) -> T:
        try:
            return read()
        except ConfigFailure as exc:
            problems.append(exc.message)
            return default

    flows = []
    for f in integration.flows:
        interval = checked(partial(app.interval, key, f.key), f.default_interval)
        minutes = int(interval.total_seconds() // 60)
        flows.append(FlowSettings(f.key, f.title, app.is_flow_enabled(key, f.key), minutes))
    options = [
        (o, checked(partial(app.option, key, o.name), o.default)) for o in integration.options
    ]
    return IntegrationSettings(
        key, integration.title, app.is_enabled(key), flows, options, problems
    )


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
        self.flow_switches: dict[tuple[str, str], QCheckBox] = {}
        self.intervals: dict[tuple[str, str], QSpinBox] = {}
        self.options: dict[tuple[str, str], QWidget] = {}
        self.autostart = QCheckBox(self.tr("Start jjdesk at login"))
        self.autostart.setEnabled(False)
        self.autostart.clicked.connect(self._autostart_clicked)
        self.message = plain_label()
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        self.notifications = NotifySettings()
        layout = QVBoxLayout(self)
        layout.addWidget(self.autostart)
        layout.addWidget(self.notifications)
        layout.addWidget(scroll)
        layout.addWidget(self.message)
        self._worker.submit(lambda: load_settings(self._app), self._build)
        self._worker.submit(autostart_state, self._show_autostart, self._autostart_failed)

    def refresh(self) -> None:
        """Rebuild the integrations' settings (a custom shop was added)."""
        while self._column.count():
            taken = self._column.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for table in (self.switches, self.flow_switches, self.intervals, self.options):
            table.clear()
        self._worker.submit(lambda: load_settings(self._app), self._build)

    def _build(self, items: list[IntegrationSettings]) -> None:
        for item in items:
            box = QGroupBox(item.title)
            form = QFormLayout(box)
            switch = QCheckBox(self.tr("Synchronise this integration"))
            switch.setChecked(item.enabled)
            switch.toggled.connect(lambda on, k=item.key: self._switch(k, on))
            form.addRow(switch)
            self.switches[item.key] = switch
            for flow in item.flows:
                on = QCheckBox(self.tr("{flow} every").format(flow=flow.title))
                on.setChecked(flow.enabled)
                on.toggled.connect(lambda value, k=item.key, f=flow.key: self._flow(k, f, value))
                spin = QSpinBox()
                spin.setRange(MIN_MINUTES, MAX_MINUTES)
                spin.setSuffix(self.tr(" min"))
                spin.setValue(flow.minutes)
                spin.setKeyboardTracking(False)
                spin.valueChanged.connect(
                    lambda value, k=item.key, f=flow.key: self._interval(k, f, value)
                )
                form.addRow(on, spin)
                self.flow_switches[(item.key, flow.key)] = on
                self.intervals[(item.key, flow.key)] = spin
            for option, value in item.options:
                form.addRow(option.label, self._option_editor(item.key, option, value))
            self._column.addWidget(box)
        self._column.addStretch(1)
        problems = [p for item in items for p in item.problems]
        if problems:
            self._show_error("\n".join(problems))

    def _option_editor(self, key: str, option: OptionSpec, value: str) -> QWidget:
        """A table, a list of live choices, a combo box, a spin box, or a line edit."""
        editor: QWidget
        if option.table_columns:
            table = TableEditor(option, value)
            table.changed.connect(lambda text: self._option(key, option.name, text))
            editor = table
        elif option.live_choices is not None:
            choices = ChoiceListEditor(value)
            choices.changed.connect(lambda text: self._option(key, option.name, text))
            connect_loader(
                choices,
                lambda: self._app.option_choices(key, option.name),
                self._worker.submit,
                self._failed,
            )
            editor = choices
        elif option.document is not None:
            editor = QLabel(self.tr("edited in the Mappings tab"))
        elif option.choices:
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
            spin.setRange(option.minimum, option.maximum or option.minimum)
            spin.setValue(int(value))
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

    def _flow(self, key: str, flow: str, on: bool) -> None:
        self._worker.submit(
            lambda: self._app.set_flow_enabled(key, flow, on),
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
        self._show_error(self.tr("Not saved: {error}").format(error=error_words(exc)))

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(text)
