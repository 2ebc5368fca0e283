"""The coding as statistics for the Statistics view and ``annotator stats``: the storage's
aggregates, shaped by analysis/statistics into tables and charts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from annotator.analysis.statistics import CodingCounts, Statistic, build_all
from annotator.core.model import MarkKind
from annotator.services.base import SessionBase


class StatisticsMixin(SessionBase):
    """Statistics over some coders' coding (None: every coder, gold included)."""

    def statistics(
        self, coders: Sequence[str] | None = None, top: int = 20, speaker_id: str | None = None
    ) -> list[Statistic]:
        """Return every statistic (analysis.statistics.KEYS) over these coders' coding; with
        a speaker, the timelines count only the claims that actor made."""
        store = self.store
        wanted = list(coders) if coders is not None else None
        with _one_snapshot(store.db.conn):
            counts = self._counts(wanted, top, speaker_id)
        return build_all(counts)

    def _counts(self, wanted: list[str] | None, top: int, speaker_id: str | None) -> CodingCounts:
        store = self.store
        speaker = store.get_actor(speaker_id).name if speaker_id is not None else ""
        return CodingCounts(
            articles=store.count_articles(),
            coders=wanted if wanted is not None else store.coders_with_work(),
            status=store.status_counts(wanted),
            queues=store.queue_counts(wanted),
            marks_per_day=store.marks_per_day(wanted),
            minutes=store.minutes_per_article(wanted),
            labels=store.label_counts(wanted),
            topic_stance=store.claims_by_topic_and_stance(wanted),
            sentiment=store.sentiment_by_actor_type(wanted),
            top_actors=store.top_actors(wanted, top),
            claims_per_month=store.claims_per_month(wanted, speaker_id),
            actor_months=store.claims_per_actor_and_month(wanted),
            topic_order=[label.name for label in self.tagset.spans.get(MarkKind.CLAIM, ())],
            speaker=speaker,
        )


@contextmanager
def _one_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read in one transaction, so that the counts agree with each other while another
    connection (the window's) goes on saving edits."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")
