"""Suggested mentions: whole-word alias matches, skipped where marked or rejected."""

from __future__ import annotations

from annotator.core.model import Actor, MarkKind
from tests.conftest import add


def test_aliases_are_suggested_elsewhere_in_the_article(session):
    """After 'Wang' and 'Xinhua' are marked once, their other occurrences are suggested."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    first_wang = add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    found = session.suggestions(article_id)
    assert {s.text for s in found} == {"Wang"}
    assert all(s.actor_id == first_wang.actor_id and s.label == "Person" for s in found)
    # "Wang Qishan" contains the alias "Wang" as a whole word: suggested too; marked ones are not.
    wang_positions = [i for i in range(len(text)) if text.startswith("Wang", i)]
    assert [s.start for s in found] == [p for p in wang_positions if p != first_wang.start]
    assert all(text[s.start : s.end] == s.text for s in found)


def test_longest_alias_wins_and_case_is_ignored(session):
    """Every alias of an actor is looked for, ignoring case; marked places are skipped."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    start = text.index("Vice President Wang Qishan")
    mark, new = session.prepare_mark(
        article_id, MarkKind.ACTOR, start, start + len("Vice President Wang Qishan"), "Person"
    )
    session.add_mark(mark, new)
    session.update_actor(
        Actor(
            id=mark.actor_id,
            name="Wang Qishan",
            type="Person",
            aliases=("Vice President Wang Qishan", "Wang Qishan", "Wang"),
        )
    )
    found = session.suggestions(article_id)
    assert "Wang Qishan" not in {s.text for s in found}  # its only occurrence is marked
    assert {s.text for s in found} == {"Wang"}


def test_rejected_suggestion_is_remembered_per_coder(session):
    """Rejecting hides a suggestion for that coder only; un-rejecting brings it back."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    before = session.suggestions(article_id)
    session.reject_suggestion(before[0])
    assert session.suggestions(article_id) == before[1:]
    session.set_annotator("bob")
    assert session.suggestions(article_id)[0] == before[0]
    session.set_annotator("alice")
    session.unreject_suggestion(before[0])
    assert session.suggestions(article_id) == before


def test_short_and_capital_forms_match_exactly_others_ignore_case(tmp_path):
    """'US' does not suggest the pronoun 'us'; 'Franz Strauß' and 'İstanbul' are found as spelt."""
    from annotator.session import Session

    source = tmp_path / "a.txt"
    source.write_text(
        "The US said it. Let us see. Franz Strauß met FRANZ STRAUß in İstanbul, then istanbul.",
        encoding="utf-8",
    )
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    for needle, label in (("US", "Country"), ("Franz Strauß", "Person"), ("İstanbul", "Country")):
        start = text.index(needle)
        mark, new = session.prepare_mark(article_id, MarkKind.ACTOR, start, start + len(needle), label)
        session.add_mark(mark, new)
    session.remove_mark(session.marks(article_id)[0].id, orphans=set())  # un-mark "US", keep actor
    found = [(s.start, s.text) for s in session.suggestions(article_id)]
    assert found == [(4, "US"), (text.index("FRANZ"), "FRANZ STRAUß")]
    session.close()
