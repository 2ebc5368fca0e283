"""Network distance between coders: Pearson of weights and Jaccard of edges, node union."""

from __future__ import annotations

import pytest

from annotator.analysis.distance import network_distance
from annotator.analysis.networks import NetworkOptionError, NetworkOptions, network
from tests.analysis.sample import BASE, st

BOB = [
    st("b1", "d1", "2020-01-06", "A", "T1", "support", coder="bob"),
    st("b2", "d2", "2020-01-07", "B", "T1", "oppose", coder="bob"),
]


def test_one_mode_distance():
    """alice (BASE): AB 2, AC 2, BC 3; bob: AB 1 only (Gamma is not in his network).

    Over the pairs (AB, AC, BC): x = (2, 2, 3), y = (1, 0, 0).
    Edges: alice 3, bob 1, shared 1 → Jaccard 1/3.
    Pearson: x − x̄ = (−⅓, −⅓, ⅔), y − ȳ = (⅔, −⅓, −⅓); Σ products = −2/9 + 1/9 − 2/9 = −⅓;
    Σ squares 6/9 each → r = −⅓ / (6/9) = −0.5.
    """
    alice, bob = network(BASE, NetworkOptions()), network(BOB, NetworkOptions())
    d = network_distance(alice, bob)
    assert (d.nodes, d.cells, d.edges_a, d.edges_b, d.shared_edges) == (3, 3, 3, 1, 1)
    assert d.jaccard == pytest.approx(1 / 3)
    assert d.pearson == pytest.approx(-0.5)
    assert network_distance(alice, alice).pearson == pytest.approx(1.0)
    assert network_distance(alice, alice).jaccard == 1.0


def test_two_mode_distance():
    """alice: A (2, 0), B (1, 1), C (1, 2); bob: A (1, ·), B (1, ·) on T1 only.

    Cells over rows A, B, C × columns T1, T2: x = (2, 0, 1, 1, 1, 2), y = (1, 0, 1, 0, 0, 0).
    Edges: 5 and 2, shared 2 → Jaccard 2/5.
    x̄ = 7/6, ȳ = 1/3: Σ (x − x̄)(y − ȳ) = Σ x·y − n·x̄·ȳ = 3 − 6·7/18 = 2/3;
    Σ (x − x̄)² = 11 − 49/6 = 17/6; Σ (y − ȳ)² = 2 − 2/3 = 4/3 → r = (2/3) / √(17/6 · 4/3).
    """
    options = NetworkOptions(network_type="twomode")
    d = network_distance(network(BASE, options), network(BOB, options))
    assert (d.nodes, d.cells, d.edges_a, d.edges_b, d.shared_edges) == (5, 6, 5, 2, 2)
    assert d.jaccard == pytest.approx(0.4)
    assert d.pearson == pytest.approx((2 / 3) / (17 / 6 * 4 / 3) ** 0.5)


def test_undefined_values():
    """No edge in either: no Jaccard; weights that do not vary: no correlation."""
    empty = network([], NetworkOptions())
    d = network_distance(empty, empty)
    assert d.jaccard is None and d.pearson is None and d.cells == 0
    with pytest.raises(NetworkOptionError):
        network_distance(network(BASE, NetworkOptions()),
                         network(BASE, NetworkOptions(network_type="twomode")))


def test_directed_distance_counts_both_directions():
    """Speaker → target cells are ordered pairs: A→B and B→A are different ties."""
    ab = [st("x", "d", "2020-01-01", "A", "T1", "oppose", target="B")]
    ba = [st("y", "d", "2020-01-01", "B", "T1", "oppose", target="A")]
    options = NetworkOptions(network_type="speaker-target")
    d = network_distance(network(ab, options), network(ba, options))
    assert (d.cells, d.edges_a, d.edges_b, d.shared_edges, d.jaccard) == (4, 1, 1, 0, 0.0)
