"""The marks of every shared article as columns, and the totals the agreement report is made of.

Spans meet only within their own article, so the measures run over all shared articles at once
(:mod:`annotator.agreement.columns`): the articles are laid end to end in id order, as the
report always defined them, and matching, grouping and alpha-u give what measuring that one
continuum gives. Pure: :mod:`annotator.services.agreement` reads the marks and hands them here.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


from annotator.core.lazy import lazy_module
from annotator.agreement import (
    PairMatch,
    PairMatcher,
    SpanColumns,
    UnitizingAlpha,
    group_units,
    unitizing_columns,
)
from annotator.agreement.columns import rank_in_runs, run_starts, sort_order
from annotator.core.model import MarkKind

np = lazy_module("numpy")  # loaded when agreement is first computed, not at start-up

KINDS: tuple[str, ...] = tuple(kind.value for kind in MarkKind)
_KIND_ID = {kind: k for k, kind in enumerate(KINDS)}
_CLAIM, _SENTIMENT = _KIND_ID[MarkKind.CLAIM.value], _KIND_ID[MarkKind.SENTIMENT.value]

@dataclass(frozen=True)
class ArticleMarks:
    """One article's marks as the measures read them, in order (see :class:`MarkTable`)."""

    coder: np.ndarray
    kind: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: list[str]
    speaker: np.ndarray  # objects: str or None
    stance: np.ndarray
    intensity: np.ndarray  # objects: int or None


def empty_article() -> ArticleMarks:
    """Return the marks of an article no compared coder marked."""
    return ArticleMarks(*(np.empty(0, dtype=np.int64),) * 4, [], *(np.empty(0, dtype=object),) * 3)


@dataclass
class MarkTable:
    """The compared coders' marks on the shared articles, one column per field.

    Marks are sorted by article (``columns.text``: its place among the shared ones), coder and
    kind, then as ``marks_for`` orders them (start, longer first, id), which decides ties in
    matching; ``columns.index`` is a mark's place in its coder's list of that kind.
    """

    columns: SpanColumns
    labels: list[str]  # label id -> label
    speaker: np.ndarray  # objects, one per mark: str or None
    stance: np.ndarray
    intensity: np.ndarray  # objects: int or None

    @classmethod
    def from_rows(
        cls,
        batches: Iterable[list[tuple[Any, ...]]],
        id_order: Callable[[list[int]], list[int]],
    ) -> MarkTable:
        """Return the table of rows ``(article, coder, kind, start, end, label, speaker_id,
        stance, intensity, rowid)`` in any order; ``id_order`` sorts row ids by mark id."""
        numbers: list[list[np.ndarray]] = [[] for _ in range(5)]
        objects: list[list[Any]] = [[] for _ in range(5)]  # label, speaker, stance, …, rowid
        for batch in batches:
            for k, chunks in enumerate(numbers):
                chunks.append(np.fromiter(map(operator.itemgetter(k), batch), np.int64, len(batch)))
            for k, values in enumerate(objects, 5):
                values.extend(map(operator.itemgetter(k), batch))
        text, coder, kind, start, end = (
            np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64) for chunks in numbers
        )
        order = sort_order(text, coder, kind, start, -end)
        # Marks of one coder and kind with the same boundaries keep the order of their ids.
        tied = ~run_starts(order, (text, coder, kind, start, end))
        if tied.any():
            tied[:-1] |= tied[1:]
            rowid = [objects[4][k] for k in order[tied].tolist()]
            ranked = {r: k for k, r in enumerate(id_order(rowid))}
            tie_rank = np.zeros(len(order), dtype=np.int64)
            tie_rank[order[tied]] = [ranked[r] for r in rowid]
            order = sort_order(text, coder, kind, start, -end, tie_rank)
        label_ids: dict[str, int] = {}
        for name in dict.fromkeys(objects[0]):
            label_ids[name] = len(label_ids)
        label = np.fromiter(map(label_ids.__getitem__, objects[0]), np.int64, len(objects[0]))
        return cls._build(
            text[order],
            coder[order],
            kind[order],
            start[order],
            end[order],
            label[order],
            list(label_ids),
            *(_objects(values)[order] for values in objects[1:4]),
        )

    @classmethod
    def join(cls, articles: Sequence[ArticleMarks]) -> MarkTable:
        """Return the table of articles' marks, each article's place its place in the list."""
        sizes = [len(a.coder) for a in articles]
        text = np.repeat(np.arange(len(articles), dtype=np.int64), sizes)

        def joined(name: str, dtype: type) -> np.ndarray:
            parts = [getattr(a, name) for a in articles]
            return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)

        names = list(itertools.chain.from_iterable(a.label for a in articles))
        label_ids: dict[str, int] = {}
        for name in dict.fromkeys(names):
            label_ids[name] = len(label_ids)
        return cls._build(
            text,
            joined("coder", np.int64),
            joined("kind", np.int64),
            joined("start", np.int64),
            joined("end", np.int64),
            np.fromiter(map(label_ids.__getitem__, names), np.int64, len(names)),
            list(label_ids),
            joined("speaker", object),
            joined("stance", object),
            joined("intensity", object),
        )

    @classmethod
    def _build(
        cls,
        text: np.ndarray,
        coder: np.ndarray,
        kind: np.ndarray,
        start: np.ndarray,
        end: np.ndarray,
        label: np.ndarray,
        labels: list[str],
        speaker: np.ndarray,
        stance: np.ndarray,
        intensity: np.ndarray,
    ) -> MarkTable:
        index = rank_in_runs(np.arange(len(text)), text, coder, kind)
        columns = SpanColumns(text, coder, kind, start, end, label, index)
        return cls(columns, labels, speaker, stance, intensity)

    def articles(self, n_articles: int) -> list[ArticleMarks]:
        """Return each article's marks (article ``t`` is ``text == t``), for keeping."""
        c = self.columns
        bounds = np.searchsorted(c.text, np.arange(n_articles + 1)).tolist()
        out = []
        for lo, hi in itertools.pairwise(bounds):
            if hi == lo:
                out.append(empty_article())
                continue
            out.append(
                ArticleMarks(
                    c.coder[lo:hi].copy(),
                    c.kind[lo:hi].copy(),
                    c.start[lo:hi].copy(),
                    c.end[lo:hi].copy(),
                    [self.labels[k] for k in c.label[lo:hi].tolist()],
                    self.speaker[lo:hi].copy(),
                    self.stance[lo:hi].copy(),
                    self.intensity[lo:hi].copy(),
                )
            )
        return out


