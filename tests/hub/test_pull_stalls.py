"""A pull reads the hub on a thread of its own (hub/pulling.py): a hub that stalls mid-read
never locks the coder's project, and a pull given up while the hub stalls stops reading at
once, leaves no scratch files and changes nothing.

The hub is made to stall by an admin's ``LOCK TABLE marks IN ACCESS EXCLUSIVE MODE``, which
stops every read of the marks until the admin's transaction ends.
"""

from __future__ import annotations

import sqlite3
import tempfile
import threading
import time

import pytest

from annotator.core.model import MarkKind
from annotator.storage import bulk
from annotator.session import Session
from annotator.storage.staging import PullStage
from tests.conftest import add
from tests.hub.team import as_role, make_team, role_of

psycopg = pytest.importorskip("psycopg")

STALL_S = 20  # the longest the hub is held: a test never hangs on it


class Stall(threading.Thread):
    """Holds the hub's marks from every reader until released (or STALL_S), and notes when a
    member's connection is seen waiting for them."""

    def __init__(self, admin: str, role: str) -> None:
        super().__init__(daemon=True)
        self.admin, self.role = admin, role
        self.locked = threading.Event()
        self.waiting = threading.Event()  # the member's read is held up
        self.release = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with (
                psycopg.connect(self.admin) as locker,
                psycopg.connect(self.admin, autocommit=True) as watcher,
            ):
                locker.execute("LOCK TABLE marks IN ACCESS EXCLUSIVE MODE")
                self.locked.set()
                deadline = time.monotonic() + STALL_S
                while not self.release.is_set() and time.monotonic() < deadline:
                    held = watcher.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = %s "
                        "AND wait_event_type = 'Lock'",
                        [self.role],
                    ).fetchone()[0]
                    if held:
                        self.waiting.set()
                    time.sleep(0.02)
                locker.rollback()
        except BaseException as exc:  # raised again in the test
            self.error = exc
        finally:
            self.locked.set()

    def __enter__(self) -> Stall:
        self.start()
        self.locked.wait(STALL_S)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.join(STALL_S + 5)
        if self.error is not None:
            raise self.error


def write_when_stalled(stall: Stall, project, outcome: dict, timeout: float, after: float = 0):
    """Once the pull waits on the stalled hub (and ``after`` seconds more), try to take the
    project's write lock from another connection, as the window would; note how it went
    under ``outcome["write"]``, then let the hub go."""
    try:
        if not stall.waiting.wait(STALL_S):
            outcome["write"] = "the pull never reached the stalled table"
            return
        time.sleep(after)
        other = sqlite3.connect(project, timeout=timeout, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            outcome["write"] = "done"
        except sqlite3.OperationalError as exc:
            outcome["write"] = str(exc)
        finally:
            other.close()
    finally:
        stall.release.set()


@pytest.fixture
def team(hub_db, tmp_path):
    """The lead (the bundled corpus, unblinded), alice with a few marks pushed, and bob."""
    made = make_team(hub_db, tmp_path, ("alice", "bob"), unblind=True)
    alice = made["alice"]
    article = alice.article_summaries()[0].id
    for word in ("Xi Jinping", "Pakistan", "China"):
        add(alice, article, MarkKind.ACTOR, word, "Country")
    alice.sync()
    yield made
    for session in made.values():
        session.close()


def test_a_hub_that_stalls_a_pull_never_locks_the_project(hub_db, team):
    bob = team["bob"]
    outcome: dict[str, object] = {}

    with Stall(hub_db, role_of(hub_db, "bob")) as stall:
        writer = threading.Thread(target=write_when_stalled, args=(stall, bob.path, outcome, 1))
        writer.start()
        report = bob.sync()
        writer.join(STALL_S)
    assert outcome["write"] == "done"
    assert report.pulled.added["marks"] == 3  # and the pull completed once the hub answered


def test_a_pull_given_up_while_the_hub_stalls_stops_and_changes_nothing(
    hub_db, team, tmp_path, monkeypatch
):
    bob = team["bob"]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = bob.hub_settings()["pull_cursor"]
    marks = "SELECT count(*) FROM marks"
    merging_thread = threading.get_ident()
    real_wait = PullStage.wait

    with Stall(hub_db, role_of(hub_db, "bob")) as stall:

        def wait(self, number, timeout=None):
            if threading.get_ident() == merging_thread and stall.waiting.wait(STALL_S):
                raise OSError("the merge failed")  # while the reading waits on the hub
            return real_wait(self, number, timeout)

        monkeypatch.setattr(PullStage, "wait", wait)
        started = time.monotonic()
        with pytest.raises(OSError, match="the merge failed"):
            bob.sync()
        given_up_in = time.monotonic() - started
        assert not stall.release.is_set()  # the hub still stalls: the read was cancelled
    monkeypatch.setattr(PullStage, "wait", real_wait)
    assert given_up_in < STALL_S / 2
    assert bob.hub_settings()["pull_cursor"] == before
    assert bob.store.db.execute(marks).fetchone()[0] == 0
    assert list(scratch.iterdir()) == []
    report = bob.sync()  # the next sync completes
    assert report.pulled.added["marks"] == 3


def test_a_first_pull_merges_its_articles_while_its_marks_still_arrive(
    hub_db, team, tmp_path, monkeypatch
):
    """A new coder's join whose new articles are a bulk load (here: from any number) holds
    the project's write lock while the hub's marks are still read; the join completes."""
    monkeypatch.setattr(bulk, "BULK_MIN_ROWS", 0)
    role = team["lead"].add_hub_coder(hub_db, "dave").role_name
    dave = Session.open(tmp_path / "dave.db", "dave")
    outcome: dict[str, object] = {}

    with Stall(hub_db, role) as stall:
        # After the articles' file is merged, while the marks' is awaited.
        writer = threading.Thread(
            target=write_when_stalled, args=(stall, dave.path, outcome, 0.2, 0.5)
        )
        writer.start()
        report = dave.join_hub(as_role(hub_db, role))
        writer.join(STALL_S)
    assert outcome["write"] == "database is locked"
    assert report.pulled.added["articles"] == len(team["lead"].article_summaries())
    assert report.pulled.added["marks"] == 3
    dave.close()
