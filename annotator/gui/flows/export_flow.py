"""File › Export: write the project's coding in a chosen format, in the background: every
coder's, one coder's or gold, all articles or those a search finds, with the format's options."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from annotator.core.errors import AnnotatorError
from annotator.gui.background import Progress
from annotator.gui.flows.base import Workflow
from annotator.services.exports import ExportCancelledError, summarise_notes
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.formats.base import ExportNote
    from annotator.gui.main_window import MainWindow


class ExportWorkflow(Workflow):
    """Export every coder's coding to a file (or a folder, for one-file-per-article formats)."""

    def __init__(
        self,
        window: MainWindow,
        path: Path,
        format_name: str = "jsonl",
        annotator: str | None = None,
        options: dict[str, str] | None = None,
    ):
        super().__init__(window)
        self.path = Path(path)
        self.format_name = format_name
        self.annotator = annotator
        self.options = dict(options or {})
        self.count: int | None = None
        self.notes: list[ExportNote] = []  # what the writer dropped or changed

    def start(self) -> ExportWorkflow:
        """Start writing; the file is replaced only once complete."""
        path, format_name, annotator = self.path, self.format_name, self.annotator
        options = dict(self.options)
        if format_name == "label-studio":
            options.setdefault("ls_config", str(path.with_name(path.stem + ".label_config.xml")))

        notes = self.notes

        def work(session: Session, progress: Progress) -> int:
            return session.export_file(
                path,
                format_name,
                annotator,
                options,
                progress=lambda done: progress(done, 0),
                notes=notes,
            )

        self.run("Exporting records…", work, self._written, self._failed)
        return self

    def _written(self, count: int) -> None:
        self.count = count
        if count == 0:
            self.interaction.inform(
                f"Nothing to export to {self.path}: no chosen article has marks or labels yet."
            )
        else:
            self.interaction.inform(f"Wrote {count} record(s) to {self.path}.")
        if self.notes:
            self.interaction.warn(
                "Written, with changes to fit the format",
                f"Wrote {count} record(s) to {self.path}.\n\n{summarise_notes(self.notes)}",
            )
        self.finish(True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ExportCancelledError):
            self.interaction.inform(f"Export cancelled; {self.path} was not written.")
        elif isinstance(error, OSError) and error.strerror:
            self.interaction.warn("Export failed", f"{self.path}: {error.strerror}")
        elif isinstance(error, AnnotatorError):
            self.interaction.warn("Export failed", f"{self.path}: {error}")
        else:
            reason = f"{error.__class__.__name__}: {error}"
            self.interaction.warn("Export failed", f"{self.path}: {reason}")
        self.finish(False)


def export_to(
    window: MainWindow,
    path: Path,
    format_name: str = "jsonl",
    annotator: str | None = None,
    options: dict[str, str] | None = None,
) -> ExportWorkflow:
    """Start exporting in the background: every coder's coding unless one is named."""
    return ExportWorkflow(window, path, format_name, annotator, options).start()


def choose_and_export(window: MainWindow) -> None:
    """Ask what to export (format, coder, articles, options), then where; start exporting."""
    from annotator.gui.dialogs.export_dialog import ExportDialog

    search = window.article_filter.search.text().strip()
    dialog = ExportDialog(window.session.coder_names(), search, window)
    interaction = window.interaction

    def chosen(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.chosen_format()
        if fmt.folder:
            target = interaction.choose_folder(f"Export {fmt.title} into folder")
        else:
            suggested = f"annotations{fmt.extensions[0]}"
            target = interaction.choose_file_to_write(
                f"Export {fmt.title}", suggested, fmt.file_filter()
            )
        if target is not None:
            export_to(window, target, fmt.name, dialog.annotator(), dialog.options())

    dialog.finished.connect(chosen)
    interaction.open_dialog(dialog)
