"""Writers wait their turn: a read-then-write edit made while another program writes the same
project waits for it and succeeds, instead of failing with "database is locked"."""

from __future__ import annotations

import sqlite3
import threading
import time

from annotator.core.model import ArticleStatus
from annotator.session import Session


def test_an_edit_waits_for_another_writer(session):
    """Another connection holds the write lock for 0.4 s; set_status (reads, then writes)
    waits and then stores its change; the other program's write is kept too."""
    path = session.path
    article_id = session.article_summaries()[0].id
    other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO annotators (name, created_at) VALUES ('other program', '2026')")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.4)
        other.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    started = time.monotonic()
    session.set_status(article_id, ArticleStatus.DONE)
    waited = time.monotonic() - started
    assert released.is_set() and waited >= 0.3
    other.close()
    reopened = Session.open(path, session.annotator)
    assert reopened.document_labels(article_id).status == ArticleStatus.DONE
    names = [r[0] for r in reopened.store.db.execute("SELECT name FROM annotators")]
    assert "other program" in names
    reopened.close()
