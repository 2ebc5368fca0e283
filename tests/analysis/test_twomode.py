"""Two-mode and speaker → target networks, worked out from DNA's formulas.

Base set (sample.py) as actor × topic counts per stance:
  Alpha: T1 support ×2.  Beta: T1 oppose, T2 neutral.  Gamma: T2 support ×2, T1 no stance.
"""

from __future__ import annotations

import pytest

from annotator.analysis.networks import NetworkOptions, network
from tests.analysis.sample import BASE, assert_network, st

ROWS, TOPICS = ["Alpha", "Beta", "Gamma"], ["T1", "T2"]


def two_mode(aggregation="ignore", normalization="no", statements=BASE, **options):
    return network(
        statements,
        NetworkOptions(
            network_type="twomode",
            qualifier_aggregation=aggregation,
            normalization=normalization,
            **options,
        ),
    )


def test_ignore_counts_statements():
    """Each cell counts an actor's statements on a topic, with or without a stance."""
    net = two_mode()
    assert_network(net, ROWS, [[2, 0], [1, 1], [1, 2]], TOPICS)
    assert net.integer and net.statements == 7
    assert [n.frequency for n in net.rows] == [2, 2, 3]
    assert [n.frequency for n in net.columns] == [4, 3]
    assert [n.type for n in net.rows] == ["Person", "Party", "Person"]


def test_subtract_is_supports_minus_opposes():
    """subtract: Σ q·count; neutral adds 0 and the claim without a stance is dropped."""
    net = two_mode("subtract")
    assert_network(net, ROWS, [[2, 0], [-1, 0], [0, 2]], TOPICS)
    assert net.statements == 6


def test_combine_numbers_combinations_of_stances():
    """combine: levels (oppose, neutral, support) are bits 4, 2, 1 of the cell's weight.

    Alpha also opposes T1 once here, so Alpha × T1 has support and oppose: 4 + 1 = 5.
    """
    statements = (*BASE, st("s8", "d4", "2020-01-09", "A", "T1", "oppose"))
    net = two_mode("combine", statements=statements)
    assert_network(net, ROWS, [[5, 0], [4, 2], [0, 1]], TOPICS)
    assert net.combinations == {
        1: ("support",), 2: ("neutral",), 4: ("oppose",), 5: ("oppose", "support"),
    }


def test_combine_levels_are_the_stances_present():
    """Without neutral statements the levels are (oppose, support): bits 2 and 1."""
    statements = [
        st("a", "d", "2020-01-01", "A", "T1", "support"),
        st("b", "d", "2020-01-01", "A", "T1", "oppose"),
        st("c", "d", "2020-01-01", "B", "T1", "oppose"),
    ]
    net = two_mode("combine", statements=statements)
    assert_network(net, ["Alpha", "Beta"], [[3], [2]], ["T1"])
    assert net.combinations == {2: ("oppose",), 3: ("oppose", "support")}


@pytest.mark.parametrize(
    ("aggregation", "normalization", "expected"),
    [
        # activity: each row over the actor's statements: A /2, B /2, C /3
        ("ignore", "activity", [[1, 0], [0.5, 0.5], [1 / 3, 2 / 3]]),
        # prominence: each column over the topic's statements: T1 /4, T2 /3
        ("ignore", "prominence", [[0.5, 0], [0.25, 1 / 3], [0.25, 2 / 3]]),
        # subtract (s6 dropped): A (2, 0), B (−1, 0), C (0, 2); rows have 2, 2, 2 statements
        ("subtract", "activity", [[1, 0], [-0.5, 0], [0, 1]]),
        # columns have 3 (s1, s2, s3) and 3 (s4, s5, s7) statements
        ("subtract", "prominence", [[2 / 3, 0], [-1 / 3, 0], [0, 2 / 3]]),
    ],
)
def test_normalizations(aggregation, normalization, expected):
    """activity divides rows, prominence columns, by their statement counts."""
    net = two_mode(aggregation, normalization)
    assert_network(net, ROWS, expected, TOPICS)
    assert not net.integer


def test_topic_by_actor():
    """variable1 = topic transposes the network."""
    net = two_mode(variable1="topic", variable2="actor")
    assert_network(net, TOPICS, [[2, 1, 1], [0, 1, 2]], ROWS)


def speaker_target(aggregation="ignore", normalization="no", **options):
    return network(
        BASE,
        NetworkOptions(
            network_type="speaker-target",
            qualifier_aggregation=aggregation,
            normalization=normalization,
            **options,
        ),
    )


def test_speaker_target_directed():
    """Gamma targets Alpha (support, s5) and Beta (no stance, s6): rows speak, columns are
    spoken to; the network is directed and its nodes are speakers and targets."""
    net = speaker_target()
    assert net.directed and net.one_mode
    assert_network(net, ROWS, [[0, 0, 0], [0, 0, 0], [1, 1, 0]], ROWS)
    assert net.statements == 2  # claims without a target make no tie
    assert [n.frequency for n in net.rows] == [1, 1, 2]


def test_speaker_target_signed():
    """subtract sums stance signs; the claim without a stance drops, and Beta with it."""
    net = speaker_target("subtract")
    assert_network(net, ["Alpha", "Gamma"], [[0, 0], [1, 0]])
    with_isolates = speaker_target("subtract", isolates=True)
    assert_network(with_isolates, ROWS, [[0, 0, 0], [0, 0, 0], [1, 0, 0]])


def test_speaker_target_activity():
    """activity divides a speaker's ties by its targeted claims: Gamma's two → ½ each."""
    net = speaker_target(normalization="activity")
    assert_network(net, ROWS, [[0, 0, 0], [0, 0, 0], [0.5, 0.5, 0]])


def test_speaker_target_duplicates_compare_topic():
    """Two claims of one speaker on one target are duplicates only on the same topic."""
    statements = [
        st("a", "d", "2020-01-01", "A", "T1", "oppose", 0, target="B"),
        st("b", "d", "2020-01-01", "A", "T1", "oppose", 10, target="B"),
        st("c", "d", "2020-01-01", "A", "T2", "oppose", 20, target="B"),
    ]
    options = NetworkOptions(network_type="speaker-target", duplicates="document")
    assert network(statements, options).weight("A", "B") == 2
