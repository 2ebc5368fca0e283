"""The DNA export format's networks (formats/dna.py) are DNA's networks with particular
options: its actor × topic weights are two-mode "ignore" counts, and its congruence and
conflict are one-mode congruence and conflict with duplicates "acrossrange" (each actor's
stance on a topic counted once), when no statement is neutral."""

from __future__ import annotations

from annotator.analysis.networks import NetworkOptions, network
from annotator.core.model import Actor
from annotator.formats import dna
from tests.analysis.sample import ACTORS, st

STATEMENTS = [
    st("1", "d1", "2020-01-01", "A", "T1", "support"),
    st("2", "d1", "2020-01-01", "A", "T1", "support"),
    st("3", "d2", "2020-01-02", "A", "T1", "oppose"),
    st("4", "d2", "2020-01-02", "B", "T1", "support"),
    st("5", "d3", "2020-01-03", "B", "T2", "oppose"),
    st("6", "d3", "2020-01-03", "C", "T2", "oppose"),
    st("7", "d3", "2020-01-03", "C", "T1", "oppose"),
]


def format_networks():
    counts = dna.Networks()
    for s in STATEMENTS:
        name, kind = ACTORS[s.speaker]
        counts.add(Actor(s.speaker, name, kind), s.topic, s.stance)
    return counts


def test_format_one_mode_is_dna_congruence_and_conflict_across_the_range():
    """Congruence and conflict of every pair agree with ours at duplicates="acrossrange"."""
    graph = format_networks().one_mode()
    for measure in ("congruence", "conflict"):
        ours = network(STATEMENTS, NetworkOptions(qualifier_aggregation=measure,
                                                  duplicates="acrossrange"))
        for a in "ABC":
            for b in "ABC":
                edge = graph.get_edge_data(a, b) or {}
                assert ours.weight(a, b) == edge.get(measure, 0), (measure, a, b)


def test_format_two_mode_is_dna_ignore():
    """The actor × topic weight is the two-mode count of all statements."""
    graph = format_networks().two_mode(_tagset())
    ours = network(STATEMENTS, NetworkOptions(network_type="twomode"))
    for a in "ABC":
        for topic in ("T1", "T2"):
            edge = graph.get_edge_data(a, f"topic:{topic}") or {}
            assert ours.weight(a, topic) == edge.get("weight", 0)


def _tagset():
    from annotator.core.tagset import default_tagset

    return default_tagset()
