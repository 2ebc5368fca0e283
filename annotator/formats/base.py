"""What every reader yields: articles and annotation records, each with where it came from."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from annotator.core.errors import InputProblem, ProblemCode, ValidationError
from annotator.core.model import AnnotatedDocument, Article
from annotator.core.tagset import TagSet
from annotator.core.text import (
    article_id,
    guess_title,
    is_calendar_date,
    leading_date,
    normalize_text,
)

if TYPE_CHECKING:
    from annotator.formats._drafts import DraftRecord

# Readers stop reading after this many problems: a wholly wrong 2 GB file must not fill memory
# with messages nobody reads.
MAX_PROBLEMS = 1000
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")


@dataclass(frozen=True)
class Origin:
    """Where a record was read: a file and, for line-based files, a 1-based line number."""

    path: str
    line: int | None = None

    def problem(
        self, message: str, unknown_label: str | None = None, skippable: bool = True, code: str = ""
    ) -> InputProblem:
        """Return an InputProblem located here."""
        return InputProblem(self.path, self.line, message, unknown_label, skippable, code)


@dataclass(frozen=True)
class ArticleRecord:
    """An article read from a file, ready to store."""

    article: Article
    origin: Origin


@dataclass
class AnnotationRecord:
    """One coder's annotations of one article, as read (a draft the import completes)."""

    article: Article
    draft: DraftRecord
    origin: Origin


@dataclass
class ReadResult:
    """Everything read from the input files, and every problem found on the way."""

    articles: list[ArticleRecord] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[InputProblem] = field(default_factory=list)
    bytes_read: int = 0  # how far streaming readers have read, for progress
    skipped: int = 0  # records a lenient reader left out (each with a warning)
    # A second read of a file a first read checked whole (unchanged since): readers may skip
    # checks that cost much and cannot fail now (an annotation record's JSON Schema).
    rereading: bool = False


@dataclass(frozen=True)
class ExportNote:
    """Something a writer dropped or changed to fit its format, or found worth telling.

    ``kind`` is a short word a format chooses and documents ("widened", "dropped", "no
    speaker", …): callers count and group by it; ``message`` says what happened to what.
    """

    kind: str
    message: str
    article_id: str = ""
    coder: str = ""
    mark_id: str | None = None

    def __str__(self) -> str:
        where = f"article {self.article_id[:12]} ({self.coder}): " if self.article_id else ""
        return f"{where}{self.message}"


@dataclass(frozen=True)
class FormatContext:
    """What a reader or writer may need beyond the files: the tag set and format options.

    ``notes``: writers that drop or change something to fit their format append an
    ExportNote per case; whoever made the context reads them after the write.
    """

    tagset: TagSet
    options: dict[str, str] = field(default_factory=dict)
    notes: list[ExportNote] = field(default_factory=list, compare=False, repr=False)


# A reader adds what it reads from one file (or folder) to a ReadResult, collecting problems
# per line instead of stopping at the first. Annotation records are DraftRecords
# (formats/_drafts.py), as complete as the file is; the import completes them
# (formats/_resolve.py):
#   annotator None: the --annotator given, else the current coder;
#   a mark's id None: a stable id is derived from its place and label;
#   a mark's kind None: found from its label in the tag set (or the label map);
#   an actor mention's actor None: the actor with that name or alias, else a new one;
#   a mark's ref: the tool's own local name for it (brat's T1, doccano's entity id), which
#   other marks' speaker_mark / target_mark name: the mention's actor becomes the claim's
#   speaker / target (how relations of other tools arrive). Never put local names in id:
#   ids must be unique across the whole import.
Reader = Callable[[Path, "ReadResult", FormatContext], None]
# A scanner reads a file as a reader does but yields its records one at a time instead of
# keeping them (problems and warnings still go to the ReadResult): an import reads a large
# file twice, once to check it and once to store it, and never holds it.
Record = ArticleRecord | AnnotationRecord
Scanner = Callable[[Path, "ReadResult", FormatContext], Iterator[Record]]
# A writer writes documents to a path (a file, or a folder for one-file-per-article formats)
# and returns how many records (documents) it wrote.
Writer = Callable[[Iterable[AnnotatedDocument], Path, FormatContext], int]
StreamWriter = Callable[[Iterable[AnnotatedDocument], IO[str], FormatContext], int]


