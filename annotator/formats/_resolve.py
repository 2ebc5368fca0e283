"""Records read from other tools, completed into ours — pure, no database: given the tag set,
the label map of the import and lookups of the project's actors, a draft (formats/_drafts.py)
whose marks lack kinds, ids or actors becomes a checked record of ours, or a list of problems.
The file's own names for marks (``ref``, ``speaker_mark``, ``target_mark``) and actors by name
(``actor_name``, ``speaker_name``, ``target_name``; a record's ``named_actors``) become actor
ids. Ids are derived (uuid5) from what the record says, so importing the same file again changes
nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from annotator.core import validation
from annotator.core.errors import InputProblem, ProblemCode
from annotator.core.label_map import LabelMap, LabelTarget, describe
from annotator.core.model import Actor, Article, ArticleStatus, DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import fold_name
from annotator.formats.base import Origin
from annotator.formats._drafts import DraftDocument, DraftMark, DraftRecord, NamedActor

MARK_NAMESPACE = uuid.UUID("5b0d7f0e-3c56-4b43-9a4e-8a4f1f0c2d71")
ActorsNamed = Callable[[str], list[Actor]]  # actors with this name or alias


class LabelUse:
    """The label map of one import: the one given over the project's saved one; counts which
    saved mappings were used and which labels' marks were left out, to say so."""

    def __init__(self, saved: LabelMap, given: LabelMap):
        self.saved, self.given = saved, given
        self._folded = {k.casefold(): k for k in (*saved, *given)}
        self.used_saved: Counter[str] = Counter()
        self.left_out: Counter[str] = Counter()

    def find(self, label: str) -> tuple[str, LabelTarget] | None:
        """Return (the map's key, its target) for a label (exact, else ignoring case)."""
        for key in (label, self._folded.get(label.casefold())):
            if key is None:
                continue
            if key in self.given:
                target = self.given[key]
            elif key in self.saved:
                target = self.saved[key]
                self.used_saved[key] += 1
            else:
                continue
            if target is None:
                self.left_out[key] += 1
            return key, target
        return None

    def notes(self) -> list[InputProblem]:
        """Say what the saved map decided, and what was left out."""
        notes = []
        if self.used_saved:
            mapping = describe(self.saved, sorted(self.used_saved))
            message = f"mapped as saved in the project: {mapping}"
            notes.append(InputProblem("label map", None, message))
        notes += [
            InputProblem("label map", None, f"{n} mark(s) labelled {label!r} left out (skip)")
            for label, n in sorted(self.left_out.items())
        ]
        return notes

    def to_save(self) -> LabelMap:
        """Return the project's map with this import's given mappings over it."""
        return {**self.saved, **self.given}


@dataclass
class ResolvedRecord:
    """A record completed and checked: what an import stores for it."""

    annotator: str
    actors: list[Actor]
    marks: list[Mark]
    document: DocumentLabels


