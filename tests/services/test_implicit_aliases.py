"""Implicit aliases (a mention's text): recorded, kept, confirmed, and suggested with care.

Marking "Wang" as a mention of Wang Qishan gives him the alias "Wang" implicitly. A one-word
implicit alias is suggested only after the actor's name (or another form naming him) occurs
earlier in the same article, or once a coder confirms it (issue 11, point 2).
"""

from __future__ import annotations

import pytest

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, MarkKind

TEXTS = {
    # The full name after a first "Wang"; "Wang Yi" a known actor's name; "Wang" after both.
    "talks": "Wang opened the talks. Vice President Wang Qishan arrived later. Wang Yi said the "
    "talks went well. Wang added that both sides agreed.\n",
    # No "Wang Qishan": every "Wang" here is someone else.
    "minister": "Foreign Minister Wang Yi spoke first. Wang said the corridor is safe.\n",
    # Where the coder marks "Wang" as Wang Qishan.
    "visit": "Wang Qishan visited Islamabad. Wang met the army chief.\n",
}


@pytest.fixture
def project(empty, tmp_path):
    """Return (session, article ids by name) on a project holding the three texts above."""
    paths = []
    for name, text in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    empty.import_paths(paths)
    by_text = {empty.article(a.id).text.strip(): a.id for a in empty.article_summaries()}
    return empty, {name: by_text[text.strip()] for name, text in TEXTS.items()}


def mark(session, article_id, needle, after=0, **kwargs):
    """Mark the first occurrence of needle at or after an offset as a Person; return the mark."""
    text = session.article(article_id).text
    start = text.index(needle, after)
    mark, new = session.prepare_mark(
        article_id, MarkKind.ACTOR, start, start + len(needle), "Person", **kwargs
    )
    return session.add_mark(mark, new).mark


def suggested(session, article_id):
    """Return (start, text, actor name) of an article's open suggestions."""
    return [
        (s.start, s.text, session.actor(s.actor_id).name) for s in session.suggestions(article_id)
    ]


@pytest.fixture
def coded(project):
    """Wang Qishan and Wang Yi marked by name; "Wang" marked as Wang Qishan (implicitly)."""
    session, ids = project
    qishan = mark(session, ids["visit"], "Wang Qishan").actor_id
    wang_yi = mark(session, ids["minister"], "Wang Yi").actor_id
    visit_text = session.article(ids["visit"]).text
    mark(session, ids["visit"], "Wang", after=visit_text.index("Wang met"), actor_id=qishan)
    return session, ids, qishan, wang_yi


def test_a_mentions_text_becomes_an_implicit_alias_a_typed_one_explicit(coded):
    """Marking records the text as implicit; a name typed for a new actor is explicit."""
    session, ids, qishan, wang_yi = coded
    assert session.actor(qishan).aliases == ("Wang", "Wang Qishan")
    assert session.actor(qishan).implicit_aliases == ("Wang", "Wang Qishan")
    assert session.actor(qishan).aliases_after_name() == ("Wang",)
    text = session.article(ids["talks"]).text
    start = text.index("Wang opened")
    new_mark, [envoy] = session.prepare_mark(
        ids["talks"], MarkKind.ACTOR, start, start + 4, "Person", new_actor_name="Wang Lei"
    )
    assert envoy.aliases == ("Wang", "Wang Lei") and envoy.implicit_aliases == ("Wang",)
    session.update_actor(Actor(wang_yi, "Wang Yi", "Person", None, ("Yi", "FM Wang")))
    assert session.actor(wang_yi).implicit_aliases == ()  # typed in the actor dialog


def test_a_one_word_implicit_alias_is_suggested_only_after_the_full_name(coded):
    """The issue's scenario: no "Wang" before "Wang Qishan", none inside "Wang Yi" (the longer
    known name wins there), one after both; none in an article without the full name."""
    session, ids, _qishan, _wang_yi = coded
    text = session.article(ids["talks"]).text
    assert suggested(session, ids["talks"]) == [
        (text.index("Wang Qishan"), "Wang Qishan", "Wang Qishan"),
        (text.index("Wang Yi"), "Wang Yi", "Wang Yi"),
        (text.index("Wang added"), "Wang", "Wang Qishan"),
    ]
    assert suggested(session, ids["minister"]) == []  # "Wang Yi" is marked; "Wang" waits
    assert suggested(session, ids["visit"]) == []


def test_accepting_every_suggestion_accepts_only_what_the_rule_lets_through(coded):
    """Shift+Return's path (the open suggestions, prepared and added in one transaction) marks
    "Wang" after the full name only, and nothing in the article without it."""
    session, ids, qishan, _wang_yi = coded
    for article_id in (ids["talks"], ids["minister"]):
        marks = [
            session.prepare_mark(
                s.article_id, MarkKind.ACTOR, s.start, s.end, s.label, actor_id=s.actor_id
            )[0]
            for s in session.suggestions(article_id)
        ]
        if marks:
            session.add_marks(marks)
    talks = session.article(ids["talks"]).text
    assert [(m.start, m.actor_id) for m in session.marks(ids["talks"]) if m.text == "Wang"] == [
        (talks.index("Wang added"), qishan)
    ]
    assert [m.text for m in session.marks(ids["minister"])] == ["Wang Yi"]
    assert session.actor(qishan).aliases_after_name() == ("Wang",)  # still implicit


