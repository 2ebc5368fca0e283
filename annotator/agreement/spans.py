"""Agreement on spans: matching two coders' spans, and Krippendorff's unitizing alpha.

A span is a ``(start, end, label)`` tuple of character offsets, end exclusive, as in
:class:`annotator.core.model.Mark`.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

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


def _jaccard(a: Span, b: Span) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / ((a[1] - a[0]) + (b[1] - b[0]) - inter)


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
    """
    if mode not in ("exact", "overlap"):
        raise ValueError(f"unknown match mode: {mode!r}")
    candidates: list[tuple[float, int, int]] = []
    for i, a in enumerate(spans_a):
        for j, b in enumerate(spans_b):
            if same_label and a[2] != b[2]:
                continue
            if mode == "exact":
                if a[0] == b[0] and a[1] == b[1]:
                    candidates.append((1.0, i, j))
            else:
                score = _jaccard(a, b)
                if score > 0:
                    candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


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


# -- unitizing alpha --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitizingLabel:
    """Krippendorff's alpha-u for one label: value = 1 - observed / expected (NaN if 0/0)."""

    value: float
    observed: float
    expected: float
    n_units: int


@dataclass(frozen=True)
class UnitizingAlpha:
    """Krippendorff's alpha-u over all labels, and per label.

    The overall value is ``1 - mean(observed) / mean(expected)`` over the labels, as in
    Krippendorff (1995) and DKPro Statistics.
    """

    value: float
    observed: float
    expected: float
    n_coders: int
    length: int
    n_units: int
    by_label: Mapping[str, UnitizingLabel]


# A section of the continuum for one coder and one label: (begin, length, is a unit).
_Section = tuple[int, int, bool]


def _sections(units: list[Span], begin: int, length: int) -> list[_Section]:
    sections: list[_Section] = []
    pos = begin
    for start, end, _ in units:
        if start > pos:
            sections.append((pos, start - pos, False))
        sections.append((start, end - start, True))
        pos = end
    if pos < begin + length:
        sections.append((pos, begin + length - pos, False))
    return sections


def _distance(g: _Section, h: _Section) -> int:
    """Return Krippendorff's squared unitizing distance between two coders' sections."""
    bg, lg, unit_g = g
    bh, lh, unit_h = h
    d = bg - bh
    if unit_g and unit_h and -lg < d < lh:  # two overlapping units
        return d * d + (d + lg - lh) ** 2
    if unit_g and not unit_h and 0 <= d <= lh - lg:  # a unit inside the other's gap
        return lg * lg
    if unit_h and not unit_g and 0 <= -d <= lg - lh:
        return lh * lh
    return 0


def _pair_distance(gs: list[_Section], hs: list[_Section]) -> int:
    """Return the summed distance of two coders' sections, walking both in one pass.

    Each coder's sections tile the continuum, and only sections that share characters have a
    distance above 0, so a merge walk meets every such pair once: linear, not quadratic.
    """
    total = i = j = 0
    while i < len(gs) and j < len(hs):
        g, h = gs[i], hs[j]
        total += _distance(g, h)
        g_end, h_end = g[0] + g[1], h[0] + h[1]
        i += g_end <= h_end
        j += h_end <= g_end
    return total


def _label_alpha(sections: list[list[_Section]], length: int) -> UnitizingLabel:
    n_coders = len(sections)
    observed_sum = 0
    for i in range(n_coders):
        for j in range(i + 1, n_coders):
            observed_sum += _pair_distance(sections[i], sections[j])
    # Ordered pairs of coders: each unordered pair counts twice.
    observed = 2 * observed_sum / (n_coders * (n_coders - 1) * length * length)

    units = [s[1] for coder in sections for s in coder if s[2]]
    gaps = [s[1] for coder in sections for s in coder if not s[2]]
    n_c = len(units)
    # sum over gaps g >= l of (g - l + 1), from sorted gaps and suffix sums.
    gaps.sort()
    suffix = list(itertools.accumulate(reversed(gaps), initial=0))[::-1]
    numerator = 0
    for lu in units:
        # (2l^3 - 3l^2 + l) / 3 = l(l-1)(2l-1) / 3, always an integer.
        within = (n_c - 1) * lu * (lu - 1) * (2 * lu - 1) // 3
        first = bisect.bisect_left(gaps, lu)
        in_gaps = lu * lu * (suffix[first] - (lu - 1) * (len(gaps) - first))
        numerator += within + in_gaps
    total = n_coders * length
    denominator = length * (total * (total - 1) - sum(lu * (lu - 1) for lu in units))
    expected = 2 * numerator / denominator if denominator else 0.0
    value = 1.0 - observed / expected if expected else math.nan
    return UnitizingLabel(value, observed, expected, n_c)