class RecordResolver:
    """Completes the records of one import (the tag set, the label use and the actor lookups
    are the import's): ``actors_named`` finds the project's actors by name or alias,
    ``actor_exists`` says whether the project has an actor id."""

    def __init__(
        self,
        tagset: TagSet,
        labels: LabelUse,
        actors_named: ActorsNamed,
        actor_exists: Callable[[str], bool] = lambda _id: False,
    ):
        self.tagset, self.labels, self.actors_named = tagset, labels, actors_named
        self.actor_exists = actor_exists
        # The tag set's labels by folded name: a label of another case is ours.
        self._ours = {
            label.name.casefold(): (kind, label.name) for kind, label in tagset.all_span_labels()
        }

    def resolve(
        self, draft: DraftRecord, article: Article, annotator: str, origin: Origin
    ) -> tuple[ResolvedRecord | None, list[InputProblem]]:
        """Complete a draft (kinds, ids, actors) and check it against the tag set and the text.

        ``annotator`` is the coder it is stored as; marks of a record that names another coder
        get ids of their own, stable across repeated imports. Return the record, or None and
        its problems (an unknown label, a speaker no one knows, offsets outside the text…);
        marks of labels mapped to skip are left out (and counted in the label use).
        """
        marks, actors, problems = self._settle(draft, article.id, annotator, origin)
        if problems:
            return None, problems
        problems = [
            origin.problem(
                f"actor {a.id}: type {a.type!r} is not an actor label of the tag set",
                code=ProblemCode.UNKNOWN_LABEL,
            )
            for a in actors
            if not self.tagset.has_span_label(MarkKind.ACTOR, a.type)
        ]
        record_ids = {a.id for a in actors}

        def actor_known(actor_id: str) -> bool:
            return actor_id in record_ids or self.actor_exists(actor_id)

        stored = [_mark(m, article.id, annotator) for m in marks]
        for index, mark in enumerate(stored):
            where = f"marks[{index}] ({mark.kind.value} {mark.start}-{mark.end})"
            problems += [
                origin.problem(f"{where}: {message}", code=ProblemCode.BAD_MARK)
                for message in validation.mark_problems(
                    mark, article.text, self.tagset, actor_known
                )
            ]
        document = _document(draft.document, article.id, annotator)
        problems += [
            origin.problem(f"document: {m}", code=ProblemCode.BAD_DOCUMENT)
            for m in validation.document_problems(document, self.tagset)
        ]
        if problems:
            return None, problems
        if draft.annotator is not None and annotator != draft.annotator:
            stored = [
                m.with_changes(id=str(uuid.uuid5(MARK_NAMESPACE, f"{m.id}\n{annotator}")))
                for m in stored
            ]
        return ResolvedRecord(annotator, actors, stored, document), []

    def _settle(
        self, draft: DraftRecord, article_id: str, annotator: str, origin: Origin
    ) -> tuple[list[DraftMark], list[Actor], list[InputProblem]]:
        """Settle the drafts' kinds, labels, ids and actors; return the marks kept, the
        record's actors (those it lists, then new ones) and the problems found."""
        drafts = [replace(m) for m in draft.marks]
        actors = list(draft.actors)
        found = _Found(known_ids={a.id for a in actors})
        problems: list[InputProblem] = []
        for entry in draft.named_actors:
            problems += self._named_actor(entry, actors, found.known_ids, found.named, origin)
        kept: list[DraftMark] = []
        for index, mark in enumerate(drafts):
            problem = self._kind_and_label(mark, index, origin)
            if problem is not None:
                problems.append(problem)
                continue
            if mark.kind is None:
                continue  # mapped to skip: left out, and counted
            if not mark.id:
                mark.id = str(uuid.uuid5(MARK_NAMESPACE, _derived_key(mark, article_id, annotator)))
            if mark.kind == "actor":
                self._mention_actor(mark, actors, found)
                found.mentions[mark.ref or mark.id] = mark.actor
            kept.append(mark)
        for mark in kept:
            problems += self._actors_by_name(mark, found.named, origin)
            problems += _roles_by_mark(mark, found.mentions, origin)
        return kept, actors, problems

    def _kind_and_label(self, mark: DraftMark, index: int, origin: Origin) -> InputProblem | None:
        """Settle a mark's kind and label: the label map's (None kind: skip), else the tag
        set's label of that name, else an unknown label."""
        label = mark.label
        ours = self._ours.get(label.casefold())
        if label in self.labels.given or ours is None:  # ours win, unless mapped by name
            mapped = self.labels.find(label)
            if mapped is not None:
                target = mapped[1]
                mark.kind, mark.label = (
                    (None, label) if target is None else (target[0].value, target[1])
                )
                return None
        if mark.kind is None and ours is not None:
            mark.kind, mark.label = ours[0].value, ours[1]
        if mark.kind is None:
            return origin.problem(
                f"marks[{index}]: unknown label {label!r}; map it with "
                f"--map-label {label!r}=KIND:LABEL (e.g. actor:Person, or skip)",
                unknown_label=label,
                code=ProblemCode.UNKNOWN_LABEL,
            )
        return None

    def _mention_actor(self, mark: DraftMark, actors: list[Actor], found: _Found) -> None:
        """Give an actor mention its actor: the one given, else the registry's of its name
        (the ``actor_name`` given, or its text) and type, else a new one."""
        name = mark.actor_name or mark.text
        if not mark.actor:
            matches = [a for a in self.actors_named(name) if a.type == mark.label]
            if matches:
                mark.actor = matches[0].id
            else:
                mark.actor = str(
                    uuid.uuid5(MARK_NAMESPACE, f"actor|{mark.label}|{fold_name(name)}")
                )
                if mark.actor not in found.known_ids:
                    actors.append(Actor(id=mark.actor, name=name, type=mark.label, aliases=(name,)))
                    found.known_ids.add(mark.actor)
            found.named[fold_name(name)] = found.named[fold_name(mark.text)] = mark.actor

    def _named_actor(
        self,
        entry: NamedActor,
        actors: list[Actor],
        known_ids: set[str],
        named: dict[str, str],
        origin: Origin,
    ) -> list[InputProblem]:
        """Resolve an actor a record names without a mention (a model's answer): the
        registry's of that name or alias and type, else a new one (the same id every time)."""
        name, type_ = entry.name, entry.type
        if not self.tagset.has_span_label(MarkKind.ACTOR, type_):
            return [
                origin.problem(
                    f"actor {name!r}: {type_!r} is not an actor type of the tag set",
                    code=ProblemCode.UNKNOWN_LABEL,
                )
            ]
        known = [a for a in self.actors_named(name) if a.type == type_]
        if known:
            named[fold_name(name)] = known[0].id
            return []
        actor_id = str(uuid.uuid5(MARK_NAMESPACE, f"actor|{type_}|{fold_name(name)}"))
        if actor_id not in known_ids:
            aliases = tuple(dict.fromkeys((name, *entry.aliases)))
            actors.append(
                Actor(id=actor_id, name=name, type=type_, country=entry.country, aliases=aliases)
            )
            known_ids.add(actor_id)
        named[fold_name(name)] = actor_id
        return []

    def _actors_by_name(
        self, mark: DraftMark, named: dict[str, str], origin: Origin
    ) -> list[InputProblem]:
        """Resolve a speaker or target given by name: an actor this record mentions, else the
        registry's actor of that name or alias."""
        problems = []
        for role in ("speaker", "target"):
            name = getattr(mark, f"{role}_name")
            if name is None:
                continue
            actor_id = named.get(fold_name(name))
            if actor_id is None:
                known = self.actors_named(name)
                actor_id = known[0].id if known else None
            if actor_id is None:
                problems.append(
                    origin.problem(
                        f"mark {mark.id}: {role} {name!r} is neither an actor this record "
                        "mentions nor one of the registry",
                        code=ProblemCode.UNKNOWN_ACTOR,
                    )
                )
            elif mark.kind == "claim" or role == "target":
                setattr(mark, role, actor_id)
        return problems


