"""Narrow exception classes shared by the core, storage, formats and the session."""

from __future__ import annotations

from dataclasses import dataclass


class AnnotatorError(Exception):
    """Base class of every error annotator raises on purpose."""


class TagSetError(AnnotatorError):
    """A tag set file is invalid; the message lists every problem."""


class SchemaVersionError(AnnotatorError):
    """The database was written by a newer annotator, or is not an annotator project."""


class StorageError(AnnotatorError):
    """The project database could not store a change (disk full, an I/O error, locked too
    long); the change was rolled back whole."""


class ReadOnlyError(AnnotatorError):
    """The project was opened read-only (a file or folder the user cannot write): no change."""


class NotFoundError(AnnotatorError):
    """A row asked for by id does not exist."""


class ValidationError(AnnotatorError):
    """A mark, actor or label breaks a rule of the data model."""


@dataclass(frozen=True)
class InputProblem:
    """One problem found in an input file, with where it is."""

    path: str
    line: int | None
    message: str
    # Set when the problem is a label the tag set does not know: the window offers to map it.
    unknown_label: str | None = None
    # Whether --lenient (the window's "Skip bad records") would skip the record it is in;
    # not when the whole file cannot be read.
    skippable: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    def as_skipped(self) -> InputProblem:
        """Return the problem as the warning a lenient import gives for what it left out."""
        return InputProblem(self.path, self.line, f"skipped: {self.message}", self.unknown_label)


class InputError(AnnotatorError):
    """An input file is bad; nothing from the import was stored."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        super().__init__(shown)

    @property
    def unknown_labels(self) -> list[str]:
        """Return the labels the tag set does not know, each once, sorted."""
        return sorted({p.unknown_label for p in self.problems if p.unknown_label is not None})
