"""Three coders at once, each a process of its own with a project of its own joined to the hub
(the project unblinded): for a bounded time each adds, relabels and deletes marks and sets
statuses, syncing every few edits, while the others do the same. Then each syncs twice. Every
project and the hub hold the same coding, and every edit each process was told was saved is in
it as the process last saw it (0 lost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.team import hub_marks, make_team, project_marks

pytest.importorskip("psycopg")

CHILD = Path(__file__).with_name("coder_child.py")
REPO = Path(__file__).resolve().parents[2]
CODERS = ("alice", "bob", "carol")
SECONDS = 15


def what_was_acknowledged(log: Path) -> tuple[dict, dict]:
    """Return the marks (id -> (label, stamp); deleted ones left out) and the statuses
    (article -> (status, stamp)) as a coder's log last recorded them."""
    marks: dict[str, tuple[str, str]] = {}
    statuses: dict[str, tuple[str, str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if "mark" in entry:
            if entry["label"] == "deleted":
                del marks[entry["mark"]]
            else:
                marks[entry["mark"]] = (entry["label"], entry["at"])
        else:
            statuses[entry["article"]] = (entry["status"], entry["at"])
    return marks, statuses


def coding(session) -> list[tuple]:
    """Return a project's marks and document labels in a canonical order."""
    db = session.store.db
    marks = db.execute(
        'SELECT id, article_id, annotator, kind, start, "end", label, actor_id, updated_at '
        "FROM marks ORDER BY id"
    ).fetchall()
    labels = db.execute(
        "SELECT article_id, annotator, status, updated_at FROM document_labels ORDER BY 1, 2"
    ).fetchall()
    return [*marks, *labels]


def test_three_coder_processes_editing_and_syncing_at_once(hub_db, tmp_path):
    team = make_team(hub_db, tmp_path, CODERS, unblind=True)
    try:
        for name in CODERS:
            team[name].close()
        children = {
            name: subprocess.Popen(
                [
                    sys.executable,
                    str(CHILD),
                    str(tmp_path / f"{name}.db"),
                    name,
                    str(SECONDS),
                    str(tmp_path / f"{name}.log"),
                    str(seed),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
            for seed, name in enumerate(CODERS)
        }
        done = {name: child.communicate(timeout=SECONDS + 120) for name, child in children.items()}
        for name, child in children.items():
            assert child.returncode == 0, done[name][1]
        from annotator.session import Session

        for name in CODERS:
            team[name] = Session.open(tmp_path / f"{name}.db", name)
        for _round in range(2):
            for name in (*CODERS, "lead"):
                team[name].sync()

        final = coding(team["lead"])
        for name in CODERS:
            assert coding(team[name]) == final, name
            assert team[name].store.count_pending() == 0
        assert hub_marks(hub_db) == project_marks(team["lead"])
        for name in CODERS:
            marks, statuses = what_was_acknowledged(tmp_path / f"{name}.log")
            edits, syncs = (int(part.split("=")[1]) for part in done[name][0].split())
            assert len(marks) > 20 and syncs > 5, (name, edits, syncs)
            assert project_marks(team["lead"], name) == marks, name  # 0 lost, 0 stale
            stored = {
                article: (status, stamp)
                for article, status, stamp in team["lead"].store.db.execute(
                    "SELECT article_id, status, updated_at FROM document_labels "
                    "WHERE annotator = ?",
                    [name],
                )
            }
            assert {a: stored[a] for a in statuses} == statuses, name
    finally:
        for session in team.values():
            session.close()