def _derived_key(mark: DraftMark, article_id: str, annotator: str) -> str:
    """Return what a mark without an id is identified by: its place and label, and for two
    marks there (a joint pledge coded as one claim per speaker) who they name."""
    key = f"{article_id}|{annotator}|{mark.kind}|{mark.label}|{mark.start}|{mark.end}"
    names = (
        mark.actor_name,
        mark.speaker_name,
        mark.speaker_mark,
        mark.target_name,
        mark.target_mark,
    )
    if any(names):
        key += "|" + "|".join(name or "" for name in names)
    return key


def _roles_by_mark(mark: DraftMark, mentions: dict[str, str], origin: Origin) -> list[InputProblem]:
    """Resolve a speaker or target given as another mark (the file's name for a mention)."""
    problems = []
    for role in ("speaker", "target"):
        ref = getattr(mark, f"{role}_mark")
        if ref is None:
            continue
        if ref not in mentions:
            problems.append(
                origin.problem(
                    f"mark {mark.id}: {role}_mark {ref} is not an actor mention here",
                    code=ProblemCode.UNKNOWN_ACTOR,
                )
            )
        elif mark.kind == "claim" or role == "target":
            setattr(mark, role, mentions[ref])
    return problems


@dataclass
class _Found:
    """What the marks of one record have settled so far, for the marks that refer to them."""

    known_ids: set[str]
    mentions: dict[str, str | None] = field(default_factory=dict)  # mark ref or id -> actor
    named: dict[str, str] = field(default_factory=dict)  # folded name or text -> actor id


def _mark(draft: DraftMark, article_id: str, annotator: str) -> Mark:
    """Return a settled draft as our mark of this article and coder."""
    kind = MarkKind(draft.kind)
    return Mark(
        id=draft.id,
        article_id=article_id,
        annotator=annotator,
        kind=kind,
        start=draft.start,
        end=draft.end,
        text=draft.text,
        label=draft.label,
        actor_id=draft.actor if kind == MarkKind.ACTOR else None,
        speaker_id=draft.speaker if kind == MarkKind.CLAIM else None,
        target_id=draft.target if kind != MarkKind.ACTOR else None,
        stance=draft.stance if kind == MarkKind.CLAIM else None,
        form=draft.form if kind == MarkKind.CLAIM else None,
        intensity=draft.intensity if kind == MarkKind.SENTIMENT else None,
        created_at=draft.created_at or "",
        updated_at=draft.updated_at or "",
    )


def _document(draft: DraftDocument, article_id: str, annotator: str) -> DocumentLabels:
    """Return a draft's document-level labels as this coder's of this article."""
    return DocumentLabels(
        article_id=article_id,
        annotator=annotator,
        tone=draft.tone,
        focus_stance=draft.focus_stance,
        topics=draft.topics,
        status=ArticleStatus(draft.status or "new"),
        note=draft.note,
        updated_at=draft.updated_at or "",
    )
