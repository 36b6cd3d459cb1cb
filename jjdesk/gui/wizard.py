"""First start: pick the integrations, enter and test each credential, preview, confirm.

The preview is a dry run of every flow that would run ("would create 1,204 products,
update 37, remove 2; import 12 orders"); nothing is written to any shop or to Afterbuy
and no integration is switched on until the merchant confirms with Finish.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from jjdesk.app import App
from jjdesk.cockpit.preview import Preview, preview
from jjdesk.flows.context import PlanAction
from jjdesk.gui import fmt
from jjdesk.gui.connections_tab import ConnectionForm, ConnectionState, load_connection
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker


class PickPage(QWizardPage):
    """Which integrations to synchronise."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome to jjdesk"))
        self.setSubTitle(self.tr("Which of your systems should jjdesk keep in sync?"))
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for key, spec in app.integrations.items():
            box = QCheckBox(spec.title)
            box.toggled.connect(self.completeChanged)
            self.boxes[key] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def chosen(self) -> list[str]:
        """The integrations ticked."""
        return [k for k, box in self.boxes.items() if box.isChecked()]

    def isComplete(self) -> bool:
        return bool(self.chosen())


class CredentialsPage(QWizardPage):
    """One form per connection the chosen integrations need, each tested on the spot."""

    def __init__(self, app: App, worker: Worker, pick: PickPage, parent: QWidget | None = None):
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self._pick = pick
        self.setTitle(self.tr("Credentials"))
        self.setSubTitle(
            self.tr(
                "Enter each credential; the line below a field says where to find it. They are"
                " kept in your system's keyring. Test each connection before you go on."
            )
        )
        self.forms: dict[str, ConnectionForm] = {}
        self.tested: set[str] = set()
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)

    def initializePage(self) -> None:
        for form in self.forms.values():
            form.deleteLater()
        self.forms.clear()
        self.tested.clear()
        keys: list[str] = []
        for integration in self._pick.chosen():
            keys += [k for k in self._app.integrations[integration].connections if k not in keys]
        for key in keys:
            spec = self._app.connection_spec(key)
            form = ConnectionForm(spec)
            form.save_requested.connect(self._save)
            form.test_requested.connect(self._test)
            self.forms[key] = form
            self._column.addWidget(form)
            self._worker.submit(partial(load_connection, self._app, spec), form.show_state)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.forms) and set(self.forms) <= self.tested

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

        self._worker.submit(save, saved, lambda exc: self._failed(key, exc))

    def _test(self, key: str, values: dict[str, str]) -> None:
        form = self.forms[key]
        form.set_busy(True)

        def save_and_test() -> tuple[ConnectionState, str]:
            self._app.save_connection(key, values)
            return load_connection(self._app, form.spec), self._app.test_connection(key)

        def tested(result: tuple[ConnectionState, str]) -> None:
            form.set_busy(False)
            form.show_state(result[0])
            form.show_result(self.tr("Connected: {detail}").format(detail=result[1]), ok=True)
            self.tested.add(key)
            self.completeChanged.emit()

        self._worker.submit(save_and_test, tested, lambda exc: self._failed(key, exc))

    def _failed(self, key: str, exc: Exception) -> None:
        form = self.forms[key]
        form.set_busy(False)
        self.tested.discard(key)
        form.show_result(self.tr("Failed: {error}").format(error=error_words(exc)), ok=False)
        self.completeChanged.emit()


def summary_text(result: Preview) -> str:
    """'Would create 1.204 products, update 37, remove 2; import 12 orders; …'."""
    n = {action: fmt.number(result.total(action)) for action in PlanAction}
    text = QCoreApplication.translate(
        "Wizard", "Would create {create} products, update {update}, remove {remove}"
    ).format(create=n[PlanAction.CREATE], update=n[PlanAction.UPDATE], remove=n[PlanAction.REMOVE])
    text += "; " + QCoreApplication.translate("Wizard", "import {orders} orders").format(
        orders=n[PlanAction.IMPORT]
    )
    if result.total(PlanAction.STOCK):
        text += "; " + QCoreApplication.translate(
            "Wizard", "set the stock of {stock} products"
        ).format(stock=n[PlanAction.STOCK])
    if result.total(PlanAction.SHIP):
        text += "; " + QCoreApplication.translate("Wizard", "send {ship} tracking numbers").format(
            ship=n[PlanAction.SHIP]
        )
    return text + "."


