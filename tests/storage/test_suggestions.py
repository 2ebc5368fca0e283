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


def _matches(session, text):
    """Return (start, end, actor id) of the session's matcher's matches in a text."""
    return [(s, e, form.actor_id) for s, e, form in session.alias_matcher().find(text)]


def _fresh_matches(db_path, text):
    """Return the matches of a matcher built anew from the project (another session)."""
    from annotator.session import Session

    other = Session.open(db_path, "alice")
    try:
        return _matches(other, text)
    finally:
        other.close()


def test_matcher_follows_registry_changes_one_actor_at_a_time(session, db_path):
    """After new actors, new aliases, a rename, a merge and deletes, the matcher kept up to date
    finds what one built anew finds, and reads only the changed actors' names to get there."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    session.alias_matcher()  # built once, then kept up to date
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    wang = add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    xinhua = add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    qishan = add(session, article_id, MarkKind.ACTOR, "Wang Qishan", "Person")
    assert _matches(session, text) == _fresh_matches(db_path, text)
    session.update_actor(
        Actor(wang.actor_id, "Wang Yi", "Person", aliases=("Wang", "Yi", "Foreign Minister"))
    )
    assert _matches(session, text) == _fresh_matches(db_path, text)
    merge = session.merge_actors(qishan.actor_id, wang.actor_id)
    assert _matches(session, text) == _fresh_matches(db_path, text)
    session.unmerge_actors(merge)
    session.remove_mark(xinhua.id)  # Xinhua's last use: the actor goes too
    assert _matches(session, text) == _fresh_matches(db_path, text)
    session.store.db.conn.set_trace_callback(None)
    # The registry was never read whole again (actor_forms reads every actor with its aliases).
    assert not any("LEFT JOIN actor_aliases" in s for s in statements)


def test_a_change_by_another_connection_builds_the_matcher_again(session, db_path):
    """What another program wrote to the project is in the matcher the next time it is asked."""
    from annotator.session import Session

    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    session.alias_matcher()
    other = Session.open(db_path, "bob")
    add(other, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    other.close()
    assert [text[s:e] for s, e, _a in _matches(session, text)] == ["Xinhua"] * text.count("Xinhua")
