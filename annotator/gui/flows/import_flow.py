"""File › Import: read files or a folder in the background; ask to map labels the tag set does
not know; when records are bad, say which and offer to skip them (lenient) and import the rest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import InputError
from annotator.core.interaction import LabelMap
from annotator.formats import registry
from annotator.gui.background import Progress
from annotator.gui.flows.base import Workflow
from annotator.services.imports import ImportCancelledError, ImportReport
from annotator.session import Session, summarise

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

SKIP = "Skip bad records"
SHOWN_PROBLEMS = 12  # problems listed in a box; the rest are counted


class ImportWorkflow(Workflow):
    """Import files into the window's project; on unknown labels, ask for a mapping and retry;
    on bad records, offer to skip them and retry."""

    def __init__(
        self,
        window: MainWindow,
        paths: list[Path],
        format_name: str | None = None,
        label_map: LabelMap | None = None,
        lenient: bool = False,
    ):
        super().__init__(window)
        self.paths = list(paths)
        self.format_name = format_name
        self.label_map = label_map
        self.lenient = lenient
        self.report: ImportReport | None = None

    def start(self) -> ImportWorkflow:
        """Start the import (with the label map and leniency chosen so far)."""
        paths, format_name, label_map, lenient = (
            self.paths,
            self.format_name,
            self.label_map,
            self.lenient,
        )

        def work(session: Session, progress: Progress) -> ImportReport:
            return session.import_paths(
                paths,
                format_name=format_name,
                label_map=label_map,
                lenient=lenient,
                progress=progress,
            )

        self.run("Importing…", work, self._imported, self._failed)
        return self

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.window.session.announce_import(report)  # the window's views reload
        self.reload_window()
        self.interaction.inform(f"Imported: {summarise(report)}.")
        if report.skipped or report.warnings:
            skipped = _listed([str(w) for w in report.warnings])
            self.interaction.warn(
                "Imported, some records skipped", f"{summarise(report)}.\n\n{skipped}"
            )
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelledError):
            self.interaction.inform("Import cancelled; nothing was stored.")
            self.finish(False)
            return
        if isinstance(error, InputError):
            if error.unknown_labels and self.label_map is None:
                self.interaction.choose_label_map(
                    error.unknown_labels, self.window.session.tagset, self._mapped
                )
                return
            if not self.lenient:
                question = (
                    f"Nothing was imported: {len(error.problems)} problem(s).\n\n"
                    f"{_listed([str(p) for p in error.problems])}\n\n"
                    "Skip the bad records and import the rest?"
                )
                self.interaction.ask(question, [SKIP], self._skip_answered)
                return
        self.interaction.warn("Nothing was imported", _reason(error))
        self.finish(False)

    def _mapped(self, label_map: LabelMap | None) -> None:
        if label_map is None:
            self.interaction.inform("Import cancelled; nothing was stored.")
            self.finish(False)
        else:
            self.label_map = label_map
            self.start()

    def _skip_answered(self, answer: str | None) -> None:
        if answer == SKIP:
            self.lenient = True
            self.start()
        else:
            self.interaction.inform("Nothing was imported.")
            self.finish(False)


def _listed(lines: list[str]) -> str:
    # One bullet per problem: a long one wraps in the box, and must not run into the next.
    shown = "\n".join(f"• {line}" for line in lines[:SHOWN_PROBLEMS])
    more = len(lines) - SHOWN_PROBLEMS
    return shown + (f"\n… and {more} more" if more > 0 else "")


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
) -> ImportWorkflow:
    """Start importing files or folders in the background, asking what it needs to."""
    return ImportWorkflow(window, paths, format_name, label_map, lenient).start()


def choose_and_import(window: MainWindow) -> ImportWorkflow | None:
    """Ask for files to import (in any known format) and start importing them."""
    readable = registry.readable()
    every = " ".join("*" + ext for f in readable for ext in f.extensions)
    by_filter = {f.file_filter(): f.name for f in readable}
    files, chosen = window.interaction.choose_files(
        "Import articles and coding", [f"All known ({every})", *by_filter, "All files (*)"]
    )
    return import_files(window, files, by_filter.get(chosen)) if files else None


def choose_folder_and_import(window: MainWindow) -> ImportWorkflow | None:
    """Ask for a folder (.txt articles, brat, WebAnno TSV, XMI) and start importing it."""
    folder = window.interaction.choose_folder("Import a folder of articles or coding")
    return import_files(window, [folder]) if folder is not None else None
