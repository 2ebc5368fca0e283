"""Suggested mentions: other occurrences of known actors' names and aliases in an article.

Like INCEpTION's string-matching recommender, without a model: once an actor has an alias,
every other whole-word occurrence of it is offered as a mention of that actor, unless the coder
already marked an actor there or rejected that suggestion. Short and all-capital forms ("US",
"ISPR") must match exactly; others match ignoring case. An implicit alias of one word (a
mention's text: "Wang" marked as Wang Qishan) is offered only after the actor's name or another
of its forms occurs in the article (``Actor.aliases_after_name``): else every "Wang" of another
article would be suggested as Wang Qishan.

Finding the words that may start a name is one regular-expression scan (in C) of the case-folded
text over a trie of the names' first words, so the cost follows the text's length and the
matches, not the registry's size. ``ArticleSuggestions`` keeps an open article's matches and
how many actor mentions cover each, so that a new or deleted mark changes only the suggestions
it overlaps.
"""

from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from annotator.core.signals import Signal

from annotator.core.model import Mark, aliases_after_name
from annotator.services.base import SessionBase
from annotator.services.coding import ArticleMarks, Field
from annotator.services.listing import registry_order_key

MIN_FORM_LENGTH = 2  # one-letter aliases would match everywhere
REMATCH_CHARS = 512 << 10  # text searched per step for the first words of changed forms
REMATCH_PLACES = 400  # their occurrences matched again per step
_KEPT_FOLDED_CHARS = 8 << 20  # a text up to this long is kept folded for matching again
_MAX_EXTRA_WORDS = 48  # new first words kept in the small pattern before compiling all again
_KEPT_CHANGES = 64  # revisions whose changed words a matcher remembers
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
    names: tuple[str, ...] = ()  # the actors this form names on its own (not after a name)
    # For a form that only some actors' one-word implicit aliases have: (actor id, label) of
    # those actors, the likelier first; an occurrence is suggested as the first of them named
    # earlier in the article, if any.
    after: tuple[tuple[str, str], ...] = ()

    def matches(self, piece: str) -> bool:
        return piece == self.text if self.exact else piece.casefold() == self.folded


Match = tuple[int, int, _Form]


