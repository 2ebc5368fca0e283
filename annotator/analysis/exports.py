"""Networks and event lists as files: GraphML, GEXF, edge list, matrix CSV, UCINET DL.

Writers take a text stream (the caller opens, and replaces the file once complete); each
network format is registered in ``FORMATS`` by name, with its file extension, so the command
line's choices derive from it.

- ``graphml`` / ``gexf``: the nodes with ``label``, ``name``, ``kind`` (actor or topic),
  ``type``, ``country``, ``frequency`` and, two-mode, ``bipartite`` (0 rows, 1 columns); an
  edge per weight other than 0 (one-mode: each pair once; speaker → target: directed, self
  ties kept) with ``weight``; the options and ``start``, ``stop``, ``middle`` (a time
  window's), ``statements`` and combine's ``combinations`` on the graph. Actor nodes have
  their id, topics ``topic:NAME``.
- ``csv``: an edge list: ``source``, ``target`` (labels), ``weight``, ``source_id``,
  ``target_id``; the same edges as the graph formats.
- ``matrix``: the full matrix as CSV, a header of column labels after an empty cell.
- ``dl``: UCINET DL full matrix with embedded labels (``n=`` when rows and columns are the
  same nodes, else ``nr=``/``nc=``).

In CSV and DL, counts are printed as whole numbers and other weights with six decimals (as DNA
prints them); labels shared by two actors are numbered ("Wang (2)") so that every row has its
own. The event list CSV has the columns of the DNA export's ``statements.csv``.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import IO

import networkx as nx
import numpy as np

from annotator.analysis.networks import Network, Node
from annotator.analysis.statements import Statement

EVENT_COLUMNS = (
    "statement_id",
    "article_id",
    "article_title",
    "date",
    "coder",
    "speaker",
    "speaker_id",
    "speaker_type",
    "speaker_country",
    "target",
    "target_id",
    "topic",
    "stance",
    "form",
    "start",
    "end",
    "text",
)


# -- UCINET DL and labels (shared with the DNA format's files) --------------------------------


def dl_label(name: str) -> str:
    """Return a DL label: quoted, without the quote character or line breaks inside."""
    return '"' + " ".join(name.replace('"', "'").split()) + '"'


def unique_labels(names: Sequence[str]) -> list[str]:
    """Return the names with duplicates numbered, so every matrix row has its own label."""
    seen: Counter[str] = Counter()
    labels = []
    for name in names:
        seen[name] += 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


def number(value: float | int) -> str:
    """Return a weight as DNA prints it: a whole number as such, else six decimals."""
    if isinstance(value, int | np.integer):
        return str(value)
    return f"{value:.6f}"


def write_dl(
    out: IO[str],
    rows: Sequence[str],
    columns: Sequence[str] | None,
    matrix: Sequence[Sequence[float | int]],
) -> None:
    """Write a UCINET DL full matrix with embedded labels; one-mode when columns is None."""
    if columns is None:
        out.write(f"dl n={len(rows)}\nformat=fullmatrix\nlabels embedded\ndata:\n")
        columns = rows
    else:
        out.write(f"dl nr={len(rows)} nc={len(columns)}\nformat=fullmatrix\n")
        out.write("row labels embedded\ncolumn labels embedded\ndata:\n")
    out.write(" ".join(dl_label(c) for c in columns) + "\n")
    for label, values in zip(rows, matrix, strict=True):
        out.write(" ".join([dl_label(label), *(number(v) for v in values)]) + "\n")


def write_graphml(graph: nx.Graph, out: IO[str]) -> None:
    """Write a graph as GraphML to a text stream."""
    for line in nx.generate_graphml(graph, prettyprint=True):
        out.write(line + "\n")


# -- networks ---------------------------------------------------------------------------------


def node_id(node: Node) -> str:
    """Return a node's id in graph files: an actor's id, ``topic:NAME`` for a topic."""
    return node.id if node.kind == "actor" else f"topic:{node.id}"


def to_graph(network: Network) -> nx.Graph:
    """Return the network as a networkx graph (directed for speaker → target)."""
    graph: nx.Graph = nx.DiGraph() if network.directed else nx.Graph()
    graph.graph.update(_graph_attributes(network))
    for part, nodes in enumerate((network.rows, network.columns)):
        for node in nodes:
            attributes = {
                "label": node.label,
                "name": node.label,
                "kind": node.kind,
                "type": node.type,
                "country": node.country,
                "frequency": node.frequency,
            }
            if not network.one_mode:
                attributes["bipartite"] = part
            graph.add_node(node_id(node), **attributes)
    for row, column, weight in edges(network):
        graph.add_edge(node_id(row), node_id(column), weight=weight)
    return graph


def edges(network: Network) -> list[tuple[Node, Node, float | int]]:
    """Return (row, column, weight) for every weight other than 0 (undirected pairs once)."""
    found = []
    for i, j in zip(*np.nonzero(network.matrix), strict=True):
        if network.one_mode and not network.directed and i >= j:
            continue
        found.append((network.rows[i], network.columns[j], _weight(network, i, j)))
    return found


def _weight(network: Network, i: int, j: int) -> float | int:
    value = float(network.matrix[i, j]) + 0.0  # no "-0.0" in files
    return round(value) if network.integer else value


def _graph_attributes(network: Network) -> dict[str, str | int]:
    options = network.options
    attributes: dict[str, str | int] = {
        "network_type": options.network_type,
        "variable1": options.variable1,
        "variable2": options.variable2,
        "qualifier": options.qualifier or "",
        "qualifier_aggregation": options.qualifier_aggregation,
        "normalization": options.normalization,
        "duplicates": options.duplicates,
        "isolates": int(options.isolates),
        "statements": network.statements,
        "start": network.start or "",
        "stop": network.stop or "",
    }
    if network.middle is not None:
        attributes["middle"] = network.middle
    if network.combinations:
        attributes["combinations"] = "; ".join(
            f"{value}={'+'.join(stances)}" for value, stances in network.combinations.items()
        )
    return attributes


def write_network_graphml(network: Network, out: IO[str]) -> None:
    """Write a network as GraphML."""
    write_graphml(to_graph(network), out)


def write_gexf(network: Network, out: IO[str]) -> None:
    """Write a network as GEXF 1.2."""
    for line in nx.generate_gexf(to_graph(network), prettyprint=True):
        out.write(line + "\n")


def write_edge_list(network: Network, out: IO[str]) -> None:
    """Write a network's edges as CSV: source, target, weight, source_id, target_id."""
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(("source", "target", "weight", "source_id", "target_id"))
    for row, column, weight in edges(network):
        rows.writerow((row.label, column.label, number(weight), row.id, column.id))


