"""The window's side of the Interaction protocol: status-bar lines, message boxes and dialogs
opened without blocking, and long work on a worker thread behind a progress dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from annotator.core.interaction import LabelMap, Progress
from annotator.core.tagset import TagSet
from annotator.core.text import elide
from annotator.gui.background import BackgroundTask, run_with_progress

STATUS_CHARS = 200  # a longer message is cut with "…" (the box or the report has it whole)


class QtInteraction:
    """Talks to the user of one window."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.dialog: QDialog | None = None  # the dialog last opened (tests answer it)
        self.task: BackgroundTask | None = None  # the work last started

    def inform(self, text: str) -> None:
        """Show a line in the status bar, for longer the longer it is."""
        self.window.statusBar().showMessage(elide(text, STATUS_CHARS), 8000 + 40 * len(text))

    def warn(self, title: str, text: str) -> None:
        """Show a warning box (without blocking the window's event loop)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and messages are not HTML
        self._open(box)

    def ask(
        self,
        question: str,
        choices: Sequence[str],
        answered: Callable[[str | None], None],
        default: str | None = None,
    ) -> None:
        """Ask with one button per answer; closing the box answers None."""
        box = QMessageBox(QMessageBox.Icon.Question, "annotator", question, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        buttons = {box.addButton(c, QMessageBox.ButtonRole.AcceptRole): c for c in choices}
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        chosen = next((b for b, c in buttons.items() if c == default), cancel)
        box.setDefaultButton(chosen)
        box.finished.connect(lambda _r: answered(buttons.get(box.clickedButton())))
        self._open(box)

    def choose_label_map(
        self, unknown: Sequence[str], tagset: TagSet, answered: Callable[[LabelMap | None], None]
    ) -> None:
        """Open the label-mapping dialog; answer its mapping, or None if cancelled."""
        from annotator.gui.dialogs.label_map_dialog import LabelMapDialog

        dialog = LabelMapDialog(list(unknown), tagset, self.window)
        dialog.finished.connect(
            lambda result: answered(
                dialog.label_map() if result == QDialog.DialogCode.Accepted else None
            )
        )
        self._open(dialog)

    def run(
        self,
        label: str,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run work on a worker thread behind a window-modal progress dialog with Cancel."""
        self.task = run_with_progress(
            self.window, label, work, on_success, on_failure, minimum_duration_ms=0
        )

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog

        def closed() -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(lambda _result: closed())
        dialog.open()