class AliasMatcher:
    """Finds whole-word occurrences of many names at once, indexed by their first word.

    The forms can change one actor at a time (``replace_forms``): a first word the pattern
    does not know yet goes into a small second pattern instead of compiling the large one
    again (which takes tens of milliseconds over thousands of names). Each change counts a
    revision, and ``words_changed_since`` tells a caller holding matches which first words to
    look at again.
    """

    def __init__(self, forms: list[_Form]):
        self._by_first: dict[str, list[_Form]] = {}
        for form in sorted(forms, key=lambda f: len(f.text), reverse=True):
            first = _WORD.match(form.folded)
            if first is not None:
                self._by_first.setdefault(first.group(0), []).append(form)
        self._first_words: re.Pattern[str] | None = None
        self._compiled: set[str] = set()  # the first words in _first_words
        self._extra_words: set[str] = set()  # first words added since it was compiled
        self._extra: re.Pattern[str] | None = None
        self.longest = max((len(form.text) for form in forms), default=0)
        self.revision = 0
        self._changes: list[tuple[int, frozenset[str]]] = []  # (revision, first words)

    def _pattern(self) -> re.Pattern[str]:
        """Return the regular expression of every first word as a whole word (built once)."""
        if self._first_words is None:
            self._compiled = set(self._by_first)
            self._first_words = words_pattern(self._compiled)
            self._extra_words.clear()
            self._extra = None
        return self._first_words

    def replace_forms(self, removed: Iterable[_Form], added: Iterable[_Form]) -> frozenset[str]:
        """Take some forms out and put others in; return the first words whose forms changed."""
        words: set[str] = set()
        for form in removed:
            first = _WORD.match(form.folded)
            if first is not None and form in self._by_first.get(first.group(0), ()):
                self._by_first[first.group(0)].remove(form)
                words.add(first.group(0))
        for form in added:
            first = _WORD.match(form.folded)
            if first is None:
                continue
            word = first.group(0)
            forms = self._by_first.setdefault(word, [])
            # Longest first; among equal lengths at most one can match a piece of text.
            at = next((i for i, f in enumerate(forms) if len(f.text) < len(form.text)), None)
            forms.insert(len(forms) if at is None else at, form)
            words.add(word)
            self.longest = max(self.longest, len(form.text))
            if self._first_words is not None and word not in self._compiled:
                self._extra_words.add(word)
        if len(self._extra_words) > _MAX_EXTRA_WORDS:
            self._first_words = None  # compiled again, with every word, when next needed
        elif self._first_words is not None and self._extra_words:
            self._extra = words_pattern(self._extra_words)
        if words:
            self.revision += 1
            kept = self._changes[-_KEPT_CHANGES + 1 :]
            self._changes = [*kept, (self.revision, frozenset(words))]
        return frozenset(words)

    def words_changed_since(self, revision: int) -> frozenset[str] | None:
        """Return the first words whose forms changed after a revision (None: no longer known)."""
        if revision == self.revision:
            return frozenset()
        if not self._changes or self._changes[0][0] > revision + 1:
            return None
        return frozenset().union(*(words for rev, words in self._changes if rev > revision))

    def _first_word_starts(self, folded: str) -> Iterator[tuple[int, str]]:
        """Yield (offset, word) of the words in the folded text that start some form."""
        main = ((m.start(), m.group(0)) for m in self._pattern().finditer(folded))
        if self._extra is None:
            return main
        extra = ((m.start(), m.group(0)) for m in self._extra.finditer(folded))
        return heapq.merge(main, extra)

    def find(
        self, text: str, start: int = 0, stop: int | None = None, resume: int = 0
    ) -> list[Match]:
        """Return non-overlapping (start, end, form) matches, longest form first at each word.

        Only words starting in [start, stop) are looked at (a piece of a long text); a match
        may end after ``stop``. ``resume`` is the end of the previous piece's last match.
        """
        stop = len(text) if stop is None else min(stop, len(text))
        scan_stop = stop
        if 0 < stop < len(text) and _WORD.match(text, stop - 1):
            # A word runs on past the piece: look at all of it (it starts inside).
            scan_stop = _WORD.match(text, stop - 1).end()  # type: ignore[union-attr]
        piece = text[start:scan_stop]
        folded = fold(piece)
        if len(folded) == len(piece):
            words: Iterable[tuple[int, str]] = (
                (at + start, word) for at, word in self._first_word_starts(folded)
            )
        else:
            # Folding changed lengths ("ß" → "ss"): offsets would not line up; go word by word.
            words = (
                (m.start() + start, m.group(0).casefold()) for m in _WORD.finditer(piece)
            )
        # A word at the piece's start that goes on from before it is the tail of another.
        tail = start if start > 0 and _WORD.match(text, start - 1) else -1
        found: list[Match] = []
        for at, word in words:
            if at >= stop:
                break
            if at < resume or at == tail or (at > 0 and text[at - 1].isalnum()):
                continue
            form = self._form_at(text, at, word)
            if form is not None:
                resume = at + len(form.text)
                found.append((at, resume, form))
        return found

    def match_at(self, text: str, at: int) -> Match | None:
        """Return the match starting at a word (as ``find`` would, nothing before it matching)."""
        if at > 0 and (text[at - 1].isalnum() or _WORD.match(text, at - 1)):
            return None  # not the start of a word
        word = _WORD.match(text, at)
        if word is None:
            return None
        form = self._form_at(text, at, word.group(0).casefold())
        return None if form is None else (at, at + len(form.text), form)

    def _form_at(self, text: str, at: int, word: str) -> _Form | None:
        """Return the longest form starting with this first word that the text has at ``at``."""
        for form in self._by_first.get(word, ()):
            end = at + len(form.text)
            if end > len(text) or (end < len(text) and text[end].isalnum()):
                continue
            if form.matches(text[at:end]):
                return form
        return None


def fold(text: str) -> str:
    """Return the text case-folded (as ``str.casefold``; ASCII text by the faster ``lower``)."""
    return text.lower() if text.isascii() else text.casefold()


