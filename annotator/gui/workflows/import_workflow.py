"""File › Import: read files in the background; ask to map labels the tag set does not know."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from annotator.core.errors import InputError
from annotator.core.model import MarkKind
from annotator.formats import registry
from annotator.gui.background import Progress
from annotator.gui.dialogs.label_map_dialog import LabelMapDialog
from annotator.gui.workflows.base import Workflow
from annotator.services.imports import ImportCancelledError, ImportReport
from annotator.session import Session, summarise

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

_UNKNOWN_LABEL = re.compile(r"unknown label '([^']+)'")


class ImportWorkflow(Workflow):
    """Import files into the window's project; on unknown labels, ask for a mapping and retry."""

    def __init__(
        self,
        window: MainWindow,
        paths: list[Path],
        format_name: str | None = None,
        label_map: dict[str, tuple[MarkKind, str]] | None = None,
    ):
        super().__init__(window)
        self.paths = list(paths)
        self.format_name = format_name
        self.label_map = label_map
        self.label_map_dialog: LabelMapDialog | None = None
        self.report: ImportReport | None = None

    def start(self) -> ImportWorkflow:
        """Start the import (with the label map, if one was chosen)."""
        paths, format_name, label_map = self.paths, self.format_name, self.label_map

        def work(session: Session, progress: Progress) -> ImportReport:
            return session.import_paths(
                paths, format_name=format_name, label_map=label_map, progress=progress
            )

        self.run("Importing…", work, self._imported, self._failed)
        return self

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.window.session.announce_import(report)  # the window's views reload
        self.reload_window()
        self.window.statusBar().showMessage(f"Imported: {summarise(report)}.", 8000)
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelledError):
            self.window.statusBar().showMessage("Import cancelled; nothing was stored.", 8000)
            self.finish(False)
            return
        if isinstance(error, InputError) and self.label_map is None:
            unknown = sorted(
                {m for p in error.problems for m in _UNKNOWN_LABEL.findall(p.message)}
            )
            if unknown:
                self._ask_label_map(unknown)
                return
        QMessageBox.warning(self.window, "Nothing was imported", _reason(error))
        self.finish(False)

    def _ask_label_map(self, unknown: list[str]) -> None:
        """Ask how to map the unknown labels (without blocking); import again if answered."""
        dialog = LabelMapDialog(unknown, self.window.session.tagset, self.window)
        self.label_map_dialog = self.window.label_map_dialog = dialog

        def answered(result: int) -> None:
            if result == LabelMapDialog.DialogCode.Accepted:
                self.label_map = dialog.label_map()
                self.start()
            else:
                self.finish(False)

        dialog.finished.connect(answered)
        dialog.open()


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error) or error.__class__.__name__


def choose_and_import(window: MainWindow) -> ImportWorkflow | None:
    """Ask for files to import (in any known format) and start importing them."""
    readable = registry.readable()
    every = " ".join("*" + ext for f in readable for ext in f.extensions)
    by_filter = {f.file_filter(): f.name for f in readable}
    filters = [f"All known ({every})", *by_filter, "All files (*)"]
    files, chosen = QFileDialog.getOpenFileNames(
        window, "Import articles and coding", "", ";;".join(filters)
    )
    if not files:
        return None
    return window.import_files([Path(f) for f in files], by_filter.get(chosen))
