"""A connection lost in the middle of a sync is retried: the server ends the sync's backend
(``pg_terminate_backend``, as a dropped network or a restarted server would) while it copies
marks in or reads them out, and the sync still completes with nothing lost or counted twice.
A hub that cannot be reached at the start is not waited for.

The moment is found by watching ``pg_stat_activity`` for the sync's statement. A copy or a
fetch of a few thousand rows lasts tens of milliseconds, which a busy machine can miss: those
tests sync new batches until one was cut (at most ROUNDS), checking every round.
"""

from __future__ import annotations

import threading
import time

import pytest

from annotator.services import hub as hub_service
from annotator.services.hub import HubConnectionError
from tests.hub.team import hub_marks, make_team, new_marks, project_marks, role_of, word_spans

pytest.importorskip("psycopg")

MARKS = 6000  # per round
ROUNDS = 4
WATCH_S = 30  # the longest a Terminator watches


class Terminator(threading.Thread):
    """Ends a member's backend each time it runs a statement starting with a prefix (up to
    ``times`` times), watching ``pg_stat_activity`` from an admin connection.

    With ``lock_marks`` it first takes a lock on the hub's marks that stops every write to
    them (not reads): a push then waits at its INSERT, mid-transaction, until it is ended. The
    lock goes when the thread does, after at most WATCH_S: a test never hangs on it.
    """

    def __init__(
        self, admin: str, role: str, prefix: str, times: int = 1, lock_marks: bool = False
    ) -> None:
        super().__init__(daemon=True)
        self.admin, self.role, self.prefix, self.times = admin, role, prefix, times
        self.lock_marks = lock_marks
        self.ended: list[str] = []  # the statements whose backend was ended
        self.pids: list[int] = []  # those backends
        self.error: BaseException | None = None
        self.watching = threading.Event()
        self.stop = threading.Event()

    def run(self) -> None:
        import psycopg

        try:
            with (
                psycopg.connect(self.admin, autocommit=True) as conn,
                psycopg.connect(self.admin) as locker,
            ):
                if self.lock_marks:
                    locker.execute("LOCK TABLE marks IN EXCLUSIVE MODE")
                self.watching.set()
                self._watch(conn)
        except BaseException as exc:  # raised again by __exit__, in the test
            self.error = exc
        finally:
            self.watching.set()

    def _watch(self, conn) -> None:
        deadline = time.monotonic() + WATCH_S
        while len(self.ended) < self.times and not self.stop.is_set():
            if time.monotonic() > deadline:
                return
            # A backend told to end shows as active a moment longer: not one to end again.
            found = conn.execute(
                "SELECT pid, query FROM pg_stat_activity WHERE usename = %s "
                "AND state = 'active' AND starts_with(query, %s) AND pid <> ALL(%s)",
                [self.role, self.prefix, self.pids],
            ).fetchone()
            if found:
                ended = conn.execute("SELECT pg_terminate_backend(%s)", [found[0]])
                if ended.fetchone()[0]:
                    self.pids.append(found[0])
                    self.ended.append(found[1])
            time.sleep(0.001)

    def __enter__(self) -> Terminator:
        self.start()
        self.watching.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.join()
        if self.error is not None:
            raise self.error


@pytest.fixture
def team(hub_db, tmp_path):
    """The lead (the bundled corpus, unblinded) and alice, joined."""
    made = make_team(hub_db, tmp_path, ("alice",), unblind=True)
    yield made
    for session in made.values():
        session.close()


def test_a_push_cut_off_while_copying_is_sent_again(hub_db, team):
    alice = team["alice"]
    spans = word_spans(alice)
    role = role_of(hub_db, "alice")
    made: dict[str, tuple[str, str]] = {}
    cut = 0
    while not cut and len(made) < ROUNDS * MARKS:
        made |= {m.id: (m.label, m.updated_at) for m in new_marks(alice, spans, MARKS)}
        with Terminator(hub_db, role, "COPY incoming_marks") as terminator:
            report = alice.sync()
        cut = len(terminator.ended)
        assert report.retries == cut
        assert report.pushed["marks"] == MARKS  # counted once, not once per try
        assert alice.store.count_pending() == 0
        assert hub_marks(hub_db, "alice") == made  # none lost, none extra
        assert project_marks(alice, "alice") == made
    assert cut == 1, "no round's copy was seen running: nothing was cut off"


def test_a_pull_cut_off_while_reading_is_read_again(hub_db, team):
    lead, alice = team["lead"], team["alice"]
    spans = word_spans(lead)
    role = role_of(hub_db, "alice")
    made: dict[str, tuple[str, str]] = {}
    cut = 0
    while not cut and len(made) < ROUNDS * MARKS:
        made |= {m.id: (m.label, m.updated_at) for m in new_marks(lead, spans, MARKS)}
        lead.sync()
        cursor_before = int(alice.hub_settings()["pull_cursor"])
        with Terminator(hub_db, role, 'FETCH FORWARD 20000 FROM "pull_marks"') as terminator:
            report = alice.sync()
        cut = len(terminator.ended)
        assert report.retries == cut
        assert report.pulled.added["marks"] == MARKS
        assert project_marks(alice, "lead") == made == hub_marks(hub_db, "lead")
        assert int(alice.hub_settings()["pull_cursor"]) > cursor_before
    assert cut == 1, "no round's fetch was seen running: nothing was cut off"
    assert alice.sync().pulled_rows == 0  # the cursor moved past everything pulled


def test_a_sync_whose_connection_keeps_dropping_gives_up_and_keeps_the_changes(
    hub_db, team, monkeypatch
):
    monkeypatch.setattr(hub_service, "SYNC_BACKOFF_S", 0.05)
    alice = team["alice"]
    new_marks(alice, word_spans(alice), 3000)
    pending = alice.store.count_pending()
    tries = hub_service.SYNC_ATTEMPTS
    role = role_of(hub_db, "alice")
    # Every try waits at its INSERT INTO marks (its marks copied, the transaction open) until
    # it is ended.
    with Terminator(hub_db, role, "INSERT INTO marks", tries, lock_marks=True) as terminator:
        with pytest.raises(HubConnectionError, match="lost the connection to the hub"):
            alice.sync()
    assert len(terminator.ended) == tries
    assert alice.store.count_pending() == pending == 3001  # the marks and a status wait
    assert hub_marks(hub_db, "alice") == {}
    report = alice.sync()
    assert (report.retries, report.pushed["marks"]) == (0, 3000)
    assert len(hub_marks(hub_db, "alice")) == 3000


def test_a_hub_unreachable_at_the_start_is_not_retried(team):
    alice = team["alice"]
    with alice.store.transaction():
        alice.store.set_hub_settings({"hub": "host=/nonexistent/socket port=1 user=alice"})
    started = time.monotonic()
    with pytest.raises(HubConnectionError, match="cannot reach the hub"):
        alice.sync()
    assert time.monotonic() - started < hub_service.SYNC_BACKOFF_S
