"""Suggested mentions: other occurrences of known actors' names and aliases in an article.

Like INCEpTION's string-matching recommender, without a model: once an actor has an alias,
every other whole-word occurrence of it is offered as a mention of that actor, unless the coder
already marked an actor there or rejected that suggestion. Short and all-capital forms ("US",
"ISPR") must match exactly; others match ignoring case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psygnal import Signal

from annotator.services.base import SessionBase

MIN_FORM_LENGTH = 2  # one-letter aliases would match everywhere
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Suggestion:
    """A suggested actor mention: where, which text, and which actor it would refer to."""

    article_id: str
    start: int
    end: int
    text: str
    actor_id: str
    label: str  # the actor's type, the label the mention would get


@dataclass(frozen=True)
class _Form:
    text: str
    folded: str
    actor_id: str
    label: str
    exact: bool  # match the spelling exactly (short forms and acronyms)

    def matches(self, piece: str) -> bool:
        return piece == self.text if self.exact else piece.casefold() == self.folded


class AliasMatcher:
    """Finds whole-word occurrences of many names at once, indexed by their first word."""

    def __init__(self, forms: list[_Form]):
        self._by_first: dict[str, list[_Form]] = {}
        for form in sorted(forms, key=lambda f: len(f.text), reverse=True):
            first = _WORD.match(form.folded)
            if first is not None:
                self._by_first.setdefault(first.group(0), []).append(form)

    def find(self, text: str) -> list[tuple[int, int, _Form]]:
        """Return non-overlapping (start, end, form) matches, longest form first at each word."""
        found = []
        resume = 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < resume or (start > 0 and text[start - 1].isalnum()):
                continue
            for form in self._by_first.get(word.group(0).casefold(), ()):
                end = start + len(form.text)
                if (end == len(text) or not text[end].isalnum()) and form.matches(text[start:end]):
                    found.append((start, end, form))
                    resume = end
                    break
        return found


class SuggestionsMixin(SessionBase):
    """Compute, reject and un-reject suggested mentions for the current coder."""

    suggestions_changed = Signal(str)  # article id

    _matcher: tuple[tuple[object, ...], AliasMatcher] | None = None

    def alias_matcher(self) -> AliasMatcher:
        """Return the matcher over every actor's name and aliases (rebuilt when they change)."""
        fingerprint = self.store.registry_fingerprint()
        if self._matcher is not None and self._matcher[0] == fingerprint:
            return self._matcher[1]
        best: dict[str, tuple[int, _Form]] = {}  # folded form -> (uses, form)
        for actor, uses in self.store.search_actors(""):
            for text in {actor.name, *actor.aliases}:
                folded = text.casefold()
                if len(folded) < MIN_FORM_LENGTH or uses < best.get(folded, (-1, None))[0]:
                    continue
                exact = len(text) <= 3 or (text.isupper() and any(c.isalpha() for c in text))
                best[folded] = (uses, _Form(text, folded, actor.id, actor.type, exact))
        matcher = AliasMatcher([form for _, form in best.values()])
        self._matcher = (fingerprint, matcher)
        return matcher

    def suggestions(self, article_id: str) -> list[Suggestion]:
        """Return the open suggestions in an article for the current coder, by position."""
        text = self.store.get_article(article_id).text
        covered = bytearray(len(text) + 1)
        for mark in self.store.marks_for(article_id, self._annotator):
            if mark.kind.value == "actor":
                covered[mark.start : mark.end] = b"\x01" * (mark.end - mark.start)
        rejected = self.store.rejected_spans(article_id, self._annotator)
        return [
            Suggestion(article_id, start, end, text[start:end], form.actor_id, form.label)
            for start, end, form in self.alias_matcher().find(text)
            if not any(covered[start:end]) and (start, end, form.actor_id) not in rejected
        ]

    def reject_suggestion(self, suggestion: Suggestion) -> None:
        """Remember that the current coder does not want this suggestion."""
        with self.store.transaction():
            self.store.ensure_annotator(self._annotator)
            self.store.reject_suggestion(
                suggestion.article_id,
                self._annotator,
                suggestion.start,
                suggestion.end,
                suggestion.actor_id,
            )
        self.suggestions_changed.emit(suggestion.article_id)

    def unreject_suggestion(self, suggestion: Suggestion) -> None:
        """Offer a rejected suggestion again (undo of a rejection)."""
        with self.store.transaction():
            self.store.unreject_suggestion(
                suggestion.article_id,
                self._annotator,
                suggestion.start,
                suggestion.end,
                suggestion.actor_id,
            )
        self.suggestions_changed.emit(suggestion.article_id)
