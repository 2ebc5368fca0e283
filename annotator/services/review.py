"""Review: one article's marks by every coder, grouped into units the adjudicator decides.

A unit is a connected group of marks of one kind whose spans overlap, across coders (and the
gold layer): where one coder marked "Chinese Foreign Ministry" and another "Foreign Ministry",
both marks fall in one unit. A unit is *agreed* when every compared coder made exactly one mark
in it and those marks are identical (kind, span, label and fields — the pre-merge rule), and
*decided* once gold has a mark in it or all of its coders' marks were rejected.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from annotator.agreement import span_agreement
from annotator.core.model import GOLD_ANNOTATOR, DocumentLabels, Mark, MarkKind
from annotator.services.adjudication import AdjudicationMixin, agreement_key


@dataclass(frozen=True)
class ReviewUnit:
    """Overlapping marks of one kind by the coders and gold: one decision for the adjudicator."""

    kind: MarkKind
    start: int
    end: int
    marks: dict[str, tuple[Mark, ...]]  # coder -> their marks in the unit (maybe none)
    gold: tuple[Mark, ...] = ()
    rejected: frozenset[str] = field(default_factory=frozenset)  # ids of rejected marks

    @property
    def coder_marks(self) -> list[Mark]:
        """Return every coder's marks in the unit, coder by coder."""
        return [m for marks in self.marks.values() for m in marks]

    @property
    def agreed(self) -> bool:
        """Say whether every coder made one mark here and all are the same."""
        if not self.marks or any(len(marks) != 1 for marks in self.marks.values()):
            return False
        return len({agreement_key(marks[0]) for marks in self.marks.values()}) == 1

    @property
    def decided(self) -> bool:
        """Say whether the adjudicator has decided it (gold made, or every mark rejected)."""
        marks = self.coder_marks
        return bool(self.gold) or (bool(marks) and all(m.id in self.rejected for m in marks))

    @property
    def state(self) -> str:
        """Return "gold", "rejected", "agreed" or "disagreed"."""
        if self.gold:
            return "gold"
        if self.decided:
            return "rejected"
        return "agreed" if self.agreed else "disagreed"


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
        """Return how many units the coders disagree on."""
        return sum(1 for u in self.units if not u.agreed)

    @property
    def open_units(self) -> int:
        """Return how many units are still undecided."""
        return sum(1 for u in self.units if not u.decided)


class ReviewMixin(AdjudicationMixin):
    """Read one article's coding by every coder, grouped for adjudication."""

    def article_coders(self, article_id: str) -> list[str]:
        """Return the coders (never gold) who marked or labelled an article, by name."""
        rows = self.store.db.execute(
            "SELECT annotator FROM marks WHERE article_id = ? UNION "
            "SELECT annotator FROM document_labels WHERE article_id = ? ORDER BY 1",
            [article_id, article_id],
        )
        return [r[0] for r in rows if r[0] != GOLD_ANNOTATOR]

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
        return ArticleReview(
            article_id, names, tuple(units), labels, mean_f1, matched, unmatched
        )


def group_units(
    by_coder: dict[str, list[Mark]], gold: list[Mark], rejected: set[str]
) -> list[ReviewUnit]:
    """Group coders' and gold marks into units of overlapping spans of one kind, in text order."""
    tagged = [(coder, m) for coder, marks in by_coder.items() for m in marks]
    tagged += [(GOLD_ANNOTATOR, m) for m in gold]
    units: list[ReviewUnit] = []
    for kind in MarkKind:
        members = sorted(
            (t for t in tagged if t[1].kind == kind), key=lambda t: (t[1].start, t[1].end)
        )
        group: list[tuple[str, Mark]] = []
        reach = -1
        for coder, mark in members:
            # Sorted by start, a mark joins the group when it begins before the group ends;
            # a zero-width mark joins when it touches.
            if group and (mark.start < reach or mark.start == mark.end == reach):
                group.append((coder, mark))
                reach = max(reach, mark.end)
                continue
            if group:
                units.append(_unit(kind, group, by_coder, rejected))
            group, reach = [(coder, mark)], mark.end
        if group:
            units.append(_unit(kind, group, by_coder, rejected))
    return sorted(units, key=lambda u: (u.start, u.end, list(MarkKind).index(u.kind)))


def _unit(
    kind: MarkKind,
    group: list[tuple[str, Mark]],
    by_coder: dict[str, list[Mark]],
    rejected: set[str],
) -> ReviewUnit:
    marks = {c: tuple(m for coder, m in group if coder == c) for c in by_coder}
    return ReviewUnit(
        kind,
        min(m.start for _c, m in group),
        max(m.end for _c, m in group),
        marks,
        tuple(m for coder, m in group if coder == GOLD_ANNOTATOR),
        frozenset(m.id for _c, m in group if m.id in rejected),
    )


def mean_pairwise_f1(by_coder: dict[str, list[Mark]]) -> tuple[float, int, int]:
    """Return the mean overlap F1 of all marks (kind:label) over coder pairs, and the counts.

    Pairs where neither coder marked anything are left out of the mean; NaN if none is left.
    """
    scores, matched, unmatched = [], 0, 0
    for a, b in itertools.combinations(by_coder, 2):
        result = span_agreement(
            [(m.start, m.end, f"{m.kind}:{m.label}") for m in by_coder[a]],
            [(m.start, m.end, f"{m.kind}:{m.label}") for m in by_coder[b]],
            "overlap",
        )
        if result.f1 == result.f1:  # not NaN
            scores.append(result.f1)
        matched += result.matched
        unmatched += result.only_a + result.only_b
    return (sum(scores) / len(scores) if scores else float("nan"), matched, unmatched)
