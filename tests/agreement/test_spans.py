"""Span matching, F1 and unitizing alpha on hand-worked and published examples."""

from __future__ import annotations

import math

import pytest

from annotator.agreement import (
    drop_overlapping,
    group_spans,
    match_spans,
    span_agreement,
    span_agreement_by_label,
    unitizing_alpha,
)

A = [(0, 10, "person"), (20, 30, "org"), (40, 50, "person"), (60, 70, "person")]
B = [(0, 10, "person"), (22, 30, "org"), (41, 52, "person"), (80, 90, "person"), (60, 70, "org")]


def test_exact_match_counts_spans_with_different_boundaries_as_left_out():
    r = span_agreement(A, B, mode="exact")
    assert (r.matched, r.only_a, r.only_b) == (1, 3, 4)
    assert r.recall == pytest.approx(1 / 4)
    assert r.precision == pytest.approx(1 / 5)
    assert r.f1 == pytest.approx(2 / 9)


def test_overlap_match_recovers_boundary_differences_but_not_label_differences():
    r = span_agreement(A, B, mode="overlap")
    # (20,30)~(22,30) and (40,50)~(41,52) now match; (60,70) differs in label, (80,90) is new.
    assert (r.matched, r.only_a, r.only_b) == (3, 1, 2)
    assert r.recall == pytest.approx(3 / 4)
    assert r.precision == pytest.approx(3 / 5)
    assert r.f1 == pytest.approx(6 / 9)


def test_f1_is_symmetric_and_precision_recall_swap():
    ab, ba = span_agreement(A, B, "overlap"), span_agreement(B, A, "overlap")
    assert ab.f1 == ba.f1
    assert (ab.precision, ab.recall) == (ba.recall, ba.precision)


def test_overlap_matching_is_one_to_one_by_largest_jaccard():
    a = [(0, 10, "x")]
    b = [(0, 4, "x"), (2, 10, "x")]  # Jaccard 0.4 and 0.8
    assert match_spans(a, b, "overlap") == [(0, 1)]
    r = span_agreement(a, b, "overlap")
    assert (r.matched, r.only_a, r.only_b) == (1, 0, 1)
    # Greedy: a's second span only overlaps b's first once b's second is taken.
    a2 = [(0, 10, "x"), (3, 5, "x")]
    assert match_spans(a2, b, "overlap") == [(0, 1), (1, 0)]
    # Spans that merely touch do not overlap.
    assert match_spans([(0, 5, "x")], [(5, 9, "x")], "overlap") == []


def test_exact_match_is_one_to_one_with_duplicates():
    r = span_agreement([(0, 5, "x"), (0, 5, "x")], [(0, 5, "x")], "exact")
    assert (r.matched, r.only_a, r.only_b) == (1, 1, 0)


def test_match_ignoring_labels():
    assert match_spans([(60, 70, "person")], [(60, 70, "org")], "exact", same_label=False) == [
        (0, 0)
    ]


def test_per_label_results_add_up_to_overall():
    by_label = span_agreement_by_label(A, B, "overlap")
    assert set(by_label) == {"org", "person"}
    assert sum(r.matched for r in by_label.values()) == span_agreement(A, B, "overlap").matched
    assert by_label["org"].only_b == 1


def test_empty_inputs_give_nan_not_errors():
    r = span_agreement([], [], "exact")
    assert r.matched == 0 and math.isnan(r.f1) and math.isnan(r.precision)
    r = span_agreement([(0, 1, "x")], [], "overlap")
    assert (r.recall, r.only_a) == (0.0, 1) and math.isnan(r.precision)
    with pytest.raises(ValueError):
        match_spans([], [], "fuzzy")  # type: ignore[arg-type]


# -- unitizing alpha ---------------------------------------------------------------------------


def test_unitizing_alpha_hand_example():
    # L = 10, coder A marks [2,6), coder B [3,6). Sections A: gap 2, unit 4, gap 4;
    # B: gap 3, unit 3, gap 4. Only the two units overlap: d^2 = (2-3)^2 + (6-6)^2 = 1, so
    # Do = 2*1 / (2*1*10^2) = 0.01. De: N_c = 2; unit 4: (1)(4*3*7)/3 + 16*(1+1) = 60;
    # unit 3: (1)(3*2*5)/3 + 9*(1+2+2) = 55; De = (2/10)*115 / (20*19 - (12+6)) = 23/362.
    r = unitizing_alpha([[(2, 6, "x")], [(3, 6, "x")]], length=10)
    assert r.observed == pytest.approx(0.01)
    assert r.expected == pytest.approx(23 / 362)
    assert round(r.value, 3) == round(1 - 0.01 * 362 / 23, 3) == 0.843


def test_unitizing_alpha_krippendorff_2004_example():
    # Krippendorff (2004) Content Analysis, 2nd ed., p. 254: continuum 150..450, two coders;
    # the values as reproduced by DKPro Statistics' Krippendorff2004Test.
    i = [(225, 295, "c"), (370, 400, "c"), (180, 240, "k"), (300, 350, "k")]
    j = [(220, 300, "c"), (355, 375, "c"), (400, 420, "c"), (180, 240, "k"), (300, 350, "k")]
    r = unitizing_alpha([i, j], length=300, begin=150)
    c, k = r.by_label["c"], r.by_label["k"]
    assert (round(c.observed, 4), round(c.expected, 4), round(c.value, 3)) == (
        0.0144,
        0.0532,
        0.729,
    )
    assert (k.observed, round(k.expected, 4), k.value) == (0.0, 0.0490, 1.0)
    assert round(r.value, 3) == 0.859


