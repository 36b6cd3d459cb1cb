"""The Connections tab: one form per external system; secrets go to the keyring."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker
from jjdesk.integrations.base import ConnectionSpec

OK_STYLE = "color: #2e7d32;"
ERROR_STYLE = "color: #c62828; font-weight: bold;"


@dataclass(frozen=True, slots=True)
class ConnectionState:
    """A form's stored state: plain values, and which secrets are set (never their value)."""

    spec: ConnectionSpec
    values: dict[str, str]
    secrets_set: frozenset[str]


def load_connection(app: App, spec: ConnectionSpec) -> ConnectionState:
    """Read one form's state (worker thread: settings and keyring)."""
    values = {f.name: app.connection_value(spec.key, f.name) for f in spec.fields if not f.secret}
    secrets = frozenset(
        f.name for f in spec.fields if f.secret and app.has_secret(spec.key, f.name)
    )
    return ConnectionState(spec, values, secrets)


class ConnectionForm(QGroupBox):
    """The fields of one connection, Save and Test connection, and the result line."""

    save_requested = Signal(str, dict)  # key, values
    test_requested = Signal(str, dict)
    sign_in_requested = Signal(str, dict)

    def __init__(self, spec: ConnectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec.title, parent)
        self.spec = spec
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        self.advanced = QWidget()
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        for field in spec.fields:
            edit = QLineEdit()
            if field.secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            label = (
                field.label
                if not field.optional
                else self.tr("{label} (optional)").format(label=field.label)
            )
            target = advanced_form if field.advanced else form
            target.addRow(label, edit)
            if field.help:
                hint = plain_label(field.help)
                hint.setStyleSheet("color: palette(placeholder-text);")
                target.addRow("", hint)
            self.edits[field.name] = edit
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.toggled.connect(self._show_advanced)
        self.advanced.setVisible(False)
        has_advanced = any(f.advanced for f in spec.fields)
        self.advanced_toggle.setVisible(has_advanced)
        self.result = plain_label()  # remote systems' words: never markup
        self.save_button = QPushButton(self.tr("Save"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.save_button.clicked.connect(lambda: self.save_requested.emit(spec.key, self.values()))
        self.test_button.clicked.connect(self._test)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result, 1)
        self.sign_in_button = QPushButton(self.tr("Sign in…"))
        self.sign_in_button.setToolTip(
            self.tr("Opens the browser: sign in there and allow jjdesk access")
        )
        self.sign_in_button.clicked.connect(self._sign_in)
        self.sign_in_button.setVisible(spec.authorize is not None)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.advanced_toggle)
        layout.addWidget(self.advanced)
        layout.addLayout(buttons)

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def show_state(self, state: ConnectionState) -> None:
        """Fill plain fields; secret fields stay empty with a placeholder when set."""
        for field in self.spec.fields:
            edit = self.edits[field.name]
            if field.secret:
                edit.clear()
                edit.setPlaceholderText(
                    self.tr("••• saved") if field.name in state.secrets_set else ""
                )
            else:
                edit.setText(state.values.get(field.name, ""))
                edit.setPlaceholderText(field.default)

    def values(self) -> dict[str, str]:
        """What the merchant typed (an empty secret field keeps the stored secret)."""
        return {name: edit.text() for name, edit in self.edits.items()}

    def show_result(self, text: str, *, ok: bool) -> None:
        """The inline result of Save or Test."""
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.result.setText(text)

    def set_busy(self, busy: bool) -> None:
        """Buttons off while the worker saves or tests."""
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)
        self.sign_in_button.setEnabled(not busy)

    def _sign_in(self) -> None:
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Waiting for the sign-in in the browser…"))
        self.sign_in_requested.emit(self.spec.key, self.values())

    def _test(self) -> None:
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Testing…"))
        self.test_requested.emit(self.spec.key, self.values())


class ConnectionsTab(QWidget):
    """Every connection the enabled integrations need."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.forms: dict[str, ConnectionForm] = {}
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Passwords and keys are kept in your system's keyring, never in files."))
        )
        layout.addWidget(self.scroll_area)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the forms for the connections needed now."""
        self._worker.submit(self._app.needed_connections, self._build)

    def _build(self, specs: list[ConnectionSpec]) -> None:
        keep = {s.key for s in specs}
        for key in [k for k in self.forms if k not in keep]:
            self.forms.pop(key).deleteLater()
        for spec in specs:
            if spec.key in self.forms:
                continue
            form = ConnectionForm(spec)
            form.save_requested.connect(self._save)
            form.test_requested.connect(self._test)
            form.sign_in_requested.connect(self._sign_in)
            self.forms[spec.key] = form
            self._column.insertWidget(self._column.count() - 1, form)
            self._load(spec)

    def _load(self, spec: ConnectionSpec) -> None:
        self._worker.submit(
            lambda: load_connection(self._app, spec), lambda state: self._show(spec.key, state)
        )

    def _show(self, key: str, state: ConnectionState) -> None:
        if key in self.forms:
            self.forms[key].show_state(state)

    def _save(self, key: str, values: dict[str, str]) -> None:
        form = self.forms[key]
        form.set_busy(True)

        def save() -> ConnectionState:
            self._app.save_connection(key, values)
            return load_connection(self._app, form.spec)

        def saved(state: ConnectionState) -> None:
            form.set_busy(False)
            form.show_state(state)
            form.show_result(self.tr("Saved."), ok=True)

        self._worker.submit(save, saved, lambda exc: self._failed(form, exc))

    def _test(self, key: str, values: dict[str, str]) -> None:
        """Save what was typed, then call the system once (network: worker only)."""
        form = self.forms[key]
        form.set_busy(True)

        def save_and_test() -> tuple[ConnectionState, str]:
            self._app.save_connection(key, values)
            return load_connection(self._app, form.spec), self._app.test_connection(key)

        def tested(result: tuple[ConnectionState, str]) -> None:
            form.set_busy(False)
            form.show_state(result[0])
            form.show_result(self.tr("Connected: {detail}").format(detail=result[1]), ok=True)

        self._worker.submit(save_and_test, tested, lambda exc: self._failed(form, exc))

    def _sign_in(self, key: str, values: dict[str, str]) -> None:
        """Save what was typed, then wait in a worker for the merchant's consent."""
        form = self.forms[key]
        form.set_busy(True)

        def save_and_sign_in() -> tuple[ConnectionState, str]:
            self._app.save_connection(key, values)
            detail = self._app.authorize_connection(key)
            return load_connection(self._app, form.spec), detail

        def signed_in(result: tuple[ConnectionState, str]) -> None:
            form.set_busy(False)
            form.show_state(result[0])
            form.show_result(self.tr("Signed in: {detail}").format(detail=result[1]), ok=True)

        self._worker.submit(save_and_sign_in, signed_in, lambda exc: self._failed(form, exc))

    def _failed(self, form: ConnectionForm, exc: Exception) -> None:
        form.set_busy(False)
        form.show_result(self.tr("Failed: {error}").format(error=error_words(exc)), ok=False)

    def show_connection(self, key: str, problem: str = "") -> None:
        """Bring one form into view (credentials were rejected) and focus its first field."""
        form = self.forms.get(key)
        if form is None:
            return
        self.scroll_area.ensureWidgetVisible(form)
        if problem:
            form.show_result(problem, ok=False)
        first = next(iter(form.edits.values()), None)
        if first is not None:
            first.setFocus()
