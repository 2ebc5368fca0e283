"""Domain types: articles, actors, marks and document-level labels."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from annotator.core.text import fold_name


GOLD_ANNOTATOR = "gold"  # the adjudicated layer: what `export --gold` writes


class MarkKind(StrEnum):
    """The three kinds of span annotation."""

    ACTOR = "actor"
    CLAIM = "claim"
    SENTIMENT = "sentiment"


class ArticleStatus(StrEnum):
    """Where one coder stands with one article."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


def new_id() -> str:
    """Return a fresh random UUID as a string."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """Return the current UTC time as an ISO 8601 string with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Article:
    """A news article; its id is the SHA-256 of its normalised text."""

    id: str
    text: str
    title: str
    date: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list: no text, just what a list shows."""

    id: str
    title: str
    date: str | None
    mark_count: int
    status: ArticleStatus


@dataclass(frozen=True)
class Actor:
    """A canonical actor in the registry, to which mentions refer.

    ``implicit_aliases`` are the aliases made from a mention's text (marking "Wang" as Wang
    Qishan) that no coder has confirmed; every other alias is explicit (typed, imported).
    """

    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    implicit_aliases: tuple[str, ...] = ()

    def aliases_after_name(self) -> tuple[str, ...]:
        """Return the aliases suggested in an article only after the actor is named in it."""
        return aliases_after_name(self.name, self.aliases, self.implicit_aliases)


def aliases_after_name(
    name: str, aliases: Sequence[str], implicit: Collection[str]
) -> tuple[str, ...]:
    """Return the aliases that suggest a mention only after the actor's name or another alias.

    Those are the implicit aliases of one word that are not, folded, the name or an explicit
    alias: "Wang" from a mention of Wang Qishan would otherwise be suggested in every "Wang
    Yi". An implicit alias of several words ("Imran Khan" for Imran Ahmed Khan Niazi) names
    the actor well enough on its own.
    """
    words = {a for a in implicit if len(a.split()) == 1}
    if not words:
        return ()
    # A form of several words never folds to a one-word alias: only the others are compared.
    explicit = {fold_name(a) for a in aliases if a not in implicit and " " not in a}
    explicit.add(fold_name(name))
    return tuple(a for a in aliases if a in words and fold_name(a) not in explicit)


@dataclass(frozen=True)
class Mark:
    """A span annotation: an actor mention, a claim or a sentiment span.

    ``label`` is the tag-set label of the mark's kind: the actor type for an actor mention, the
    topic for a claim and the polarity for a sentiment span. Offsets are Python ``str`` indexes
    into the article text, end exclusive, so ``text[start:end] == mark.text``.
    """

    id: str
    article_id: str
    annotator: str
    kind: MarkKind
    start: int
    end: int
    text: str
    label: str
    actor_id: str | None = None  # actor mention: the actor it refers to
    speaker_id: str | None = None  # claim
    target_id: str | None = None  # claim addressee or sentiment target
    stance: str | None = None  # claim
    form: str | None = None  # claim
    intensity: int | None = None  # sentiment, 1..3
    created_at: str = ""
    updated_at: str = ""

    def with_changes(self, **changes: Any) -> Mark:
        """Return a copy with the given fields replaced."""
        return replace(self, **changes)


MARK_FIELDS_BY_KIND: dict[MarkKind, tuple[str, ...]] = {
    MarkKind.ACTOR: ("actor_id",),
    MarkKind.CLAIM: ("speaker_id", "target_id", "stance", "form"),
    MarkKind.SENTIMENT: ("intensity", "target_id"),
}


@dataclass(frozen=True)
class DocumentLabels:
    """One coder's document-level labels and status for one article."""

    article_id: str
    annotator: str
    tone: str | None = None
    focus_stance: str | None = None
    topics: tuple[str, ...] = ()
    status: ArticleStatus = ArticleStatus.NEW
    note: str = ""
    updated_at: str = ""

    def is_empty(self) -> bool:
        """Say whether nothing has been set."""
        return (
            self.tone is None
            and self.focus_stance is None
            and not self.topics
            and self.status == ArticleStatus.NEW
            and not self.note
        )

    def toggled(self, label_field: str, name: str) -> DocumentLabels:
        """Return these labels with a tone or focus stance set (or cleared, if it was set),
        or a topic added (or removed); ``label_field`` is tone, focus_stance or topics."""
        if label_field == "topics":
            kept = tuple(t for t in self.topics if t != name)
            return replace(self, topics=kept if name in self.topics else (*kept, name))
        if label_field == "tone":
            return replace(self, tone=None if self.tone == name else name)
        if label_field == "focus_stance":
            return replace(self, focus_stance=None if self.focus_stance == name else name)
        raise ValueError(f"no document label field {label_field!r}")


@dataclass(frozen=True)
class AnnotatedDocument:
    """One coder's complete coding of one article: what an export writes per record."""

    article: Article
    annotator: str
    document: DocumentLabels
    focus: str
    actors: tuple[Actor, ...]
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles the list shows, for one coder; a field left empty matches every article.

    ``statuses`` empty means any status. Dates are ``YYYY-MM-DD``, both bounds inclusive; once a
    bound is set, articles without a date are left out. ``label`` is (mark kind, label name) and
    ``actor_id`` an actor, either used in the coder's marks on the article. ``text`` is the
    user's search words, matched against title and text (the last word as a prefix).
    """

    statuses: frozenset[ArticleStatus] = frozenset()
    date_from: str | None = None
    date_to: str | None = None
    label: tuple[MarkKind, str] | None = None
    actor_id: str | None = None
    text: str = ""
    assigned_only: bool = False  # only the articles assigned to the coder ("my queue")

    def __post_init__(self) -> None:
        # Accept any iterable of statuses or status strings, and a plain string kind, so that
        # callers (CLI options, combo box data) need not convert; the stored form is canonical.
        object.__setattr__(self, "statuses", frozenset(ArticleStatus(s) for s in self.statuses))
        object.__setattr__(self, "text", self.text.strip())
        if self.label is not None:
            object.__setattr__(self, "label", (MarkKind(self.label[0]), self.label[1]))

    def is_empty(self) -> bool:
        """Say whether the filter lets every article through."""
        return self == ArticleFilter()


@dataclass(frozen=True)
class GoldProvenance:
    """Where a gold mark came from: the coders' marks, who adjudicated it, when and how."""

    sources: tuple[str, ...]  # ids of the coders' marks it was made from (none if added)
    adjudicator: str
    decided_at: str
    how: str  # "accepted", "pre-merge: all", "added", "accepted, edited", …
