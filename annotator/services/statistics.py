"""The coding as statistics for the Statistics view and ``annotator stats``: the storage's
aggregates, shaped by analysis/statistics into tables and charts."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.analysis.statistics import CodingCounts, Statistic, build_all
from annotator.core.model import MarkKind
from annotator.services.base import SessionBase


class StatisticsMixin(SessionBase):
    """Statistics over some coders' coding (None: every coder, gold included)."""

    def statistics(self, coders: Sequence[str] | None = None, top: int = 20) -> list[Statistic]:
        """Return every statistic (analysis.statistics.KEYS) over these coders' coding."""
        store = self.store
        wanted = list(coders) if coders else None
        counts = CodingCounts(
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
            claims_per_month=store.claims_per_month(wanted),
            actor_months=store.claims_per_actor_and_month(wanted),
            topic_order=[label.name for label in self.tagset.spans.get(MarkKind.CLAIM, ())],
        )
        return build_all(counts)
