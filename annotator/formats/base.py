"""What every reader yields: articles and annotation records, each with where it came from."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import InputProblem
from annotator.core.model import AnnotatedDocument, Article
from annotator.core.tagset import TagSet
from annotator.core.text import (
    article_id,
    guess_title,
    is_calendar_date,
    leading_date,
    normalize_text,
)

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")


@dataclass(frozen=True)
class Origin:
    """Where a record was read: a file and, for line-based files, a 1-based line number."""

    path: str
    line: int | None = None

    def problem(self, message: str) -> InputProblem:
        """Return an InputProblem located here."""
        return InputProblem(self.path, self.line, message)


@dataclass(frozen=True)
class ArticleRecord:
    """An article read from a file, ready to store."""

    article: Article
    origin: Origin


@dataclass
class AnnotationRecord:
    """One coder's annotations of one article, as read from an annotator JSONL line."""

    article: Article
    data: dict[str, Any]
    origin: Origin


@dataclass
class ReadResult:
    """Everything read from the input files, and every problem found on the way."""

    articles: list[ArticleRecord] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[InputProblem] = field(default_factory=list)


@dataclass(frozen=True)
class FormatContext:
    """What a reader or writer may need beyond the files: the tag set and format options."""

    tagset: TagSet
    options: dict[str, str] = field(default_factory=dict)


# A reader adds what it reads from one file (or folder) to a ReadResult, collecting problems
# per line instead of stopping at the first. Records of other tools use the annotator JSONL
# record's shape (see formats/jsonl.py), with these allowances, resolved on import:
#   "annotator" missing: the --annotator given, else the current coder;
#   a mark's "id" missing: a stable id is derived from its place and label;
#   a mark's "kind" missing: found from its label in the tag set (or --map-label);
#   an actor mention's "actor" missing: the actor with that name or alias, else a new one;
#   a mark's "ref": the tool's own local name for it (brat's T1, doccano's entity id), which
#   other marks' "speaker_mark" / "target_mark" name: the mention's actor becomes the claim's
#   speaker / target (how relations of other tools arrive). Never put local names in "id":
#   ids must be unique across the whole import.
Reader = Callable[[Path, "ReadResult", FormatContext], None]
# A writer writes documents to a path (a file, or a folder for one-file-per-article formats)
# and returns how many records (documents) it wrote.
Writer = Callable[[Iterable[AnnotatedDocument], Path, FormatContext], int]
StreamWriter = Callable[[Iterable[AnnotatedDocument], IO[str], FormatContext], int]


@dataclass(frozen=True)
class Format:
    """A file format: its name, extensions, what it carries, and its reader and/or writer."""

    name: str
    title: str
    extensions: tuple[str, ...]
    carries: frozenset[str]
    read: Reader | None = None
    write: Writer | None = None
    stream: StreamWriter | None = None  # also writable to standard output
    folder: bool = False  # reads/writes a folder rather than one file
    # For extensions several formats share (.json, .jsonl): does this file look like ours?
    sniff: Callable[[Path], bool] | None = None

    def file_filter(self) -> str:
        """Return a file-dialog filter such as ``JSONL (*.jsonl *.ndjson)``."""
        return f"{self.title} ({' '.join('*' + ext for ext in self.extensions)})"


def read_text_or_report(path: Path, result: ReadResult, strip_bom: bool = True) -> str | None:
    """Return a UTF-8 file's text (without a leading BOM), or record why it cannot be read."""
    try:
        text = read_utf8(path)
        return text.removeprefix("\ufeff") if strip_bom else text
    except NotUtf8Error as exc:
        result.problems.append(Origin(str(path), exc.line).problem(str(exc)))
    except OSError as exc:
        result.problems.append(Origin(str(path)).problem(f"cannot be read: {exc.strerror or exc}"))
    return None


def json_lines(path: Path, result: ReadResult) -> Iterator[tuple[dict[str, Any], Origin]]:
    """Yield each JSON object line of a JSONL file with its origin; record bad lines."""
    content = read_text_or_report(path, result)
    if content is None:
        return
    # Only LF ends a line: str.splitlines() would also split inside strings at U+2028 etc.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        origin = Origin(str(path), number)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(
                origin.problem(f"not valid JSON: {exc.msg} (column {exc.colno})")
            )
            continue
        if not isinstance(data, dict):
            result.problems.append(origin.problem("expected a JSON object per line"))
            continue
        yield data, origin


def jsonl_writers(
    build: Callable[[AnnotatedDocument], dict[str, Any]],
) -> tuple[StreamWriter, Writer]:
    """Return a stream writer and a file writer writing one JSON line per document."""

    def stream(
        documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext | None = None
    ) -> int:
        count = 0
        for document in documents:
            out.write(json.dumps(build(document), ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            count += 1
        return count

    def write(
        documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext | None = None
    ) -> int:
        with atomic_text_file(path) as out:
            return stream(documents, out, context)

    return stream, write


@contextmanager
def atomic_text_file(path: Path) -> Iterator[IO[str]]:
    """Write a UTF-8 text file that replaces the old one only once complete and synced."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def make_article(
    raw_text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Article:
    """Build an Article from raw text; raise ValueError with a user-facing reason if unusable."""
    text = normalize_text(raw_text)
    if not text.strip():
        raise ValueError("the article is empty (no text besides white space)")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ValueError(f"the text contains a NUL character (line {line} of the text)")
    if date is not None:
        match = _ISO_DATE.match(date.strip())
        if not match or not is_calendar_date(match.group(1)):
            raise ValueError(f"date {date!r} is not a YYYY-MM-DD calendar date")
        date = match.group(1)
    return Article(
        id=article_id(text),
        text=text,
        title=(title.strip() if title and title.strip() else guess_title(text)),
        date=date if date is not None else leading_date(text),
        source=source,
        meta=dict(meta or {}),
    )


class NotUtf8Error(ValueError):
    """A file is not UTF-8; ``line`` is the 1-based line of the first bad byte."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def read_utf8(path: Path) -> str:
    """Read a file as UTF-8; raise NotUtf8Error naming the line and byte where decoding fails."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8Error(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at byte offset {exc.start}); "
            "save the file as UTF-8 and import it again",
            line=data[: exc.start].count(b"\n") + 1,
        ) from exc
