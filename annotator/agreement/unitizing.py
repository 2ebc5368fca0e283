"""Krippendorff's unitizing alpha (alpha-u), over one continuum or many texts laid end to end.

A study's texts are one continuum for alpha-u: each text follows the previous one. Observed
disagreement only ever compares sections that share characters, so texts never meet in it;
expected disagreement needs only the lengths of every unit and of every gap between a coder's
units, where a gap may run from one text into the next. :func:`unitizing_columns` computes it
on columns of spans for all texts at once; :func:`unitizing_alpha` is one text of it.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


from annotator.core.lazy import lazy_module
from annotator.agreement.columns import Array, SpanColumns, expand, kept_units, sort_order
from annotator.agreement.spans import Span

np = lazy_module("numpy")  # loaded when agreement is first computed, not at start-up


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


def label_alpha(
    observed_sum: int, units: Counter[int], gaps: Counter[int], n_coders: int, length: int
) -> UnitizingLabel:
    """Return alpha-u of one label from its summed observed distance over pairs of coders and
    how many units and gaps of each length the coders' continua have (exact integers)."""
    # Ordered pairs of coders: each unordered pair counts twice.
    observed = 2 * observed_sum / (n_coders * (n_coders - 1) * length * length)
    n_c = sum(units.values())
    # sum over gaps g >= l of (g - l + 1), from the sorted gap lengths and suffix sums.
    lengths = sorted(gaps)
    above_count = [0] * (len(lengths) + 1)
    above_total = [0] * (len(lengths) + 1)
    for k in range(len(lengths) - 1, -1, -1):
        g = lengths[k]
        above_count[k] = above_count[k + 1] + gaps[g]
        above_total[k] = above_total[k + 1] + g * gaps[g]
    numerator = 0
    for lu, count in units.items():
        # (2l^3 - 3l^2 + l) / 3 = l(l-1)(2l-1) / 3, always an integer.
        within = (n_c - 1) * lu * (lu - 1) * (2 * lu - 1) // 3
        first = bisect.bisect_left(lengths, lu)
        in_gaps = lu * lu * (above_total[first] - (lu - 1) * above_count[first])
        numerator += count * (within + in_gaps)
    total = n_coders * length
    pairs_within = sum(count * lu * (lu - 1) for lu, count in units.items())
    denominator = length * (total * (total - 1) - pairs_within)
    expected = 2 * numerator / denominator if denominator else 0.0
    value = 1.0 - observed / expected if expected else math.nan
    return UnitizingLabel(value, observed, expected, n_c)


def _observed(a_start: Array, a_end: Array, b_start: Array, b_end: Array) -> int:
    """Return two coders' summed squared distances over their units of one label.

    Each coder's continuum is cut into units and the gaps between them; only sections sharing
    characters can differ: overlapping units add ``(b_g - b_h)^2 + (e_g - e_h)^2``, a unit
    overlapping none of the other's lies in one of their gaps and adds its squared length,
    anything else adds nothing (Krippendorff 1995).
    """
    # Units of one coder are apart, so their ends are sorted like their starts: the b units
    # overlapping an a unit (ending after it starts, starting before it ends) are a range.
    a_rows, b_rows = expand(
        np.arange(len(a_start)),
        np.searchsorted(b_end, a_start, "right"),
        np.searchsorted(b_start, a_end, "left"),
        np.arange(len(b_start)),
    )
    total = int(
        ((a_start[a_rows] - b_start[b_rows]) ** 2 + (a_end[a_rows] - b_end[b_rows]) ** 2).sum()
    )
    for starts, ends, met in ((a_start, a_end, a_rows), (b_start, b_end, b_rows)):
        alone = np.ones(len(starts), dtype=bool)
        alone[met] = False
        total += int(((ends - starts)[alone] ** 2).sum())
    return total


def _counts(values: Array) -> dict[int, int]:
    """Return how often each value occurs, as Python ints (exact in any later arithmetic)."""
    found, counts = np.unique(values, return_counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))


