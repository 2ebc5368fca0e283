"""One-mode networks: every aggregation and normalization, worked out from DNA's formulas.

The base set (tests/analysis/sample.py), per actor, topic and stance:
  Alpha (A): T1 support ×2.   Beta (B): T1 oppose, T2 neutral.
  Gamma (C): T2 support ×2, T1 without a stance (dropped when the stance is used).
Qualifier levels (the originals' stances): oppose −1, neutral 0, support +1; R = 1 − (−1) = 2.
"""

from __future__ import annotations

import pytest

from annotator.analysis.networks import NetworkOptions, network
from tests.analysis.sample import BASE, assert_network, st

ROWS = ["Alpha", "Beta", "Gamma"]


def one_mode(aggregation="ignore", normalization="no", **options):
    return network(
        BASE,
        NetworkOptions(qualifier_aggregation=aggregation, normalization=normalization, **options),
    )


# ignore: w(a, b) = Σ_topic c[a, t] · c[b, t], with c: A (2, 0), B (1, 1), C (1, 2); r = 2, 2, 3.
#   w(A, B) = 2·1 + 0·1 = 2;  w(A, C) = 2·1 + 0·2 = 2;  w(B, C) = 1·1 + 1·2 = 3.
IGNORE = [[0, 2, 2], [2, 0, 3], [2, 3, 0]]


def test_ignore_counts_co_statements():
    """Ties count pairs of statements on a shared topic, stance or not; diagonal 0."""
    net = one_mode()
    assert_network(net, ROWS, IGNORE)
    assert net.statements == 7 and net.integer
    assert (net.start, net.stop) == ("2020-01-06", "2020-01-08")


@pytest.mark.parametrize(
    ("normalization", "expected"),
    [
        # average: n = (r_a + r_b) / 2 → AB 2/2, AC 2/2.5, BC 3/2.5
        ("average", [[0, 1, 0.8], [1, 0, 1.2], [0.8, 1.2, 0]]),
        # cosine as DNA computes it: n = r_a · r_b → AB 2/4, AC 2/6, BC 3/6
        ("cosine", [[0, 0.5, 1 / 3], [0.5, 0, 0.5], [1 / 3, 0.5, 0]]),
        # jaccard over (topic, level) cells: A {(T1,+1): 2}, B {(T1,−1): 1, (T2,0): 1},
        # C {(T1,none): 1, (T2,+1): 2}; no cell is shared by two actors, so m11 = 0:
        #   AB: m10 = 2, m01 = 2 → 2/4;  AC: 2 + 3 → 2/5;  BC: 2 + 3 → 3/5
        ("jaccard", [[0, 0.5, 0.4], [0.5, 0, 0.6], [0.4, 0.6, 0]]),
    ],
)
def test_ignore_normalized(normalization, expected):
    """Each one-mode normalization divides by DNA's denominator."""
    net = one_mode(normalization=normalization)
    assert_network(net, ROWS, expected)
    assert not net.integer


def test_jaccard_without_qualifier_matches_on_topics_only():
    """With no qualifier there is one level: cells are topics, and shared ones count m11.

    c: A (2, 0), B (1, 1), C (1, 2).
      AB: m10 = 0, m01 = 1 (B's T2), m11 = 2·1 → 2/3
      AC: m10 = 0, m01 = 2 (C's T2), m11 = 2·1 → 2/4
      BC: m10 = 0, m01 = 0, m11 = 1·1 + 1·2 = 3 → 3/3
    """
    net = one_mode(normalization="jaccard", qualifier=None)
    assert_network(net, ROWS, [[0, 2 / 3, 0.5], [2 / 3, 0, 1], [0.5, 1, 0]])


# With the stance used, Gamma's claim without one is dropped: A {(T1,+1): 2},
# B {(T1,−1): 1, (T2,0): 1}, C {(T2,+1): 2}; r = 2, 2, 2.
#   AB on T1: 2·1 pairs at distance |+1 − (−1)| / 2 = 1 → congruence 0, conflict 2.
#   BC on T2: 1·2 pairs at distance |0 − 1| / 2 = ½ → congruence 1, conflict 1.
#   AC share no topic → 0.
@pytest.mark.parametrize(
    ("aggregation", "expected"),
    [
        ("congruence", [[0, 0, 0], [0, 0, 1], [0, 1, 0]]),
        ("conflict", [[0, 2, 0], [2, 0, 1], [0, 1, 0]]),
        ("subtract", [[0, -2, 0], [-2, 0, 0], [0, 0, 0]]),
    ],
)
def test_qualifier_aggregations(aggregation, expected):
    """Congruence and conflict weigh pairs by proximity and distance of their stances."""
    net = one_mode(aggregation)
    assert_network(net, ROWS, expected)
    assert net.statements == 6  # s6 had no stance
    assert not net.integer  # DNA prints an integer qualifier's weights with decimals


