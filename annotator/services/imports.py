"""Importing articles and annotation records, all or nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import (
    AnnotatorError,
    InputError,
    InputProblem,
    ProblemCode,
    ValidationError,
)
from annotator.core.label_map import LabelMap, from_json, to_json
from annotator.core.model import Article, utc_now
from annotator.core.lazy import lazy_module
from annotator.core.resources import corpus_dir, default_guidelines_path
from annotator.formats import registry
from annotator.formats.base import (
    AnnotationRecord,
    ArticleRecord,
    MAX_PROBLEMS,
    SHAPE_ERRORS,
    Format,
    FormatContext,
    Origin,
    ReadResult,
    Record,
    check_option_keys,
    shape_problem,
)
from annotator.services.base import SessionBase

if TYPE_CHECKING:
    from annotator.formats._resolve import RecordResolver

# The format modules load when an import runs, not when a project is opened.
plaintext = lazy_module("annotator.formats.plaintext")


@dataclass
class ImportReport:
    """What an import stored, and what it noticed but did not stop for."""

    articles_added: int = 0
    articles_present: int = 0
    records: int = 0
    marks: int = 0
    skipped: int = 0
    warnings: list[InputProblem] = field(default_factory=list)


class ImportsMixin(SessionBase):
    """Import of files through the format registry."""

    def saved_label_map(self) -> LabelMap:
        """Return the label map earlier imports saved in the project (other label → ours)."""
        return from_json(self.store.get_setting(_LABEL_MAP_KEY))

    def import_bundled_corpus(self) -> ImportReport:
        """Import the articles shipped with annotator, and their coding guidelines when the
        project has none yet."""
        report = self.import_paths([corpus_dir()])
        if not self.guidelines().strip():
            self.set_guidelines(default_guidelines_path().read_text(encoding="utf-8"))
        return report

    def import_paths(
        self,
        paths: Sequence[Path],
        annotator: str | None = None,
        format_name: str | None = None,
        options: dict[str, str] | None = None,
        label_map: LabelMap | None = None,
        lenient: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import files and folders, all or nothing (with ``lenient``, skip bad records).

        ``progress(done, total)`` is called as files are read and records stored; when it
        returns False the import stops and stores nothing (ImportCancelledError).

        The format is taken from each file's extension unless ``format_name`` names one.
        ``label_map`` maps labels of other tools to a kind and label of the tag set (or to
        None: leave their marks out); the project's saved map (the mappings of earlier
        imports) fills in what it does not say, and what it says is saved for the next.

        Large files (JSONL, folders of .txt) are read a line at a time and never held; their
        articles are stored as they are checked, in one transaction that the first problem
        (reported with every other one found) rolls back.
        """
        if lenient:
            # Readers skip bad lines themselves (with a warning each) when told to.
            options = {**(options or {}), "lenient": "1"}
        forced = registry.get(format_name) if format_name else None
        if forced is not None and forced.read is None:
            raise ValidationError(f"format {forced.name!r} can be exported but not imported")
        context = self.format_context(options)
        checked = ReadResult()
        sources = [
            source
            for path in paths
            for source in _sources(Path(path), forced, context, checked.problems)
        ]
        formats = {source.fmt.name: source.fmt for source in sources if source.fmt is not None}
        check_option_keys(options or {}, list(formats.values()), reading=True)
        return self._import(sources, checked, annotator, label_map, lenient, progress)

    def import_result(
        self,
        result: ReadResult,
        annotator: str | None = None,
        label_map: LabelMap | None = None,
        lenient: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Store what readers read, all or nothing (with ``lenient``, skip bad records)."""
        if result.problems:
            raise InputError(result.problems)
        source = _Source(Path(), held=result)
        return self._import([source], ReadResult(), annotator, label_map, lenient, progress)

    def _import(
        self,
        sources: list[_Source],
        checked: ReadResult,
        annotator: str | None,
        label_map: LabelMap | None,
        lenient: bool,
        progress: Progress | None,
    ) -> ImportReport:
        """Check every source and store it, in one transaction: articles while they are checked
        (until a problem is found), then the annotation records; any problem rolls back all."""
        report = ImportReport()
        skipped: list[InputProblem] = []  # lenient: the articles and files left out, and why
        tracker = _Tracker(progress, sum(s.size for s in sources))
        with self.store.bulk_transaction():
            for source in sources:
                tracker.start(source.size)
                # After the first problem the rest is only checked: the import will fail.
                before = len(checked.problems)
                articles = source.check(checked, tracker)
                added = self.store.insert_articles(a for a in articles if not checked.problems)
                report.articles_added += added
                report.articles_present += source.articles - added
                if lenient and source.one_article and len(checked.problems) > before:
                    # A .txt file is one article and nothing else: lenient leaves it out
                    # whole. (Readers of files of many records skip their bad lines.)
                    report.skipped += 1
                    skipped += [p.as_skipped() for p in checked.problems[before:]]
                    del checked.problems[before:]
                if len(checked.problems) >= MAX_PROBLEMS:
                    where = str(source.path)
                    message = f"stopped checking after {MAX_PROBLEMS} problems"
                    checked.problems.append(
                        InputProblem(
                            where, None, message, skippable=False, code=ProblemCode.TOO_MANY
                        )
                    )
                    break
            if checked.problems:
                raise InputError(checked.problems)  # rolls back what was stored
            report.skipped += checked.skipped
            report.warnings = skipped + list(checked.warnings)
            # Here, not at the top: the window imports this module before its first paint.
            from annotator.formats._resolve import LabelUse, RecordResolver

            labels = LabelUse(self.saved_label_map(), label_map or {})
            resolver = RecordResolver(
                self.tagset, labels, self.store.actors_with_alias, self.store.has_actor
            )
            self._store_records(sources, annotator, resolver, lenient, tracker, report)
            report.warnings += labels.notes()
            if label_map:
                self.store.set_setting(_LABEL_MAP_KEY, to_json(labels.to_save()))
        self.announce_import(report)
        return report

    def _store_records(
        self,
        sources: list[_Source],
        annotator: str | None,
        resolver: RecordResolver,
        lenient: bool,
        tracker: _Tracker,
        report: ImportReport,
    ) -> None:
        """Store the checked sources' annotation records (once every article is stored)."""
        with_records = [s for s in sources if s.annotations]
        tracker.start(0)
        tracker.add(sum(s.size for s in with_records))
        problems: list[InputProblem] = []
        seen_marks: dict[str, str] = {}  # mark id -> file:line where it was first seen
        for source in with_records:
            tracker.start(source.size)
            for annotation in source.records(tracker):
                here = f"{annotation.origin.path}:{annotation.origin.line}"
                for mark_id in (m.id for m in annotation.draft.marks if m.id):
                    if mark_id in seen_marks:
                        problems.append(
                            annotation.origin.problem(
                                f"mark id {mark_id} is used more than once "
                                f"(also at {seen_marks[mark_id]})",
                                code=ProblemCode.BAD_MARK,
                            )
                        )
                    seen_marks.setdefault(mark_id, here)
                record_problems = self._store_record(annotation, annotator, report, resolver)
                if record_problems and lenient:
                    report.skipped += 1
                    report.warnings += [p.as_skipped() for p in record_problems]
                else:
                    problems += record_problems
        if problems:
            raise InputError(problems)  # rolls the whole import back

    def announce_import(self, report: ImportReport) -> None:
        """Tell views what an import stored (also one another connection made, as the window's
        background imports do)."""
        if report.articles_added or report.records:
            self.articles_changed.emit()
        if report.records:
            self.actors_changed.emit()  # records bring actors and aliases

    def _store_record(
        self,
        record: AnnotationRecord,
        annotator_override: str | None,
        report: ImportReport,
        resolver: RecordResolver,
    ) -> list[InputProblem]:
        """Store one annotation record inside the import transaction; return its problems.

        A record with problems stores nothing (a savepoint is rolled back), so ``lenient``
        imports can skip it and go on.
        """
        try:
            with self.store.transaction():
                try:
                    problems = self._store_record_now(record, annotator_override, report, resolver)
                except (*SHAPE_ERRORS, sqlite3.InterfaceError, sqlite3.ProgrammingError) as exc:
                    # A value of a shape the checks let through (an offset 1.0, a country of
                    # 2**63, an unknown status): the record is refused, never a traceback.
                    problems = [shape_problem(record.origin, "record", exc)]
                if problems:
                    raise _RecordRefusedError(problems)
        except _RecordRefusedError as refused:
            return refused.problems
        return []

    def _store_record_now(
        self,
        record: AnnotationRecord,
        annotator_override: str | None,
        report: ImportReport,
        resolver: RecordResolver,
    ) -> list[InputProblem]:
        article = record.article
        annotator = annotator_override or record.draft.annotator or self._annotator
        resolved, problems = resolver.resolve(record.draft, article, annotator, record.origin)
        if resolved is None:
            return problems
        if self.store.insert_article(article):
            report.articles_added += 1
        else:
            report.articles_present += 1
        self.store.ensure_annotator(annotator)
        for actor in resolved.actors:
            self.store.upsert_actor(actor, created_by=annotator)
        now = utc_now()
        for mark in resolved.marks:
            stamped = mark.with_changes(
                created_at=mark.created_at or now, updated_at=mark.updated_at or now
            )
            # Imported again after it was deleted here: the import puts it back.
            self.store.replace_mark(self.store.written_back(stamped))
        if not resolved.document.is_empty():
            self.store.put_document_labels(resolved.document)
        report.records += 1
        report.marks += len(resolved.marks)
        return []


Progress = Callable[[int, int], bool]
_LABEL_MAP_KEY = "label_map"


@dataclass
class _Source:
    """One input of an import: checked (its articles stored as they are), then its records.

    A large file is scanned (``scan``): read a record at a time, and a second time for its
    annotation records, if it has any; never held. Other formats are read whole
    (``read_whole``) and held in between.
    """

    path: Path
    size: int = 0  # bytes, for progress
    fmt: Format | None = None  # what it is read as
    scan: Callable[[ReadResult], Iterator[Record]] | None = None
    read_whole: Callable[[], ReadResult] | None = None
    held: ReadResult | None = None
    articles: int = 0  # what the check found
    annotations: int = 0
    stamp: tuple[int, int] | None = None  # size and mtime of the scanned file when checked
    one_article: bool = False  # a .txt file: one article, no annotation records

    def check(self, checked: ReadResult, tracker: _Tracker) -> Iterator[Article]:
        """Read the source, counting its records and collecting problems and warnings in
        ``checked``; yield its articles. A reader that fails on a shape it did not expect
        makes a problem of the file, never a traceback."""
        try:
            yield from self._check(checked, tracker)
        except SHAPE_ERRORS as exc:
            problem = shape_problem(Origin(str(self.path)), "file", exc)
            checked.problems.append(replace(problem, skippable=False))

    def _check(self, checked: ReadResult, tracker: _Tracker) -> Iterator[Article]:
        if self.scan is not None:
            self.stamp = _stamp(self.path)
            before = checked.bytes_read
            for record in self.scan(checked):
                tracker.advance(checked.bytes_read - before)
                if isinstance(record, ArticleRecord):
                    self.articles += 1
                    yield record.article
                else:
                    self.annotations += 1
            return
        if self.held is None and self.read_whole is not None:
            self.held = self.read_whole()
        if self.held is not None:
            checked.problems += self.held.problems
            checked.warnings += self.held.warnings
            checked.skipped += self.held.skipped
            self.articles, self.annotations = len(self.held.articles), len(self.held.annotations)
            yield from (record.article for record in self.held.articles)

    def records(self, tracker: _Tracker) -> Iterator[AnnotationRecord]:
        """Yield the source's annotation records, reading it again if it was scanned."""
        if self.held is not None:
            for done, record in enumerate(self.held.annotations):
                tracker.advance(done * self.size // len(self.held.annotations))
                yield record
            return
        assert self.scan is not None
        if _stamp(self.path) != self.stamp:
            message = "the file changed while it was imported; import it again"
            changed = InputProblem(
                str(self.path), None, message, skippable=False, code=ProblemCode.CHANGED
            )
            raise InputError([changed])
        # The unchanged file was checked line by line: the reader may skip its slow checks.
        again = ReadResult(rereading=True)
        for record in self.scan(again):
            tracker.advance(again.bytes_read)
            if isinstance(record, AnnotationRecord):
                yield record
        if again.problems:
            raise InputError(again.problems)


def _sources(
    path: Path, forced: Format | None, context: FormatContext, problems: list[InputProblem]
) -> list[_Source]:
    """Return how to read one path given to an import; record why it cannot be read."""
    if path.is_dir() and forced is None:
        # A folder another tool (or our export) wrote: read it as that format.
        guessed = registry.for_folder(path)
        if guessed is not None:
            return [_whole(guessed, path, context)]
    if path.is_dir() and not (forced is not None and forced.folder):
        files = plaintext.text_files(path)
        if not files:
            message = "no .txt files in folder"
            problems.append(_unreadable(path, message))
        text_format = registry.get("text")
        return [_scanned(file, text_format, context) for file in files]
    if not path.exists():
        problems.append(_unreadable(path, "no such file or folder"))
        return []
    fmt = forced or registry.for_path(path)
    if fmt is None or fmt.read is None:
        known = ", ".join(ext for f in registry.readable() for ext in f.extensions)
        message = f"unsupported file type (known: {known})"
        problems.append(_unreadable(path, message, ProblemCode.UNSUPPORTED))
        return []
    if fmt.scan is not None and path.is_file():
        return [_scanned(path, fmt, context)]
    return [_whole(fmt, path, context)]


def _unreadable(path: Path, message: str, code: str = ProblemCode.UNREADABLE) -> InputProblem:
    """Return the problem of a path an import cannot read at all (no record to skip)."""
    return InputProblem(str(path), None, message, skippable=False, code=code)


def _scanned(path: Path, fmt: Format, context: FormatContext) -> _Source:
    scan = fmt.scan
    assert scan is not None
    one_article = scan is plaintext.scan_text_file
    return _Source(
        path,
        _size(path),
        fmt=fmt,
        scan=lambda sink: scan(path, sink, context),
        one_article=one_article,
    )


def _whole(fmt: Format, path: Path, context: FormatContext) -> _Source:
    def read_whole() -> ReadResult:
        held = ReadResult()
        fmt.read(path, held, context)  # type: ignore[misc]
        return held

    return _Source(path, _size(path), fmt=fmt, read_whole=read_whole)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


class _Tracker:
    """Reports an import's progress, in bytes of its sources (once to check each, once per
    pass that stores it), at every source and every few hundred records; cancels when told."""

    def __init__(self, progress: Progress | None, total: int):
        self.progress = progress
        self.total = total
        self.done = 0  # bytes of the parts finished
        self.size = 0  # bytes of the part under way
        self.records = 0

    def start(self, size: int) -> None:
        """Begin reading a part of this many bytes (0: none, ending the previous part)."""
        self.done += self.size
        self.size = size
        _step(self.progress, self.done, self.total)

    def advance(self, offset: int) -> None:
        """Note how far into the current part the reading is."""
        self.records += 1
        if self.records % 500 == 0:
            _step(self.progress, self.done + min(offset, self.size), self.total)

    def add(self, more: int) -> None:
        """Count more work to do."""
        self.total += more


class ImportCancelledError(AnnotatorError):
    """The user cancelled an import; nothing was stored."""


def _step(progress: Progress | None, done: int, total: int) -> None:
    """Report progress; stop (and roll back) when the caller says to cancel."""
    if progress is not None and not progress(done, max(total, 1)):
        raise ImportCancelledError("import cancelled; nothing was stored")


class _RecordRefusedError(Exception):
    def __init__(self, problems: list[InputProblem]):
        super().__init__("record refused")
        self.problems = problems


def summarise(report: ImportReport) -> str:
    """Return a one-line human summary of an import."""
    parts = [f"{report.articles_added} article(s) added"]
    if report.articles_present:
        parts.append(f"{report.articles_present} already present")
    if report.records:
        parts.append(f"{report.records} annotation record(s) with {report.marks} mark(s)")
    if report.skipped:
        parts.append(f"{report.skipped} record(s) skipped")
    return ", ".join(parts)
