"""File › Import: read files or a folder in the background; ask to map labels the tag set does
not know; when records are bad, say which and offer to skip them (lenient) and import the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.interaction import LabelMap
from annotator.formats import registry
from annotator.gui.background import Progress
from annotator.gui.flows.base import Workflow
from annotator.services.import_questions import ImportQuestions, listed
from annotator.services.imports import ImportCancelledError, ImportReport
from annotator.session import Session, summarise

if TYPE_CHECKING:
    from annotator.formats.base import Format
    from annotator.gui.main_window import MainWindow


class ImportWorkflow(Workflow):
    """Import files into the window's project, in the background, asking what it needs (see
    ImportQuestions: a label mapping, whether to skip bad records)."""

    def __init__(
        self,
        window: MainWindow,
        paths: list[Path],
        format_name: str | None = None,
        label_map: LabelMap | None = None,
        lenient: bool = False,
        options: dict[str, str] | None = None,
    ):
        super().__init__(window)
        self.paths = list(paths)
        self.format_name = format_name
        self.options = dict(options or {})
        self.report: ImportReport | None = None
        self._backed_up = False
        self.questions = ImportQuestions(
            self.interaction,
            window.session.tagset,
            self._attempt,
            label_map=label_map,
            lenient=lenient,
            imported=self._imported,
            failed=self._failed,
            declined=lambda message, _error: self._declined(message),
        )

    @property
    def lenient(self) -> bool:
        """Say whether bad records are skipped (asked for, or given)."""
        return self.questions.lenient

    def start(self) -> ImportWorkflow:
        """Start the import."""
        self.questions.start()
        return self

    def _attempt(
        self,
        label_map: LabelMap | None,
        lenient: bool,
        succeeded: Callable[[ImportReport], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        paths, format_name, options = self.paths, self.format_name, self.options
        first = not self._backed_up
        self._backed_up = True

        def work(session: Session, progress: Progress) -> ImportReport:
            if first:  # once per import, not per try: `annotator restore` undoes it
                session.automatic_backup("import")
            return session.import_paths(
                paths,
                format_name=format_name,
                options=options,
                label_map=label_map,
                lenient=lenient,
                progress=progress,
            )

        self.run("Importing…", work, succeeded, failed)

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.window.session.announce_import(report)  # the window's views reload
        self.reload_window()
        self.interaction.inform(f"Imported: {summarise(report)}.")
        if report.skipped or report.warnings:
            noted = listed([str(w) for w in report.warnings])
            title = "Imported, some records skipped" if report.skipped else "Imported, with notes"
            self.interaction.warn(title, f"{summarise(report)}.\n\n{noted}")
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelledError):
            self.interaction.inform("Import cancelled; nothing was stored.")
        else:
            self.interaction.warn("Nothing was imported", _reason(error))
        self.finish(False)

    def _declined(self, message: str) -> None:
        self.interaction.inform(message)
        self.finish(False)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error) or error.__class__.__name__


def import_files(
    window: MainWindow,
    paths: list[Path],
    format_name: str | None = None,
    label_map: LabelMap | None = None,
    lenient: bool = False,
    options: dict[str, str] | None = None,
) -> ImportWorkflow:
    """Start importing files or folders in the background, asking what it needs to."""
    return ImportWorkflow(window, paths, format_name, label_map, lenient, options).start()


def choose_and_import(window: MainWindow) -> None:
    """Ask for files to import (in any known format), then for the options their formats
    take when read (if any), and start importing them."""
    readable = registry.readable()
    every = " ".join("*" + ext for f in readable for ext in f.extensions)
    by_filter = {f.file_filter(): f.name for f in readable}
    files, chosen = window.interaction.choose_files(
        "Import articles and coding", [f"All known ({every})", *by_filter, "All files (*)"]
    )
    if files:
        ask_options_and_import(window, files, by_filter.get(chosen))


def ask_options_and_import(window: MainWindow, files: list[Path], format_name: str | None) -> None:
    """Ask for the options the files' formats take when read (if any), then import them."""
    formats = formats_of(files, format_name)
    if not any(fmt.read_options for fmt in formats):
        import_files(window, files, format_name)
        return
    from PySide6.QtWidgets import QDialog

    from annotator.gui.dialogs.import_options_dialog import ImportOptionsDialog

    dialog = ImportOptionsDialog(formats, window)

    def answered(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            import_files(window, files, format_name, options=dialog.options())

    dialog.finished.connect(answered)
    window.interaction.open_dialog(dialog)


def formats_of(paths: list[Path], format_name: str | None) -> list[Format]:
    """Return the formats the files will be read as (the one named, else each file's)."""
    if format_name is not None:
        return [registry.get(format_name)]
    found: dict[str, Format] = {}
    for path in paths:
        fmt = registry.for_path(path) if path.is_file() else registry.for_folder(path)
        if fmt is not None:
            found.setdefault(fmt.name, fmt)
    return list(found.values())


def choose_folder_and_import(window: MainWindow) -> None:
    """Ask for a folder (.txt articles, brat, WebAnno TSV, XMI), then for the options its
    format takes when read (if any), and start importing it."""
    folder = window.interaction.choose_folder("Import a folder of articles or coding")
    if folder is not None:
        ask_options_and_import(window, [folder], None)
