"""Suggested mentions: other occurrences of known actors' names and aliases in an article.

Like INCEpTION's string-matching recommender, without a model: once an actor has an alias,
every other whole-word occurrence of it (ignoring case) is offered as a mention of that actor,
unless the coder already marked an actor there or rejected that suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psygnal import Signal

from annotator.services.base import SessionBase

MIN_FORM_LENGTH = 2  # one-letter aliases would match everywhere


@dataclass(frozen=True)
class Suggestion:
    """A suggested actor mention: where, which text, and which actor it would refer to."""

    article_id: str
    start: int
    end: int
    text: str
    actor_id: str
    label: str  # the actor's type, the label the mention would get


class SuggestionsMixin(SessionBase):
    """Compute, reject and un-reject suggested mentions for the current coder."""

    suggestions_changed = Signal(str)  # article id

    def suggestions(self, article_id: str) -> list[Suggestion]:
        """Return the open suggestions in an article for the current coder, by position."""
        text = self.store.get_article(article_id).text
        by_form: dict[str, tuple[int, str, str]] = {}  # casefolded form -> (uses, actor id, type)
        for actor, uses in self.store.search_actors(""):
            for form in {actor.name, *actor.aliases}:
                key = form.casefold()
                if len(key) >= MIN_FORM_LENGTH and uses >= by_form.get(key, (-1, "", ""))[0]:
                    by_form[key] = (uses, actor.id, actor.type)
        if not by_form:
            return []
        # Longest forms first, so "Wang Qishan" wins over "Wang" where both match.
        alternatives = "|".join(re.escape(f) for f in sorted(by_form, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        marked = [
            (m.start, m.end)
            for m in self.store.marks_for(article_id, self._annotator)
            if m.kind.value == "actor"
        ]
        rejected = self.store.rejected_spans(article_id, self._annotator)
        found = []
        for match in pattern.finditer(text):
            entry = by_form.get(match.group(0).casefold())
            if entry is None:
                continue
            start, end = match.span()
            if any(s < end and start < e for s, e in marked):
                continue
            if (start, end, entry[1]) in rejected:
                continue
            found.append(Suggestion(article_id, start, end, match.group(0), entry[1], entry[2]))
        return found

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
