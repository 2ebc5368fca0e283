"""The application facade: every edit the CLI or GUI makes goes through one Session method.

Each public write method is one SQLite transaction and, once committed, emits a signal
(past-tense names) so views can refresh. Nothing here imports Qt.
"""

from __future__ import annotations

import getpass
import json
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from psygnal import Signal

from annotator.core.errors import (
    InputError,
    InputProblem,
    NotFoundError,
    TagSetError,
    ValidationError,
)
from annotator.core.model import (
    Actor,
    AnnotatedDocument,
    Article,
    ArticleSummary,
    DocumentLabels,
    Mark,
    MarkKind,
    new_id,
    utc_now,
)
from annotator.core.resources import corpus_dir
from annotator.core.tagset import DEFAULT_INTENSITY, TagSet, default_tagset, load_tagset
from annotator.core.text import trim_span
from annotator.formats import jsonl, registry
from annotator.formats.base import AnnotationRecord, ReadResult
from annotator.formats.plaintext import read_text_file, text_files
from annotator.storage import Store

_TAGSET_KEY = "tagset"
_MARK_NAMESPACE = uuid.UUID("5b0d7f0e-3c56-4b43-9a4e-8a4f1f0c2d71")


def default_annotator() -> str:
    """Return the OS user name, the default coder name."""
    try:
        return getpass.getuser() or "coder"
    except (KeyError, OSError):
        return "coder"


@dataclass(frozen=True)
class MarkEdit:
    """What a mark edit did besides writing the mark, so that undo can reverse it exactly."""

    mark: Mark
    removed_actors: tuple[Actor, ...] = ()  # actors that lost their last use and were deleted
    added_alias: tuple[str, str] | None = None  # (actor id, alias) the edit added


def _actor_refs(mark: Mark) -> set[str]:
    """Return the ids of the actors a mark refers to in any role."""
    return {ref for ref in (mark.actor_id, mark.speaker_id, mark.target_id) if ref}


@dataclass
class ImportReport:
    """What an import stored, and what it noticed but did not stop for."""

    articles_added: int = 0
    articles_present: int = 0
    records: int = 0
    marks: int = 0
    warnings: list[InputProblem] = field(default_factory=list)