def _objects(values: list[Any]) -> np.ndarray:
    """Return values as a numpy array of Python objects (None stays None)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


@dataclass
class SentimentUnits:
    """Units of one group of coders' sentiment marks: per coder, intensity and polarity."""

    intensity: list[list[int | None]]
    polarity: list[list[str | None]]
    ambiguous: int  # marks left out: their group held two marks of one coder
    no_intensity: int  # marks in units that have no intensity


@dataclass
class ReportTotals:
    """What the report's span rows are computed from, summed over the shared articles."""

    n_coders: int
    pairs: list[tuple[int, int]]
    # (kind, label) -> counts: per coder the spans made, then per pair the spans matched
    # exactly, then per pair those matched by overlap.
    spans: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # per pair: claims made by a and by b, and the matched claims' speakers, topics, stances
    # (a's values, b's values).
    claims: list[tuple[int, int, Any, Any, Any]] = field(default_factory=list)
    sentiment: list[SentimentUnits] = field(default_factory=list)  # all coders, then pairs
    alphas: list[UnitizingAlpha] = field(default_factory=list)  # per kind
    dropped: list[Counter[str]] = field(default_factory=list)  # per kind, per label
    # per article: mean overlap F1 of all marks over pairs, matched, unmatched
    per_article: list[tuple[float, int, int]] = field(default_factory=list)


def measure(table: MarkTable, lengths: Sequence[int], n_coders: int) -> ReportTotals:
    """Return the totals of the report from the marks of articles of these lengths.

    ``lengths`` are the articles' lengths on alpha-u's continuum (text and separator).
    """
    c = table.columns
    pairs = list(itertools.combinations(range(n_coders), 2))
    totals = ReportTotals(n_coders, pairs)
    labelled = PairMatcher(c, same_label=True)
    matches = {pair: labelled.match(*pair) for pair in pairs}
    _count_spans(totals, table, matches)
    totals.per_article = pairwise_f1_by_text(c, pairs, list(matches.values()), len(lengths))

    # Claims and sentiment marks are also matched whatever their label.
    either = np.flatnonzero((c.kind == _CLAIM) | (c.kind == _SENTIMENT))
    unlabelled = PairMatcher(c.take(either), same_label=False)
    loose = {pair: _positions(unlabelled.match(*pair), either) for pair in pairs}
    for a, b in pairs:
        _claims(totals, table, loose[(a, b)], a, b)
    _sentiment(totals, table, loose)

    for k in range(len(KINDS)):
        of_kind = c.take(c.kind == k)
        alpha, dropped = unitizing_columns(of_kind, lengths, n_coders, table.labels)
        totals.alphas.append(alpha)
        totals.dropped.append(dropped)
    return totals


def _positions(match: PairMatch, rows: np.ndarray) -> PairMatch:
    """Return a match made on some rows of the columns with the rows' positions in them."""
    return PairMatch(
        rows[match.exact_a], rows[match.exact_b], rows[match.overlap_a], rows[match.overlap_b]
    )


