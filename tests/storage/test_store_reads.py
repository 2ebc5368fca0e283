"""Store reads the window asks for often: recent actors, use counts, date range, an article's text.

Each is answered from an index in proportion to its answer, so the tests check results and,
where it is the point, the plan.
"""

from __future__ import annotations

import pytest

from annotator.core.errors import NotFoundError
from annotator.core.model import Actor, Mark, MarkKind

TEXT = "Wang met Khan. Khan thanked Wang and Li in Lahore on Monday."
ARTICLE = "a" * 64


@pytest.fixture
def store(empty):
    """Return the store of an empty project with one article and three actors."""
    store = empty.store
    with store.transaction():
        store.db.execute(
            "INSERT INTO articles (id, title, date, text, imported_at) VALUES (?, 't', "
            "'2020-02-03', ?, '2026-01-01')",
            [ARTICLE, TEXT],
        )
        store.ensure_annotator("bob")
        for actor_id, name in (("wang", "Wang"), ("khan", "Khan"), ("li", "Li")):
            store.insert_actor(Actor(actor_id, name, "Person"), "alice")
    return store


def mark(n: int, needle: str, when: str, coder: str = "alice", **roles: str) -> Mark:
    """Return mark number n on the needle's first occurrence, saved at time ``when``."""
    start = TEXT.index(needle)
    kind = MarkKind.CLAIM if "speaker_id" in roles or "target_id" in roles else MarkKind.ACTOR
    return Mark(
        f"m{n}", ARTICLE, coder, kind, start, start + len(needle), needle, "Person",
        created_at=when, updated_at=when, **roles,
    )


def insert(store, *marks: Mark) -> None:
    """Store the marks in one transaction, in order."""
    with store.transaction():
        for m in marks:
            store.insert_mark(m)


def test_recent_actors_are_the_latest_mentions_first(store):
    """Most recent mention first; one entry per actor; only the coder's own mentions."""
    insert(
        store,
        mark(1, "Wang", "2026-01-01T10:00:00Z", actor_id="wang"),
        mark(2, "Khan", "2026-01-01T11:00:00Z", actor_id="khan"),
        mark(3, "Li", "2026-01-01T09:00:00Z", actor_id="li"),
        mark(4, "Wang and Li", "2026-01-01T12:00:00Z", coder="bob", actor_id="li"),
    )
    assert store.recent_actor_ids("alice", 12) == ["khan", "wang", "li"]
    assert store.recent_actor_ids("alice", 2) == ["khan", "wang"]
    assert store.recent_actor_ids("bob", 12) == ["li"]
    assert store.recent_actor_ids("carol", 12) == []


def test_recent_actors_saved_at_one_moment_go_by_storing_order(store):
    """Mentions saved in the same millisecond (an import) count the one stored last as newer."""
    when = "2026-01-01T10:00:00.000Z"
    insert(
        store,
        mark(1, "Khan", when, actor_id="khan"),
        mark(2, "Wang", when, actor_id="wang"),
        mark(3, "Li", when, actor_id="li"),
    )
    assert store.recent_actor_ids("alice", 12) == ["li", "wang", "khan"]


def test_use_counts_count_each_mark_once(store):
    """A claim whose speaker is also its target is one use; unused and unknown ids are 0."""
    insert(
        store,
        mark(1, "Wang", "t1", actor_id="wang"),
        mark(2, "Khan thanked Wang", "t2", speaker_id="khan", target_id="wang"),
        mark(3, "Wang met Khan", "t3", speaker_id="khan", target_id="khan"),
    )
    counts = store.actor_use_counts(["wang", "khan", "li", "nobody", "wang"])
    assert counts == {"wang": 2, "khan": 2, "li": 0, "nobody": 0}
    assert {a: store.actor_usage(a) for a in ("wang", "khan", "li")} == {
        "wang": 2, "khan": 2, "li": 0,
    }
    assert store.actor_use_counts([]) == {}


def test_date_range_is_two_index_seeks(store):
    """The earliest and latest dates come from the date index, not a scan of the articles."""
    assert store.article_date_range() == ("2020-02-03", "2020-02-03")
    plan = [
        r[3]
        for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT (SELECT min(date) FROM articles), "
            "(SELECT max(date) FROM articles)"
        )
    ]
    assert plan.count("SEARCH articles USING COVERING INDEX articles_by_date") == 2


def test_article_text(store):
    """An article's text alone; a missing article is NotFoundError."""
    assert store.article_text(ARTICLE) == TEXT
    with pytest.raises(NotFoundError):
        store.article_text("b" * 64)


def test_mentions_starting_in_a_range(store):
    """A coder's actor mentions (with an actor) that start inside [start, end)."""
    insert(
        store,
        mark(1, "Wang", "t1", actor_id="wang"),
        mark(2, "Khan", "t2", actor_id="khan"),
        mark(3, "Khan thanked Wang", "t3", speaker_id="khan"),
        mark(4, "Li", "t4", coder="bob", actor_id="li"),
    )
    found = store.actor_mentions(ARTICLE, "alice", 0, TEXT.index("Khan thanked"))
    wang, khan = TEXT.index("Wang"), TEXT.index("Khan")
    assert found == [(wang, wang + 4, "wang"), (khan, khan + 4, "khan")]
    assert store.actor_mentions(ARTICLE, "alice", 1, 9) == []


def test_article_actors(store):
    """The actors an article's marks refer to in any role, of one coder or of anyone."""
    insert(
        store,
        mark(1, "Wang", "t1", actor_id="wang"),
        mark(2, "Khan thanked Wang", "t2", speaker_id="khan", target_id="wang"),
        mark(3, "Li", "t3", coder="bob", actor_id="li"),
    )
    assert [a.id for a in store.article_actors(ARTICLE, "alice")] == ["khan", "wang"]
    assert [a.id for a in store.article_actors(ARTICLE)] == ["khan", "li", "wang"]
    assert store.article_actors(ARTICLE, "carol") == []
