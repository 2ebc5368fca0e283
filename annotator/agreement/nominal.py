"""Agreement on categorical labels: Cohen's kappa, Fleiss' kappa and Krippendorff's alpha.

Missing values are ``None`` (or a float NaN). Each result reports how many items it used and how
many it left out, so that a report never hides data a measure silently dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

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


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> KappaResult:
    """Return Cohen's kappa of two coders' labels for the same items, in the same order.

    An item where either coder has no label (None/NaN) is dropped and counted in ``n_dropped``.
    """
    if len(a) != len(b):
        raise ValueError(f"the coders rated different numbers of items: {len(a)} and {len(b)}")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (is_missing(x) or is_missing(y))]
    n = len(pairs)
    result = KappaResult(math.nan, len(a), n, len(a) - n, math.nan, math.nan)
    if n == 0:
        return result
    observed = sum(x == y for x, y in pairs) / n
    count_a = Counter(x for x, _ in pairs)
    count_b = Counter(y for _, y in pairs)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    return KappaResult(_kappa(observed, expected), len(a), n, len(a) - n, observed, expected)


def fleiss_kappa(ratings: Sequence[Sequence[Hashable | None]]) -> KappaResult:
    """Return Fleiss' kappa from each item's ratings (one row per item, one entry per coder).

    Fleiss' kappa needs the same number of ratings for every item, so an item with a missing
    rating is dropped (counted in ``n_dropped``); use :func:`krippendorff_alpha` to keep them.
    """
    complete = [row for row in ratings if not any(is_missing(v) for v in row)]
    categories = sorted({v for row in complete for v in row}, key=repr)
    table = [[Counter(row)[c] for c in categories] for row in complete]
    result = fleiss_kappa_from_table(table)
    return KappaResult(
        result.value,
        len(ratings),
        len(complete),
        len(ratings) - len(complete),
        result.observed,
        result.expected,
    )


def fleiss_kappa_from_table(table: Sequence[Sequence[int]]) -> KappaResult:
    """Return Fleiss' kappa from an items × categories table of rating counts."""
    n_items = len(table)
    if n_items == 0:
        return KappaResult(math.nan, 0, 0, 0, math.nan, math.nan)
    raters = {sum(row) for row in table}
    if len(raters) != 1:
        raise ValueError(f"every item needs the same number of ratings, got {sorted(raters)}")
    n = raters.pop()
    if n < 2:
        raise ValueError("Fleiss' kappa needs at least two ratings per item")
    n_categories = len(table[0])
    totals = [sum(row[j] for row in table) for j in range(n_categories)]
    expected = sum((t / (n_items * n)) ** 2 for t in totals)
    observed = sum((sum(c * c for c in row) - n) / (n * (n - 1)) for row in table) / n_items
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
    codes: dict[Any, float] = {}
    if value_order is not None:
        codes = {v: float(i) for i, v in enumerate(value_order)}

    def encode(value: Any) -> float:
        if is_missing(value):
            return math.nan
        if value_order is not None:
            if value not in codes:
                raise ValueError(f"{value!r} is not in value_order")
            return codes[value]
        if level == "nominal":
            return codes.setdefault(value, float(len(codes)))
        return _numeric(value)

    matrix = [[encode(v) for v in row] for row in reliability_data]
    n_items = n_pairable = n_dropped = 0
    pairable_values: set[float] = set()
    for unit in range(n_units):
        values = [row[unit] for row in matrix if not math.isnan(row[unit])]
        if len(values) >= 2:
            n_items += 1
            n_pairable += len(values)
            pairable_values.update(values)
        else:
            n_dropped += len(values)
    value = math.nan
    # The library raises or divides by zero when there is no variation; alpha is undefined then.
    if len(pairable_values) >= 2:
        import krippendorff  # brings numpy: loaded when alpha is first computed

        value = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))
    return AlphaResult(value, level, len(reliability_data), n_units, n_items, n_pairable, n_dropped)