def word_starts(folded: str, words: Iterable[str]) -> list[int]:
    """Return where these (folded) words occur as whole words in a folded text, in order.

    One ``str.find`` pass per word: a regular expression starting with ``\\b`` would try every
    position of the text instead.
    """
    starts = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _WORD.match(folded, at - 1)) and not _WORD.match(folded, end):
                starts.append(at)
            at = folded.find(word, at + 1)
    return sorted(starts)


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Return a pattern matching any of the words as a whole word."""
    body = _trie_pattern(words) if words else "(?!)"
    return re.compile(rf"\b(?:{body})\b")


def _trie_pattern(words: Iterable[str]) -> str:
    """Return a regular expression matching any of the words, as a trie (one pass, no retries)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here, and longer ones go on
            body = f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return build(trie)


class ArticleSuggestions:
    """An open article's alias matches, and which of them are open suggestions.

    A match is hidden while an actor mention overlaps it (``cover``/``uncover`` count them) or
    when the coder rejected it; a match of a form offered only after a name (``_Form.after``)
    is hidden until a match naming one of its actors starts before it. Every change returns the
    spans whose state changed, for a view to repaint. Matches are kept in flat arrays (a 50 MB
    text has close to a million), and a ``Suggestion`` is made only for the ones asked for.
    """

    def __init__(
        self,
        article_id: str,
        rejected: set[tuple[int, int, str]] | None = None,
        text_of: Callable[[int, int], str] = lambda start, end: "",
    ):
        self.article_id = article_id
        self._text_of = text_of
        self._starts = array("q")
        self._ends = array("q")
        self._covers = array("l")  # actor mentions overlapping each match
        self._forms: list[_Form] = []
        self._rejected = set(rejected or ())
        self._first_named: dict[str, int] = {}  # actor id -> start of its first naming match
        self.scanned_to = 0  # the text up to here has been matched
        self.resume = 0  # where the last match ended (the next piece starts after it)

    def add_matches(
        self, found: list[Match], covers: Callable[[list[tuple[int, int]]], list[int]]
    ) -> None:
        """Append matches found after every match held.

        ``covers(spans)`` says how many actor mentions overlap each span now (later ones are
        counted by ``cover``).
        """
        if not found:
            return
        self._starts.extend(start for start, _end, _form in found)
        self._ends.extend(end for _start, end, _form in found)
        self._forms.extend(form for _start, _end, form in found)
        self._covers.extend(covers([(start, end) for start, end, _form in found]))
        self.resume = max(self.resume, found[-1][1])
        first = self._first_named
        for start, _end, form in found:  # after every match held: an actor's first, if new
            for actor_id in form.names:
                if actor_id not in first:
                    first[actor_id] = start

    def match_start_at(self, offset: int) -> int | None:
        """Return the start of the match covering an offset, if one does."""
        i = bisect_right(self._ends, offset)
        return self._starts[i] if i < len(self._starts) and self._starts[i] <= offset else None

    def match_from(self, start: int) -> Match | None:
        """Return the match starting at an offset, if one does."""
        i = bisect_left(self._starts, start)
        if i < len(self._starts) and self._starts[i] == start:
            return (start, self._ends[i], self._forms[i])
        return None

    def next_start(self, offset: int) -> int | None:
        """Return the start of the first match starting after an offset, if any."""
        i = bisect_right(self._starts, offset)
        return self._starts[i] if i < len(self._starts) else None

    def insert_match(
        self, match: Match, covers: Callable[[list[tuple[int, int]]], list[int]]
    ) -> list[tuple[int, int]]:
        """Add a match that overlaps none held; return the spans of other matches it changed.

        Those are matches offered only after a name that this match now names earlier.
        """
        start, end, form = match
        i = bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        self._forms.insert(i, form)
        self._covers.insert(i, covers([(start, end)])[0])
        return self._renamed(form.names, start, start + 1, [match])

    def last_end(self, start: int, stop: int) -> int:
        """Return the furthest end of the matches starting in [start, stop) (``start``: none)."""
        first, limit = bisect_left(self._starts, start), bisect_left(self._starts, stop)
        return self._ends[limit - 1] if limit > first else start

    def replace_matches(
        self,
        start: int,
        stop: int,
        found: list[Match],
        covers: Callable[[list[tuple[int, int]]], list[int]],
    ) -> list[tuple[int, int]]:
        """Put these matches in place of those starting in [start, stop); return what changed.

        The returned spans are those of the matches gone or new (for a view to repaint).
        """
        first, limit = bisect_left(self._starts, start), bisect_left(self._starts, stop)
        starts, ends = self._starts[first:limit], self._ends[first:limit]
        before = set(zip(starts, ends, self._forms[first:limit], strict=True))
        after = set(found)
        if before == after:
            return []
        self._starts[first:limit] = array("q", (s for s, _e, _f in found))
        self._ends[first:limit] = array("q", (e for _s, e, _f in found))
        self._forms[first:limit] = [f for _s, _e, f in found]
        self._covers[first:limit] = array("l", covers([(s, e) for s, e, _f in found]))
        named = {actor_id for _s, _e, form in before ^ after for actor_id in form.names}
        renamed = self._renamed(named, start, stop, found)
        return [(s, e) for s, e, _f in before ^ after] + renamed

    def _renamed(
        self, actor_ids: Iterable[str], start: int, stop: int, found: list[Match]
    ) -> list[tuple[int, int]]:
        """Move the first naming match of these actors after the matches starting in
        [start, stop) became ``found``; return the spans of the matches that this changed."""
        changed: list[tuple[int, int]] = []
        for actor_id in actor_ids:
            old = self._first_named.get(actor_id)
            if old is not None and old < start:
                continue  # named before the matches that changed
            new = next((s for s, _e, form in found if actor_id in form.names), None)
            if new is None:
                new = old if old is not None and old >= stop else self._naming_from(actor_id, stop)
            if new == old:
                continue
            if new is None:
                del self._first_named[actor_id]
            else:
                self._first_named[actor_id] = new
            # The matches waiting for this actor's name between the old and the new first one
            # (none: past the end).
            bounds = sorted(p for p in (old, new) if p is not None)
            last = bisect_left(self._starts, bounds[1]) if len(bounds) == 2 else len(self._forms)
            for i in range(bisect_right(self._starts, bounds[0]), last):
                if any(actor_id == a for a, _label in self._forms[i].after):
                    changed.append((self._starts[i], self._ends[i]))
        return changed

    def _naming_from(self, actor_id: str, offset: int) -> int | None:
        """Return the start of the first match from an offset on that names an actor."""
        for i in range(bisect_left(self._starts, offset), len(self._forms)):
            if actor_id in self._forms[i].names:
                return self._starts[i]
        return None

    def _suggestion(self, i: int) -> Suggestion:
        start, end = self._starts[i], self._ends[i]
        actor_id, label = self._actor(i) or (self._forms[i].actor_id, self._forms[i].label)
        return Suggestion(self.article_id, start, end, self._text_of(start, end), actor_id, label)

    def _actor(self, i: int) -> tuple[str, str] | None:
        """Return the (actor id, label) a match is suggested as; None: no actor named before."""
        form = self._forms[i]
        if not form.after:
            return form.actor_id, form.label
        start = self._starts[i]
        for actor_id, label in form.after:
            named = self._first_named.get(actor_id)
            if named is not None and named < start:
                return actor_id, label
        return None

    def _overlapping(self, start: int, end: int) -> range:
        # Matches never overlap each other, so their ends are sorted as their starts are.
        return range(bisect_right(self._ends, start), bisect_left(self._starts, end))

    def cover(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Count actor mentions at these spans; return the spans of suggestions they hide."""
        return self._count(spans, 1)

    def uncover(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Forget actor mentions at these spans; return the spans of suggestions shown again."""
        return self._count(spans, -1)

    def _count(self, spans: Iterable[tuple[int, int]], step: int) -> list[tuple[int, int]]:
        changed = []
        for start, end in spans:
            for i in self._overlapping(start, end):
                before = self._covers[i]
                self._covers[i] = max(0, before + step)
                if (before == 0) != (self._covers[i] == 0):
                    changed.append((self._starts[i], self._ends[i]))
        return changed

    def set_rejected(self, rejected: set[tuple[int, int, str]]) -> list[tuple[int, int]]:
        """Take the coder's rejections; return the spans of suggestions that changed."""
        flipped = self._rejected ^ rejected
        self._rejected = set(rejected)
        changed = []
        for start, end, _actor_id in flipped:
            i = bisect_left(self._starts, start)
            if i < len(self._starts) and self._starts[i] == start:
                changed.append((start, end))
        return changed

    def _is_open(self, i: int) -> bool:
        if self._covers[i]:
            return False
        actor_id = self._forms[i].actor_id
        if self._forms[i].after:
            actor = self._actor(i)
            if actor is None:
                return False
            actor_id = actor[0]
        if not self._rejected:
            return True
        return (self._starts[i], self._ends[i], actor_id) not in self._rejected

    def open(self) -> list[Suggestion]:
        """Return the open suggestions, by position."""
        return [self._suggestion(i) for i in range(len(self._forms)) if self._is_open(i)]

    def in_range(self, start: int, end: int) -> list[Suggestion]:
        """Return the open suggestions overlapping [start, end), by position."""
        return [self._suggestion(i) for i in self._overlapping(start, end) if self._is_open(i)]

    def at(self, offset: int, include_end: bool = False) -> Suggestion | None:
        """Return the open suggestion at an offset (or ending there, with ``include_end``)."""
        first = (bisect_left if include_end else bisect_right)(self._ends, offset)
        for i in range(first, len(self._forms)):
            if self._starts[i] > offset:
                break
            if self._is_open(i):
                return self._suggestion(i)
        return None

    def __len__(self) -> int:
        return len(self._forms)


def actor_cover(marks: ArticleMarks) -> Callable[[list[tuple[int, int]]], list[int]]:
    """Return a function counting, for each span, the actor mentions among the marks over it."""

    def count(spans: list[tuple[int, int]]) -> list[int]:
        if not spans:
            return []
        if len(spans) == 1:  # one new match: the marks over it, and no more
            return [sum(r[Field.KIND] == "actor" for r in marks.covering(*spans[0]))]
        lo, hi = min(s for s, _e in spans), max(e for _s, e in spans)
        mentions = [r for r in marks.covering(lo, hi) if r[Field.KIND] == "actor"]
        if not mentions:
            return [0] * len(spans)
        starts = [r[Field.START] for r in mentions]
        ends = [r[Field.END] for r in mentions]
        longest = max(e - s for s, e in zip(starts, ends, strict=True))
        counts = []
        for start, end in spans:
            first = bisect_left(starts, start - longest)
            limit = bisect_left(starts, end)
            counts.append(sum(1 for i in range(first, limit) if ends[i] > start))
        return counts

    return count


_NO_FORMS: frozenset[str] = frozenset()


class _RegistryForms:
    """Every actor's names and aliases, which actors share each form, and who gets each."""

    def __init__(self) -> None:
        # actor id -> (type, [name, aliases…], the folded forms it has only after its name)
        self.texts: dict[str, tuple[str, list[str], frozenset[str]]] = {}
        self.claimants: dict[str, dict[str, None]] = {}  # folded form -> the actors having it
        self.best: dict[str, _Form] = {}  # folded form -> the form the matcher looks for

    def remove(self, actor_id: str) -> list[str]:
        """Forget an actor's forms; return them folded."""
        _kind, texts, _after = self.texts.pop(actor_id, ("", [], _NO_FORMS))
        folded = [text.casefold() for text in texts]
        for form in folded:
            holders = self.claimants.get(form)
            if holders is not None:
                holders.pop(actor_id, None)
                if not holders:
                    del self.claimants[form]
        return folded

    def add(self, actor_id: str, kind: str, texts: list[str], implicit: list[str]) -> list[str]:
        """Take an actor's forms (name first) and implicit aliases; return the forms folded."""
        after = _NO_FORMS
        if implicit:
            waiting = aliases_after_name(texts[0], texts[1:], implicit)
            if waiting:
                after = frozenset(map(str.casefold, waiting))
        self.texts[actor_id] = (kind, texts, after)
        folded = [text.casefold() for text in texts]
        for form in folded:
            self.claimants.setdefault(form, {})[actor_id] = None
        return folded

    def shared(self, forms: Iterable[str]) -> set[str]:
        """Return the actors that share one of these forms with another actor."""
        return {
            actor_id
            for form in forms
            if len(self.claimants.get(form, ())) > 1
            for actor_id in self.claimants[form]
        }

    def best_form(self, folded: str, uses: dict[str, int]) -> _Form | None:
        """Return the form a folded name is matched as: the most used actor's, the later on ties.

        Actors are taken in the registry's order (name ignoring case, then id). Actors that
        have the form only as a one-word implicit alias (offered after their name) give way to
        those that have it otherwise; if all have it so, each is kept, the likeliest first.
        """
        holders = self.claimants.get(folded)
        if not holders or len(folded) < MIN_FORM_LENGTH:
            return None
        if len(holders) == 1:  # most forms: no one to give way to
            (actor_id,) = holders
            if folded in self.texts[actor_id][2]:
                return self._form(folded, actor_id, after=((actor_id, self.texts[actor_id][0]),))
            return self._form(folded, actor_id, names=(actor_id,))
        order = list(holders)
        if len(order) > 1:
            order.sort(key=lambda a: registry_order_key(self.texts[a][1][0], a))
        naming = [a for a in order if folded not in self.texts[a][2]]
        if naming:
            return self._form(folded, _likeliest(naming, uses)[0], names=tuple(naming))
        waiting = _likeliest(order, uses)
        after = tuple((a, self.texts[a][0]) for a in waiting)
        return self._form(folded, waiting[0], after=after)

    def _form(
        self,
        folded: str,
        actor_id: str,
        names: tuple[str, ...] = (),
        after: tuple[tuple[str, str], ...] = (),
    ) -> _Form:
        """Return an actor's form of a folded name, as the actor spells it (its last spelling)."""
        kind, texts, _after = self.texts[actor_id]
        text = next(t for t in reversed(texts) if t.casefold() == folded)
        exact = len(text) <= 3 or (text.isupper() and any(c.isalpha() for c in text))
        return _Form(text, folded, actor_id, kind, exact, names, after)


def _likeliest(order: list[str], uses: dict[str, int]) -> list[str]:
    """Return actors (in the registry's order) the most used first, the later first on ties."""
    return sorted(reversed(order), key=lambda a: -uses.get(a, 0))


class SuggestionsMixin(SessionBase):
    """Compute, reject and un-reject suggested mentions for the current coder."""

    suggestions_changed = Signal(str)  # article id

    _matcher: tuple[tuple[object, ...], AliasMatcher] | None = None
    _registry_forms: _RegistryForms | None = None  # what the matcher was built from
    _registry_epoch = 0  # counts this session's wholesale registry changes (actors_changed)
    _changed_actors: set[str] | None = None  # actors changed since the matcher was updated
    _uses: dict[str, int] | None = None  # actor id -> marks referring to it, kept by signals
    _uses_version: int | None = None
    _following = False

    def alias_matcher(self) -> AliasMatcher:
        """Return the matcher over every actor's name and aliases (kept up to date).

        It is kept until the registry changes: a change of a few actors (``actors_changed``
        with their ids) updates the forms of just those actors; any other change, or another
        connection writing to the project (SQLite's data version), builds it again. Where
        actors share a name or alias, the one most marks refer to gets it; those counts are
        read once and then kept up to date from the mark signals, so a rebuild reads names,
        not marks.
        """
        self._follow_changes()
        fingerprint = (self._registry_epoch, self.store.data_version())
        if self._matcher is not None and self._matcher[0] == fingerprint:
            if self._changed_actors:
                self._update_forms(self._changed_actors)
            self._changed_actors = None
            return self._matcher[1]
        self._changed_actors = None
        registry = _RegistryForms()
        for actor_id, kind, texts, implicit in self.store.actor_forms():
            registry.add(actor_id, kind, texts, implicit)
        uses = self._actor_uses(registry.shared(registry.claimants))
        for folded in registry.claimants:
            form = registry.best_form(folded, uses)
            if form is not None:
                registry.best[folded] = form
        matcher = AliasMatcher(list(registry.best.values()))
        self._matcher = (fingerprint, matcher)
        self._registry_forms = registry
        return matcher

    def _update_forms(self, actor_ids: set[str]) -> None:
        """Bring the matcher up to date with a few actors' names and aliases."""
        assert self._matcher is not None and self._registry_forms is not None
        registry = self._registry_forms
        actors = {actor.id: actor for actor in self.store.actors_by_ids(sorted(actor_ids))}
        affected: dict[str, None] = {}
        for actor_id in actor_ids:
            affected.update(dict.fromkeys(registry.remove(actor_id)))
            actor = actors.get(actor_id)
            if actor is not None:
                texts = list(dict.fromkeys((actor.name, *actor.aliases)))
                added = registry.add(actor_id, actor.type, texts, list(actor.implicit_aliases))
                affected.update(dict.fromkeys(added))
        uses = self._actor_uses(registry.shared(affected))
        removed, added = [], []
        for folded in affected:
            old = registry.best.pop(folded, None)
            new = registry.best_form(folded, uses)
            if new is not None:
                registry.best[folded] = new
            if old != new:
                removed += [old] if old is not None else []
                added += [new] if new is not None else []
        self._matcher[1].replace_forms(removed, added)

    def _follow_changes(self) -> None:
        if self._following:
            return
        self._following = True
        # Before any view's slot, which may ask for the matcher again.
        self.actors_changed.connect(self._registry_changed, priority=1000)
        self.mark_added.connect(self._mark_added_uses, priority=1000)
        self.mark_removed.connect(self._mark_removed_uses, priority=1000)
        self.mark_changed.connect(self._mark_changed_uses, priority=1000)
        self.marks_replaced.connect(self._forget_uses, priority=1000)
        self.articles_changed.connect(self._forget_uses, priority=1000)

    def _registry_changed(self, actor_ids: frozenset[str] | None = None) -> None:
        if actor_ids is None or self._matcher is None:
            self._registry_epoch += 1  # built again when next asked for
        else:
            self._changed_actors = (self._changed_actors or set()) | actor_ids

    def _actor_uses(self, actor_ids: set[str]) -> dict[str, int]:
        """Return the use counts of these actors, reading only those not known yet."""
        version = self.store.data_version()
        if self._uses is None or self._uses_version != version:
            self._uses, self._uses_version = {}, version
        missing = actor_ids - self._uses.keys()
        if missing:
            self._uses.update(self.store.actor_use_counts(missing))
        return self._uses

    def _count_uses(self, mark: Mark, step: int) -> None:
        if self._uses is not None:
            for ref in {mark.actor_id, mark.speaker_id, mark.target_id} & self._uses.keys():
                self._uses[ref] += step  # type: ignore[index]

    def _mark_added_uses(self, mark: Mark) -> None:
        self._count_uses(mark, 1)

    def _mark_removed_uses(self, mark: Mark) -> None:
        self._count_uses(mark, -1)

    def _mark_changed_uses(self, old: Mark, new: Mark) -> None:
        self._count_uses(old, -1)
        self._count_uses(new, 1)

    def _forget_uses(self, *_args: object) -> None:
        self._uses = None

    def rejected_suggestions(self, article_id: str) -> set[tuple[int, int, str]]:
        """Return the (start, end, actor id) suggestions the current coder rejected."""
        return self.store.rejected_spans(article_id, self._annotator)

    def suggestions(self, article_id: str) -> list[Suggestion]:
        """Return the open suggestions in an article for the current coder, by position."""
        text = self.store.get_article(article_id).text
        marks = ArticleMarks(
            article_id, text, self.store.mark_rows(article_id, self._annotator)
        )
        found = ArticleSuggestions(article_id, self.rejected_suggestions(article_id), marks.text_of)
        found.add_matches(self.alias_matcher().find(text), actor_cover(marks))
        return found.open()

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


Covers = Callable[[list[tuple[int, int]]], list[int]]


class FoldedText:
    """A text case-folded a chunk at a time as asked for, the chunks kept (up to a size).

    The first words of changed names are looked for in the folded text at every registry
    change; folding a long text each time cost more than the looking.
    """

    def __init__(self, text_of: Callable[[int, int], str], length: int):
        self._text_of = text_of
        self._length = length
        self._keep = length <= _KEPT_FOLDED_CHARS
        self._chunks: dict[int, str | None] = {}  # number -> folded (None: lengths change)

    def window(self, start: int, stop: int) -> str | None:
        """Return ``text[start:stop]`` folded (None if folding changes lengths in its chunks)."""
        first, last = start // REMATCH_CHARS, max(start, stop - 1) // REMATCH_CHARS
        parts = []
        for number in range(first, last + 1):
            chunk = self._chunk(number)
            if chunk is None:
                return None
            parts.append(chunk)
        base = first * REMATCH_CHARS
        joined = parts[0] if len(parts) == 1 else "".join(parts)
        return joined[start - base : stop - base]

    def _chunk(self, number: int) -> str | None:
        if number in self._chunks:
            return self._chunks[number]
        start = number * REMATCH_CHARS
        text = self._text_of(start, min(self._length, start + REMATCH_CHARS))
        folded: str | None = fold(text)
        if len(folded) != len(text):  # type: ignore[arg-type]
            folded = None
        if self._keep:
            self._chunks[number] = folded
        return folded


def rematch_words(
    found: ArticleSuggestions,
    matcher: AliasMatcher,
    words: frozenset[str],
    text_of: Callable[[int, int], str],
    length: int,
    covers: Covers,
    changed: Callable[[list[tuple[int, int]]], None],
    folded_text: FoldedText | None = None,
) -> Iterator[None]:
    """Match the text again where forms with these first words changed.

    Only the places where one of the words occurs are looked at (the text up to
    ``found.scanned_to``), a batch at a time: a generator that yields while there is more to
    do, so that a long text can be done between a window's events. After each batch
    ``changed`` gets the spans whose matches changed. ``folded_text`` keeps the text folded
    from one change to the next.
    """
    widest = max(map(len, words))
    folded_text = folded_text or FoldedText(text_of, length)
    start = done = 0  # searched, and matched again, up to here
    while start < found.scanned_to:
        stop = min(found.scanned_to, start + REMATCH_CHARS)
        folded = folded_text.window(start, min(length, stop + widest + 1))
        if folded is not None:
            places = [at + start for at in word_starts(folded, words) if at + start < stop]
        else:  # folding changed lengths: word by word, as the matcher does
            window = text_of(start, min(length, stop + widest + 1))
            places = [
                m.start() + start
                for m in _WORD.finditer(window)
                if m.start() + start < stop and m.group(0).casefold() in words
            ]
        batch: list[tuple[int, int]] = []
        for i, place in enumerate(places, start=1):
            if place >= done:
                done, spans = _rematch_at(found, matcher, place, text_of, length, covers)
                batch += spans
            if i % REMATCH_PLACES == 0 and i < len(places):
                changed(batch)
                batch = []
                yield
        changed(batch)
        start = stop
        if start < found.scanned_to:
            yield


def _rematch_at(
    found: ArticleSuggestions,
    matcher: AliasMatcher,
    place: int,
    text_of: Callable[[int, int], str],
    length: int,
    covers: Covers,
) -> tuple[int, list[tuple[int, int]]]:
    """Match again at a word whose forms changed; return how far that went, and what changed.

    Matches are greedy from left to right. Usually the word starts a new match over no other
    (or the same match as before): that is all. Otherwise match again from the match over the
    word (or the word) until a point that neither the old nor the new matches run past: from
    there on both are the same.
    """
    held = found.match_start_at(place)
    if held is not None and held < place:
        # Inside a match that starts at an earlier word: that word's forms did not change (or
        # it was matched again before this one), so the match stands.
        return place + 1, []
    origin = max(0, place - 1)
    window = text_of(origin, min(length, place + matcher.longest + 1))
    new = matcher.match_at(window, place - origin)
    new = None if new is None else (new[0] + origin, new[1] + origin, new[2])
    old = found.match_from(place) if held == place else None
    if new == old:
        return place + 1 if new is None else new[1], []
    following = found.next_start(place)
    if old is None and new is not None and (following is None or following >= new[1]):
        # A new match over no other: nothing else moves (but what waited for its name).
        renamed = found.insert_match(new, covers)
        return new[1], [(place, new[1]), *renamed]
    start, stop = place if held is None else held, place + 1
    while True:
        origin = max(0, start - 1)  # the character before: is the first word a tail?
        window = text_of(origin, min(length, stop + matcher.longest + 1))
        again = [
            (s + origin, e + origin, form)
            for s, e, form in matcher.find(window, start - origin, stop - origin)
        ]
        reach = max(found.last_end(start, stop), again[-1][1] if again else stop)
        if reach <= stop:
            return stop, found.replace_matches(start, stop, again, covers)
        stop = reach

