"""A sync SIGKILLed at any moment leaves both sides whole, and the next sync completes.

Alice's project (joined to a real hub, the project unblinded) gets a few thousand new,
relabelled and deleted marks, the lead a thousand new ones; a child process syncs alice's
project and is SIGKILLed at a random moment of its sync (8 times; 30 with --long). After each
kill: the project passes ``annotator check`` (integrity, tallies, …); the hub holds alice's
marks as they were before the sync or as her project holds them, never part of a batch; her
project holds the lead's marks as before or as the hub does, never part; then a sync in this
process completes and both sides agree. At the end nothing alice made is lost anywhere.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.session import Session
from tests.hub.team import hub_marks, make_team, new_marks, project_marks, role_of, word_spans

pytest.importorskip("psycopg")

CHILD = Path(__file__).with_name("sync_child.py")
REPO = Path(__file__).resolve().parents[2]
NEW, RELABELLED, DELETED, LEADS = 1500, 100, 100, 1000  # per round


def sync_in_child(path: Path, coder: str) -> subprocess.Popen[str]:
    """Start a process syncing the project; return it once it says it is ready."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), coder],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout.readline().strip() == "ready"
    return child


def wait_until_gone(admin: str, role: str) -> None:
    """Wait until the hub has no session of the role (the killed client's backend ended)."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        for _ in range(1000):
            busy = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", [role]
            ).fetchone()[0]
            if not busy:
                return
            time.sleep(0.01)
    raise AssertionError(f"the killed sync's backend of {role} is still there after 10 s")


def edit(alice: Session, spans, made: dict, rng: random.Random) -> None:
    """Add, relabel and delete some of alice's marks; keep `made` what her project holds."""
    for mark in new_marks(alice, spans, NEW):
        made[mark.id] = (mark.label, mark.updated_at)
    for mark_id in rng.sample(sorted(made), RELABELLED):
        label = "positive" if made[mark_id][0] != "positive" else "negative"
        stored = alice.update_mark(alice.store.get_mark(mark_id).with_changes(label=label)).mark
        made[mark_id] = (stored.label, stored.updated_at)
    gone = rng.sample(sorted(made), DELETED)
    alice.remove_marks(gone)
    for mark_id in gone:
        del made[mark_id]


def test_a_sync_killed_at_any_moment_leaves_both_sides_whole(hub_db, tmp_path, request):
    rounds = 30 if request.config.getoption("--long") else 8
    team = make_team(hub_db, tmp_path, ("alice",), unblind=True)
    lead, alice = team["lead"], team["alice"]
    path = alice.path
    role = role_of(hub_db, "alice")
    rng = random.Random(15)
    spans, lead_spans = word_spans(alice), word_spans(lead)
    made: dict[str, tuple[str, str]] = {}
    estimate = 2.0  # seconds a child's sync takes, from the last one that finished
    outcomes = []
    try:
        for _round in range(rounds):
            edit(alice, spans, made, rng)
            new_marks(lead, lead_spans, LEADS)
            lead.sync()
            hub_before, leads_before = hub_marks(hub_db, "alice"), project_marks(alice, "lead")
            leads_at_hub = hub_marks(hub_db, "lead")
            alice.close()

            child = sync_in_child(path, "alice")
            time.sleep(rng.uniform(0, estimate))
            child.send_signal(signal.SIGKILL)
            output, errors = child.communicate()
            if output.startswith("synced"):
                estimate = float(output.split()[1])
            else:
                assert child.returncode == -signal.SIGKILL, errors
            wait_until_gone(hub_db, role)

            alice = Session.open(path, "alice")
            failed = [f for f in alice.check() if not f.ok]
            assert failed == []
            assert alice.store.tallies_match()
            at_hub, leads_here = hub_marks(hub_db, "alice"), project_marks(alice, "lead")
            assert at_hub in (hub_before, made)  # a batch is all there or not at all
            assert leads_here in (leads_before, leads_at_hub)
            assert project_marks(alice, "alice") == made
            outcomes.append((at_hub == made, leads_here == leads_at_hub))

            alice.sync()  # the next sync completes
            assert hub_marks(hub_db, "alice") == made
            assert project_marks(alice, "lead") == leads_at_hub
            assert alice.store.count_pending() == 0
        lead.sync()
        everything = hub_marks(hub_db)
        assert project_marks(lead) == everything == project_marks(alice)
        assert hub_marks(hub_db, "alice") == made  # 0 lost
        assert len(made) == rounds * (NEW - DELETED)
        # Some kills fell inside a sync: before its push committed, or before its pull did.
        assert outcomes.count((True, True)) < rounds, outcomes
    finally:
        alice.close()
        lead.close()
