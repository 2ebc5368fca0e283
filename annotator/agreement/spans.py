"""Agreement on spans: matching two coders' spans, and grouping several coders' spans.

A span is a ``(start, end, label)`` tuple of character offsets, end exclusive, as in
:class:`annotator.core.model.Mark`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.agreement.columns import PairMatcher, SpanColumns, group_units, kept_units

Span = tuple[int, int, str]
MatchMode = Literal["exact", "overlap"]


@dataclass(frozen=True)
class SpanAgreement:
    """Precision, recall and F1 of coder b's spans against coder a's, and the counts behind them.

    ``matched`` pairs were matched one-to-one; ``only_a`` and ``only_b`` are the spans each coder
    has that the matching left out. Recall is ``matched / n_a`` and precision ``matched / n_b``
    (a is the reference); F1 = ``2 matched / (n_a + n_b)`` is symmetric. A ratio with a zero
    denominator is NaN.
    """

    mode: str
    n_a: int
    n_b: int
    matched: int
    only_a: int
    only_b: int
    precision: float
    recall: float
    f1: float


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _columns(spans_by_coder: Sequence[Sequence[Span]]) -> SpanColumns:
    """Return several coders' spans of one text as columns, in list order."""
    label_ids: dict[str, int] = {}
    rows = [
        (c, s[0], s[1], label_ids.setdefault(s[2], len(label_ids)))
        for c, spans in enumerate(spans_by_coder)
        for s in spans
    ]
    return SpanColumns.of_one_text(rows)


def match_spans(
    spans_a: Sequence[Span],
    spans_b: Sequence[Span],
    mode: MatchMode = "exact",
    same_label: bool = True,
) -> list[tuple[int, int]]:
    """Match a's spans to b's one-to-one and return the (index in a, index in b) pairs.

    ``exact``: same start, same end (and same label if ``same_label``). ``overlap``: the
    matching rule is greedy one-to-one by largest overlap — every pair of spans that share at
    least one character (and the label, if ``same_label``) is a candidate, scored by the Jaccard
    index of their character ranges (shared characters / characters in either); candidates are
    taken best score first (ties: lower index in a, then in b), skipping spans already matched.
    Greedy matching is deterministic but does not always maximise the number of pairs.
    Candidates are found by a sweep over start offsets, never by comparing every pair
    (:mod:`annotator.agreement.columns`, which matches many texts at once by this rule).
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"unknown match mode: {mode!r}")
    columns = _columns([spans_a, spans_b])
    match = PairMatcher(columns, same_label).match(0, 1)
    a, b = (match.exact_a, match.exact_b) if mode == "exact" else (match.overlap_a, match.overlap_b)
    return sorted(zip(columns.index[a].tolist(), columns.index[b].tolist(), strict=True))


def span_agreement(
    spans_a: Sequence[Span], spans_b: Sequence[Span], mode: MatchMode = "exact"
) -> SpanAgreement:
    """Return precision, recall and F1 between two coders' spans under `match_spans`' rule."""
    matched = len(match_spans(spans_a, spans_b, mode))
    n_a, n_b = len(spans_a), len(spans_b)
    return SpanAgreement(
        mode,
        n_a,
        n_b,
        matched,
        n_a - matched,
        n_b - matched,
        _ratio(matched, n_b),
        _ratio(matched, n_a),
        _ratio(2 * matched, n_a + n_b),
    )


def span_agreement_by_label(
    spans_a: Sequence[Span], spans_b: Sequence[Span], mode: MatchMode = "exact"
) -> dict[str, SpanAgreement]:
    """Return `span_agreement` for each label either coder used."""
    labels = sorted({s[2] for s in spans_a} | {s[2] for s in spans_b})
    return {
        label: span_agreement(
            [s for s in spans_a if s[2] == label], [s for s in spans_b if s[2] == label], mode
        )
        for label in labels
    }


# -- grouping several coders' spans into units ----------------------------------------------


@dataclass(frozen=True)
class SpanGroups:
    """Several coders' spans grouped into units by overlap (see :func:`group_spans`).

    Each unit holds, per coder in input order, the index of that coder's span in it or None.
    ``ambiguous`` lists the (coder, index) of spans left out because their group held two spans
    of one coder, so it cannot say which of them the others' span corresponds to.
    """

    units: tuple[tuple[int | None, ...], ...]
    ambiguous: tuple[tuple[int, int], ...]


def group_spans(spans_by_coder: Sequence[Sequence[Span]], same_label: bool = False) -> SpanGroups:
    """Group several coders' spans into units: spans linked by pairwise overlap matches.

    Every pair of coders is matched one-to-one by :func:`match_spans` in ``overlap`` mode (by
    default ignoring labels, so that a label disagreement is measured, not split in two); a unit
    is a connected group of matched spans. A span no one else matched is a unit of its own. A
    group holding two spans of one coder (a chain such as a1–b1–a2) is ambiguous and left out.
    Units come in order of their earliest span.
    """
    n_coders = len(spans_by_coder)
    columns = _columns(spans_by_coder)
    matcher = PairMatcher(columns, same_label)
    matches = {
        (c, d): matcher.match(c, d) for c, d in itertools.combinations(range(n_coders), 2)
    }
    grouped = group_units(columns, n_coders, matches)
    index = columns.index.tolist()
    units = tuple(
        tuple(None if k < 0 else index[k] for k in unit) for unit in grouped.members.tolist()
    )
    coder = columns.coder.tolist()
    ambiguous = sorted((coder[k], index[k]) for k in grouped.ambiguous.tolist())
    return SpanGroups(units, tuple(ambiguous))


def drop_overlapping(spans: Sequence[Span]) -> tuple[list[Span], int]:
    """Return one coder's spans with no two of a label overlapping, and how many were dropped.

    :func:`unitizing_alpha` needs a coder's units of one label apart; of spans that overlap
    (nested mentions, say) the earliest-starting, then shortest, is kept.
    """
    keep = kept_units(_columns([spans])).tolist()
    kept = sorted(
        (span for span, kept in zip(spans, keep, strict=True) if kept),
        key=lambda s: (s[0], s[1], s[2]),
    )
    return kept, len(spans) - len(kept)