def write_matrix(network: Network, out: IO[str]) -> None:
    """Write a network's full matrix as CSV under its column labels."""
    row_labels, column_labels = _labels(network)
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(("", *column_labels))
    for i, label in enumerate(row_labels):
        rows.writerow((label, *(number(v) for v in _row(network, i))))


def write_network_dl(network: Network, out: IO[str]) -> None:
    """Write a network's full matrix as UCINET DL."""
    row_labels, column_labels = _labels(network)
    matrix = [_row(network, i) for i in range(len(network.rows))]
    write_dl(out, row_labels, None if network.one_mode else column_labels, matrix)


def _labels(network: Network) -> tuple[list[str], list[str]]:
    rows = unique_labels([n.label for n in network.rows])
    return rows, rows if network.one_mode else unique_labels([n.label for n in network.columns])


def _row(network: Network, i: int) -> list[float | int]:
    return [_weight(network, i, j) for j in range(len(network.columns))]


NetworkWriter = Callable[[Network, IO[str]], None]

# name (options.FILE_FORMATS): (file extension, writer)
FORMATS: dict[str, tuple[str, NetworkWriter]] = {
    "graphml": (".graphml", write_network_graphml),
    "gexf": (".gexf", write_gexf),
    "csv": (".csv", write_edge_list),
    "matrix": (".csv", write_matrix),
    "dl": (".dl", write_network_dl),
}


def write_event_list(statements: Iterable[Statement], out: IO[str]) -> int:
    """Write one CSV row per statement (DNA's event list); return how many."""
    rows = csv.writer(out, lineterminator="\n")
    rows.writerow(EVENT_COLUMNS)
    count = 0
    for s in statements:
        count += 1
        rows.writerow(
            (
                s.id,
                s.article_id,
                s.article_title,
                s.date or "",
                s.coder,
                s.speaker_name,
                s.speaker,
                s.speaker_type,
                s.speaker_country or "",
                s.target_name or "",
                s.target or "",
                s.topic,
                s.stance or "",
                s.form or "",
                s.start,
                s.end,
                s.text,
            )
        )
    return count
