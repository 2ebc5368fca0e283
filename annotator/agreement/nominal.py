"""Agreement on categorical labels: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha.

Missing values are ``None`` (or a float NaN). Each result reports how many items it used and how
many it left out, so that a report never hides data a measure silently dropped.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from annotator.core.lazy import lazy_module

np = lazy_module("numpy")  # loaded when agreement is first computed, not at start-up
krippendorff = lazy_module("krippendorff")

Level = Literal["nominal", "ordinal", "interval"]


@dataclass(frozen=True)
class KappaResult:
    """A kappa coefficient and the items behind it.

    ``value`` is NaN when kappa is undefined (no items, or chance agreement of 1, i.e. every
    rating in one category). ``n_items`` is how many items were given, ``n_pairable`` how many
    were used and ``n_dropped`` how many were left out for a missing rating.
    """

    value: float
    n_items: int
    n_pairable: int
    n_dropped: int
    observed: float  # proportion of observed agreement (mean pairwise, for Fleiss)
    expected: float  # proportion of agreement expected by chance


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha and the values behind it, counted as Krippendorff does.

    ``n_items`` is the number of pairable units (with at least two values), ``n_pairable`` the
    number of values in them (Krippendorff's *n..*), and ``n_dropped`` the number of values left
    out because they were alone in their unit. ``value`` is NaN when alpha is undefined (nothing
    pairable, or a single value throughout).
    """

    value: float
    level: str
    n_coders: int
    n_units: int
    n_items: int
    n_pairable: int
    n_dropped: int


def is_missing(value: Any) -> bool:
    """Say whether a rating counts as missing (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _kappa(observed: float, expected: float) -> float:
    if expected >= 1.0:
        return math.nan
    return (observed - expected) / (1.0 - expected)


def _coded(values: Sequence[Hashable | None], codes: dict[Any, int]) -> np.ndarray:
    """Return a code per value: equal values (as dict keys are equal) share one."""
    for value in dict.fromkeys(values):
        codes.setdefault(value, len(codes))
    return np.fromiter(map(codes.__getitem__, values), dtype=np.int64, count=len(values))


def _missing_codes(codes: dict[Any, int]) -> list[int]:
    return [code for value, code in codes.items() if is_missing(value)]


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> KappaResult:
    """Return Cohen's kappa of two coders' labels for the same items, in the same order.

    An item where either coder has no label (None/NaN) is dropped and counted in ``n_dropped``.
    """
    if len(a) != len(b):
        raise ValueError(f"the coders rated different numbers of items: {len(a)} and {len(b)}")
    codes: dict[Any, int] = {}
    code_a, code_b = _coded(a, codes), _coded(b, codes)
    missing = _missing_codes(codes)
    rated = ~(np.isin(code_a, missing) | np.isin(code_b, missing))
    code_a, code_b = code_a[rated], code_b[rated]
    n = len(code_a)
    result = KappaResult(math.nan, len(a), n, len(a) - n, math.nan, math.nan)
    if n == 0:
        return result
    observed = int(np.count_nonzero(code_a == code_b)) / n
    count_a = np.bincount(code_a, minlength=len(codes)).tolist()
    count_b = np.bincount(code_b, minlength=len(codes)).tolist()
    expected = sum(x * y for x, y in zip(count_a, count_b, strict=True)) / (n * n)
    return KappaResult(_kappa(observed, expected), len(a), n, len(a) - n, observed, expected)


def fleiss_kappa(ratings: Sequence[Sequence[Hashable | None]]) -> KappaResult:
    """Return Fleiss' kappa from each item's ratings (one row per item, one entry per coder).

    Fleiss' kappa needs the same number of ratings for every item, so an item with a missing
    rating is dropped (counted in ``n_dropped``); use :func:`krippendorff_alpha` to keep them.
    """
    complete, table = _rating_table(ratings)
    result = fleiss_kappa_from_table(table)
    return KappaResult(
        result.value,
        len(ratings),
        len(complete),
        len(ratings) - len(complete),
        result.observed,
        result.expected,
    )


def _rating_table(
    ratings: Sequence[Sequence[Hashable | None]],
) -> tuple[list[Sequence[Hashable | None]], list[list[int]] | np.ndarray]:
    """Return the items rated by everyone and their items × categories table of counts.

    Categories are the values given, sorted by ``repr``.
    """
    widths = set(map(len, ratings))
    if len(widths) > 1:  # ragged rows: count item by item
        complete = [row for row in ratings if not any(is_missing(v) for v in row)]
        categories = sorted({v for row in complete for v in row}, key=repr)
        rows = []
        for row in complete:
            counts = Counter(row)
            rows.append([counts[c] for c in categories])
        return complete, rows
    width = widths.pop() if widths else 0
    codes: dict[Any, int] = {}
    flat = list(itertools.chain.from_iterable(ratings))
    coded = _coded(flat, codes).reshape(len(ratings), width)
    whole = ~np.isin(coded, _missing_codes(codes)).any(axis=1)
    complete = [row for row, ok in zip(ratings, whole.tolist(), strict=True) if ok]
    # The values given in complete items, each as it first appears there (as a set keeps it).
    where = np.flatnonzero(np.repeat(whole, width))
    _found, first = np.unique(coded.ravel()[where], return_index=True)
    categories = sorted((flat[k] for k in where[first].tolist()), key=repr)
    category = {c: k for k, c in enumerate(categories)}
    # A value's category is the one equal to it (1 and True are one, as in a Counter).
    of_code = np.array([category.get(value, -1) for value in codes], dtype=np.int64)
    table = np.zeros((len(complete), len(categories)), dtype=np.int64)
    columns = of_code[coded[whole]] if len(codes) else coded[whole]
    items = np.arange(len(complete))
    for rater in range(width):
        np.add.at(table, (items, columns[:, rater]), 1)
    return complete, table


def fleiss_kappa_from_table(table: Sequence[Sequence[int]] | np.ndarray) -> KappaResult:
    """Return Fleiss' kappa from an items × categories table of rating counts."""
    n_items = len(table)
    if n_items == 0:
        return KappaResult(math.nan, 0, 0, 0, math.nan, math.nan)
    counts = np.asarray(table, dtype=np.int64).reshape(n_items, -1)
    raters = set(counts.sum(axis=1).tolist())
    if len(raters) != 1:
        raise ValueError(f"every item needs the same number of ratings, got {sorted(raters)}")
    n = raters.pop()
    if n < 2:
        raise ValueError("Fleiss' kappa needs at least two ratings per item")
    totals = counts.sum(axis=0).tolist()
    expected = sum((t / (n_items * n)) ** 2 for t in totals)
    # Each item's agreement, added up item by item (a running sum, as a loop would).
    per_item = ((counts * counts).sum(axis=1) - n) / (n * (n - 1))
    observed = float(np.cumsum(per_item)[-1]) / n_items
    return KappaResult(_kappa(observed, expected), n_items, n_items, 0, observed, expected)


