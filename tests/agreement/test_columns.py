"""The fast span rules against the all-pairs reference: same pairs, groups, units and alpha-u.

Spans are drawn on short texts with few labels, so that overlaps, nesting, identical spans and
ties in the Jaccard index are common; every pair of spans the sweep does not compare must be one
the reference finds no overlap in.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement import (
    PairMatcher,
    SpanColumns,
    drop_overlapping,
    group_spans,
    match_spans,
    unitizing_columns,
)
from tests.agreement import reference

LABELS = ("x", "y")


@st.composite
def spans(draw, length: int = 40, most: int = 9, proper: bool = False):
    """Return one coder's spans: (start, end, label), maybe empty or reversed unless proper."""
    n = draw(st.integers(0, most))
    out = []
    for _ in range(n):
        start = draw(st.integers(0, length - 1))
        if proper:
            end = draw(st.integers(start + 1, length))
        else:
            end = draw(st.integers(max(0, start - 2), length))
        out.append((start, end, draw(st.sampled_from(LABELS))))
    return out


@settings(max_examples=150, deadline=None)
@given(spans(), spans(), st.sampled_from(["exact", "overlap"]), st.booleans())
def test_match_spans_makes_the_pairs_of_the_all_pairs_rule(a, b, mode, same_label):
    assert match_spans(a, b, mode, same_label) == reference.match(a, b, mode, same_label)


@settings(max_examples=80, deadline=None)
@given(st.lists(spans(proper=True), min_size=2, max_size=4), st.booleans())
def test_group_spans_makes_the_reference_units(coders, same_label):
    units, ambiguous = reference.group(coders, same_label)
    grouped = group_spans(coders, same_label)
    assert grouped.units == units
    assert grouped.ambiguous == ambiguous


@settings(max_examples=80, deadline=None)
@given(spans())
def test_drop_overlapping_keeps_the_reference_spans(coder):
    kept, dropped = drop_overlapping(coder)
    assert kept == reference.drop_overlapping(coder)
    assert dropped == len(coder) - len(kept)


@st.composite
def study(draw):
    """Return texts' lengths and, per text, kind and coder, the spans (3 coders, 2 kinds)."""
    n_texts = draw(st.integers(1, 4))
    lengths = [draw(st.integers(5, 40)) for _ in range(n_texts)]
    marks = {
        (t, kind, coder): draw(spans(length=lengths[t], most=6, proper=True))
        for t in range(n_texts)
        for kind in range(2)
        for coder in range(3)
    }
    return lengths, marks


def columns_of(marks) -> SpanColumns:
    rows = [
        (t, coder, kind, s, e, LABELS.index(label), i)
        for (t, kind, coder), spans_ in marks.items()
        for i, (s, e, label) in enumerate(spans_)
    ]
    return SpanColumns.build(*(zip(*rows, strict=True) if rows else [()] * 7))


@settings(max_examples=80, deadline=None)
@given(study(), st.booleans())
def test_matching_many_texts_at_once_is_matching_each_text_and_kind(data, same_label):
    lengths, marks = data
    columns = columns_of(marks)
    matcher = PairMatcher(columns, same_label)
    for a, b in itertools.combinations(range(3), 2):
        match = matcher.match(a, b)
        for mode, (in_a, in_b) in (
            ("exact", (match.exact_a, match.exact_b)),
            ("overlap", (match.overlap_a, match.overlap_b)),
        ):
            found = sorted(
                (int(columns.text[i]), int(columns.kind[i]), int(columns.index[i]))
                + (int(columns.index[j]),)
                for i, j in zip(in_a, in_b, strict=True)
            )
            expected = sorted(
                (t, kind, i, j)
                for t in range(len(lengths))
                for kind in range(2)
                for i, j in reference.match(
                    marks[(t, kind, a)], marks[(t, kind, b)], mode, same_label
                )
            )
            assert found == expected


@settings(max_examples=80, deadline=None)
@given(study())
def test_alpha_u_of_texts_laid_end_to_end_is_the_reference_on_the_pooled_continuum(data):
    lengths, marks = data
    for kind in range(2):
        of_kind = {key: value for key, value in marks.items() if key[1] == kind}
        result, dropped = unitizing_columns(columns_of(of_kind), lengths, 3, list(LABELS))
        bases = list(itertools.accumulate(lengths, initial=0))
        pooled = [
            [
                (s + bases[t], e + bases[t], label)
                for t in range(len(lengths))
                for s, e, label in of_kind[(t, kind, coder)]
            ]
            for coder in range(3)
        ]
        kept = [reference.drop_overlapping(coder) for coder in pooled]
        left_out = sum(len(p) - len(k) for p, k in zip(pooled, kept, strict=True))
        assert sum(dropped.values()) == left_out
        expected = reference.unitizing(kept, bases[-1])
        assert {label: (r.observed, r.expected) for label, r in result.by_label.items()} == (
            expected
        )
        overall = reference.alpha_u(kept, bases[-1])
        assert result.value == overall or (result.value != result.value and overall != overall)
