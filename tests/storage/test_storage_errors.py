"""A change the database cannot store (a full disk) is one clear message, rolled back whole;
in the window the edit is refused and shown as such (issue 12, point 8)."""

from __future__ import annotations

import pytest

from annotator.core.errors import StorageError


def fill_up(session) -> None:
    """Let the database grow by no page more: the next write needing one finds the disk full."""
    pages = session.store.db.execute("PRAGMA page_count").fetchone()[0]
    session.store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_is_a_clear_refusal(session):
    article_id = session.article_summaries()[0].id
    fill_up(session)
    before = len(session.store.marks_for(article_id, session.annotator))
    acknowledged = session.guidelines()
    with pytest.raises(StorageError, match="nothing was saved: the disk is full"):
        for n in range(200):  # until a page is needed
            session.set_guidelines(f"{n} " + "x" * 50_000)
            acknowledged = session.guidelines()
    assert session.guidelines() == acknowledged  # the last one acknowledged is kept whole
    assert len(session.store.marks_for(article_id, session.annotator)) == before
