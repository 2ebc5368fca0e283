"""An import, a merge, a backup and a migration SIGKILLed at random moments while they run
(10 times each; 50 with --long): each is all or nothing — the project is as it was before or
as the finished operation leaves it, never in between — it checks clean, and a backup's file is
absent or a complete copy (issue 12, tests that prove it)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.core.model import ArticleFilter
from annotator.core.text import article_id
from annotator.session import Session
from annotator.storage.migrations import migrations
from annotator.storage.schema import MIGRATION_NAMES

CHILD = Path(__file__).with_name("crash_child.py")
STAMP = "2026-01-01T00:00:00.000Z"
WORDS = "corridor Gwadar port talks Beijing Islamabad security loan power plant road".split()


def article_text(n: int) -> str:
    rng = random.Random(n)
    return f"Article {n}. " + " ".join(rng.choice(WORDS) for _ in range(400)) + "."


@dataclass
class Run:
    """What one child printed before it finished or was killed."""

    lines: list[str]

    @property
    def in_flight(self) -> bool:
        return "start" in self.lines and "done" not in self.lines


def run_and_kill(operation: str, project: Path, source: Path, delay: float) -> Run:
    """Start the operation; ``delay`` seconds after it has begun, SIGKILL it."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), operation, str(project), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    assert first == "start", child.stderr.read() if child.stderr else ""
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    rest, _ = child.communicate()
    return Run([first, *rest.split()])


def duration(operation: str, project: Path, source: Path) -> float:
    """Time the operation uninterrupted, from its "start" to its "done"."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), operation, str(project), str(source)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "start"
    began = time.monotonic()
    out, _ = child.communicate(timeout=120)
    assert out.split()[-1] == "done"
    return time.monotonic() - began


def state(project: Path) -> tuple[int, int]:
    """Return (articles, marks) of a project, after `annotator check` finds it clean."""
    session = Session.open(project, "checker")
    try:
        findings = session.check()
        assert all(f.ok for f in findings), [f for f in findings if not f.ok]
        articles = session.store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        marks = session.store.db.execute("SELECT count(*) FROM marks").fetchone()[0]
        return articles, marks
    finally:
        session.close()


def kills(request) -> int:
    return 50 if request.config.getoption("--long") else 10


def crash_many(request, operation, make_project, source, outcome) -> None:
    """Kill the operation at random moments until ``kills`` kills have landed while it ran
    (a kill after it finished counts for nothing); after each, ``outcome(project)`` judges."""
    rng = random.Random(operation)
    template = make_project()
    calibration = template.with_name("calibration.db")
    shutil.copy(template, calibration)
    took = duration(operation, calibration, source)
    in_flight = attempts = 0
    while in_flight < kills(request) and attempts < 4 * kills(request):
        project = template.with_name(f"killed-{attempts}.db")
        shutil.copy(template, project)
        run = run_and_kill(operation, project, source, rng.random() * took * 0.95)
        outcome(project, run)
        project.unlink()
        attempts += 1
        in_flight += run.in_flight
        if "done" in run.lines:
            took *= 0.7  # faster than when it was timed (a machine less busy now): aim sooner
    assert in_flight == kills(request), f"only {in_flight} kill(s) landed mid-operation"


@pytest.fixture
def small_project(session, tmp_path):
    """The bundled corpus, coded a little by alice, closed."""
    session.close()
    path = tmp_path / "ours.db"
    shutil.copy(session.path, path)
    return lambda: path


def test_a_killed_import_is_all_or_nothing(small_project, tmp_path, request):
    source = tmp_path / "articles.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n in range(3000):
            out.write(json.dumps({"title": f"Report {n}", "text": article_text(n)}) + "\n")
    before = state(small_project())

    def outcome(project: Path, run: Run) -> None:
        after = state(project)
        assert after in (before, (before[0] + 3000, before[1]))
        if "done" in run.lines:
            assert after == (before[0] + 3000, before[1])

    crash_many(request, "import", small_project, source, outcome)


def teammate(ours: Path, theirs: Path, per_article: int) -> int:
    """Write theirs: ours plus bob's sentiment marks, ``per_article`` in each article."""
    shutil.copy(ours, theirs)
    db = sqlite3.connect(theirs, isolation_level=None)
    db.execute("BEGIN")
    db.execute("INSERT INTO annotators (name, created_at) VALUES ('bob', ?)", [STAMP])
    rows = []
    for article, text in db.execute("SELECT id, text FROM articles").fetchall():
        for n in range(per_article):
            start = (n * 13) % (len(text) - 12)
            rows.append(
                (str(uuid.uuid4()), article, start, start + 12, text[start : start + 12], STAMP)
            )
    db.executemany(
        'INSERT INTO marks (id, article_id, annotator, kind, start, "end", text, label, '
        "created_at, updated_at) VALUES (?, ?, 'bob', 'sentiment', ?, ?, ?, 'neutral', ?, ?)",
        [(*row, STAMP) for row in rows],
    )
    db.execute("COMMIT")
    db.close()
    return len(rows)


def test_a_killed_merge_is_all_or_nothing(small_project, tmp_path, request):
    theirs = tmp_path / "theirs.db"
    added = teammate(small_project(), theirs, 6000)
    before = state(small_project())

    def outcome(project: Path, run: Run) -> None:
        after = state(project)
        assert after in (before, (before[0], before[1] + added))
        if "done" in run.lines:
            assert after == (before[0], before[1] + added)

    crash_many(request, "merge", small_project, theirs, outcome)


def test_a_killed_backup_leaves_no_part_copy(small_project, tmp_path, request):
    project = tmp_path / "big.db"
    added = teammate(small_project(), project, 2000)
    copy = tmp_path / "copy.db"
    rng = random.Random("backup")
    copied = 0
    for _ in range(kills(request)):
        run = run_and_kill("backup", project, copy, 0.2 + rng.random() * 0.8)
        copied += run.lines.count("copied")
        if copy.exists():  # whichever moment the kill came, the copy there is complete
            assert state(copy) == (5, added)
            copy.unlink()
        strays = [p.name for p in tmp_path.glob(".copy.db.*")]
        assert all(".partial" in name for name in strays)  # hidden, named for what they are
    assert copied >= kills(request)  # the kills came between and during many copies


def old_project(path: Path, articles: int) -> Path:
    """Write a project as annotator 0001 left it, holding many articles (no search index)."""
    db = Database(path)
    migrations.apply(db, stop_before="0002_article_search")
    db.conn.executemany(
        "INSERT INTO articles VALUES (?, ?, NULL, NULL, '{}', ?, ?)",
        [
            (article_id(article_text(n)), f"Old {n}", article_text(n), STAMP)
            for n in range(articles)
        ],
    )
    db.conn.commit()
    db.close()
    return path


def test_a_killed_migration_leaves_a_project_that_opens(tmp_path, request):
    template = old_project(tmp_path / "old.db", 4000)

    def outcome(project: Path, run: Run) -> None:
        raw = sqlite3.connect(project)
        applied = [r[0] for r in raw.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        raw.close()
        assert applied == list(MIGRATION_NAMES[: len(applied)])  # whole steps, in order
        assert state(project) == (4000, 0)  # opening again finishes the migration
        session = Session.open(project, "reader")
        assert len(session.article_list_keys(ArticleFilter(text="Article 3999"))) == 1
        session.close()

    crash_many(request, "migrate", lambda: template, Path("-"), outcome)
