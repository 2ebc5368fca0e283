"""Kappa and alpha checked against independent implementations and Krippendorff's example."""

from __future__ import annotations

import math
import random

import pytest
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.agreement import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_table,
    krippendorff_alpha,
)

# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, values 1..5, None where an observer gave no value.
N = None
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]
TONES = ["negative", "neutral", "positive", "mixed"]


def random_labels(seed: int, n: int, missing: float = 0.0) -> list[str | None]:
    rng = random.Random(seed)
    return [None if rng.random() < missing else rng.choice(TONES) for _ in range(n)]


@pytest.mark.parametrize(
    ("level", "expected"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_alpha_reproduces_krippendorff_2011(level, expected):
    result = krippendorff_alpha(KRIPPENDORFF_2011, level=level)
    assert round(result.value, 3) == expected
    # Unit 12 has a single value (3): not pairable, so dropped; the paper's n.. is 40.
    assert (result.n_units, result.n_items, result.n_pairable, result.n_dropped) == (12, 11, 40, 1)


def test_ordinal_alpha_with_named_ordered_labels_equals_numeric():
    order = ["none", "low", "mid", "high", "extreme"]
    named = [[None if v is None else order[v - 1] for v in row] for row in KRIPPENDORFF_2011]
    result = krippendorff_alpha(named, level="ordinal", value_order=order)
    assert round(result.value, 3) == 0.815


@pytest.mark.parametrize("seed", range(5))
def test_nominal_alpha_matches_nltk(seed):
    coders = [random_labels(seed * 10 + c, 30, missing=0.15) for c in range(3)]
    # Make the coders agree somewhat, so that alpha is not near 0 by construction.
    for row in coders[1:]:
        for k in range(0, 30, 2):
            if row[k] is not None and coders[0][k] is not None:
                row[k] = coders[0][k]
    ours = krippendorff_alpha(coders, level="nominal")
    # NLTK drops lone values itself only when asked to via the data: give it pairable units.
    data = [
        (f"c{c}", str(u), v)
        for u in range(30)
        if sum(coders[c][u] is not None for c in range(3)) >= 2
        for c in range(3)
        if (v := coders[c][u]) is not None
    ]
    assert round(ours.value, 3) == round(AnnotationTask(data=data).alpha(), 3)


def test_alpha_undefined_without_variation_or_pairs():
    assert math.isnan(krippendorff_alpha([["a", "a"], ["a", "a"]]).value)
    lonely = krippendorff_alpha([["a", None], [None, "b"]])
    assert math.isnan(lonely.value)
    assert (lonely.n_items, lonely.n_dropped) == (0, 2)


def test_alpha_rejects_bad_input():
    with pytest.raises(ValueError):
        krippendorff_alpha([["a"], ["b"]], level="interval")
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError):
        krippendorff_alpha([["x"], ["y"]], level="ordinal", value_order=["x"])


@pytest.mark.parametrize("seed", range(5))
def test_cohen_kappa_matches_sklearn(seed):
    a = random_labels(seed, 40)
    b = [x if i % 3 else random_labels(seed + 100, 1)[0] for i, x in enumerate(a)]
    ours = cohen_kappa(a, b)
    assert round(ours.value, 3) == round(cohen_kappa_score(a, b), 3)
    assert (ours.n_items, ours.n_pairable, ours.n_dropped) == (40, 40, 0)


def test_cohen_kappa_drops_and_counts_missing_pairs():
    a = ["x", "y", None, "x", "y", "x", float("nan")]
    b = ["x", "y", "x", None, "x", "x", "y"]
    ours = cohen_kappa(a, b)
    kept = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None][:-1]
    expected = cohen_kappa_score([x for x, _ in kept], [y for _, y in kept])
    assert round(ours.value, 3) == round(expected, 3)
    assert (ours.n_items, ours.n_pairable, ours.n_dropped) == (7, 4, 3)


def test_cohen_kappa_edge_cases():
    assert cohen_kappa(["a", "b"], ["a", "b"]).value == 1.0
    assert math.isnan(cohen_kappa(["a", "a"], ["a", "a"]).value)  # chance agreement is 1
    assert math.isnan(cohen_kappa([None], ["a"]).value)
    with pytest.raises(ValueError):
        cohen_kappa(["a"], ["a", "b"])


# Fleiss (1971) table as used in statsmodels' and Wikipedia's worked example: 10 items,
# 14 raters, 5 categories, kappa 0.210.
FLEISS_TABLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_table_matches_statsmodels_and_wikipedia():
    ours = fleiss_kappa_from_table(FLEISS_TABLE)
    assert round(ours.value, 3) == round(sm_fleiss_kappa(FLEISS_TABLE), 3) == 0.210


@pytest.mark.parametrize("seed", range(5))
def test_fleiss_ratings_match_statsmodels_and_drop_incomplete_items(seed):
    coders = [random_labels(seed * 7 + c, 25, missing=0.05) for c in range(4)]
    for row in coders[1:]:
        for k in range(0, 25, 3):
            row[k] = coders[0][k]
    items = [list(col) for col in zip(*coders, strict=True)]
    ours = fleiss_kappa(items)
    complete = [row for row in items if None not in row]
    table = [[row.count(t) for t in TONES] for row in complete]
    assert round(ours.value, 3) == round(sm_fleiss_kappa(table), 3)
    assert (ours.n_items, ours.n_pairable, ours.n_dropped) == (
        25,
        len(complete),
        25 - len(complete),
    )


def test_fleiss_rejects_uneven_tables():
    with pytest.raises(ValueError):
        fleiss_kappa_from_table([[1, 1], [2, 1]])