def _numeric(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{value!r} is not a number; give value_order for ordered labels")
    return float(value)


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[Hashable | None]],
    level: Level = "nominal",
    value_order: Sequence[Hashable] | None = None,
) -> AlphaResult:
    """Return Krippendorff's alpha for coders × units data (one row per coder), via `krippendorff`.

    Missing values are None/NaN; a unit's values count only if the unit has at least two, as
    Krippendorff defines. ``nominal`` accepts any hashable labels; ``ordinal`` needs numbers or
    ``value_order`` (the labels from lowest to highest); ``interval`` needs numbers.
    """
    if level not in ("nominal", "ordinal", "interval"):
        raise ValueError(f"unknown level of measurement: {level!r}")
    n_units = max((len(row) for row in reliability_data), default=0)
    if any(len(row) != n_units for row in reliability_data):
        raise ValueError("every coder's row must have one entry per unit")
    matrix = _encode(reliability_data, level, value_order)
    # Values per unit; a unit's values count only when it has two or more.
    present = ~np.isnan(matrix)
    per_unit = present.sum(axis=0)
    pairable = per_unit >= 2
    n_items = int(pairable.sum())
    n_pairable = int(per_unit[pairable].sum())
    n_dropped = int(per_unit[~pairable].sum())
    value = math.nan
    # The library raises or divides by zero when there is no variation; alpha is undefined then.
    if len(np.unique(matrix[:, pairable][present[:, pairable]])) >= 2:
        value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    return AlphaResult(value, level, len(reliability_data), n_units, n_items, n_pairable, n_dropped)


def _encode(
    reliability_data: Sequence[Sequence[Hashable | None]],
    level: Level,
    value_order: Sequence[Hashable] | None,
) -> np.ndarray:
    """Return the coders × units data as floats, NaN where missing.

    Nominal labels are numbered in order of first appearance, row by row; ``value_order``
    numbers labels by rank; otherwise values must be numbers.
    """
    n_units = len(reliability_data[0]) if reliability_data else 0
    flat = list(itertools.chain.from_iterable(reliability_data))
    shape = (len(reliability_data), n_units)
    if value_order is None and level != "nominal":
        if set(map(type, flat)) <= {int, float, type(None)}:
            values = np.array(flat, dtype=object)
            values[np.equal(values, None)] = math.nan
            return values.astype(np.float64).reshape(shape)
        return np.array([math.nan if is_missing(v) else _numeric(v) for v in flat]).reshape(shape)
    ranks = {v: float(i) for i, v in enumerate(value_order)} if value_order is not None else {}
    number: dict[Any, float] = {}
    next_code = 0.0
    # Each distinct value once, in order of first appearance (1 and True are one value).
    for value in dict.fromkeys(flat):
        if is_missing(value):
            number[value] = math.nan
        elif value_order is not None:
            if value not in ranks:
                raise ValueError(f"{value!r} is not in value_order")
            number[value] = ranks[value]
        else:
            number[value] = next_code
            next_code += 1.0
    return np.fromiter(map(number.__getitem__, flat), np.float64, len(flat)).reshape(shape)
