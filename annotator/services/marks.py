"""Making, changing and deleting marks, each edit one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError, ValidationError
from annotator.core.model import (
    Actor,
    ArticleStatus,
    DocumentLabels,
    Mark,
    MarkKind,
    new_id,
    utc_now,
)
from annotator.core.tagset import DEFAULT_INTENSITY
from annotator.core.text import fold_name, trim_span
from annotator.services.base import SessionBase

if TYPE_CHECKING:
    from annotator.services.suggestions import Suggestion


@dataclass(frozen=True)
class MarkEdit:
    """What a mark edit did besides writing the mark, so that undo can reverse it exactly."""

    mark: Mark
    removed_actors: tuple[Actor, ...] = ()  # actors that lost their last use and were deleted
    added_alias: tuple[str, str] | None = None  # (actor id, alias) the edit added


_MATCHES = ("exact", "prefix", "word", "recent")
_PARAGRAPH_WINDOW = 2048  # characters read at first on either side of a claim for its paragraph


@dataclass(frozen=True)
class ActorCandidate:
    """An actor a mention may refer to, and how it matched: exact, prefix, word or recent."""

    actor: Actor
    match: str


def _alias_actors(*aliases: tuple[str, str] | None) -> set[str]:
    """Return the ids of the actors in these (actor id, alias) pairs (None: no alias)."""
    return {alias[0] for alias in aliases if alias is not None}


def actor_refs(mark: Mark) -> set[str]:
    """Return the ids of the actors a mark refers to in any role."""
    return {ref for ref in (mark.actor_id, mark.speaker_id, mark.target_id) if ref}


class MarksMixin(SessionBase):
    """Mark edits; each returns what it did so undo can reverse it."""

    # -- marks ------------------------------------------------------------------------------

    def marks(self, article_id: str) -> list[Mark]:
        """Return the current coder's marks on an article, by position."""
        return self.store.marks_for(article_id, self._annotator)

    def mark(self, mark_id: str) -> Mark:
        """Return a mark."""
        return self.store.get_mark(mark_id)

    def prepare_suggested_marks(self, suggestions: Iterable[Suggestion]) -> list[Mark]:
        """Build (without storing) an actor mention for each suggestion that may become one.

        A suggestion whose actor or label is gone since it was made is left out; store the rest
        at once with ``add_marks`` (accepting every suggestion is one step).
        """
        marks = []
        for suggestion in suggestions:
            try:
                mark, _new = self.prepare_mark(
                    suggestion.article_id,
                    MarkKind.ACTOR,
                    suggestion.start,
                    suggestion.end,
                    suggestion.label,
                    actor_id=suggestion.actor_id,
                )
            except AnnotatorError:
                continue
            marks.append(mark)
        return marks

    def prepare_mark(
        self,
        article_id: str,
        kind: MarkKind,
        start: int,
        end: int,
        label: str,
        actor_id: str | None = None,
        new_actor_name: str | None = None,
    ) -> tuple[Mark, tuple[Actor, ...]]:
        """Build (without storing) a new mark for a selection, and the new actor it needs.

        The selection is trimmed of surrounding white space and punctuation. An actor mention
        refers to ``actor_id``, or to a new actor named ``new_actor_name``, or else to the actor
        that already has the text as name or alias, else to a new actor. A claim's speaker is
        guessed from the actor mentions in its paragraph (see ``_likely_speaker``).

        Only the selected text is read (and a claim's paragraph), not the whole article.
        """
        start = max(0, start)
        selected = self._article_span(article_id, start, end)  # cut short at the text's end
        if not self.tagset.has_span_label(kind, label):
            raise ValidationError(f"unknown {kind.value} label {label!r}")
        # Trimming looks only inside the span: the selected text is all it needs.
        first, last = trim_span(selected, 0, len(selected))
        if first >= last:
            raise ValidationError("the selection has no text to mark")
        start, end = start + first, start + last
        now = utc_now()
        mark = Mark(
            id=new_id(),
            article_id=article_id,
            annotator=self._annotator,
            kind=kind,
            start=start,
            end=end,
            text=selected[first:last],
            label=label,
            created_at=now,
            updated_at=now,
        )
        new_actor = None
        if kind == MarkKind.ACTOR and actor_id is not None:
            mark = mark.with_changes(actor_id=self.store.get_actor(actor_id).id)
        elif kind == MarkKind.ACTOR and new_actor_name is not None and new_actor_name.strip():
            name = " ".join(new_actor_name.split())
            aliases = tuple(dict.fromkeys((mark.text, name)))
            implicit = (mark.text,) if mark.text != name else ()  # the name was typed
            new_actor = Actor(new_id(), name, label, aliases=aliases, implicit_aliases=implicit)
            mark = mark.with_changes(actor_id=new_actor.id)
        elif kind == MarkKind.ACTOR:
            candidates = self.store.actors_with_alias(mark.text)
            same_type = [a for a in candidates if a.type == label]
            matches = same_type or candidates
            if matches:
                chosen = matches[0]
            else:
                new_actor = Actor(
                    new_id(), mark.text, label, aliases=(mark.text,), implicit_aliases=(mark.text,)
                )
                chosen = new_actor
            mark = mark.with_changes(actor_id=chosen.id)
        elif kind == MarkKind.CLAIM:
            speaker = self._likely_speaker(article_id, start, end)
            if speaker is not None:
                mark = mark.with_changes(speaker_id=speaker)
        else:
            mark = mark.with_changes(intensity=DEFAULT_INTENSITY)
        return mark, (new_actor,) if new_actor else ()

    def _likely_speaker(self, article_id: str, start: int, end: int) -> str | None:
        """Return the actor who most likely makes a claim, from the mentions in its paragraph.

        The nearest mention before the claim or opening it ("India has conveyed …", "Wang said
        …"); failing that, the first one after it ("“…,” said Imran Khan"); else None (a draft).
        """
        paragraph_start, paragraph_end = self._paragraph_around(article_id, start, end)
        # (start, end, actor id) of the paragraph's mentions only: not every mark of the article.
        mentions = self.store.actor_mentions(
            article_id, self._annotator, paragraph_start, paragraph_end
        )
        before = [m for m in mentions if m[0] <= start]
        if before:
            return max(before, key=lambda m: (m[1], m[0]))[2]
        after = [m for m in mentions if m[0] >= end]
        return min(after, key=lambda m: m[0])[2] if after else None

    def _paragraph_around(self, article_id: str, start: int, end: int) -> tuple[int, int]:
        """Return the bounds of the paragraph (between line ends) holding a span.

        The text is read outwards from the span a growing window at a time, so that a claim in
        a long article does not read all of it.
        """
        window = _PARAGRAPH_WINDOW
        while True:
            first = max(0, start - window)
            cut = self._article_span(article_id, first, start).rfind("\n")
            if cut >= 0 or first == 0:
                paragraph_start = first + cut + 1
                break
            window *= 4
        window = _PARAGRAPH_WINDOW
        while True:
            after = self._article_span(article_id, end, end + window)
            cut = after.find("\n")
            if cut >= 0 or len(after) < window:  # a line end, or the end of the text
                return paragraph_start, end + (cut if cut >= 0 else len(after))
            window *= 4

    def actor_candidates(
        self,
        text: str,
        limit: int = 12,
        actors: Sequence[Actor] | None = None,
        recent: Sequence[str] | None = None,
    ) -> list[ActorCandidate]:
        """Return actors a mention with this text may refer to, best first, with why.

        Exact name or alias matches (ignoring case) come first, then names and aliases that
        start with the text or that the text starts with, then ones containing it as a word,
        then the actors the coder used most recently. A caller asking again and again (the
        picker, per keystroke) passes ``actors`` and ``recent`` it fetched once.
        """
        wanted = fold_name(text)
        if recent is None:
            recent = self.store.recent_actor_ids(self._annotator, limit)
        usage_rank = {actor_id: i for i, actor_id in enumerate(recent)}

        def tier(actor: Actor) -> int | None:
            forms = [fold_name(f) for f in (actor.name, *actor.aliases)]
            if not wanted:
                return 3 if actor.id in usage_rank else None
            if wanted in forms:
                return 0
            if any(f.startswith(wanted) or wanted.startswith(f) for f in forms):
                return 1
            if any(wanted in f.split() or f in wanted.split() for f in forms):
                return 2
            return 3 if actor.id in usage_rank else None

        ranked = [
            (t, actor) for actor in self.store.list_actors() if (t := tier(actor)) is not None
        ]
        ranked.sort(key=lambda p: (p[0], usage_rank.get(p[1].id, limit), p[1].name.casefold()))
        return [ActorCandidate(actor, _MATCHES[t]) for t, actor in ranked[:limit]]

    def add_mark(
        self,
        mark: Mark,
        new_actors: Sequence[Actor] = (),
        drop_alias: tuple[str, str] | None = None,
    ) -> MarkEdit:
        """Store a new mark, and the new actors it refers to, in one transaction.

        ``drop_alias`` (actor id, alias) is removed too: undo uses it to take back an alias.
        A mark put back after its deletion (undo, redo) is stamped later than its tombstone.
        """
        self._check_mark(mark, extra_actors=new_actors)
        mark = self.store.written_back(mark)
        with self.store.transaction():
            if mark.annotator != self._annotator:  # the session's coder is stored already
                self.store.ensure_annotator(mark.annotator)
            for actor in new_actors:
                self.store.insert_actor(actor, created_by=mark.annotator, if_absent=True)
            added_alias = None
            if mark.kind == MarkKind.ACTOR and mark.actor_id:
                added_alias = self._add_alias(mark.actor_id, mark.text)
            self.store.insert_mark(mark)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
            started = self._start_article(mark.article_id, mark.annotator)
        changed = {a.id for a in new_actors} | _alias_actors(added_alias, drop_alias)
        if changed:
            self.actors_changed.emit(frozenset(changed))
        self.mark_added.emit(mark)
        if started is not None:
            self.document_changed.emit(started)
        return MarkEdit(mark, added_alias=added_alias)

    def _start_article(self, article_id: str, coder: str) -> DocumentLabels | None:
        """Move a coder's article from new to in progress (their first mark on it); return the
        labels so changed, or None when it was already begun, finished or skipped."""
        labels = self.store.get_document_labels(article_id, coder)
        if labels.status != ArticleStatus.NEW:
            return None
        started = replace(labels, status=ArticleStatus.IN_PROGRESS, updated_at=utc_now())
        self.store.put_document_labels(started)
        return started

    def coder_has_marks(self) -> bool:
        """Say whether the current coder has made any mark in the project yet."""
        return self.store.has_marks_by(self._annotator)

    def recent_actor_ids(self, limit: int = 12) -> list[str]:
        """Return the actors the current coder's latest mentions refer to, newest first."""
        return self.store.recent_actor_ids(self._annotator, limit)

    def add_marks(self, marks: Sequence[Mark]) -> list[MarkEdit]:
        """Store several new marks (of existing actors) in one transaction."""
        marks = [self.store.written_back(mark) for mark in marks]  # redo after an undo
        texts: dict[str, str] = {}
        for mark in marks:
            if mark.article_id not in texts:
                texts[mark.article_id] = self.store.article_text(mark.article_id)
            self._check_mark(mark, texts[mark.article_id])
        edits = []
        started = []
        with self.store.transaction():
            for mark in marks:
                self.store.ensure_annotator(mark.annotator)
                added_alias = None
                if mark.kind == MarkKind.ACTOR and mark.actor_id:
                    added_alias = self._add_alias(mark.actor_id, mark.text)
                self.store.insert_mark(mark)
                edits.append(MarkEdit(mark, added_alias=added_alias))
            for article_id, coder in dict.fromkeys((m.article_id, m.annotator) for m in marks):
                labels = self._start_article(article_id, coder)
                if labels is not None:
                    started.append(labels)
        changed = _alias_actors(*(e.added_alias for e in edits))
        if changed:
            self.actors_changed.emit(frozenset(changed))
        for article_id in dict.fromkeys(m.article_id for m in marks):
            self.marks_replaced.emit(article_id)  # one reload, not one signal per mark
        for labels in started:
            self.document_changed.emit(labels)
        return edits

    def remove_marks(
        self, mark_ids: Sequence[str], drop_aliases: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Delete several marks in one transaction, keeping every actor (undo of add_marks)."""
        marks = [self.store.get_mark(mark_id) for mark_id in mark_ids]
        with self.store.transaction():
            for mark in marks:
                self.store.delete_mark(mark.id)
            for alias in drop_aliases:
                self.store.remove_alias(*alias)
        for article_id in dict.fromkeys(m.article_id for m in marks):
            self.marks_replaced.emit(article_id)
        if drop_aliases:
            self.actors_changed.emit(frozenset(_alias_actors(*drop_aliases)))

    def update_mark(
        self,
        mark: Mark,
        restore_actors: Sequence[Actor] = (),
        drop_alias: tuple[str, str] | None = None,
        remove_orphans: bool = True,
    ) -> MarkEdit:
        """Overwrite a mark's fields (label, actor, speaker, target, stance, form, intensity).

        A mention pointed at another actor gives that actor its text as an alias; an actor
        that loses its last use is removed from the registry (undo restores it). Undo passes
        ``remove_orphans=False``: going back must not delete actors that existed before.
        """
        old = self.store.get_mark(mark.id)
        mark = mark.with_changes(updated_at=utc_now())
        self._check_mark(mark, extra_actors=restore_actors)
        with self.store.transaction():
            for actor in restore_actors:
                self.store.insert_actor(actor, created_by=mark.annotator, if_absent=True)
            self.store.update_mark(mark)
            added_alias = None
            if mark.kind == MarkKind.ACTOR and mark.actor_id and mark.actor_id != old.actor_id:
                added_alias = self._add_alias(mark.actor_id, mark.text)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
            removed = (
                self._remove_unused_actors(actor_refs(old) - actor_refs(mark))
                if remove_orphans
                else ()
            )
        changed = {a.id for a in (*restore_actors, *removed)} | _alias_actors(
            added_alias, drop_alias
        )
        if changed:
            self.actors_changed.emit(frozenset(changed))
        self.mark_changed.emit(old, mark)
        return MarkEdit(mark, removed_actors=removed, added_alias=added_alias)

    def remove_mark(
        self,
        mark_id: str,
        drop_alias: tuple[str, str] | None = None,
        orphans: set[str] | None = None,
    ) -> MarkEdit:
        """Delete a mark; an actor it was the last use of leaves the registry too.

        ``orphans`` limits which actors may go (undo of a new mark passes the actors that mark
        created, so actors that existed before it are never deleted).
        """
        mark = self.store.get_mark(mark_id)
        candidates = actor_refs(mark) if orphans is None else actor_refs(mark) & orphans
        with self.store.transaction():
            self.store.delete_mark(mark_id)
            if drop_alias is not None:
                self.store.remove_alias(*drop_alias)
            removed = self._remove_unused_actors(candidates)
        self.mark_removed.emit(mark)
        changed = {a.id for a in removed} | _alias_actors(drop_alias)
        if changed:
            self.actors_changed.emit(frozenset(changed))
        return MarkEdit(mark, removed_actors=removed)

    def _add_alias(self, actor_id: str, alias: str) -> tuple[str, str] | None:
        """Give an actor a mention's text as an implicit alias; return (actor id, alias) if it
        is new, else None (an alias it has keeps whether it is implicit)."""
        return (actor_id, alias) if self.store.add_alias(actor_id, alias, implicit=True) else None

    def _remove_unused_actors(self, actor_ids: set[str]) -> tuple[Actor, ...]:
        """Delete the actors no mark uses any more; return them as they were."""
        removed = []
        for actor_id in sorted(actor_ids):
            if self.store.has_actor(actor_id) and self.store.actor_usage(actor_id) == 0:
                removed.append(self.store.get_actor(actor_id))
                self.store.delete_actor(actor_id)
        return tuple(removed)

    def _check_mark(
        self, mark: Mark, text: str | None = None, extra_actors: Sequence[Actor] = ()
    ) -> None:
        """Raise if a mark breaks a rule; without ``text``, only its span is read from the store."""
        actor_ids = {a.id for a in extra_actors}
        if text is not None:
            problems = self._mark_problems(mark, text, actor_ids)
        else:
            span = (
                self._article_span(mark.article_id, mark.start, mark.end)
                if 0 <= mark.start < mark.end
                else ""
            )
            if len(span) < mark.end - mark.start or not span:
                length = self.store.article_length(mark.article_id)
                problems = [f"offsets outside the text (length {length})"]
            else:
                problems = self._span_problems(mark, span, actor_ids)
        if problems:
            raise ValidationError("; ".join(problems))
