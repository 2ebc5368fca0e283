"""File › Export: write the project's coding in a chosen format, in the background."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.formats import registry
from annotator.gui.background import Progress
from annotator.gui.workflows.base import Workflow
from annotator.services.exports import ExportCancelledError
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


class ExportWorkflow(Workflow):
    """Export every coder's coding to a file (or a folder, for one-file-per-article formats)."""

    def __init__(self, window: MainWindow, path: Path, format_name: str = "jsonl"):
        super().__init__(window)
        self.path = Path(path)
        self.format_name = format_name
        self.count: int | None = None

    def start(self) -> ExportWorkflow:
        """Start writing; the file is replaced only once complete."""
        path, format_name = self.path, self.format_name
        options = {}
        if format_name == "label-studio":
            options["ls_config"] = str(path.with_name(path.stem + ".label_config.xml"))

        def work(session: Session, progress: Progress) -> int:
            return session.export_file(
                path, format_name, options=options, progress=lambda done: progress(done, 0)
            )

        self.run("Exporting records…", work, self._written, self._failed)
        return self

    def _written(self, count: int) -> None:
        self.count = count
        self.window.statusBar().showMessage(f"Wrote {count} record(s) to {self.path}.", 8000)
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ExportCancelledError):
            message = f"Export cancelled; {self.path} was not written."
            self.window.statusBar().showMessage(message, 8000)
        elif isinstance(error, OSError) and error.strerror:
            QMessageBox.warning(self.window, "Export failed", f"{self.path}: {error.strerror}")
        elif isinstance(error, AnnotatorError):
            QMessageBox.warning(self.window, "Export failed", f"{self.path}: {error}")
        else:
            reason = f"{error.__class__.__name__}: {error}"
            QMessageBox.warning(self.window, "Export failed", f"{self.path}: {reason}")
        self.finish(False)


def choose_and_export(window: MainWindow) -> ExportWorkflow | None:
    """Ask for a format and where to write it, then start exporting."""
    writable = registry.writable()
    names = [f"{f.name} — {f.title}" for f in writable]
    choice, ok = QInputDialog.getItem(window, "Export", "Format:", names, 0, False)
    if not ok:
        return None
    fmt = writable[names.index(choice)]
    if fmt.folder:
        target = QFileDialog.getExistingDirectory(window, f"Export {fmt.title} into folder")
    else:
        target, _ = QFileDialog.getSaveFileName(
            window, f"Export {fmt.title}", f"annotations{fmt.extensions[0]}", fmt.file_filter()
        )
    if not target:
        return None
    return window.export_to(Path(target), fmt.name)