def unitizing_columns(
    columns: SpanColumns, lengths: Sequence[int], n_coders: int, labels: Sequence[str]
) -> tuple[UnitizingAlpha, Counter[str]]:
    """Return alpha-u of spans over their texts laid end to end, and the spans it left out.

    Text ``t`` takes ``lengths[t]`` characters of the continuum, after the texts before it;
    ``labels[k]`` names label id ``k``; every label is judged on its own, whatever the kind.
    Of one coder's spans of a label that overlap, the earliest (then shortest) is a unit and the
    others are left out, counted per label. Equals :func:`unitizing_alpha` over the kept spans
    shifted to their place on the continuum.
    """
    if n_coders < 2:
        raise ValueError("unitizing alpha needs at least two coders")
    bases = np.concatenate(([0], np.cumsum(np.asarray(lengths, dtype=np.int64))))
    length = int(bases[-1])
    if length <= 0:
        raise ValueError("the continuum must not be empty")
    c = columns
    start, end = bases[c.text] + c.start, bases[c.text] + c.end
    if len(c) and not bool(np.all((c.start >= 0) & (start < end) & (end <= bases[c.text + 1]))):
        raise ValueError("a span is empty or lies off its text")
    keep = kept_units(c, start, end)
    dropped = Counter({labels[k]: n for k, n in _counts(c.label[~keep]).items()})
    order = np.flatnonzero(keep)
    order = order[sort_order(c.coder[order], c.label[order], start[order])]
    coder, label, start, end = c.coder[order], c.label[order], start[order], end[order]
    by_label: dict[str, UnitizingLabel] = {}
    for label_id in sorted(np.unique(label).tolist(), key=lambda k: labels[k]):
        of_label = label == label_id
        units = []
        for k in range(n_coders):
            mine = of_label & (coder == k)
            units.append((start[mine], end[mine]))
        observed = 0
        for i in range(n_coders):
            for j in range(i + 1, n_coders):
                observed += _observed(*units[i], *units[j])
        unit_parts, gap_parts = [], []
        for starts, ends in units:
            unit_parts.append(ends - starts)
            before = np.concatenate(([0], ends[:-1]))
            gap_parts.append((starts - before)[starts > before])
            last = int(ends[-1]) if len(ends) else 0
            if last < length:
                gap_parts.append(np.array([length - last]))
        unit_lengths = Counter(_counts(np.concatenate(unit_parts)))
        gaps = Counter(_counts(np.concatenate(gap_parts)))
        by_label[labels[label_id]] = label_alpha(observed, unit_lengths, gaps, n_coders, length)
    if not by_label:
        return UnitizingAlpha(math.nan, 0.0, 0.0, n_coders, length, 0, by_label), dropped
    observed_mean = sum(r.observed for r in by_label.values()) / len(by_label)
    expected_mean = sum(r.expected for r in by_label.values()) / len(by_label)
    value = 1.0 - observed_mean / expected_mean if expected_mean else math.nan
    n_units = sum(r.n_units for r in by_label.values())
    result = UnitizingAlpha(
        value, observed_mean, expected_mean, n_coders, length, n_units, by_label
    )
    return result, dropped


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
    label_ids: dict[str, int] = {}
    rows = []
    for c, coder in enumerate(units_by_coder):
        for start, end, label in coder:
            if not begin <= start < end <= begin + length:
                raise ValueError(f"span ({start}, {end}, {label!r}) is empty or off the continuum")
            label_id = label_ids.setdefault(label, len(label_ids))
            rows.append((c, start - begin, end - begin, label_id))
    for coder in units_by_coder:
        for label in sorted({s[2] for s in coder}):
            units = sorted(s for s in coder if s[2] == label)
            for prev, nxt in zip(units, units[1:], strict=False):
                if nxt[0] < prev[1]:
                    raise ValueError(f"one coder's {label!r} spans overlap: {prev} and {nxt}")
    columns = SpanColumns.of_one_text(rows)
    return unitizing_columns(columns, [length], n_coders, list(label_ids))[0]
