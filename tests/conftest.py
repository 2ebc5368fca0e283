"""Shared fixtures: real SQLite projects in tmp_path; Qt runs headless."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return the path of a not-yet-created project database."""
    return tmp_path / "project.db"


@pytest.fixture
def session(db_path: Path):
    """Return a session on a new project with the bundled corpus, coding as 'alice'."""
    from annotator.session import Session

    s = Session.open(db_path, "alice")
    s.import_bundled_corpus()
    yield s
    s.close()


@pytest.fixture
def empty(tmp_path: Path):
    """Return a session on a new, empty project, coding as 'alice' (beside `session`'s file)."""
    from annotator.session import Session

    s = Session.open(tmp_path / "empty.db", "alice")
    yield s
    s.close()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """Return a private copy of the bundled corpus folder."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", target)
    return target


def add(session, article_id, kind, needle, label, after=0):
    """Mark the first occurrence of needle at or after offset `after`; return the stored mark."""
    text = session.article(article_id).text
    start = text.index(needle, after)
    mark, actor = session.prepare_mark(article_id, kind, start, start + len(needle), label)
    return session.add_mark(mark, actor).mark


def as_imported(actor):
    """Return an actor as an import of its export brings it back: every alias explicit (a file
    does not say which aliases were made from mentions)."""
    from dataclasses import replace

    return replace(actor, implicit_aliases=())


def code_two_coders(session) -> str:
    """Have alice and bob code the first bundled article; they agree on Xi Jinping only.

    Units in text order: (Prime Minister) Imran Khan (labels differ), Xi Jinping (agreed), a
    claim only alice made, a sentiment only bob made. Alice's tone is positive, bob's neutral.
    The session ends coding as "lead". Returns the article's id.
    """
    from annotator.core.model import DocumentLabels, MarkKind

    article_id = session.article_summaries()[0].id
    session.set_annotator("alice")
    add(session, article_id, MarkKind.ACTOR, "Imran Khan", "Person")
    add(session, article_id, MarkKind.ACTOR, "Xi Jinping", "Person")
    add(session, article_id, MarkKind.CLAIM, "discussed steps to enhance security", "CPEC security")
    session.set_document_labels(DocumentLabels(article_id, "alice", tone="positive"))
    session.set_annotator("bob")
    add(session, article_id, MarkKind.ACTOR, "Prime Minister Imran Khan", "Government")
    add(session, article_id, MarkKind.ACTOR, "Xi Jinping", "Person")
    add(session, article_id, MarkKind.SENTIMENT, "ambitious", "positive")
    session.set_document_labels(DocumentLabels(article_id, "bob", tone="neutral"))
    session.set_annotator("lead")
    return article_id


def pytest_addoption(parser):
    """--long: the long variants of the durability tests (50 SIGKILLs instead of 10)."""
    parser.addoption(
        "--long", action="store_true", default=False, help="run the long durability variants"
    )
