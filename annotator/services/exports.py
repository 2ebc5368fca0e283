"""Exporting the project's coding through the format registry."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from itertools import chain
from pathlib import Path
from typing import IO

from annotator.core.errors import AnnotatorError, ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.core.paths import file_in_the_way
from annotator.formats import registry
from annotator.formats.base import ExportNote, Format, FormatContext, check_option_keys
from annotator.services.base import SessionBase


class ExportsMixin(SessionBase):
    """Streaming every coder's coding out, in a stable order."""

    # -- export -----------------------------------------------------------------------------

    def documents(
        self, annotator: str | None = None, search: str = ""
    ) -> Generator[AnnotatedDocument, None, None]:
        """Yield every coder's coding of every article (or one coder's), in stable order.

        ``search`` keeps only the articles a full-text search finds (as in the window).
        """
        return self.store.coded_documents(self.tagset.focus, annotator, search)

    def export(
        self,
        out: IO[str],
        format_name: str = "jsonl",
        annotator: str | None = None,
        options: dict[str, str] | None = None,
        notes: list[ExportNote] | None = None,
    ) -> int:
        """Write the project's coding to a text stream in a format; return how many records.

        ``notes``, when given, receives what the writer dropped or changed to fit the format.
        """
        fmt = registry.get(format_name)
        check_option_keys(options or {}, [fmt], reading=False)
        if fmt.stream is None:
            raise ValidationError(f"format {fmt.name!r} cannot be written to standard output")
        context = self.format_context(options)
        # Closed here, not when garbage-collected: its read transaction must end while the
        # project is still open, also when the writer fails half-way.
        with closing(self._selected_documents(annotator, context)) as documents:
            count = fmt.stream(documents, out, context)
        if notes is not None:
            notes.extend(context.notes)
        return count

    def export_file(
        self,
        path: Path,
        format_name: str = "jsonl",
        annotator: str | None = None,
        options: dict[str, str] | None = None,
        progress: Callable[[int], bool] | None = None,
        notes: list[ExportNote] | None = None,
    ) -> int:
        """Export to a file (or a folder, for one-file-per-article formats); return records.

        ``progress(done)`` is called per record; returning False cancels (ExportCancelledError)
        and the output file is left as it was. With nothing to export, a file already there is
        kept as it was (and 0 returned): an export that finds nothing never empties an earlier one.
        ``notes``, when given, receives what the writer dropped or changed to fit the format.
        """
        fmt = registry.get(format_name)
        check_option_keys(options or {}, [fmt], reading=False)
        if fmt.write is None:
            raise ValidationError(f"format {fmt.name!r} can be imported but not exported")
        path = Path(path)
        _check_target(path, fmt)
        context = self.format_context(options)
        with closing(self._selected_documents(annotator, context)) as documents:
            first = next(documents, None)
            # (A target of the wrong kind is still refused by the writer, below.)
            if first is None and path.exists() and path.is_dir() == fmt.folder:
                return 0
            every = chain(() if first is None else (first,), documents)
            reported = _reporting(every, progress) if progress is not None else every
            if fmt.folder and path.suffix.lower() not in fmt.extensions:
                count = _write_folder(fmt, reported, path, context)
            else:
                count = fmt.write(reported, Path(path), context)
        if notes is not None:
            notes.extend(context.notes)
        return count

    def _selected_documents(
        self, annotator: str | None, context: FormatContext
    ) -> Generator[AnnotatedDocument, None, None]:
        """The documents to export: all, or those of articles matching the "articles" search."""
        return self.documents(annotator, context.options.get("articles") or "")


def _write_folder(
    fmt: Format, documents: Iterator[AnnotatedDocument], path: Path, context: FormatContext
) -> int:
    """Write a folder format into a new folder beside the target, renamed into place only when
    complete: a failure or Cancel half way leaves no half-written folder (which the next
    export would refuse as not empty)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent))
    try:
        count = fmt.write(documents, staging, context)  # type: ignore[misc]
        if path.is_dir():
            path.rmdir()  # empty: _check_target refused a folder with files in it
        staging.rename(path)
        return count
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _check_target(path: Path, fmt: Format) -> None:
    """Refuse an output path that would fail half-way or mix with an older export."""
    if fmt.folder and path.exists() and not path.is_dir() and path.suffix not in fmt.extensions:
        raise ValidationError(f"{path} is a file; {fmt.name} writes a folder: give a folder")
    if fmt.folder and path.is_dir() and any(path.iterdir()):
        raise ValidationError(
            f"{path} is not empty; give a new or empty folder, so that no file of an older "
            "export is mixed in"
        )
    if not fmt.folder and path.is_dir():
        raise ValidationError(f"{path} is a folder; {fmt.name} writes one file: give a file name")
    _check_folder(path.parent)


def _check_folder(folder: Path) -> None:
    """Refuse to write into a folder that is missing or is a file (named, not a traceback)."""
    blocking = folder if folder.exists() and not folder.is_dir() else file_in_the_way(folder)
    if blocking is not None:
        raise ValidationError(f"{blocking} is a file, not a folder: cannot write under it")
    if not folder.is_dir():
        raise ValidationError(f"{folder}: no such folder; create it first")


class ExportCancelledError(AnnotatorError):
    """The user cancelled an export; the output was not replaced."""


def _reporting(
    documents: Iterator[AnnotatedDocument], progress: Callable[[int], bool]
) -> Iterator[AnnotatedDocument]:
    for done, document in enumerate(documents):
        if not progress(done):
            raise ExportCancelledError("export cancelled; the output was not replaced")
        yield document


NOTES_SHOWN = 10


def summarise_notes(notes: list[ExportNote]) -> str:
    """Return what a writer changed or dropped: counts by kind, then the first few cases."""
    kinds = Counter(note.kind for note in notes)
    lines = [
        f"{len(notes)} note(s) from the writer: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    ]
    lines += [f"  {note}" for note in notes[:NOTES_SHOWN]]
    if len(notes) > NOTES_SHOWN:
        lines.append(f"  … and {len(notes) - NOTES_SHOWN} more")
    return "\n".join(lines)
