"""A pull's stage (storage/staging.py): files filled by one thread and read by another only
once complete; a failure of the filling reaches the reader, and a cancelled filling stops."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from annotator.hub.sync import ORDER
from annotator.storage.staging import STAGE_GROUPS, PullStage, StageCancelledError


def make_stage(folder) -> PullStage:
    """Return a stage of two files, each with a table of two columns."""
    paths = []
    for number in range(len(STAGE_GROUPS)):
        path = folder / f"stage-{number}.db"
        with sqlite3.connect(path) as conn:
            conn.execute(f"CREATE TABLE {STAGE_GROUPS[number][0]} (a, b)")
        paths.append(path)
    return PullStage(paths)


def stage_marks(stage: PullStage, created: list[str]) -> None:
    """Fill the stage's marks with one of alice's mentions per creation time."""
    with sqlite3.connect(stage.paths[stage.group_of("marks")]) as conn:
        conn.execute("DROP TABLE IF EXISTS marks")
        conn.execute(
            "CREATE TABLE marks (annotator, kind, label, stance, article_id, created_at, "
            "actor_id, speaker_id, target_id)"
        )
        conn.executemany(
            "INSERT INTO marks VALUES ('alice', 'actor', 'Person', NULL, 'a1', ?, 'x', NULL, NULL)",
            [(at,) for at in created],
        )


def test_the_stage_holds_every_table_a_pull_reads_once():
    staged = [table for group in STAGE_GROUPS for table in group]
    assert len(staged) == len(set(staged))
    assert set(staged) == {*ORDER, "deletions"}
    # The merge reads the articles first: they are in the file complete first.
    assert "articles" in STAGE_GROUPS[0] and "marks" in STAGE_GROUPS[1]


def test_a_file_is_read_once_complete_while_the_next_is_filled(tmp_path):
    stage = make_stage(tmp_path)
    first, second = STAGE_GROUPS[0][0], STAGE_GROUPS[1][0]
    second_started = threading.Event()
    release = threading.Event()

    def fill():
        with stage.writer(0) as writer:
            writer.add_rows(first, ["a", "b"], [(1, "x"), (2, "y")])
        with stage.writer(1) as writer:
            second_started.set()
            release.wait(10)
            writer.add_rows(second, ["a", "b"], [(3, "z")])

    thread = threading.Thread(target=fill)
    thread.start()
    stage.wait(0, timeout=10)
    with sqlite3.connect(stage.paths[0]) as conn:
        assert conn.execute(f"SELECT a, b FROM {first} ORDER BY a").fetchall() == [
            (1, "x"),
            (2, "y"),
        ]
    assert second_started.wait(10)
    assert not stage.is_complete(1)  # still being filled
    release.set()
    stage.wait(1, timeout=10)
    thread.join(10)
    with sqlite3.connect(stage.paths[1]) as conn:
        assert conn.execute(f"SELECT a, b FROM {second}").fetchall() == [(3, "z")]


def test_what_stopped_the_filling_is_raised_to_whoever_waits(tmp_path):
    stage = make_stage(tmp_path)
    with stage.writer(0) as writer:
        writer.add_rows(STAGE_GROUPS[0][0], ["a", "b"], [(1, "x")])
    stage.wait(0, timeout=10)
    stage.fail(ConnectionError("the hub went away"))
    with pytest.raises(ConnectionError, match="the hub went away"):
        stage.wait(1, timeout=10)


def test_a_cancelled_filling_stops_and_its_file_is_never_complete(tmp_path):
    stage = make_stage(tmp_path)
    stage.cancel()
    with pytest.raises(StageCancelledError), stage.writer(0) as writer:
        writer.add_rows(STAGE_GROUPS[0][0], ["a", "b"], [(1, "x")])
    assert not stage.is_complete(0)
    with sqlite3.connect(stage.paths[0]) as conn:
        assert conn.execute(f"SELECT count(*) FROM {STAGE_GROUPS[0][0]}").fetchone() == (0,)


def test_counting_stops_when_the_pull_is_given_up_and_nobody_waits_for_it(tmp_path):
    stage = make_stage(tmp_path)
    stage_marks(stage, ["2026-12-01T00:00:00Z"])
    stage.cancel()
    with pytest.raises(StageCancelledError):
        stage.count_tallies(wanted=True)
    assert stage.counted_tallies() is None  # answered at once, not waited for


def test_staged_marks_are_counted_when_wanted(tmp_path):
    stage = make_stage(tmp_path)
    stage_marks(stage, ["2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"])
    stage.count_tallies(wanted=True)
    counted = stage.counted_tallies()
    assert counted is not None and counted.total() == 2
    assert counted.days == {("alice", "2026-12-01"): 1, ("alice", "2026-12-02"): 1}


def test_a_stage_left_attached_by_an_earlier_pull_is_detached_by_the_next(db_path, tmp_path):
    """Were an earlier pull's file still attached, the next merge would read it in place of
    its own stage: making a stage detaches it."""
    from annotator.storage import Store
    from annotator.storage.staging import STAGE_ALIAS

    store = Store.open(db_path)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    old = store.create_stage(tmp_path / "old")
    store.db.execute(f"ATTACH DATABASE ? AS {STAGE_ALIAS.format(0)}", [str(old.paths[0])])
    new = store.create_stage(tmp_path / "new")
    attached = {row[1] for row in store.db.execute("PRAGMA database_list")}
    assert STAGE_ALIAS.format(0) not in attached
    assert new.paths[0].parent == tmp_path / "new"
    store.close()
