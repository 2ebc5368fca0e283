"""Alias matching as one scan over a trie of first words, and the open article's suggestions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.services.coding import ArticleMarks
from annotator.services.suggestions import (
    AliasMatcher,
    ArticleSuggestions,
    _Form,
    actor_cover,
    rematch_words,
)

_WORD = re.compile(r"\w+")


def form(text: str, actor: str = "x") -> _Form:
    """Return a form of an actor, exact for short and all-capital forms as the session makes it."""
    exact = len(text) <= 3 or (text.isupper() and any(c.isalpha() for c in text))
    return _Form(text, text.casefold(), actor, "Person", exact)


FORMS = [
    form("Wang"),
    form("Wang Qishan", "q"),
    form("Wang Yi", "y"),
    form("US", "us"),
    form("Straße", "s"),
    form("İstanbul", "i"),
    form("Ali Khan", "k"),
    form("Khan", "kh"),
]


def reference_find(forms: list[_Form], text: str) -> list[tuple[int, int, str]]:
    """Match word by word, longest form first at each word (the rule, spelled out plainly)."""
    by_first: dict[str, list[_Form]] = {}
    for f in sorted(forms, key=lambda f: len(f.text), reverse=True):
        by_first.setdefault(_WORD.match(f.folded).group(0), []).append(f)
    found, resume = [], 0
    for word in _WORD.finditer(text):
        start = word.start()
        if start < resume or (start > 0 and text[start - 1].isalnum()):
            continue
        for f in by_first.get(word.group(0).casefold(), ()):
            end = start + len(f.text)
            if end > len(text) or (end < len(text) and text[end].isalnum()):
                continue
            if f.matches(text[start:end]):
                found.append((start, end, f.actor_id))
                resume = end
                break
    return found


pieces = st.sampled_from(
    ["Wang", "Wang Qishan", "wang yi", "WANG", "US", "us", "Straße", "STRASSE", "İstanbul",
     "istanbul", "Ali Khan", "Khan", "Khanate", "xWang", "Wang_", " ", " ", ", ", "\n", "said",
     "é", "😀", "ﬁ"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(pieces, max_size=30))
def test_scan_finds_what_the_word_by_word_rule_finds(parts):
    """The trie scan (and its fallback when folding changes lengths) equals the plain rule."""
    text = "".join(parts)
    matcher = AliasMatcher(FORMS)
    assert [(s, e, f.actor_id) for s, e, f in matcher.find(text)] == reference_find(FORMS, text)


@settings(max_examples=80, deadline=None)
@given(st.lists(pieces, max_size=30), st.integers(1, 25))
def test_scanning_in_windows_finds_the_same(parts, step):
    """Matching piece by piece with ``resume`` finds what one pass finds."""
    text = "".join(parts)
    matcher = AliasMatcher(FORMS)
    found, resume, start = [], 0, 0
    while start < len(text):
        stop = min(len(text), start + step)
        got = matcher.find(text, start, stop, resume)
        found += got
        resume = got[-1][1] if got else resume
        start = stop
    assert found == matcher.find(text)


def test_a_form_running_past_the_end_is_no_match():
    """'Wang' at the very end of a text cannot be 'Wang Qishan' (this raised IndexError)."""
    assert [(s, e) for s, e, _f in AliasMatcher(FORMS).find("said Wang")] == [(5, 9)]


def test_suggestions_follow_mentions_and_rejections():
    """Covering a match hides it, uncovering shows it; rejections hide it for good."""
    text = "Wang met Wang Qishan; Wang said US."
    marks = ArticleMarks("a", text, [])
    found = ArticleSuggestions("a", set(), marks.text_of)
    found.add_matches(AliasMatcher(FORMS).find(text), actor_cover(marks))
    spans = [(s.start, s.end) for s in found.open()]
    assert spans == [(0, 4), (9, 20), (22, 26), (32, 34)]
    assert found.cover([(9, 13)]) == [(9, 20)]  # a mention of "Wang" inside "Wang Qishan"
    assert found.cover([(10, 12)]) == []  # already hidden
    assert found.uncover([(9, 13)]) == []  # still one mention over it
    assert found.uncover([(10, 12)]) == [(9, 20)]
    assert found.set_rejected({(22, 26, "x")}) == [(22, 26)]
    assert [s.start for s in found.open()] == [0, 9, 32]
    assert found.at(23) is None and found.at(2).text == "Wang"
    assert found.at(4) is None and found.at(4, include_end=True).start == 0
    assert [s.text for s in found.in_range(5, 33)] == ["Wang Qishan", "US"]


def test_mentions_already_there_hide_matches_as_they_are_added():
    """A match found where an actor mention already is starts hidden."""
    text = "Wang met Wang Qishan."
    rows = [("m", "actor", 0, 4, "Person", "x", None, None, None, None, None)]
    marks = ArticleMarks("a", text, rows)
    found = ArticleSuggestions("a", set(), marks.text_of)
    found.add_matches(AliasMatcher(FORMS).find(text), actor_cover(marks))
    assert [s.text for s in found.open()] == ["Wang Qishan"]
    assert len(found) == 2


def _all_matches(found: ArticleSuggestions) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.actor_id) for s in found.open()]


def _suggestions(matcher: AliasMatcher, text: str) -> ArticleSuggestions:
    marks = ArticleMarks("a", text, [])
    found = ArticleSuggestions("a", set(), marks.text_of)
    found.add_matches(matcher.find(text), actor_cover(marks))
    found.scanned_to = len(text)
    return found


POOL = [
    form(text, text)
    for text in (
        "Wang", "Wang Qishan", "Wang Yi", "US", "Straße", "Ali Khan", "Khan", "said",
        "said Wang", "Qishan", "Yi", "Khan said", "corridor", "US corridor",
    )
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(pieces | st.sampled_from(["said", "Qishan", "Yi", "corridor"]), max_size=40),
    st.sets(st.integers(0, len(POOL) - 1)),
    st.sets(st.integers(0, len(POOL) - 1)),
)
def test_matching_again_where_forms_changed_equals_matching_anew(parts, before, after):
    """Changing some forms, then matching again only where their first words occur, finds
    exactly what matching the whole text with the new forms finds."""
    text = "".join(parts)
    old_forms = [POOL[i] for i in sorted(before)]
    new_forms = [POOL[i] for i in sorted(after)]
    matcher = AliasMatcher(old_forms)
    matcher.find("compile the pattern")  # so that new first words go to the second pattern
    found = _suggestions(matcher, text)
    revision = matcher.revision
    removed = [f for f in old_forms if f not in new_forms]
    added = [f for f in new_forms if f not in old_forms]
    words = matcher.replace_forms(removed, added)
    assert matcher.words_changed_since(revision) == words
    if words:
        marks = ArticleMarks("a", text, [])
        steps = rematch_words(
            found, matcher, words, marks.text_of, len(text), actor_cover(marks), lambda _s: None
        )
        for _step in steps:
            pass
    assert _all_matches(found) == _all_matches(_suggestions(AliasMatcher(new_forms), text))
    assert matcher.find(text) == AliasMatcher(new_forms).find(text)


def test_a_new_alias_adds_its_matches_and_repaints_only_them():
    """A new form's occurrences become matches one by one; the spans returned are just those."""
    text = "Wang said the corridor is open; the corridor, Wang said, is safe."
    matcher = AliasMatcher([form("Wang")])
    matcher.find("")
    found = _suggestions(matcher, text)
    words = matcher.replace_forms([], [form("corridor", "c")])
    assert words == {"corridor"}
    marks = ArticleMarks("a", text, [])
    changed: list[tuple[int, int]] = []
    steps = rematch_words(
        found, matcher, words, marks.text_of, len(text), actor_cover(marks), changed.extend
    )
    assert list(steps) == []  # a short text: done in one go
    first = text.index("corridor")
    second = text.index("corridor", first + 1)
    assert sorted(changed) == [(first, first + 8), (second, second + 8)]
    assert [s.text for s in found.open()] == ["Wang", "corridor", "corridor", "Wang"]