def plan_text(counts: dict[PlanAction, int]) -> str:
    """One flow's writes: 'would create 26, update 3' ('würde 26 anlegen, 3 aktualisieren')."""
    words = {
        PlanAction.CREATE: QCoreApplication.translate("Wizard", "create {n}"),
        PlanAction.UPDATE: QCoreApplication.translate("Wizard", "update {n}"),
        PlanAction.REMOVE: QCoreApplication.translate("Wizard", "remove {n}"),
        PlanAction.STOCK: QCoreApplication.translate("Wizard", "set the stock of {n}"),
        PlanAction.IMPORT: QCoreApplication.translate("Wizard", "import {n}"),
        PlanAction.SHIP: QCoreApplication.translate("Wizard", "send {n} tracking numbers"),
    }
    parts = [words[a].format(n=fmt.number(counts[a])) for a in PlanAction if counts.get(a)]
    if not parts:
        return ""
    return QCoreApplication.translate("Wizard", "would {actions}").format(actions=", ".join(parts))


class PreviewPage(QWizardPage):
    """What the first run would do; Finish confirms it."""

    def __init__(self, app: App, worker: Worker, pick: PickPage, parent: QWidget | None = None):
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self._pick = pick
        self.setTitle(self.tr("Preview of the first run"))
        self.setSubTitle(
            self.tr("Nothing has been written yet. Check the numbers, then start with Finish.")
        )
        self.summary = plain_label()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.result: Preview | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Per flow:")))
        layout.addWidget(self.details)

    def initializePage(self) -> None:
        self.result = None
        self.summary.setText(self.tr("Reading your systems (nothing is written)…"))
        self.details.clear()
        chosen = self._pick.chosen()
        self._worker.submit(
            lambda: preview(self._app, chosen),
            self._show,
            lambda exc: self.summary.setText(error_words(exc)),
        )
        self.completeChanged.emit()

    def _show(self, result: Preview) -> None:
        self.result = result
        self.summary.setText(summary_text(result))
        lines = []
        for flow in result.flows:
            if flow.failure:
                lines.append(f"{flow.title}: {flow.failure}")
                continue
            counts = plan_text(flow.counts)
            problems = (
                self.tr("{n} items with errors").format(n=fmt.number(flow.problems))
                if flow.problems
                else ""
            )
            lines.append(f"{flow.title}: {', '.join(p for p in (counts, problems) if p) or '—'}")
        self.details.setPlainText("\n".join(lines))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None and not self.result.failed


class SetupWizard(QWizard):
    """The first-start assistant; `confirmed` carries the integrations to switch on."""

    confirmed = Signal(list)

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.setWindowTitle(self.tr("jjdesk setup"))
        self.pick = PickPage(app)
        self.credentials = CredentialsPage(app, worker, self.pick)
        self.preview = PreviewPage(app, worker, self.pick)
        for page in (self.pick, self.credentials, self.preview):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Start synchronising"))
        self.resize(760, 560)

    def accept(self) -> None:
        """Switch the chosen integrations on and run their flows once now."""
        chosen = self.pick.chosen()

        def start() -> None:
            for key in chosen:
                self._app.set_enabled(key, True)
            if self._app.scheduler_running:
                for key in chosen:
                    for flow in self._app.integrations[key].flows:
                        if self._app.is_flow_enabled(key, flow.key):
                            self._app.run_now(key, flow.key)

        self._worker.submit(start, lambda _: self.confirmed.emit(chosen))
        super().accept()