@dataclass(frozen=True)
class FormatOption:
    """An option a format's reader or writer takes (``--option KEY=VALUE``; a field in the
    window)."""

    key: str
    title: str
    choices: tuple[str, ...] = ()  # the allowed values, the default first; none: free text
    default: str = ""
    help: str = ""  # what the values mean (the window's tooltip)

    def value(self, context: FormatContext | None) -> str:
        """Return the option's value in a context (its default when not given); a value not
        among the choices is a ValidationError naming the choices."""
        given = context.options.get(self.key) if context is not None else None
        if given is None or given == "":
            return self.default or (self.choices[0] if self.choices else "")
        if self.choices and given not in self.choices:
            raise ValidationError(
                f"--option {self.key}={given}: {self.title.lower()} must be one of "
                f"{', '.join(self.choices)}"
            )
        return given


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
    scan: Scanner | None = None  # reads large files without holding them (see Scanner)
    folder: bool = False  # reads/writes a folder rather than one file
    # For extensions several formats share (.json, .jsonl): does this file look like ours?
    sniff: Callable[[Path], bool] | None = None
    write_options: tuple[FormatOption, ...] = ()  # what a writer may be told
    read_options: tuple[FormatOption, ...] = ()  # what a reader may be told

    def file_filter(self) -> str:
        """Return a file-dialog filter such as ``JSONL (*.jsonl *.ndjson)``."""
        return f"{self.title} ({' '.join('*' + ext for ext in self.extensions)})"


def read_text_or_report(path: Path, result: ReadResult, strip_bom: bool = True) -> str | None:
    """Return a UTF-8 file's text (without a leading BOM), or record why it cannot be read."""
    try:
        text = read_utf8(path)
        return text.removeprefix("\ufeff") if strip_bom else text
    except NotUtf8Error as exc:
        result.problems.append(
            Origin(str(path), exc.line).problem(str(exc), code=ProblemCode.NOT_UTF8)
        )
    except OSError as exc:
        message = f"cannot be read: {exc.strerror or exc}"
        result.problems.append(Origin(str(path)).problem(message, code=ProblemCode.UNREADABLE))
    return None


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SNIFF_BYTES = 1 << 20  # enough of a file to see its first element


def json_elements(content: str) -> Iterator[tuple[int, Any]]:
    """Yield (line, element) for each element of a JSON array; a lone object is one element
    (a JSON file of tasks or records, pretty-printed or not)."""
    decoder = json.JSONDecoder()
    index = _WHITESPACE.match(content).end()  # type: ignore[union-attr]
    if not content.startswith("[", index):
        yield 1 + content.count("\n", 0, index), json_loads(content)
        return
    line, counted = 1, 0
    index = _WHITESPACE.match(content, index + 1).end()  # type: ignore[union-attr]
    if content.startswith("]", index):
        return
    while True:
        try:
            value, after = decoder.raw_decode(content, index)
        except RecursionError:
            raise json.JSONDecodeError("nested too deeply", content, index) from None
        line += content.count("\n", counted, index)
        counted = index
        yield line, value
        index = _WHITESPACE.match(content, after).end()  # type: ignore[union-attr]
        if content.startswith(",", index):
            index = _WHITESPACE.match(content, index + 1).end()  # type: ignore[union-attr]
        elif content.startswith("]", index):
            return
        else:
            raise json.JSONDecodeError("expected ',' or ']' after an element", content, index)


