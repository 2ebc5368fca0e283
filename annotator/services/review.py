"""Review: one article's marks by every coder, grouped into units the adjudicator decides.

The grouping itself is pure (core.review_units); this adds the article's document labels and
its agreement (mean overlap F1 over coder pairs).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from annotator.core.model import GOLD_ANNOTATOR, DocumentLabels, Mark
from annotator.core.review_units import ReviewUnit, group_units
from annotator.services.adjudication import AdjudicationMixin


@dataclass(frozen=True)
class ArticleReview:
    """Everything the review view shows for one article."""

    article_id: str
    coders: tuple[str, ...]
    units: tuple[ReviewUnit, ...]
    labels: dict[str, DocumentLabels]  # coder (and gold) -> document labels
    mean_f1: float  # mean overlap F1 of all marks over coder pairs (NaN if undefined)
    matched: int
    unmatched: int

    @property
    def disagreements(self) -> int:
        """Return how many units the coders disagree on (units only gold has are not counted)."""
        return sum(1 for u in self.units if u.coder_marks and not u.agreed)

    @property
    def open_units(self) -> int:
        """Return how many units are still undecided."""
        return sum(1 for u in self.units if not u.decided)


class ReviewMixin(AdjudicationMixin):
    """Read one article's coding by every coder, grouped for adjudication."""

    def article_coders(self, article_id: str) -> list[str]:
        """Return the coders (never gold) who marked or labelled an article, by name.

        A status or note alone is not coding: an adjudicator who marks articles done is not one
        of the coders.
        """
        return self.store.coders_of(article_id)

    def coder_labels(self, article_id: str, coder: str) -> DocumentLabels:
        """Return one coder's (or gold's) document labels for an article."""
        return self.store.get_document_labels(article_id, coder)

    def review(self, article_id: str, coders: list[str] | None = None) -> ArticleReview:
        """Return an article's units, document labels and agreement across coders."""
        names = tuple(coders if coders is not None else self.article_coders(article_id))
        by_coder = {c: self.store.marks_for(article_id, c) for c in names}
        gold = self.store.marks_for(article_id, GOLD_ANNOTATOR)
        units = group_units(by_coder, gold, self.store.rejected_mark_ids(article_id))
        labels = {
            c: self.store.get_document_labels(article_id, c) for c in (*names, GOLD_ANNOTATOR)
        }
        mean_f1, matched, unmatched = mean_pairwise_f1(by_coder)
        return ArticleReview(article_id, names, tuple(units), labels, mean_f1, matched, unmatched)


def mean_pairwise_f1(by_coder: dict[str, list[Mark]]) -> tuple[float, int, int]:
    """Return the mean overlap F1 of all marks (kind:label) over coder pairs, and the counts.

    Pairs where neither coder marked anything are left out of the mean; NaN if none is left.
    The rule of the agreement report's by-article rows, on one article.
    """
    # The matching code (and numpy) loads when a review is first opened, not at start-up.
    from annotator.agreement import PairMatcher, SpanColumns
    from annotator.services.agreement_totals import KINDS, pairwise_f1_by_text

    marks = [(c, m) for c, coder in enumerate(by_coder) for m in by_coder[coder]]
    labels: dict[tuple[str, str], int] = {}
    columns = SpanColumns.build(
        [0] * len(marks),
        [c for c, _ in marks],
        [KINDS.index(m.kind.value) for _, m in marks],
        [m.start for _, m in marks],
        [m.end for _, m in marks],
        [labels.setdefault((m.kind.value, m.label), len(labels)) for _, m in marks],
    )
    matcher = PairMatcher(columns, same_label=True)
    pairs = list(itertools.combinations(range(len(by_coder)), 2))
    matches = [matcher.match(a, b) for a, b in pairs]
    return pairwise_f1_by_text(columns, pairs, matches, 1)[0]