def named(text: str, actor: str) -> _Form:
    """Return a form that names its actor (a name or explicit alias), as the session makes it."""
    return _Form(text, text.casefold(), actor, "Person", False, names=(actor,))


def waiting(text: str, *actors: str) -> _Form:
    """Return a form that only these actors' one-word implicit aliases have, likeliest first."""
    after = tuple((actor, "Person") for actor in actors)
    return _Form(text, text.casefold(), actors[0], "Person", False, after=after)


def test_a_form_waiting_for_a_name_is_suggested_only_after_it():
    """An implicit one-word alias is open only after a match naming its actor; of several
    actors waiting on it, the likeliest one named before it gets it."""
    text = "Wang spoke. Wang Qishan came. Wang added. Wang Yi said. Wang too."
    forms = [named("Wang Qishan", "q"), named("Wang Yi", "y"), waiting("Wang", "y", "q")]
    found = _suggestions(AliasMatcher(forms), text)
    assert [(s.text, s.actor_id) for s in found.open()] == [
        ("Wang Qishan", "q"), ("Wang", "q"), ("Wang Yi", "y"), ("Wang", "y"),
    ]  # the first "Wang" waits; "Wang" is never matched inside "Wang Yi" (the longer name is)
    assert found.at(1) is None and found.at(text.index("Wang added")).actor_id == "q"
    assert len(found) == 5  # the first "Wang" is held, not offered
    # Rejected like any other, as the actor it is suggested as.
    late = text.rindex("Wang")
    assert found.set_rejected({(late, late + 4, "y")}) == [(late, late + 4)]
    assert [s.start for s in found.open()][-1] == text.index("Wang Yi")


