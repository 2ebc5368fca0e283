"""What readers yield for one coder's annotations of one article: a typed draft, as complete as
the file is. Our JSONL gives everything; another tool's file may lack a mark's kind, id or
actor, and name mentions and actors its own way. formats/_resolve.py completes a draft into our
records given the tag set, the label map and the actors the project knows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from annotator.core.model import Actor


@dataclass
class DraftMark:
    """A mark as another tool's file (or a script) gives it: what it lacks — kind, id, actor —
    the resolver settles; references by the file's own names (``ref``, ``*_mark``) and by
    actor names (``actor_name``, ``*_name``) become actor ids."""

    start: Any = None
    end: Any = None
    label: str = ""
    text: str = ""
    kind: str | None = None
    id: str | None = None
    ref: str | None = None  # the file's own name for the mark (brat's T1, doccano's entity id)
    actor: str | None = None  # an actor mention's actor id, when the file gives it
    actor_name: str | None = None  # its actor's name, when not its text
    speaker: str | None = None  # actor ids, when the file gives them
    target: str | None = None
    speaker_mark: str | None = None  # the ref of the mention standing for the speaker
    target_mark: str | None = None
    speaker_name: str | None = None  # the speaker's name
    target_name: str | None = None
    stance: str | None = None
    form: str | None = None
    intensity: Any = None
    created_at: str | None = None
    updated_at: str | None = None


_MARK_FIELDS = frozenset(f.name for f in fields(DraftMark))


def draft_mark(given: dict[str, Any] | DraftMark) -> DraftMark:
    """Return a mark given as a dict of DraftMark's fields (our JSONL's marks are) as a draft."""
    if isinstance(given, DraftMark):
        return replace(given)
    mark = DraftMark(**{k: v for k, v in given.items() if k in _MARK_FIELDS})
    mark.label, mark.text = str(mark.label if mark.label is not None else ""), str(mark.text or "")
    return mark


@dataclass
class DraftDocument:
    """One coder's document-level labels as a file gives them (checked against the tag set on
    import)."""

    tone: str | None = None
    focus_stance: str | None = None
    topics: tuple[str, ...] = ()
    status: str | None = None  # an ArticleStatus value; none: new
    note: str = ""
    updated_at: str | None = None


@dataclass(frozen=True)
class NamedActor:
    """An actor a record names without marking a mention of it (a model's answer does), with
    the country and aliases the file gives it (used when the actor is new to the project)."""

    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class DraftRecord:
    """One coder's annotations of one article as read: ``annotator`` is the coder the file
    names (None: the import's), ``actors`` the actors it lists with their ids."""

    marks: list[DraftMark] = field(default_factory=list)
    annotator: str | None = None
    document: DraftDocument = field(default_factory=DraftDocument)
    actors: list[Actor] = field(default_factory=list)
    named_actors: list[NamedActor] = field(default_factory=list)


def draft_record(data: dict[str, Any]) -> DraftRecord:
    """Return an annotation record of our JSONL shape (see schemas/) as a draft.

    Raises TypeError, ValueError or KeyError on a value of the wrong shape (formats.base's
    SHAPE_ERRORS), which the reader reports as a problem of the record.
    """
    marks = data.get("marks") or []
    if not isinstance(marks, list):
        raise TypeError('"marks" must be a list')
    return DraftRecord(
        marks=[draft_mark(_object(m, "a mark")) for m in marks],
        annotator=_string(data.get("annotator"), "the annotator", optional=True),
        document=draft_document(data.get("document") or {}),
        actors=[actor_from_json(a) for a in data.get("actors") or []],
        named_actors=[
            NamedActor(_string(n["name"], "a name"), _string(n["type"], "a type"))
            for n in data.get("named_actors") or []
        ],
    )


def draft_document(doc: dict[str, Any]) -> DraftDocument:
    """Return a record's ``document`` object as a draft (its ``focus`` is the export's, unread)."""
    _object(doc, '"document"')
    topics = doc.get("topics") or ()
    if not isinstance(topics, list | tuple):
        raise TypeError("topics must be a list")
    return DraftDocument(
        tone=_string(doc.get("tone"), "the tone", optional=True),
        focus_stance=_string(doc.get("focus_stance"), "the focus stance", optional=True),
        topics=tuple(_string(t, "a topic") for t in topics),
        status=_string(doc.get("status"), "the status", optional=True),
        note=_string(doc.get("note") or "", "the note"),
        updated_at=_string(doc.get("updated_at"), "updated_at", optional=True),
    )


def actor_from_json(given: Any) -> Actor:
    """Return an actor object of our JSONL (id, name, type, country, aliases) as an Actor."""
    a = _object(given, "an actor")
    return Actor(
        id=_string(a["id"], "an actor's id"),
        name=_string(a["name"], "an actor's name"),
        type=_string(a["type"], "an actor's type"),
        country=_string(a.get("country"), "an actor's country", optional=True),
        aliases=tuple(_string(alias, "an alias") for alias in a.get("aliases") or ()),
    )


def _object(value: Any, what: str) -> Any:
    if not isinstance(value, dict | DraftMark):
        raise TypeError(f"{what} must be an object")
    return value


def _string(value: Any, what: str, optional: bool = False) -> Any:
    """Return a value that must be a string (or None, when optional); TypeError otherwise."""
    if (value is None and optional) or isinstance(value, str):
        return value
    raise TypeError(f"{what} must be a string, not {json.dumps(value, default=str)[:40]}")
