"""The Support tab: the log with a level filter, the log folder, the diagnostic report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jjdesk.app import App
from jjdesk.cockpit.diagnostics import diagnostic_report
from jjdesk.gui.labels import error_words, plain_label
from jjdesk.gui.worker import Worker

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
TAIL_BYTES = 400_000


def read_log(folder: Path, level: str) -> str:
    """The end of the newest log file, lines at `level` or above (worker thread)."""
    path = folder / "jjdesk.log"
    if not path.is_file():
        return ""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - TAIL_BYTES))
        text = handle.read().decode("utf-8", errors="replace")
    wanted = set(LEVELS[LEVELS.index(level) :])
    kept = [line for line in text.splitlines() if _level(line) in wanted]
    return "\n".join(kept[-2000:])


def _level(line: str) -> str:
    parts = line.split(" ", 3)
    return parts[2] if len(parts) > 2 and parts[2] in LEVELS else "INFO"


class SupportTab(QWidget):
    """What the merchant needs when calling support (no secret, no customer data)."""

    def __init__(self, app: App, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._worker = worker
        self.level = QComboBox()
        for level, text in zip(
            LEVELS,
            (self.tr("Everything"), self.tr("Information"), self.tr("Warnings"), self.tr("Errors")),
            strict=True,
        ):
            self.level.addItem(text, level)
        self.level.setCurrentIndex(1)
        self.level.currentIndexChanged.connect(self.refresh)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.clicked.connect(self.refresh)
        self.folder_button = QPushButton(self.tr("Open log folder"))
        self.folder_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton(self.tr("Copy diagnostic report"))
        self.copy_button.clicked.connect(self.copy_report)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.message = plain_label()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:")))
        top.addWidget(self.level)
        top.addWidget(self.reload_button)
        top.addStretch(1)
        top.addWidget(self.folder_button)
        top.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log)
        layout.addWidget(self.message)
        self.report = ""
        self.refresh()

    def refresh(self) -> None:
        """Read the log in the worker."""
        level = str(self.level.currentData())
        folder = self._app.profile.log_dir
        self._worker.submit(lambda: read_log(folder, level), self._show_log)

    def _show_log(self, text: str) -> None:
        self.log.setPlainText(text or self.tr("The log is empty."))
        self.log.moveCursor(self.log.textCursor().MoveOperation.End)

    def open_folder(self) -> None:
        """Show the log folder in the system's file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._app.profile.log_dir)))

    def copy_report(self) -> None:
        """Put the diagnostic report on the clipboard (read in the worker)."""
        self._worker.submit(
            lambda: diagnostic_report(self._app),
            self._copied,
            lambda exc: self.message.setText(error_words(exc)),
        )

    def _copied(self, report: str) -> None:
        self.report = report
        QGuiApplication.clipboard().setText(report)
        self.message.setText(
            self.tr("The diagnostic report is on the clipboard (no passwords, no customer data).")
        )
