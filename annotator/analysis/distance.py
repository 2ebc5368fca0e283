"""How far apart two versions of one network are: the same options, two coders' statements.

Both networks are laid over the union of their nodes (a node one of them lacks has zero
ties there). The cells compared are every (row, column) pair of a two-mode or speaker → target
network, and each pair of distinct nodes once for an undirected one-mode network. An edge is
a cell with a weight other than 0.

- ``pearson``: the correlation of the two networks' weights over those cells (cells empty in
  both count too, as in a QAP correlation); None when either network's weights do not vary.
- ``jaccard``: shared edges / edges in either; None when neither has an edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np

from annotator.analysis.networks import Network, NetworkOptionError, NetworkOptions, Node, network
from annotator.analysis.statements import Statement


@dataclass(frozen=True)
class NetworkDistance:
    """How much two versions of one network differ (see the module docstring)."""

    nodes: int  # in the union: rows and columns of both
    cells: int  # the weights compared
    edges_a: int
    edges_b: int
    shared_edges: int
    jaccard: float | None
    pearson: float | None


def network_distance(a: Network, b: Network) -> NetworkDistance:
    """Return the Pearson correlation of two networks' weights and the Jaccard of their edges."""
    if a.options.network_type != b.options.network_type:
        raise NetworkOptionError(
            f"a {a.options.network_type} and a {b.options.network_type} network are not "
            "versions of one network"
        )
    rows = _union(a.rows, b.rows)
    columns = rows if a.one_mode else _union(a.columns, b.columns)
    first, second = _laid_over(a, rows, columns), _laid_over(b, rows, columns)
    if a.one_mode and not a.directed:
        picked = np.triu_indices(len(rows), k=1)  # each undirected pair once, no diagonal
        first, second = first[picked], second[picked]
    first, second = first.ravel(), second.ravel()
    edges_a, edges_b = first != 0, second != 0
    either = int(np.count_nonzero(edges_a | edges_b))
    shared = int(np.count_nonzero(edges_a & edges_b))
    pearson = None
    if first.size > 1 and first.std() > 0 and second.std() > 0:
        pearson = float(np.corrcoef(first, second)[0, 1])
    nodes = len(rows) if a.one_mode else len(rows) + len(columns)
    return NetworkDistance(
        nodes=nodes,
        cells=int(first.size),
        edges_a=int(np.count_nonzero(edges_a)),
        edges_b=int(np.count_nonzero(edges_b)),
        shared_edges=shared,
        jaccard=shared / either if either else None,
        pearson=pearson,
    )


@dataclass(frozen=True)
class CoderDistance:
    """The distance between two coders' versions of one network."""

    coder_a: str
    coder_b: str
    distance: NetworkDistance


def coder_distances(
    statements: Iterable[Statement], options: NetworkOptions, coders: Iterable[str] = ()
) -> list[CoderDistance]:
    """Return the distance of every pair of coders' networks, made with the same options.

    ``coders``: whose networks to compare (empty: every coder with a statement), in order.
    """
    if options.time_window != "no":
        raise NetworkOptionError("coders are compared on one network, not on time windows")
    given = list(statements)
    names = list(coders) or sorted({s.coder for s in given})
    # Each coder's network alone: the coders option would filter out all but one anyway.
    per_coder = replace(options, coders=frozenset())
    built = {c: network([s for s in given if s.coder == c], per_coder) for c in names}
    return [
        CoderDistance(a, b, network_distance(built[a], built[b])) for a, b in combinations(names, 2)
    ]


def _union(first: tuple[Node, ...], second: tuple[Node, ...]) -> list[str]:
    """Return the node ids of both, in a stable order (the first's, then the second's new)."""
    ids = [n.id for n in first]
    known = set(ids)
    return ids + [n.id for n in second if n.id not in known]


def _laid_over(network: Network, rows: list[str], columns: list[str]) -> np.ndarray:
    """Return the network's weights in the union's rows and columns (0 where it has none)."""
    row_at = {n.id: i for i, n in enumerate(network.rows)}
    column_at = {n.id: j for j, n in enumerate(network.columns)}
    # Every node of the network is in the union: its whole matrix lands in these cells.
    into_rows = [i for i, node in enumerate(rows) if node in row_at]
    into_columns = [j for j, node in enumerate(columns) if node in column_at]
    result = np.zeros((len(rows), len(columns)))
    result[np.ix_(into_rows, into_columns)] = network.matrix[
        np.ix_([row_at[rows[i]] for i in into_rows], [column_at[columns[j]] for j in into_columns])
    ]
    return result