class Session:
    """One open project and the coder working in it."""

    mark_added = Signal(object)  # Mark
    mark_changed = Signal(object, object)  # old Mark, new Mark
    mark_removed = Signal(object)  # Mark
    actors_changed = Signal()
    document_changed = Signal(object)  # DocumentLabels
    articles_changed = Signal()
    annotator_changed = Signal(str)
    tagset_changed = Signal(object)  # TagSet

    def __init__(self, store: Store, annotator: str | None = None):
        self.store = store
        self._annotator = ""
        self._tagset: TagSet | None = None
        self.set_annotator(annotator or default_annotator())

    @classmethod
    def open(cls, path: Path | str, annotator: str | None = None) -> Session:
        """Open or create the project database at path."""
        return cls(Store.open(path), annotator)

    def close(self) -> None:
        """Close the project database."""
        self.store.close()

    @property
    def path(self) -> Path | None:
        """Return the database file's path."""
        return self.store.path

    # -- coder ------------------------------------------------------------------------------

    @property
    def annotator(self) -> str:
        """Return the name of the coder whose marks are shown and made."""
        return self._annotator

    def set_annotator(self, name: str) -> None:
        """Switch to another coder (recorded in the project if new)."""
        name = name.strip()
        if not name:
            raise ValidationError("the coder name must not be empty")
        with self.store.transaction():
            self.store.ensure_annotator(name)
        if name != self._annotator:
            self._annotator = name
            self.annotator_changed.emit(name)

    # -- tag set ----------------------------------------------------------------------------

    @property
    def tagset(self) -> TagSet:
        """Return the project's tag set (the default one until another is loaded)."""
        if self._tagset is None:
            stored = self.store.get_setting(_TAGSET_KEY)
            if stored is None:
                self._tagset = default_tagset()
                with self.store.transaction():
                    self.store.set_setting(_TAGSET_KEY, self._tagset.to_json())
            else:
                self._tagset = TagSet.from_dict(json.loads(stored), origin="the project's tag set")
        return self._tagset

    def load_tagset(self, path: Path) -> TagSet:
        """Replace the project's tag set with a file's, refusing one that drops labels in use."""
        tagset = load_tagset(path)
        used = self.store.label_usage()
        available: dict[str, set[str]] = {
            kind.value: {label.name for label in tagset.spans[kind]} for kind in MarkKind
        }
        available["actor registry type"] = available[MarkKind.ACTOR.value]
        available.update(
            stance={x.name for x in tagset.claim_stance},
            form={x.name for x in tagset.claim_form},
            tone={x.name for x in tagset.tone},
            focus_stance={x.name for x in tagset.focus_stance},
            topics={x.name for x in tagset.topics},
        )
        missing = [
            f"{field_} label {label!r} is used {n} time(s) but is not in the new tag set"
            for (field_, label), n in sorted(used.items())
            if label not in available[field_]
        ]
        if missing:
            raise TagSetError(
                f"{path}: not loaded, it would orphan existing coding:\n  " + "\n  ".join(missing)
            )
        with self.store.transaction():
            self.store.set_setting(_TAGSET_KEY, tagset.to_json())
        self._tagset = tagset
        self.tagset_changed.emit(tagset)
        return tagset

    # -- articles ---------------------------------------------------------------------------

    def article_count(self) -> int:
        """Return how many articles the project has."""
        return self.store.count_articles()

    def article_summaries(self, offset: int = 0, limit: int = -1) -> list[ArticleSummary]:
        """Return a page of the article list with the current coder's counts and status."""
        return self.store.article_summaries(self._annotator, offset, limit)

    def article_summary(self, article_id: str) -> ArticleSummary:
        """Return one article's list row for the current coder."""
        rows = self.store.article_summaries(self._annotator, article_id=article_id)
        if not rows:
            raise NotFoundError(f"no article with id {article_id}")
        return rows[0]

    def mark_counts(self, article_id: str) -> dict[str, int]:
        """Return how many marks of each kind the current coder has on an article."""
        return self.store.mark_counts_by_kind(article_id).get(self._annotator, {})

    def article(self, article_id: str) -> Article:
        """Return an article."""
        return self.store.get_article(article_id)

    def import_bundled_corpus(self) -> ImportReport:
        """Import the articles shipped with annotator."""
        return self.import_paths([corpus_dir()])

    def import_paths(
        self,
        paths: Sequence[Path],
        annotator: str | None = None,
        format_name: str | None = None,
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

    def _mark_problems(self, mark: Mark, text: str, actor_ids: set[str]) -> list[str]:
        """Return what is wrong with a mark read from a file."""
        problems = []
        if not 0 <= mark.start < mark.end <= len(text):
            return [f"offsets outside the text (length {len(text)})"]
        if text[mark.start : mark.end] != mark.text:
            problems.append(
                f"text {mark.text!r} does not match the article at these offsets "
                f"({text[mark.start : mark.end]!r})"
            )
        if not self.tagset.has_span_label(mark.kind, mark.label):
            problems.append(f"unknown {mark.kind.value} label {mark.label!r}")
        for role in ("actor_id", "speaker_id", "target_id"):
            ref = getattr(mark, role)
            if ref is not None and ref not in actor_ids and not self.store.has_actor(ref):
                problems.append(
                    f"{role.removesuffix('_id')} {ref} is not among the record's actors"
                )
        if mark.stance is not None and mark.stance not in {
            x.name for x in self.tagset.claim_stance
        }:
            problems.append(f"unknown stance {mark.stance!r}")
        if mark.form is not None and mark.form not in {x.name for x in self.tagset.claim_form}:
            problems.append(f"unknown form {mark.form!r}")
        return problems

    def _document_problems(self, labels: DocumentLabels) -> list[str]:
        tagset = self.tagset
        problems = []
        if labels.tone is not None and labels.tone not in {x.name for x in tagset.tone}:
            problems.append(f"unknown tone {labels.tone!r}")
        if labels.focus_stance is not None and labels.focus_stance not in {
            x.name for x in tagset.focus_stance
        }:
            problems.append(f"unknown focus stance {labels.focus_stance!r}")
        problems += [
            f"unknown topic {t!r}"
            for t in labels.topics
            if t not in {x.name for x in tagset.topics}
        ]
        return problems

    # -- actors -----------------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Return every actor in the registry."""
        return self.store.list_actors()

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks, of any coder, refer to an actor."""
        return self.store.actor_usage(actor_id)

    def actor(self, actor_id: str) -> Actor:
        """Return an actor."""
        return self.store.get_actor(actor_id)

    # -- marks ------------------------------------------------------------------------------

    def marks(self, article_id: str) -> list[Mark]:
        """Return the current coder's marks on an article, by position."""
        return self.store.marks_for(article_id, self._annotator)

    def mark(self, mark_id: str) -> Mark:
        """Return a mark."""
        return self.store.get_mark(mark_id)

    def prepare_mark(
        self, article_id: str, kind: MarkKind, start: int, end: int, label: str
    ) -> tuple[Mark, tuple[Actor, ...]]:
        """Build (without storing) a new mark for a selection, and the new actor it needs.

        The selection is trimmed of surrounding white space. An actor mention refers to the
        actor that already has the text as name or alias, else to a new actor. A claim's speaker
        is the actor of the nearest actor mention before (or at) its start.
        """
        article = self.store.get_article(article_id)
        if not self.tagset.has_span_label(kind, label):
            raise ValidationError(f"unknown {kind.value} label {label!r}")
        start, end = trim_span(article.text, start, end)
        if start >= end:
            raise ValidationError("the selection has no text to mark")
        now = utc_now()
        mark = Mark(
            id=new_id(),
            article_id=article_id,
            annotator=self._annotator,
            kind=kind,
            start=start,
            end=end,
            text=article.text[start:end],
            label=label,
            created_at=now,
            updated_at=now,
        )
        new_actor = None
        if kind == MarkKind.ACTOR:
            candidates = self.store.actors_with_alias(mark.text)
            same_type = [a for a in candidates if a.type == label]
            matches = same_type or candidates
            if matches:
                chosen = matches[0]
            else:
                new_actor = Actor(id=new_id(), name=mark.text, type=label, aliases=(mark.text,))
                chosen = new_actor
            mark = mark.with_changes(actor_id=chosen.id)
        elif kind == MarkKind.CLAIM:
            # The speaker usually precedes the claim or opens it ("India has conveyed …").
            before = [
                m
                for m in self.marks(article_id)
                if m.kind == MarkKind.ACTOR and m.actor_id and m.start <= start
            ]
            if before:
                mark = mark.with_changes(
                    speaker_id=max(before, key=lambda m: (m.end, m.start)).actor_id
                )
        else:
            mark = mark.with_changes(intensity=DEFAULT_INTENSITY)
        return mark, (new_actor,) if new_actor else ()

    def add_mark(
        self,
        mark: Mark,
        new_actors: Sequence[Actor] = (),
        drop_alias: tuple[str, str] | None = None,
    ) -> MarkEdit:
        """Store a new mark, and the new actors it refers to, in one transaction.

        ``drop_alias`` (actor id, alias) is removed too: undo uses it to take back an alias.
        """
        article = self.store.get_article(mark.article_id)
        self._check_mark(mark, article.text, extra_actors=new_actors)
        with self.store.transaction():
            self.store.ensure_annotator(mark.annotator)
            for actor in new_actors:
                self.store.insert_actor(actor, created_by=mark.annotator, if_absent=True)
            added_alias = None
            if mark.kind == MarkKind.ACTOR and mark.actor_id:
                added_alias = self._add_alias(mark.actor_id, mark.text)
            self.store.insert_mark(mark)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
        if new_actors or added_alias or drop_alias:
            self.actors_changed.emit()
        self.mark_added.emit(mark)
        return MarkEdit(mark, added_alias=added_alias)

    def update_mark(
        self,
        mark: Mark,
        restore_actors: Sequence[Actor] = (),
        drop_alias: tuple[str, str] | None = None,
    ) -> MarkEdit:
        """Overwrite a mark's fields (label, actor, speaker, target, stance, form, intensity).

        A mention pointed at another actor gives that actor its text as an alias; an actor
        that loses its last use is removed from the registry (undo restores it).
        """
        old = self.store.get_mark(mark.id)
        article = self.store.get_article(mark.article_id)
        mark = mark.with_changes(updated_at=utc_now())
        self._check_mark(mark, article.text, extra_actors=restore_actors)
        with self.store.transaction():
            for actor in restore_actors:
                self.store.insert_actor(actor, created_by=mark.annotator, if_absent=True)
            self.store.update_mark(mark)
            added_alias = None
            if mark.kind == MarkKind.ACTOR and mark.actor_id and mark.actor_id != old.actor_id:
                added_alias = self._add_alias(mark.actor_id, mark.text)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
            removed = self._remove_unused_actors(_actor_refs(old) - _actor_refs(mark))
        if restore_actors or added_alias or drop_alias or removed:
            self.actors_changed.emit()
        self.mark_changed.emit(old, mark)
        return MarkEdit(mark, removed_actors=removed, added_alias=added_alias)

    def remove_mark(self, mark_id: str, drop_alias: tuple[str, str] | None = None) -> MarkEdit:
        """Delete a mark; an actor it was the last use of leaves the registry too."""
        mark = self.store.get_mark(mark_id)
        with self.store.transaction():
            self.store.delete_mark(mark_id)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
            removed = self._remove_unused_actors(_actor_refs(mark))
        self.mark_removed.emit(mark)
        if removed or drop_alias:
            self.actors_changed.emit()
        return MarkEdit(mark, removed_actors=removed)

    def _add_alias(self, actor_id: str, alias: str) -> tuple[str, str] | None:
        """Give an actor an alias; return (actor id, alias) if it is new, else None."""
        if alias in self.store.get_actor(actor_id).aliases:
            return None
        self.store.add_alias(actor_id, alias)
        return (actor_id, alias)

    def _remove_unused_actors(self, actor_ids: set[str]) -> tuple[Actor, ...]:
        """Delete the actors no mark uses any more; return them as they were."""
        removed = []
        for actor_id in sorted(actor_ids):
            if self.store.has_actor(actor_id) and self.store.actor_usage(actor_id) == 0:
                removed.append(self.store.get_actor(actor_id))
                self.store.delete_actor(actor_id)
        return tuple(removed)

    def _check_mark(self, mark: Mark, text: str, extra_actors: Sequence[Actor] = ()) -> None:
        problems = self._mark_problems(mark, text, {a.id for a in extra_actors})
        if mark.kind == MarkKind.SENTIMENT and mark.intensity not in (None, 1, 2, 3):
            problems.append(f"intensity {mark.intensity} is not 1, 2 or 3")
        if problems:
            raise ValidationError("; ".join(problems))

    # -- document labels --------------------------------------------------------------------

    def document_labels(self, article_id: str) -> DocumentLabels:
        """Return the current coder's document-level labels for an article."""
        return self.store.get_document_labels(article_id, self._annotator)

    def set_document_labels(self, labels: DocumentLabels) -> DocumentLabels:
        """Store document-level labels (tone, focus stance, topics, status, note)."""
        problems = self._document_problems(labels)
        if problems:
            raise ValidationError("; ".join(problems))
        if not self.store.has_article(labels.article_id):
            raise NotFoundError(f"no article with id {labels.article_id}")
        labels = DocumentLabels(
            article_id=labels.article_id,
            annotator=labels.annotator,
            tone=labels.tone,
            focus_stance=labels.focus_stance,
            topics=tuple(labels.topics),
            status=labels.status,
            note=labels.note,
            updated_at=utc_now(),
        )
        with self.store.transaction():
            self.store.ensure_annotator(labels.annotator)
            self.store.put_document_labels(labels)
        self.document_changed.emit(labels)
        return labels

    # -- export -----------------------------------------------------------------------------

    def documents(self, annotator: str | None = None) -> Iterator[AnnotatedDocument]:
        """Yield every coder's coding of every article (or one coder's), in stable order."""
        focus = self.tagset.focus
        with self.store.snapshot():
            for article_id, coder in self.store.annotated_pairs(annotator):
                marks = self.store.marks_for(article_id, coder)
                actor_ids = sorted(set().union(*(_actor_refs(m) for m in marks)))
                yield AnnotatedDocument(
                    article=self.store.get_article(article_id),
                    annotator=coder,
                    document=self.store.get_document_labels(article_id, coder),
                    focus=focus,
                    actors=tuple(self.store.actors_by_ids(actor_ids)),
                    marks=tuple(marks),
                )

    def export(self, out: IO[str], format_name: str = "jsonl", annotator: str | None = None) -> int:
        """Write the project's coding to a text stream in a format; return how many records."""
        fmt = registry.get(format_name)
        if fmt.write is None:
            raise ValidationError(f"format {fmt.name!r} can be imported but not exported")
        return fmt.write(self.documents(annotator), out)

    def export_file(
        self, path: Path, format_name: str = "jsonl", annotator: str | None = None
    ) -> int:
        """Export to a file, replacing it only once everything is written and synced."""
        path = Path(path)
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as out:
                count = self.export(out, format_name, annotator)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return count


def summarise(report: ImportReport) -> str:
    """Return a one-line human summary of an import."""
    parts = [f"{report.articles_added} article(s) added"]
    if report.articles_present:
        parts.append(f"{report.articles_present} already present")
    if report.records:
        parts.append(f"{report.records} annotation record(s) with {report.marks} mark(s)")
    return ", ".join(parts)