NAMING_POOL = [
    named("Wang Qishan", "q"),
    named("Qishan", "q"),
    waiting("Qishan", "q"),
    named("Wang Yi", "y"),
    waiting("Yi", "y"),
    waiting("Wang", "q"),
    waiting("Wang", "y", "q"),
    named("Wang", "w"),
    named("Ali Khan", "k"),
    waiting("Khan", "k"),
    named("said Wang", "s"),
]


def _open(found: ArticleSuggestions) -> dict[tuple[int, int], str]:
    return {(s.start, s.end): s.actor_id for s in found.open()}


def _one_per_name(forms: list[_Form]) -> list[_Form]:
    """Keep the first form of each folded name (the registry gives each name one form)."""
    return list({f.folded: f for f in reversed(forms)}.values())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Wang", "Wang Qishan", "Wang Yi", "Qishan", "Yi", "Ali Khan", "Khan",
                         "said", " ", " ", ", ", "\n"]),
        max_size=40,
    ),
    st.lists(st.integers(0, len(NAMING_POOL) - 1), unique=True),
    st.lists(st.integers(0, len(NAMING_POOL) - 1), unique=True),
)
def test_matching_again_keeps_what_waits_for_a_name_as_matching_anew(parts, before, after):
    """After forms change (an alias confirmed, a name added or gone), matching again only where
    their first words occur gives the suggestions matching anew gives, and the spans it
    reports include every suggestion that came, went or changed actor."""
    text = "".join(parts)
    old_forms = _one_per_name([NAMING_POOL[i] for i in before])
    new_forms = _one_per_name([NAMING_POOL[i] for i in after])
    matcher = AliasMatcher(old_forms)
    matcher.find("compile the pattern")
    found = _suggestions(matcher, text)
    shown = _open(found)
    words = matcher.replace_forms(
        [f for f in old_forms if f not in new_forms], [f for f in new_forms if f not in old_forms]
    )
    changed: list[tuple[int, int]] = []
    if words:
        marks = ArticleMarks("a", text, [])
        for _step in rematch_words(
            found, matcher, words, marks.text_of, len(text), actor_cover(marks), changed.extend
        ):
            pass
    now = _open(found)
    assert now == _open(_suggestions(AliasMatcher(new_forms), text))
    differ = {span for span in shown.keys() | now.keys() if shown.get(span) != now.get(span)}
    assert differ <= set(changed)
