"""The window's side of the Interaction protocol: status-bar lines, message boxes and dialogs
opened without blocking, long work on a worker thread behind a progress dialog — and, for the
window's flows only, the file choosers and a line of text to type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMainWindow, QMessageBox

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
        self._informed = ""  # the line inform() shows; the bar's tooltip has it whole
        window.statusBar().messageChanged.connect(self._message_changed)

    def inform(self, text: str) -> None:
        """Show a line in the status bar, for longer the longer it is (whole on hover)."""
        bar = self.window.statusBar()
        shown = elide(text, STATUS_CHARS)
        self._informed = shown
        bar.showMessage(shown, 8000 + 40 * len(text))
        # A line wider than the bar (a merge's report at 1280 pixels) is cut off by the coder's
        # name: hovering shows it whole, until another message takes its place.
        bar.setToolTip(text)

    def _message_changed(self, message: str) -> None:
        if message != self._informed:
            self.window.statusBar().setToolTip("")

    def warn(self, title: str, text: str) -> None:
        """Show a warning box (without blocking the window's event loop)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names and messages are not HTML
        self.open_dialog(box)

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
        self.open_dialog(box)

    def choose_label_map(
        self,
        unknown: Sequence[str],
        tagset: TagSet,
        answered: Callable[[LabelMap | None], None],
        proposed: LabelMap | None = None,
    ) -> None:
        """Open the label-mapping dialog (the proposals chosen); answer its mapping, or None
        if cancelled."""
        from annotator.gui.dialogs.label_map_dialog import LabelMapDialog

        dialog = LabelMapDialog(list(unknown), tagset, self.window, proposed)
        dialog.finished.connect(
            lambda result: answered(
                dialog.label_map() if result == QDialog.DialogCode.Accepted else None
            )
        )
        self.open_dialog(dialog)

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

    def choose_files(self, title: str, filters: Sequence[str]) -> tuple[list[Path], str]:
        """Ask for files to read; return them (none if cancelled) and the filter chosen."""
        files, chosen = QFileDialog.getOpenFileNames(self.window, title, "", ";;".join(filters))
        return [Path(f) for f in files], chosen

    def choose_file(self, title: str, filters: Sequence[str]) -> Path | None:
        """Ask for one file to read; None if cancelled."""
        file, _ = QFileDialog.getOpenFileName(self.window, title, "", ";;".join(filters))
        return Path(file) if file else None

    def choose_folder(self, title: str) -> Path | None:
        """Ask for a folder; None if cancelled."""
        folder = QFileDialog.getExistingDirectory(self.window, title)
        return Path(folder) if folder else None

    def choose_file_to_write(
        self, title: str, suggested: str, file_filter: str, confirm_overwrite: bool = True
    ) -> Path | None:
        """Ask where to write a file; None if cancelled."""
        options = QFileDialog.Option(0)
        if not confirm_overwrite:
            options |= QFileDialog.Option.DontConfirmOverwrite
        file, _ = QFileDialog.getSaveFileName(
            self.window, title, suggested, file_filter, options=options
        )
        return Path(file) if file else None

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for a line of text; None if cancelled."""
        answer, ok = QInputDialog.getText(self.window, title, label, text=text)
        return answer if ok else None

    def open_dialog(self, dialog: QDialog) -> None:
        """Open a dialog without blocking; it is deleted once closed."""
        self.dialog = dialog

        def closed() -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(lambda _result: closed())
        dialog.open()