def first_json_element(path: Path) -> Any:
    """Return the first element of a JSON array file, or None when it cannot be told."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(_SNIFF_BYTES)
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return next(json_elements(head), None)[1]  # type: ignore[index]
    except (json.JSONDecodeError, TypeError):
        return None


def json_document_objects(
    path: Path, result: ReadResult, lenient: bool = False, what: str = "record"
) -> Iterator[tuple[dict[str, Any], Origin]]:
    """Yield the objects of a JSON file (an array of them, or one) with the line each starts
    on; an element that is no object is a problem (skipped with ``lenient``); broken JSON ends
    the file at that point."""
    content = read_text_or_report(path, result)
    if content is None:
        return
    try:
        for line, element in json_elements(content):
            origin = Origin(str(path), line)
            if isinstance(element, dict):
                yield element, origin
            else:
                with one_record(result, lenient):
                    message = f"expected a JSON object per {what}"
                    result.problems.append(origin.problem(message, code=ProblemCode.NOT_AN_OBJECT))
    except json.JSONDecodeError as exc:  # nothing after it can be read: not skippable
        where = Origin(str(path), exc.lineno)
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        result.problems.append(where.problem(message, skippable=False, code=ProblemCode.NOT_JSON))


def schema_problems(
    validator: Any, value: Any, origin: Origin, whole: str = "record", prefix: str = ""
) -> list[InputProblem]:
    """Return what a JSON Schema validator finds wrong with a value (the first five, in
    document order), each at its path in the value (``whole`` for the value itself)."""
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path))
    return [
        origin.problem(
            f"{prefix}{'/'.join(str(p) for p in error.absolute_path) or whole}: {error.message}",
            code=ProblemCode.SCHEMA,
        )
        for error in errors[:5]
    ]


def check_option_keys(options: dict[str, str], formats: list[Format], reading: bool) -> None:
    """Refuse an option none of the formats takes (a mistyped ``--option`` is an error, not
    silently ignored). ``lenient`` (imports) and ``articles`` (exports) go with every format."""
    known = {o.key for f in formats for o in (f.read_options if reading else f.write_options)}
    general = {"lenient"} if reading else {"articles"}
    unknown = sorted(set(options) - known - general)
    if unknown and formats:
        names = " / ".join(f.name for f in formats)
        verb = "reading" if reading else "writing"
        offered = ", ".join(sorted(known)) or "none"
        raise ValidationError(
            f"--option {unknown[0]}: {names} takes no such option when {verb} "
            f"(its options: {offered})"
        )


def is_lenient(context: FormatContext | None) -> bool:
    """Say whether the import skips bad records (``--lenient``) instead of refusing."""
    return context is not None and bool(context.options.get("lenient"))


@contextmanager
def one_record(result: ReadResult, lenient: bool) -> Iterator[None]:
    """Read one record (a line) in the block: with ``lenient``, the problems it finds become
    warnings saying it was skipped (the reader yields nothing for a record with problems)."""
    before = len(result.problems)
    yield
    if lenient and len(result.problems) > before:
        result.warnings += [p.as_skipped() for p in result.problems[before:]]
        del result.problems[before:]
        result.skipped += 1


def json_lines(
    path: Path, result: ReadResult, lenient: bool = False
) -> Iterator[tuple[dict[str, Any], Origin]]:
    """Yield each JSON object line of a JSONL file with its origin; record bad lines (with
    ``lenient``, skip them with a warning each).

    The file is read a line at a time, never whole: a 2 GB file costs the memory of a line.
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        message = f"cannot be read: {exc.strerror or exc}"
        result.problems.append(
            Origin(str(path)).problem(message, skippable=False, code=ProblemCode.UNREADABLE)
        )
        return
    with handle:
        offset = 0
        # Binary lines end at LF only: str.splitlines() would also split inside strings at
        # U+2028 and the like.
        for number, raw in enumerate(handle, start=1):
            if len(result.problems) >= MAX_PROBLEMS:
                return
            start, offset = offset, offset + len(raw)
            result.bytes_read += len(raw)
            raw = raw.removesuffix(b"\n")
            origin = Origin(str(path), number)
            with one_record(result, lenient):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    message = _not_utf8_message(raw[exc.start], start + exc.start)
                    result.problems.append(origin.problem(message, code=ProblemCode.NOT_UTF8))
                    if lenient:
                        continue
                    return  # one such line usually means a file in another encoding
                if number == 1:
                    line = line.removeprefix("\ufeff")
                if not line.strip():
                    continue
                try:
                    data = parse_json(raw, line)
                except json.JSONDecodeError as exc:
                    result.problems.append(
                        origin.problem(
                            f"not valid JSON: {exc.msg} (column {exc.colno})",
                            code=ProblemCode.NOT_JSON,
                        )
                    )
                    continue
                if not isinstance(data, dict):
                    message = "expected a JSON object per line"
                    result.problems.append(origin.problem(message, code=ProblemCode.NOT_AN_OBJECT))
                    continue
            yield data, origin


# What a reader meeting an input of an unexpected shape raises (a number where a list belongs,
# an integer beyond 64 bits, text that is no Unicode): each becomes a problem of that input,
# never a traceback.
SHAPE_ERRORS = (
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
)