def _count_spans(
    totals: ReportTotals, table: MarkTable, matches: dict[tuple[int, int], PairMatch]
) -> None:
    """Count spans made and matched per (kind, label)."""
    c = table.columns
    n_labels = max(len(table.labels), 1)
    kind_label = c.kind * n_labels + c.label
    size = len(KINDS) * n_labels
    made = [np.bincount(kind_label[c.coder == k], minlength=size) for k in range(totals.n_coders)]
    exact = [np.bincount(kind_label[m.exact_a], minlength=size) for m in matches.values()]
    overlap = [np.bincount(kind_label[m.overlap_a], minlength=size) for m in matches.values()]
    table_of_counts = np.stack(made + exact + overlap, axis=1) if made else np.empty((size, 0))
    for key in np.flatnonzero(sum(made) > 0).tolist():
        kind, label = divmod(key, n_labels)
        totals.spans[(KINDS[kind], table.labels[label])] = table_of_counts[key].tolist()


def pairwise_f1_by_text(
    columns: SpanColumns,
    pairs: Sequence[tuple[int, int]],
    matches: Sequence[PairMatch],
    n_texts: int,
) -> list[tuple[float, int, int]]:
    """Return per text the mean overlap F1 over pairs of coders, matched and unmatched spans.

    ``matches`` are the pairs' overlap matches (same label), in the order of ``pairs``; a pair
    where neither coder marked anything in the text is left out of the mean (NaN if none is
    left).
    """
    c = columns
    coders = {k for pair in pairs for k in pair}
    made = {k: np.bincount(c.text[c.coder == k], minlength=n_texts) for k in coders}
    score_sum = np.zeros(n_texts)
    scored = np.zeros(n_texts, dtype=np.int64)
    matched = np.zeros(n_texts, dtype=np.int64)
    unmatched = np.zeros(n_texts, dtype=np.int64)
    # Pair by pair, in order, as a sum over the pairs' scores adds them.
    for (a, b), match in zip(pairs, matches, strict=True):
        both = made[a] + made[b]
        pair_matched = np.bincount(c.text[match.overlap_a], minlength=n_texts)
        has = both > 0
        score_sum[has] += 2 * pair_matched[has] / both[has]
        scored += has
        matched += pair_matched
        unmatched += both - 2 * pair_matched
    mean = np.full(n_texts, math.nan)
    mean[scored > 0] = score_sum[scored > 0] / scored[scored > 0]
    return list(zip(mean.tolist(), matched.tolist(), unmatched.tolist(), strict=True))


def _claims(totals: ReportTotals, table: MarkTable, match: PairMatch, a: int, b: int) -> None:
    """Add one pair's claims: how many each made, and the matched claims' attributes."""
    c = table.columns
    claim = c.kind == _CLAIM
    n_a = int(np.count_nonzero(claim & (c.coder == a)))
    n_b = int(np.count_nonzero(claim & (c.coder == b)))
    of_claims = claim[match.overlap_a]
    # Pairs in article order, then by a's index: the order matching the continuum gave.
    rows_a, rows_b = match.overlap_a[of_claims], match.overlap_b[of_claims]
    order = sort_order(c.text[rows_a], c.index[rows_a])
    rows_a, rows_b = rows_a[order], rows_b[order]

    def values(column: np.ndarray) -> tuple[list[Any], list[Any]]:
        return column[rows_a].tolist(), column[rows_b].tolist()

    labels = table.labels
    topics = (
        [labels[k] for k in c.label[rows_a].tolist()],
        [labels[k] for k in c.label[rows_b].tolist()],
    )
    totals.claims.append((n_a, n_b, values(table.speaker), topics, values(table.stance)))


def _sentiment(
    totals: ReportTotals, table: MarkTable, loose: dict[tuple[int, int], PairMatch]
) -> None:
    """Add units of sentiment marks for all coders, then for each pair."""
    c = table.columns
    rows = np.flatnonzero(c.kind == _SENTIMENT)
    groups = [tuple(range(totals.n_coders))] + totals.pairs
    for coders in groups:
        mine = rows[np.isin(c.coder[rows], coders)]
        place = np.full(len(c), -1, dtype=np.int64)
        place[mine] = np.arange(len(mine))
        renumber = np.full(totals.n_coders, -1, dtype=np.int64)
        renumber[list(coders)] = np.arange(len(coders))
        sub = c.take(mine)
        sub = SpanColumns(
            sub.text, renumber[sub.coder], sub.kind, sub.start, sub.end, sub.label, sub.index
        )
        matches = {}
        for (x, y), match in loose.items():
            if x in coders and y in coders:
                keep = place[match.overlap_a] >= 0
                pa, pb = place[match.overlap_a[keep]], place[match.overlap_b[keep]]
                matches[(int(renumber[x]), int(renumber[y]))] = PairMatch(pa, pb, pa, pb)
        units = group_units(sub, len(coders), matches)
        values = table.intensity[mine].tolist()
        labels = [table.labels[k] for k in sub.label.tolist()]
        intensity: list[list[int | None]] = []
        polarity: list[list[str | None]] = []
        no_intensity = 0
        for members in units.members.T.tolist():
            intensity.append([None if m < 0 else values[m] for m in members])
            polarity.append([None if m < 0 else labels[m] for m in members])
            no_intensity += sum(1 for m in members if m >= 0 and values[m] is None)
        totals.sentiment.append(
            SentimentUnits(intensity, polarity, len(units.ambiguous), no_intensity)
        )