def unitizing_alpha(
    units_by_coder: Sequence[Sequence[Span]], length: int, begin: int = 0
) -> UnitizingAlpha:
    """Return Krippendorff's alpha-u for coders' spans over the continuum [begin, begin+length).

    Each label is judged on its own: a coder's continuum is cut into that label's units and the
    gaps between them. Observed disagreement sums, over every pair of coders, the squared
    distance of each pair of their sections (Krippendorff 1995; 2004, ch. 12.4): for two
    overlapping units ``(b_g - b_h)^2 + (e_g - e_h)^2``, for a unit lying wholly in the other
    coder's gap its squared length, otherwise 0, divided by ``m(m-1)L^2``. Expected disagreement
    places every unit at every possible position against all units and gaps:
    ``2/L * sum_u [(N_c-1)(2l^3-3l^2+l)/3 + l^2 sum_{gaps g>=l} (g-l+1)]
    / (mL(mL-1) - sum_u l(l-1))``. A coder's spans of one label must not overlap one another.
    Labels none of the coders used do not take part.
    """
    n_coders = len(units_by_coder)
    if n_coders < 2:
        raise ValueError("unitizing alpha needs at least two coders")
    if length <= 0:
        raise ValueError("the continuum must not be empty")
    for coder in units_by_coder:
        for start, end, label in coder:
            if not begin <= start < end <= begin + length:
                raise ValueError(f"span ({start}, {end}, {label!r}) is empty or off the continuum")
    labels = sorted({s[2] for coder in units_by_coder for s in coder})
    by_label: dict[str, UnitizingLabel] = {}
    for label in labels:
        sections = []
        for coder in units_by_coder:
            units = sorted(s for s in coder if s[2] == label)
            for prev, nxt in zip(units, units[1:], strict=False):
                if nxt[0] < prev[1]:
                    raise ValueError(f"one coder's {label!r} spans overlap: {prev} and {nxt}")
            sections.append(_sections(units, begin, length))
        by_label[label] = _label_alpha(sections, length)
    if not by_label:
        return UnitizingAlpha(math.nan, 0.0, 0.0, n_coders, length, 0, by_label)
    observed = sum(r.observed for r in by_label.values()) / len(by_label)
    expected = sum(r.expected for r in by_label.values()) / len(by_label)
    value = 1.0 - observed / expected if expected else math.nan
    n_units = sum(r.n_units for r in by_label.values())
    return UnitizingAlpha(value, observed, expected, n_coders, length, n_units, by_label)


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
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for c, spans in enumerate(spans_by_coder):
        for k in range(len(spans)):
            parent[(c, k)] = (c, k)
    for c in range(len(spans_by_coder)):
        for d in range(c + 1, len(spans_by_coder)):
            for i, j in match_spans(spans_by_coder[c], spans_by_coder[d], "overlap", same_label):
                parent[find((d, j))] = find((c, i))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    units: list[tuple[tuple[int, int], tuple[int | None, ...]]] = []
    ambiguous: list[tuple[int, int]] = []
    for members in groups.values():
        coders = [c for c, _ in members]
        if len(set(coders)) < len(coders):
            ambiguous += sorted(members)
            continue
        unit: list[int | None] = [None] * len(spans_by_coder)
        for c, k in members:
            unit[c] = k
        first = min((spans_by_coder[c][k][0], spans_by_coder[c][k][1]) for c, k in members)
        units.append((first, tuple(unit)))
    units.sort(key=lambda u: (u[0], [(-1 if k is None else k) for k in u[1]]))
    return SpanGroups(tuple(u for _, u in units), tuple(sorted(ambiguous)))


def drop_overlapping(spans: Sequence[Span]) -> tuple[list[Span], int]:
    """Return one coder's spans with no two of a label overlapping, and how many were dropped.

    :func:`unitizing_alpha` needs a coder's units of one label apart; of spans that overlap
    (nested mentions, say) the earliest-starting, then shortest, is kept.
    """
    kept: list[Span] = []
    end_of: dict[str, int] = {}
    for span in sorted(spans, key=lambda s: (s[0], s[1], s[2])):
        if span[0] < end_of.get(span[2], span[0]):
            continue
        kept.append(span)
        end_of[span[2]] = span[1]
    return kept, len(spans) - len(kept)