@pytest.mark.parametrize(
    ("normalization", "expected"),
    [
        # r = 2, 2, 2: average n = 2 everywhere → AB 2/2, BC 1/2
        ("average", [[0, 1, 0], [1, 0, 0.5], [0, 0.5, 0]]),
        # cosine n = 2·2 → AB 2/4, BC 1/4
        ("cosine", [[0, 0.5, 0], [0.5, 0, 0.25], [0, 0.25, 0]]),
        # jaccard: AB m10 = 2, m01 = 2 → 2/4; BC m10 = 2, m01 = 2 → 1/4
        ("jaccard", [[0, 0.5, 0], [0.5, 0, 0.25], [0, 0.25, 0]]),
    ],
)
def test_conflict_normalized(normalization, expected):
    """Normalizations apply to the qualifier aggregations alike."""
    assert_network(one_mode("conflict", normalization), ROWS, expected)


def test_neutral_sits_between_support_and_oppose():
    """Support–neutral is half congruent; with only support and oppose present (R = 2 too)
    support–oppose is fully conflicting, and with only support present (R = 0) all agree."""
    both = [
        st("a", "d", "2020-01-01", "A", "T", "support"),
        st("b", "d", "2020-01-01", "B", "T", "neutral"),
        st("c", "d", "2020-01-01", "C", "T", "oppose"),
    ]
    net = one_mode_of(both, "congruence")
    # AB: |1 − 0|/2 → ½; AC: |1 − (−1)|/2 → 0; BC: ½
    assert_network(net, ROWS, [[0, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0]])
    alike = [st("a", "d", "2020-01-01", "A", "T", "support"),
             st("b", "d", "2020-01-01", "B", "T", "support")]
    assert one_mode_of(alike, "congruence").to_lists() == [[0, 1], [1, 0]]
    assert one_mode_of(alike, "conflict").to_lists() == [[0, 0], [0, 0]]


def test_range_comes_from_all_statements_not_the_filtered_ones():
    """R is max − min over the originals: a neutral–support pair stays ½ apart even when the
    oppose statement that makes R = 2 is filtered out (by topic)."""
    statements = [
        st("a", "d", "2020-01-01", "A", "T", "support"),
        st("b", "d", "2020-01-01", "B", "T", "neutral"),
        st("c", "d", "2020-01-01", "C", "U", "oppose"),
    ]
    net = network(statements, NetworkOptions(qualifier_aggregation="congruence", topics={"T"}))
    assert_network(net, ["Alpha", "Beta"], [[0, 0.5], [0.5, 0]])


def test_topic_by_topic_through_shared_actors():
    """variable1 = topic: T1 × T2 tied by the actors who spoke on both.

    Per actor (T1, T2): A (2, 0), B (1, 1), C (1, 2) → w(T1, T2) = 2·0 + 1·1 + 1·2 = 3.
    """
    net = one_mode(variable1="topic", variable2="actor")
    assert_network(net, ["T1", "T2"], [[0, 3], [3, 0]])
    assert [n.frequency for n in net.rows] == [4, 3]


def one_mode_of(statements, aggregation):
    return network(statements, NetworkOptions(qualifier_aggregation=aggregation))


def test_no_stance_at_all():
    """Without any stance, congruence keeps no statement: isolates are zero rows, not NaN."""
    bare = [st("a", "d", "2020-01-01", "A", "T", None), st("b", "d", "2020-01-01", "B", "T", None)]
    options = NetworkOptions(qualifier_aggregation="congruence", isolates=True)
    assert_network(network(bare, options), ["Alpha", "Beta"], [[0, 0], [0, 0]])
    assert network(bare, NetworkOptions()).to_lists() == [[0, 1], [1, 0]]
