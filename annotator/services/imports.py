"""Importing articles and annotation records, all or nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError, InputProblem, ValidationError
from annotator.core.model import MarkKind, utc_now
from annotator.core.resources import corpus_dir
from annotator.formats import jsonl, registry
from annotator.formats.base import AnnotationRecord, ReadResult
from annotator.formats.plaintext import read_text_file, text_files
from annotator.services.base import SessionBase

_MARK_NAMESPACE = uuid.UUID("5b0d7f0e-3c56-4b43-9a4e-8a4f1f0c2d71")


@dataclass
class ImportReport:
    """What an import stored, and what it noticed but did not stop for."""

    articles_added: int = 0
    articles_present: int = 0
    records: int = 0
    marks: int = 0
    warnings: list[InputProblem] = field(default_factory=list)


class ImportsMixin(SessionBase):
    """Import of files through the format registry."""

    def import_bundled_corpus(self) -> ImportReport:
        """Import the articles shipped with annotator."""
        return self.import_paths([corpus_dir()])

    def import_paths(
        self, paths: Sequence[Path], annotator: str | None = None, format_name: str | None = None
    ) -> ImportReport:
        """Import files and folders of .txt files, all or nothing.

        The format is taken from each file's extension unless ``format_name`` names one.
        """
        forced = registry.get(format_name) if format_name else None
        if forced is not None and forced.read is None:
            raise ValidationError(f"format {forced.name!r} can be exported but not imported")
        result = ReadResult()
        for path in paths:
            path = Path(path)
            if path.is_dir():
                files = text_files(path)
                if not files:
                    result.problems.append(InputProblem(str(path), None, "no .txt files in folder"))
                for file in files:
                    read_text_file(file, result)
                continue
            if not path.exists():
                result.problems.append(InputProblem(str(path), None, "no such file or folder"))
                continue
            fmt = forced or registry.for_path(path)
            if fmt is None or fmt.read is None:
                known = ", ".join(ext for f in registry.readable() for ext in f.extensions)
                result.problems.append(
                    InputProblem(str(path), None, f"unsupported file type (known: {known})")
                )
                continue
            fmt.read(path, result)
        if result.problems:
            raise InputError(result.problems)
        report = ImportReport(warnings=list(result.warnings))
        with self.store.transaction():
            for record in result.articles:
                if self.store.insert_article(record.article):
                    report.articles_added += 1
                else:
                    report.articles_present += 1
            problems: list[InputProblem] = []
            seen_marks: dict[str, str] = {}  # mark id -> file:line where it was first seen
            for annotation in result.annotations:
                here = f"{annotation.origin.path}:{annotation.origin.line}"
                for mark_id in (m["id"] for m in annotation.data.get("marks", [])):
                    if mark_id in seen_marks:
                        problems.append(
                            annotation.origin.problem(
                                f"mark id {mark_id} is used more than once "
                                f"(also at {seen_marks[mark_id]})"
                            )
                        )
                    seen_marks.setdefault(mark_id, here)
                problems += self._store_record(annotation, annotator, report)
            if problems:
                raise InputError(problems)  # rolls the whole import back
        if report.articles_added or report.records:
            self.articles_changed.emit()
        if report.records:
            self.actors_changed.emit()  # records bring actors and aliases
        return report

    def _store_record(
        self, record: AnnotationRecord, annotator_override: str | None, report: ImportReport
    ) -> list[InputProblem]:
        """Store one annotation record inside the import transaction; return its problems."""
        data, origin, article = record.data, record.origin, record.article
        annotator = annotator_override or data["annotator"]
        if self.store.insert_article(article):
            report.articles_added += 1
        else:
            report.articles_present += 1
        self.store.ensure_annotator(annotator)
        actors = jsonl.record_actors(data)
        problems = [
            origin.problem(f"actor {a.id}: type {a.type!r} is not an actor label of the tag set")
            for a in actors
            if not self.tagset.has_span_label(MarkKind.ACTOR, a.type)
        ]
        known_actor_ids = {a.id for a in actors}
        marks = jsonl.record_marks(data, article.id, annotator)
        now = utc_now()
        for index, mark in enumerate(marks):
            where = f"marks[{index}] ({mark.kind.value} {mark.start}-{mark.end})"
            for message in self._mark_problems(mark, article.text, known_actor_ids):
                problems.append(origin.problem(f"{where}: {message}"))
        document = jsonl.record_document(data, article.id, annotator)
        problems += [origin.problem(f"document: {m}") for m in self._document_problems(document)]
        if problems:
            return problems
        for actor in actors:
            self.store.upsert_actor(actor, created_by=annotator)
        for mark in marks:
            if annotator != data["annotator"]:
                # Re-attributed marks get ids of their own, stable across repeated imports.
                mark = mark.with_changes(
                    id=str(uuid.uuid5(_MARK_NAMESPACE, f"{mark.id}\n{annotator}"))
                )
            self.store.replace_mark(
                mark.with_changes(
                    created_at=mark.created_at or now, updated_at=mark.updated_at or now
                )
            )
        if not document.is_empty():
            self.store.put_document_labels(document)
        report.records += 1
        report.marks += len(marks)
        return []


def summarise(report: ImportReport) -> str:
    """Return a one-line human summary of an import."""
    parts = [f"{report.articles_added} article(s) added"]
    if report.articles_present:
        parts.append(f"{report.articles_present} already present")
    if report.records:
        parts.append(f"{report.records} annotation record(s) with {report.marks} mark(s)")
    return ", ".join(parts)
