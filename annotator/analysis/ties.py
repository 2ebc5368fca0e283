"""What lies behind a node or a tie of a network: the claims that made it, and where to draw
the nodes — so a network links back to the sentences it came from. Pure, no Qt."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.analysis.networks import Network, Node
from annotator.analysis.statements import Statement


def node_statements(
    network: Network, node: Node, statements: Iterable[Statement]
) -> list[Statement]:
    """Return the statements naming a node: an actor's claims (and, speaker → target, the
    claims about it), a topic's claims."""
    if node.kind == "topic":
        return [s for s in statements if s.topic == node.id]
    about = network.options.network_type == "speaker-target"
    return [s for s in statements if s.speaker == node.id or (about and s.target == node.id)]


def tie_statements(
    network: Network, row: Node, column: Node, statements: Iterable[Statement]
) -> list[Statement]:
    """Return the statements that make the tie between a row and a column node: a speaker's
    claims on a topic (two-mode), a speaker's claims about a target (speaker → target), or
    both actors' claims on the topics they share (one-mode; topics: both topics' claims by
    the actors they share)."""
    kind = network.options.network_type
    found = list(statements)
    if kind == "twomode":
        actor, topic = (row, column) if row.kind == "actor" else (column, row)
        return [s for s in found if s.speaker == actor.id and s.topic == topic.id]
    if kind == "speaker-target":
        return [s for s in found if s.speaker == row.id and s.target == column.id]
    if row.kind == "topic":
        by_topic = {t: {s.speaker for s in found if s.topic == t} for t in (row.id, column.id)}
        shared = by_topic[row.id] & by_topic[column.id]
        return [s for s in found if s.topic in by_topic and s.speaker in shared]
    topics = {a: {s.topic for s in found if s.speaker == a} for a in (row.id, column.id)}
    shared = topics[row.id] & topics[column.id]
    return [s for s in found if s.speaker in topics and s.topic in shared]


def ties(network: Network) -> list[tuple[int, int, float]]:
    """Return (row index, column index, weight) for every nonzero cell, each undirected tie of
    a one-mode network once."""
    out = []
    symmetric = network.options.network_type == "onemode"
    for i, values in enumerate(network.to_lists()):
        for j, weight in enumerate(values):
            if weight and not (symmetric and j <= i):
                out.append((i, j, float(weight)))
    return out


def layout(network: Network, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Return each node's place (x, y in −1..1) from a force-directed layout (networkx's
    spring layout, seeded: the same network is drawn the same way every time)."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in nodes(network))
    for i, j, weight in ties(network):
        a, b = network.rows[i].id, network.columns[j].id
        if a != b:
            graph.add_edge(a, b, weight=abs(weight))
    if not len(graph):
        return {}
    placed = nx.spring_layout(graph, seed=seed, weight="weight")
    return {node: (float(x), float(y)) for node, (x, y) in placed.items()}


def nodes(network: Network) -> list[Node]:
    """Return the network's nodes once each (rows, then columns not among them)."""
    seen = {n.id for n in network.rows}
    return [*network.rows, *(n for n in network.columns if n.id not in seen)]
