"""Merging stays idempotent and order-independent with deletions: three teammates add, edit,
delete and undo deletes (and merge each other's files now and then); merging their three files
in any of the six orders gives the same marks, actors, assignments and tombstones."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.errors import AnnotatorError
from annotator.core.model import Actor, MarkKind, utc_now
from annotator.session import Session
from annotator.storage import bulk
from tests.conftest import add

CODERS = ("alice", "bob", "carol")
WORDS = ("China", "Pakistan", "Gwadar", "Beijing", "Islamabad", "CPEC")
OPERATIONS = (
    "add",
    "edit",
    "delete",
    "undo",
    "delete actor",
    "rename actor",
    "assign",
    "unassign",
    "merge",
)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A project everyone starts from (the corpus, a few marks, one article assigned) and an
    empty one to merge into, with the words' offsets in the first article."""
    folder = tmp_path_factory.mktemp("base")
    session = Session.open(folder / "base.db", "lead")
    session.import_bundled_corpus()
    article_ids = [s.id for s in session.article_summaries()[:3]]
    text = session.article(article_ids[0]).text
    spans = [(text.index(w), text.index(w) + len(w)) for w in WORDS if w in text]
    for word in ("China", "Pakistan"):
        add(session, article_ids[0], MarkKind.ACTOR, word, "Country")
    session.assign(article_ids[:1], "alice")
    session.close()
    Session.open(folder / "empty.db", "lead").close()
    return folder, article_ids, spans


def tick() -> None:
    """Wait for the next millisecond: no two steps write the same time (a tie of two edits
    is a conflict that keeps "ours", which no order can agree on; that is not tested here)."""
    now = utc_now()
    while utc_now() == now:
        pass


def apply(step, sessions, undo, folder, article_ids, spans):
    """Apply one teammate's step; a step the project refuses (a mark whose actor is gone) is
    skipped, as a user would see it refused."""
    who, operation, pick = step
    session = sessions[who]
    article_id = article_ids[0]
    # In the order they were made (ids are random: a failure found must replay the same).
    marks = session.store.db.execute("SELECT id FROM marks ORDER BY created_at, id").fetchall()
    actors = [
        r[0] for r in session.store.db.execute("SELECT id FROM actors ORDER BY created_at, id")
    ]
    try:
        if operation == "add":
            start, end = spans[pick % len(spans)]
            mark, new = session.prepare_mark(article_id, MarkKind.ACTOR, start, end, "Country")
            session.add_mark(mark, new)
        elif operation == "edit" and marks:
            mark = session.store.get_mark(marks[pick % len(marks)][0])
            label = "Person" if mark.label == "Country" else "Country"
            session.update_mark(mark.with_changes(label=label), remove_orphans=False)
        elif operation == "delete" and marks:
            mark = session.store.get_mark(marks[pick % len(marks)][0])
            undo[who].append((mark, session.remove_mark(mark.id).removed_actors))
        elif operation == "undo" and undo[who]:
            mark, removed = undo[who].pop()
            session.add_mark(mark, removed)
        elif operation == "delete actor" and actors:
            unused = [a for a in actors if session.store.actor_usage(a) == 0]
            if unused:
                session.delete_actor(unused[pick % len(unused)])
        elif operation == "rename actor" and actors:
            actor = session.actor(actors[pick % len(actors)])
            session.update_actor(
                Actor(actor.id, f"{actor.name.split(' #')[0]} #{pick}", actor.type)
            )
        elif operation == "assign":
            session.assign([article_ids[pick % 3]], CODERS[pick % 2])
        elif operation == "unassign":
            session.unassign([article_ids[pick % 3]], CODERS[pick % 2])
        elif operation == "merge" and pick % 3 != who:
            other = sessions[pick % 3]
            copy = other.backup(folder / f"sent-{utc_now()}.db")
            session.merge_project(copy)
    except AnnotatorError:
        pass


def content(session) -> dict[str, list[tuple]]:
    """Return the rows a merge decides: marks, actors, assignments and tombstones.

    An actor its tombstone outdates, kept because a mark still refers to it, counts by its id
    only: which of its edits is kept depends on the order (README, Known hazards), as do the
    aliases, which have no tombstones and are left out.
    """
    queries = {
        "marks": "SELECT * FROM marks",
        "actors": "SELECT * FROM actors a WHERE NOT EXISTS (SELECT 1 FROM deletions d "
        "WHERE d.tbl = 'actors' AND d.key = a.id AND d.deleted_at >= a.updated_at)",
        "actors kept for their marks": "SELECT a.id FROM actors a JOIN deletions d "
        "ON d.tbl = 'actors' AND d.key = a.id AND d.deleted_at >= a.updated_at",
        "assignments": "SELECT * FROM assignments",
        "deletions": "SELECT * FROM deletions",
    }
    return {
        name: sorted(map(tuple, session.store.db.execute(sql))) for name, sql in queries.items()
    }


steps = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(OPERATIONS), st.integers(0, 11)),
    min_size=4,
    max_size=16,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_merging_three_projects_in_every_order_gives_the_same_content(base, steps):
    template, article_ids, spans = base
    with tempfile.TemporaryDirectory() as where:
        folder = Path(where)
        sessions = []
        for coder in CODERS:
            shutil.copy(template / "base.db", folder / f"{coder}.db")
            sessions.append(Session.open(folder / f"{coder}.db", coder))
        undo: dict[int, list] = {0: [], 1: [], 2: []}
        for step in steps:
            tick()
            apply(step, sessions, undo, folder, article_ids, spans)
        for session in sessions:
            session.close()
        results = []
        for i, order in enumerate(itertools.permutations(range(3))):
            target = folder / f"merged-{''.join(map(str, order))}.db"
            shutil.copy(template / "empty.db", target)
            merged = Session.open(target, "lead")
            # Every other order merges as a large load does (storage/bulk.py): the same result.
            with patch.object(bulk, "BULK_MIN_ROWS", 0 if i % 2 else 10**9):
                for who in order:
                    merged.merge_project(folder / f"{CODERS[who]}.db")
            if i == 1:
                assert [f.what for f in merged.check() if not f.ok] == []
            results.append(content(merged))
            if order == (0, 1, 2):
                again = merged.merge_project(folder / "bob.db")
                assert sum(again.added.values()) == sum(again.deleted.values()) == 0
                assert content(merged) == results[0]
                assert [f.what for f in merged.check() if not f.ok] == []
            merged.close()
        for other in results[1:]:
            assert other == results[0]