def test_unitizing_alpha_krippendorff_1995_observed_disagreement():
    # Krippendorff (1995) "On the reliability of unitizing contiguous data", p. 57, pairs A-D.
    coders = [
        [(2, 10, "A"), (14, 20, "A"), (0, 18, "B"), (2, 8, "C"), (10, 12, "C"), (14, 18, "C")]
        + [(20, 22, "C"), (0, 2, "D"), (2, 10, "D"), (10, 14, "D"), (14, 20, "D"), (20, 24, "D")],
        [(4, 8, "A"), (15, 17, "A"), (0, 2, "B"), (2, 3, "B"), (3, 4, "B"), (4, 5, "B")]
        + [(5, 6, "B"), (6, 9, "B"), (9, 10, "B"), (0, 2, "C"), (4, 8, "C"), (10, 14, "C")]
        + [(16, 18, "C"), (20, 22, "C"), (0, 4, "D"), (4, 8, "D"), (8, 15, "D"), (15, 17, "D")]
        + [(17, 24, "D")],
    ]
    r = unitizing_alpha(coders, length=24)
    observed = {label: round(res.observed, 5) for label, res in r.by_label.items()}
    assert observed == {"A": 0.03125, "B": 2.26736, "C": 0.02778, "D": 0.38715}


def test_unitizing_alpha_perfect_agreement_is_one():
    spans = [(0, 5, "x"), (10, 20, "x"), (12, 18, "y")]
    r = unitizing_alpha([spans, list(spans), list(reversed(spans))], length=30)
    assert r.value == 1.0 and r.observed == 0.0
    assert all(res.value == 1.0 for res in r.by_label.values())


def test_unitizing_alpha_disjoint_spans_are_below_zero():
    # Each unit lies in the other's gap: d^2 = 9 twice; Do = 36/200 = 0.18.
    r = unitizing_alpha([[(0, 3, "x")], [(5, 8, "x")]], length=10)
    assert r.observed == pytest.approx(0.18)
    assert r.value < 0


def test_unitizing_alpha_coder_without_units_and_partial_agreement_rank():
    close = unitizing_alpha([[(0, 10, "x")], [(1, 10, "x")]], length=40).value
    far = unitizing_alpha([[(0, 10, "x")], [(5, 15, "x")]], length=40).value
    missing = unitizing_alpha([[(0, 10, "x")], []], length=40).value
    assert 1.0 > close > far > missing


def test_unitizing_alpha_validation():
    with pytest.raises(ValueError):
        unitizing_alpha([[(0, 5, "x")]], length=10)  # one coder
    with pytest.raises(ValueError):
        unitizing_alpha([[(0, 11, "x")], []], length=10)  # off the continuum
    with pytest.raises(ValueError):
        unitizing_alpha([[(0, 5, "x"), (4, 8, "x")], []], length=10)  # overlapping units
    assert math.isnan(unitizing_alpha([[], []], length=10).value)


def test_group_spans_links_pairwise_overlap_matches_ignoring_labels():
    a = [(0, 10, "positive"), (20, 30, "positive")]
    b = [(2, 10, "negative"), (50, 60, "positive")]
    c = [(0, 9, "positive")]
    groups = group_spans([a, b, c])
    # (0,10)/(2,10)/(0,9) are one unit; (20,30) and (50,60) are each alone.
    assert groups.units == ((0, 0, 0), (1, None, None), (None, 1, None))
    assert groups.ambiguous == ()
    assert group_spans([a, b, c], same_label=True).units == (
        (0, None, 0),
        (None, 0, None),
        (1, None, None),
        (None, 1, None),
    )


def test_group_spans_leaves_out_a_group_with_two_spans_of_one_coder():
    # b matches a0, c matches a1 and b: the chain a0–b0–c0–a1 holds two of a's spans.
    a = [(0, 10, "x"), (12, 20, "x")]
    b = [(0, 14, "x")]
    c = [(8, 20, "x")]
    groups = group_spans([a, b, c])
    assert groups.units == ()
    assert groups.ambiguous == ((0, 0), (0, 1), (1, 0), (2, 0))
    assert group_spans([[], []]) == group_spans([])


def test_drop_overlapping_keeps_the_earliest_span_of_each_label():
    spans = [(5, 9, "x"), (0, 10, "x"), (0, 10, "y"), (10, 12, "x"), (11, 13, "x")]
    kept, dropped = drop_overlapping(spans)
    assert kept == [(0, 10, "x"), (0, 10, "y"), (10, 12, "x")]
    assert dropped == 2
    assert unitizing_alpha([kept, kept], 20).value == 1.0


def test_unitizing_alpha_matches_the_all_pairs_sums_on_random_coding():
    """The joins over units and the counted gaps give what summing over every pair gives."""
    import random

    from tests.agreement import reference

    rng = random.Random(7)
    for _ in range(20):
        length, coders = 300, []
        for _ in range(rng.randint(2, 4)):
            spans, pos = [], 0
            while (pos := pos + rng.randint(0, 30)) < length - 1:
                end = min(length, pos + rng.randint(1, 25))
                spans.append((pos, end, "x"))
                pos = end
            coders.append(spans)
        observed, expected = reference.unitizing(coders, length)["x"]
        result = unitizing_alpha(coders, length).by_label["x"]
        assert result.observed == pytest.approx(observed)
        assert result.expected == pytest.approx(expected)