def test_a_confirmed_alias_is_suggested_everywhere_and_undo_takes_it_back(coded):
    """confirm_alias makes "Wang" explicit: suggested before the full name and in other
    articles; update_actor with what it returned makes it implicit again."""
    session, ids, qishan, _wang_yi = coded
    changed = []
    session.actors_changed.connect(changed.append)
    before = session.confirm_alias(qishan, "WANG")
    assert changed == [frozenset({qishan})]
    assert session.actor(qishan).implicit_aliases == ("Wang Qishan",)
    talks = session.article(ids["talks"]).text
    assert [s for s, text, _n in suggested(session, ids["talks"]) if text == "Wang"] == [
        0,
        talks.index("Wang added"),
    ]
    minister = session.article(ids["minister"]).text
    assert suggested(session, ids["minister"]) == [
        (minister.index("Wang said"), "Wang", "Wang Qishan")
    ]
    session.update_actor(before)
    assert session.actor(qishan) == before
    assert suggested(session, ids["minister"]) == []
    with pytest.raises(ValidationError, match="no alias"):
        session.confirm_alias(qishan, "Qishan")


def test_an_implicit_alias_of_several_words_is_suggested_everywhere(project):
    """ "Imran Khan" for Imran Ahmed Khan Niazi names him well enough on its own."""
    session, ids = project
    pm = mark(session, ids["visit"], "Wang Qishan", new_actor_name="Imran Ahmed Khan Niazi")
    assert session.actor(pm.actor_id).implicit_aliases == ("Wang Qishan",)
    assert session.actor(pm.actor_id).aliases_after_name() == ()
    talks = session.article(ids["talks"]).text
    assert suggested(session, ids["talks"]) == [
        (talks.index("Wang Qishan"), "Wang Qishan", "Imran Ahmed Khan Niazi")
    ]


def test_of_two_actors_waiting_on_one_word_the_likeliest_named_earlier_gets_it(coded):
    """ "Wang" implicit for Wang Qishan and for Wang Yi: where only Wang Qishan was named it is
    his; after both names, the one more marks refer to gets it."""
    session, ids, qishan, wang_yi = coded
    minister = session.article(ids["minister"]).text
    mark(session, ids["minister"], "Wang", after=minister.index("Wang said"), actor_id=wang_yi)
    mark(session, ids["talks"], "Wang Yi", actor_id=wang_yi)  # now the more used
    assert session.actor(wang_yi).aliases_after_name() == ("Wang",)
    talks = session.article(ids["talks"]).text
    assert suggested(session, ids["talks"]) == [
        (talks.index("Wang Qishan"), "Wang Qishan", "Wang Qishan"),
        (talks.index("Wang added"), "Wang", "Wang Yi"),
    ]
    # In the visit only Wang Qishan is named: its "Wang" is his, though Wang Yi is likelier.
    visit = session.article(ids["visit"]).text
    session.remove_mark(next(m for m in session.marks(ids["visit"]) if m.text == "Wang").id)
    assert suggested(session, ids["visit"]) == [(visit.index("Wang met"), "Wang", "Wang Qishan")]


def test_merging_actors_keeps_mention_texts_implicit_and_unmerge_restores(coded):
    """The absorbed actor's name comes explicit unless it was itself a mention's text; an
    alias explicit on the absorbed actor confirms the kept actor's implicit one."""
    session, ids, qishan, wang_yi = coded
    wang = next(m for m in session.marks(ids["visit"]) if m.text == "Wang")
    _edit, split = session.split_mention(wang.id)  # an actor named after its mention
    assert (split.name, split.implicit_aliases) == ("Wang", ("Wang",))
    merge = session.merge_actors(qishan, split.id)
    assert session.actor(qishan).aliases_after_name() == ("Wang",)  # still a mention's text
    session.unmerge_actors(merge)
    assert session.actor(split.id).implicit_aliases == ("Wang",)
    session.merge_actors(qishan, split.id)
    session.update_actor(Actor(wang_yi, "Wang Yi", "Person", None, ("Wang",)))  # typed
    merge = session.merge_actors(qishan, wang_yi)
    assert merge.confirmed_aliases == ("Wang",)
    assert session.actor(qishan).aliases_after_name() == ()
    assert "Wang Yi" in session.actor(qishan).aliases
    assert "Wang Yi" not in session.actor(qishan).implicit_aliases  # a name: explicit
    session.unmerge_actors(merge)
    assert session.actor(qishan).aliases_after_name() == ("Wang",)
