"""Narrow exception classes shared by the core, storage, formats and the session."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


class ProblemCode(StrEnum):
    """What kind of problem an input has, in a few words: what the CLI and the window count,
    group and act on (never the message's text). Every problem a reader finds has one."""

    UNREADABLE = "unreadable"  # the file (or folder) cannot be read at all
    NOT_UTF8 = "not UTF-8"
    NOT_JSON = "not JSON"
    NOT_AN_OBJECT = "not an object"  # a JSON value where an object belongs
    MISSING_TEXT = "missing text"  # a record without its article's text
    BAD_SHAPE = "bad shape"  # a value of the wrong type (a list where a string belongs)
    SCHEMA = "schema"  # a record against its JSON Schema
    BAD_SYNTAX = "bad syntax"  # a line or element of a text format that does not parse
    BAD_TEXT = "bad text"  # a text the offsets cannot be trusted on (CR, BOM, not the source's)
    BAD_OFFSETS = "bad offsets"  # offsets outside the text, or not on the text given
    UNKNOWN_REFERENCE = "unknown reference"  # a relation or attribute naming no annotation
    UNKNOWN_LABEL = "unknown label"  # the tag set has no such label (``unknown_label``)
    UNKNOWN_ACTOR = "unknown actor"  # a speaker or target no one knows
    BAD_MARK = "bad mark"  # a mark breaking a rule of the data model
    BAD_DOCUMENT = "bad document labels"
    UNSUPPORTED = "unsupported type"  # no format reads this file
    TOO_MANY = "too many"  # reading stopped: too many problems
    CHANGED = "changed"  # the file changed between the check and the import
    IGNORED = "ignored"  # a part of the input the format does not read (a warning)


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
    # What kind of problem (a ProblemCode): what shells count and group by, never by
    # parsing the message.
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"

    def as_skipped(self) -> InputProblem:
        """Return the problem as the warning a lenient import gives for what it left out."""
        message = f"skipped: {self.message}"
        return InputProblem(self.path, self.line, message, self.unknown_label, code=self.code)


class InputError(AnnotatorError):
    """An input file is bad; nothing from the import was stored."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        if more > 0 or len(self.kinds) > 1:
            shown += "\n" + self.summary()
        super().__init__(shown)

    @property
    def kinds(self) -> dict[str, int]:
        """Return how many problems of each kind (code) there are, the most frequent first."""
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.code or "other"] = counts.get(problem.code or "other", 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def summary(self) -> str:
        """Return ``1,000 problem(s): 998 not JSON, 2 unknown label``."""
        kinds = ", ".join(f"{n:,} {code}" for code, n in self.kinds.items())
        return f"{len(self.problems):,} problem(s): {kinds}"

    @property
    def unknown_labels(self) -> list[str]:
        """Return the labels the tag set does not know, each once, sorted."""
        return sorted({p.unknown_label for p in self.problems if p.unknown_label is not None})