def shape_problem(origin: Origin, what: str, exc: BaseException) -> InputProblem:
    """Return the problem an input of an unexpected shape is: where, and what was wrong."""
    detail = str(exc) or exc.__class__.__name__
    if isinstance(exc, KeyError):
        detail = f"missing {exc}"
    return origin.problem(f"not a valid {what}: {detail}", code=ProblemCode.BAD_SHAPE)


def annotation_record(
    article: Article, data: dict[str, Any], origin: Origin, result: ReadResult
) -> AnnotationRecord | None:
    """Return a record of our JSONL shape (a dict, checked against its JSON Schema) as an
    AnnotationRecord with its draft, or None with the problem in ``result`` when a value has
    the wrong shape."""
    # Here, not at the top: the window imports this module (not the readers) before its
    # first paint.
    from annotator.formats._drafts import draft_record

    try:
        return AnnotationRecord(article, draft_record(data), origin)
    except SHAPE_ERRORS as exc:
        result.problems.append(shape_problem(origin, "record", exc))
        return None


def parse_json(raw: bytes, text: str) -> Any:
    """Parse one JSON document (its bytes and its text) exactly as json.loads does, faster.

    orjson parses most lines several times faster; where it would differ from json.loads (it
    refuses NaN, lone surrogates and a BOM, and reads integers beyond 64 bits as floats) json
    parses the line again, and gives its own error message.
    """
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json_loads(text)
    return json_loads(text) if _has_float(data) else data


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def json_loads(text: str) -> Any:
    """Parse JSON as json.loads does, but refuse what would crash later as a JSONDecodeError:
    nesting deeper than Python's recursion allows, and a lone surrogate escape ("\\udfff",
    half of a UTF-16 pair), which is no character and cannot be stored."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None
    if _SURROGATE.search(text):
        found = _lone_surrogate(data)
        if found is not None:
            at = text.find(f"\\u{ord(found):04x}")
            if at < 0:
                at = text.find(f"\\u{ord(found):04X}")
            message = f"a lone surrogate escape (\\u{ord(found):04x}) is not a character"
            raise json.JSONDecodeError(message, text, max(at, 0))
    return data


def _lone_surrogate(value: Any, depth: int = 0) -> str | None:
    """Return the first lone surrogate in a parsed JSON value's strings (keys too), if any."""
    if isinstance(value, str):
        found = _SURROGATE_CHARACTER.search(value)
        return found.group() if found else None
    if depth > 200:
        return None
    items: Iterable[Any] = ()
    if isinstance(value, dict):
        items = (*value.keys(), *value.values())
    elif isinstance(value, list):
        items = value
    for item in items:
        found = _lone_surrogate(item, depth + 1)
        if found is not None:
            return found
    return None


_SURROGATE_CHARACTER = re.compile("[\ud800-\udfff]")


def _has_float(value: Any, depth: int = 0) -> bool:
    if depth > 100:
        return True  # let json.loads judge deep nesting
    if isinstance(value, dict):
        return any(_has_float(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v, depth + 1) for v in value)
    return isinstance(value, float)


def jsonl_writers(
    build: Callable[[AnnotatedDocument], dict[str, Any]],
    configured: Callable[[FormatContext | None], Callable[[AnnotatedDocument], dict[str, Any]]]
    | None = None,
) -> tuple[StreamWriter, Writer]:
    """Return a stream writer and a file writer writing one JSON line per document.

    Lines are UTF-8, not ASCII-escaped, compact, keys in the order ``build`` gives them:
    exactly what ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` writes, made by
    orjson (several times faster). Values orjson would write differently (floats, integers
    beyond 64 bits) must come through :func:`json_value`. A format whose lines depend on its
    options gives ``configured``: the context's options in, the line builder out.
    """

    def builder(context: FormatContext | None) -> Callable[[AnnotatedDocument], dict[str, Any]]:
        return configured(context) if configured is not None else build

    def stream(
        documents: Iterable[AnnotatedDocument], out: IO[str], context: FormatContext | None = None
    ) -> int:
        line_of = builder(context)
        # A UTF-8 text file or stdout: write the bytes to the file below it as they are.
        binary = getattr(out, "buffer", None)
        if binary is not None and _is_utf8(getattr(out, "encoding", None)):
            out.flush()
            count = _write_lines(documents, line_of, binary.write)
            binary.flush()
            return count
        return _write_lines(documents, line_of, lambda line: out.write(line.decode("utf-8")))

    def write(
        documents: Iterable[AnnotatedDocument], path: Path, context: FormatContext | None = None
    ) -> int:
        line_of = builder(context)  # a bad option is refused before the file is made
        with atomic_file(path, binary=True) as out:
            return _write_lines(documents, line_of, out.write)

    return stream, write


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") == "utf8"


def _write_lines(
    documents: Iterable[AnnotatedDocument],
    build: Callable[[AnnotatedDocument], dict[str, Any]],
    write: Callable[[bytes], object],
) -> int:
    count = 0
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    for document in documents:
        write(dumps(build(document), option=newline))
        count += 1
    return count


def json_value(value: Any) -> Any:
    """Return a JSON value for a record so that the line writers write it as json.dumps does.

    orjson writes strings, integers of up to 64 bits, booleans and null exactly as
    ``json.dumps(ensure_ascii=False)`` does, but floats in another notation (``1e-7`` for
    ``1e-07``), NaN as null, and refuses larger integers. Data users bring (an article's
    ``meta``) may hold those: such a value is handed over already written by json.
    """
    if not value or _orjson_writes_alike(value, 0):
        return value
    return orjson.Fragment(
        json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    )


def _orjson_writes_alike(value: Any, depth: int) -> bool:
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if depth > 100:  # orjson refuses deep nesting
        return False
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and _orjson_writes_alike(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_orjson_writes_alike(v, depth + 1) for v in value)
    return False  # floats, and anything json.dumps would refuse anyway


@contextmanager
def atomic_text_file(path: Path) -> Iterator[IO[str]]:
    """Write a UTF-8 text file that replaces the old one only once complete and synced."""
    with atomic_file(path) as out:
        yield out


def exclusive_temp_file(path: Path, binary: bool = True) -> tuple[Path, IO[Any]]:
    """Create and open a new temporary file beside ``path``, under a random name.

    Created exclusively (``O_CREAT | O_EXCL``, which never follows a link), so a link planted at
    a predictable name (``OUT.partial`` pointing at another file) cannot make a write land
    elsewhere; readable by its owner only until it is renamed into place.
    """
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    if binary:
        return Path(name), os.fdopen(descriptor, "wb", buffering=1 << 20)
    return Path(name), os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")


def publish(partial: Path, path: Path) -> None:
    """Rename a complete, synced temporary file over ``path`` (a link there is replaced, not
    followed), then sync the folder so that the rename itself survives a crash."""
    os.chmod(partial, 0o666 & ~_UMASK)  # as open() would have made it, not mkstemp's 0o600
    partial.replace(path)
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:  # a folder that cannot be opened (some platforms): the rename stands
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def _read_umask() -> int:
    # Reading the umask sets it for a moment: done once, when this module is first imported
    # (on the main thread, before any worker writes files).
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


@contextmanager
def atomic_file(path: Path, binary: bool = False) -> Iterator[Any]:
    """Write a file (UTF-8 text, or bytes) that replaces the old one once complete and synced."""
    partial, handle = exclusive_temp_file(path, binary)
    try:
        with handle as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        publish(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class ArticleError(ValueError):
    """Text that cannot be an article; ``code`` is the ProblemCode to report it under."""

    def __init__(self, message: str, code: ProblemCode):
        super().__init__(message)
        self.code = code


def make_article(
    raw_text: str,
    *,
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Article:
    """Build an Article from raw text; raise ArticleError with a user-facing reason if unusable."""
    text = normalize_text(raw_text)
    if not text.strip():
        raise ArticleError(
            "the article is empty (no text besides white space)", ProblemCode.MISSING_TEXT
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = f"the text contains a NUL character (line {line} of the text)"
        raise ArticleError(message, ProblemCode.BAD_TEXT)
    if date is not None:
        match = _ISO_DATE.match(date.strip())
        if not match or not is_calendar_date(match.group(1)):
            message = f"date {date!r} is not a YYYY-MM-DD calendar date"
            raise ArticleError(message, ProblemCode.BAD_SHAPE)
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
            _not_utf8_message(data[exc.start], exc.start), line=data[: exc.start].count(b"\n") + 1
        ) from exc


def _not_utf8_message(byte: int, offset: int) -> str:
    return (
        f"not UTF-8 text (byte 0x{byte:02x} at byte offset {offset}); "
        "save the file as UTF-8 and import it again"
    )
