"""Discourse networks computed as the Discourse Network Analyzer (DNA 3) computes them.

Pure: statements in (``statements.py``), matrices out; no database, no Qt. Options and their
values carry DNA's names (rDNA's ``dna_network``), with DNA's meaning unless said otherwise
(see "Where we differ from DNA" at the end).

Steps (DNA's ``Exporter``: ``loadData``, ``filterStatements``, ``computeOneModeMatrix``,
``computeTwoModeMatrix``, ``computeTimeWindowMatrices``):

1. **Originals**: the statements of the ``coders`` (empty: all given) dated ``start`` ..
   ``stop`` (YYYY-MM-DD, both included; once a bound is set, undated statements are left
   out), sorted as DNA sorts them: by date (undated last), then article (in the order given),
   start and end offset, id. Isolates and the qualifier's values come from the originals.
2. **Filtered**: the originals whose speaker's type is in ``actor_types`` and whose topic is
   in ``topics`` (empty: any; DNA's ``excludeValues`` with ``invertValues``); for a network
   (not the event list), without statements lacking a value it needs (DNA drops empty
   values): a target for ``speaker-target``, a stance when ``qualifier_aggregation`` is not
   ``ignore``; then without duplicates (``duplicates``).
3. **The matrix** of the filtered statements, or one per time window (``time_window``).

Options
-------
``network_type``
    ``onemode`` (default, as in DNA's window): ``variable1`` × ``variable1`` nodes tied by the
    ``variable2`` values they share: actor × actor through topics, or, with ``variable1 =
    "topic"``, topic × topic through actors. ``twomode``: ``variable1`` × ``variable2``
    (actor × topic by default). ``eventlist``: the filtered statements themselves, one row per
    statement (a relational event list). ``speaker-target`` (ours): a directed actor × actor
    network from claims' speakers (rows) to their targets (columns), computed as a two-mode
    network whose rows and columns are the same actors.
``variable1``, ``variable2``
    ``actor`` (the speaker) and ``topic`` (the claim's label), one each.
``qualifier``
    ``stance`` (default) as an integer qualifier q: support +1, neutral 0, oppose −1; or None
    (no qualifier: one level, and only ``ignore``). A statement without a stance has no q: it
    is dropped when the aggregation uses the qualifier, and with ``ignore`` forms a level of
    its own (which only Jaccard's per-level matches see).
``qualifier_aggregation``
    Let ``A[i, j, k]`` be the number of filtered statements of row node i with column value j
    at qualifier level k (levels: the distinct q of the originals, ascending, as DNA's
    ``qualifierInteger``), ``c[i, j] = Σ_k A[i, j, k]`` and ``r_i = Σ_j c[i, j]``.

    One-mode (diagonal 0), with ``R`` = max − min of the q of the originals (DNA's range)::

        ignore      w(a, b) = Σ_j c[a, j] · c[b, j]
        congruence  w(a, b) = Σ_j Σ_k Σ_l A[a, j, k] · A[b, j, l] · (1 − |q_k − q_l| / R)
        conflict    w(a, b) = Σ_j Σ_k Σ_l A[a, j, k] · A[b, j, l] · |q_k − q_l| / R
        subtract    congruence − conflict

    This is DNA's formula for an *integer* qualifier (DNA's boolean agreement qualifier has
    only 0 and 1, where it reduces to counting matching and opposite pairs). With all three
    stances present R = 2, so support–support and oppose–oppose pairs count 1 to congruence,
    support–oppose pairs 1 to conflict, and a neutral paired with support or oppose counts
    ½ to each: neutral sits between support and oppose. If only one stance occurs, R = 0 and
    every pair agrees fully (proximity 1, distance 0), where DNA would divide 0 by 0.

    Two-mode and speaker → target::

        ignore    w(i, j) = c[i, j]
        subtract  w(i, j) = Σ_k q_k · A[i, j, k]   (supports − opposes; neutral adds 0)
        combine   w(i, j) = Σ_k [A[i, j, k] > 0] · 2^(K − 1 − k)   (DNA's lexRank)

    ``combine`` numbers the combination of stances in a cell: with levels (−1, 0, +1),
    oppose only = 4, neutral only = 2, support only = 1, oppose and support = 5, … (levels are
    only the stances that occur, so with (−1, +1): oppose 2, support 1, both 3). The
    network's ``combinations`` maps each weight found to its stances (DNA logs this mapping).
``normalization``
    One-mode: w(a, b) / n(a, b), 0 where n is 0::

        no       n = 1
        average  n = (r_a + r_b) / 2
        jaccard  n = m10 + m01 + m11, where over every (j, k):
                 m10 = Σ A[a, j, k] where A[b, j, k] = 0, m01 = Σ A[b, j, k] where
                 A[a, j, k] = 0, m11 = Σ A[a, j, k] · A[b, j, k]
        cosine   n = r_a · r_b

    DNA's "cosine" divides by sqrt(r_a²) · sqrt(r_b²) = r_a · r_b, the product of the two
    nodes' statement counts, not by the norms of their profiles: not the cosine similarity,
    kept as DNA computes it.

    Two-mode and speaker → target: ``no``; ``activity`` divides each row i by
    ``Σ_j w(i, j)`` (``ignore``) or by ``r_i`` (``subtract``: all its statements);
    ``prominence`` does the same for each column. Refused with ``combine`` (DNA warns that
    the result cannot be interpreted, and its prominence divides the wrong cells).
``duplicates``
    ``include`` (default); ``document``, ``week``, ``month``, ``year``, ``acrossrange``: a
    statement is dropped when an earlier kept one (in the order above) has the same
    ``variable1`` and ``variable2`` values, the same stance when the aggregation is not
    ``ignore``, and is in the same article / ISO week / calendar month / year / anywhere.
    Speaker → target compares speaker, target and topic (and the stance likewise). Undated
    statements share one period.
``start``, ``stop``
    The range (see Originals); unset, the first and last date of the originals. A network's
    ``start`` and ``stop`` are the range (a time window's, its own).
``actor_types``, ``topics``, ``coders``
    Filters (empty: no filter). ``coders`` chooses whose statements exist at all (like DNA's
    document filters: its isolates do not show the others' actors); ``actor_types`` (of the
    speaker) and ``topics`` filter as DNA's ``excludeValues``.
``isolates``
    False (default): the rows and columns are the nodes of the filtered statements (of the
    window). True: every node of the originals, those without statements as zero rows.
``time_window``, ``window_size``
    ``no`` (default), ``days``, ``weeks``, ``months``, ``years``, ``events``: one network per
    moving window, each with its own ``start``, ``stop``, ``middle`` and statement count
    (DNA's rule; details in ``windows.py``). Calendar units: the middle m starts at ``start``
    and moves on one unit at a time while m ≤ ``stop``; the window is m − a .. m + a units
    (days included) with a = round((size − 1) / 2), half up, so an even size spans one unit
    more; only windows wholly inside ``start`` .. ``stop`` are made. ``events``: around each
    filtered statement t, statements t − size // 2 .. t + size // 2, when all exist. Undated
    statements are in no window. DNA's kernel smoothing (``kernel``) is out of scope, and its
    ``seconds``/``minutes``/``hours`` units are not offered: articles have dates, not times.

Nodes: actors by name (case folded), then id; topics by name (case folded). A node's
``frequency`` is the number of filtered statements (of the window) naming it (speaker →
target: as speaker or as target), as in DNA's GraphML.

Where we differ from DNA
------------------------
- ``week`` and ``month`` duplicates compare the ISO week with its year and the month with
  its year. DNA compares only the week number (of the JVM's default locale, though its
  comment says the UK's) and only the month number, so statements a year apart in the same
  month are duplicates to DNA, not here.
- ``events`` windows take tied statements in order instead of at random (see windows.py).
- ``combine`` with a normalization is refused; R = 0 gives proximity 1 (DNA: NaN).
- The qualifier is the stance's integer, not DNA's boolean ``agreement``.
- The default range is the originals' dates, not the whole database's.
- Node order folds case (DNA sorts by Java's string order, capitals first); a node's
  ``frequency`` counts its window's statements (DNA: the whole range's).
- Files: plain GraphML and GEXF from networkx with our attributes (not DNA's visone styling,
  colours and random positions); comma-separated CSV (DNA: semicolons); DL with embedded
  labels, as the DNA export format writes it; the event list with our statement columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.analysis.options import (
    AGGREGATIONS,
    DUPLICATES,
    NETWORK_TYPES,
    NORMALIZATIONS,
    STANCE_OF,
    TIME_WINDOWS,
    NetworkOptionError,
    NetworkOptions,
)
from annotator.analysis.selection import Selection, node_value, select_statements
from annotator.analysis.statements import Statement
from annotator.analysis.windows import Window, calendar_windows, event_windows

__all__ = [
    "AGGREGATIONS",
    "DUPLICATES",
    "NETWORK_TYPES",
    "NORMALIZATIONS",
    "TIME_WINDOWS",
    "Network",
    "NetworkOptionError",
    "NetworkOptions",
    "Node",
    "WindowedNetworks",
    "event_list",
    "network",
    "networks",
    "select_statements",
    "windowed_networks",
]


@dataclass(frozen=True)
class Node:
    """A row or column: an actor (id, name, type, country) or a topic (its name twice)."""

    id: str
    label: str
    kind: str  # "actor" or "topic"
    type: str = ""
    country: str = ""
    frequency: int = 0  # filtered statements naming it (DNA's GraphML "frequency")


@dataclass(frozen=True, eq=False)
class Network:
    """One network matrix, its nodes and what it was made of."""

    options: NetworkOptions
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    matrix: np.ndarray  # float, len(rows) × len(columns)
    statements: int
    start: str | None
    stop: str | None
    middle: str | None = None  # a time window's middle
    combinations: dict[int, tuple[str, ...]] = field(default_factory=dict)  # combine only

    @property
    def row_labels(self) -> tuple[str, ...]:
        """Return the rows' labels (actor names, topics), in matrix order."""
        return tuple(n.label for n in self.rows)

    @property
    def column_labels(self) -> tuple[str, ...]:
        """Return the columns' labels, in matrix order."""
        return tuple(n.label for n in self.columns)

    @property
    def directed(self) -> bool:
        """Say whether a tie goes from its row to its column only (speaker → target)."""
        return self.options.network_type == "speaker-target"

    @property
    def one_mode(self) -> bool:
        """Say whether rows and columns are the same nodes (one-mode or speaker → target)."""
        return self.options.network_type in ("onemode", "speaker-target")

    @property
    def integer(self) -> bool:
        """Say whether the weights are counts (DNA's rule: no normalization, and for one-mode
        no qualifier in the formula); files then print them without decimals."""
        options = self.options
        if options.normalization != "no":
            return False
        return options.network_type != "onemode" or options.qualifier_aggregation == "ignore"

    def weight(self, row_id: str, column_id: str) -> float:
        """Return the weight from a row node to a column node, by their ids (0 if absent)."""
        rows = {n.id: i for i, n in enumerate(self.rows)}
        columns = {n.id: j for j, n in enumerate(self.columns)}
        if row_id not in rows or column_id not in columns:
            return 0.0
        return float(self.matrix[rows[row_id], columns[column_id]])

    def to_lists(self) -> list[list[float]]:
        """Return the matrix as lists of floats."""
        return [[float(v) for v in row] for row in self.matrix]


# -- networks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowedNetworks:
    """The filtered statements cut into time windows, each made a network only when asked
    for: a view steps through windows without holding every window's matrix. Without time
    windows there is one "window", all the filtered statements."""

    options: NetworkOptions
    selection: Selection
    windows: tuple[Window[Statement], ...]  # empty without time windows

    def __len__(self) -> int:
        return 1 if self.options.time_window == "no" else len(self.windows)

    def statements(self, index: int) -> tuple[Statement, ...]:
        """Return the filtered statements the index-th network is made of."""
        if self.options.time_window == "no":
            return self.selection.filtered
        return self.windows[index].items

    def network(self, index: int) -> Network:
        """Return the index-th network (the only one without time windows)."""
        selection = self.selection
        if self.options.time_window == "no":
            if index != 0:
                raise IndexError(index)
            return _network(
                self.options, selection, selection.filtered, selection.start, selection.stop
            )
        window = self.windows[index]
        return _network(
            self.options, selection, window.items, window.start, window.stop, window.middle
        )


def windowed_networks(statements: Iterable[Statement], options: NetworkOptions) -> WindowedNetworks:
    """Return the statements selected and cut into time windows, ready to make networks."""
    if options.network_type == "eventlist":
        raise NetworkOptionError("an event list is not a network: use event_list()")
    selection = select_statements(statements, options)
    windows = () if options.time_window == "no" else tuple(_windows(selection, options))
    return WindowedNetworks(options, selection, windows)


def networks(statements: Iterable[Statement], options: NetworkOptions) -> list[Network]:
    """Return the network of the statements, or one per time window (in time order)."""
    made = windowed_networks(statements, options)
    return [made.network(i) for i in range(len(made))]


def network(statements: Iterable[Statement], options: NetworkOptions) -> Network:
    """Return the one network of the statements (no time window)."""
    if options.time_window != "no":
        raise NetworkOptionError("time windows make several networks: use networks()")
    return networks(statements, options)[0]


def event_list(statements: Iterable[Statement], options: NetworkOptions) -> tuple[Statement, ...]:
    """Return the filtered statements in order: DNA's relational event list."""
    if options.network_type != "eventlist":
        raise NetworkOptionError(f"a {options.network_type} network is not an event list")
    return select_statements(statements, options).filtered


def _windows(selection: Selection, options: NetworkOptions) -> list[Window[Statement]]:
    dated = [s for s in selection.filtered if s.date is not None]
    dates = [s.date for s in dated if s.date is not None]
    if options.time_window == "events":
        return event_windows(dated, dates, options.window_size)
    if selection.start is None or selection.stop is None:
        return []  # nothing dated: no window to move
    return calendar_windows(
        dated, dates, options.time_window, options.window_size, selection.start, selection.stop
    )


def _network(
    options: NetworkOptions,
    selection: Selection,
    statements: Sequence[Statement],
    start: str | None,
    stop: str | None,
    middle: str | None = None,
) -> Network:
    """Return the matrix of some filtered statements (all of them, or one window's)."""
    levels = _levels(selection.originals, options)
    # Isolates: every node of the originals, so that windows and coders share the same rows.
    source = selection.originals if options.isolates else statements
    combinations: dict[int, tuple[str, ...]] = {}
    if options.network_type == "speaker-target":
        rows = columns = _actor_nodes(source, statements, targets=True)
        array = _array(statements, rows, columns, "actor", "target", levels, options)
        matrix, combinations = _two_mode(array, levels, options)
    elif options.network_type == "onemode":
        rows = columns = _nodes(source, statements, options.variable1)
        through = _nodes(source, statements, options.variable2)
        array = _array(
            statements, rows, through, options.variable1, options.variable2, levels, options
        )
        matrix = _one_mode(array, levels, options)
    else:
        rows = _nodes(source, statements, options.variable1)
        columns = _nodes(source, statements, options.variable2)
        array = _array(
            statements, rows, columns, options.variable1, options.variable2, levels, options
        )
        matrix, combinations = _two_mode(array, levels, options)
    return Network(
        options, rows, columns, matrix, len(statements), start, stop, middle, combinations
    )


def _levels(originals: Sequence[Statement], options: NetworkOptions) -> list[int | None]:
    """Return the qualifier's levels: the originals' stances as q, ascending (DNA's
    qualifierInteger), and a last level for "no stance" where such statements are kept."""
    if options.qualifier is None:
        return [None]
    present = {s.qualifier for s in originals}
    levels: list[int | None] = sorted(q for q in present if q is not None)
    if (None in present and not options.uses_qualifier) or not levels:
        levels.append(None)
    return levels


def _nodes(
    source: Sequence[Statement], counted: Sequence[Statement], variable: str
) -> tuple[Node, ...]:
    """Return the nodes of a variable in the source statements, in order, with frequencies."""
    if variable == "actor":
        return _actor_nodes(source, counted, targets=False)
    frequency: dict[str, int] = dict.fromkeys((s.topic for s in source), 0)
    for s in counted:
        frequency[s.topic] = frequency.get(s.topic, 0) + 1
    names = sorted(frequency, key=lambda t: (t.casefold(), t))
    return tuple(Node(t, t, "topic", frequency=frequency[t]) for t in names)


def _actor_nodes(
    source: Sequence[Statement], counted: Sequence[Statement], targets: bool
) -> tuple[Node, ...]:
    """Return the speakers (and targets) of the source statements as nodes, by name."""
    found: dict[str, Node] = {}
    for s in source:  # a node made once per actor, not once per statement
        if s.speaker not in found:
            found[s.speaker] = _actor(s.speaker, s.speaker_name, s.speaker_type, s.speaker_country)
        if targets and s.target is not None and s.target not in found:
            found[s.target] = _actor(s.target, s.target_name, s.target_type, s.target_country)
    frequency = dict.fromkeys(found, 0)
    for s in counted:
        named = {s.speaker, s.target} if targets and s.target is not None else {s.speaker}
        for actor in named:
            frequency[actor] = frequency.get(actor, 0) + 1
    ordered = sorted(found.values(), key=lambda n: (n.label.casefold(), n.label, n.id))
    return tuple(Node(n.id, n.label, n.kind, n.type, n.country, frequency[n.id]) for n in ordered)


def _actor(actor_id: str, name: str | None, kind: str | None, country: str | None) -> Node:
    return Node(actor_id, name or actor_id, "actor", kind or "", country or "")


def _array(
    statements: Sequence[Statement],
    rows: Sequence[Node],
    columns: Sequence[Node],
    row_variable: str,
    column_variable: str,
    levels: Sequence[int | None],
    options: NetworkOptions,
) -> np.ndarray:
    """Return A[i, j, k]: the statements of row i, column j and qualifier level k."""
    row_index = {n.id: i for i, n in enumerate(rows)}
    column_index = {n.id: j for j, n in enumerate(columns)}
    level_index = {q: k for k, q in enumerate(levels)}
    array = np.zeros((len(rows), len(columns), len(levels)))
    for s in statements:
        # Statements lacking a value (no target) were filtered out: every value is a node.
        i = row_index[node_value(s, row_variable)]  # type: ignore[index]
        j = column_index[node_value(s, column_variable)]  # type: ignore[index]
        k = level_index[s.qualifier] if options.qualifier is not None else 0
        array[i, j, k] += 1
    return array


def _one_mode(
    array: np.ndarray, levels: Sequence[int | None], options: NetworkOptions
) -> np.ndarray:
    """Return the one-mode weights w(a, b), normalized, diagonal 0 (DNA's formulas)."""
    counts = array.sum(axis=2)
    aggregation = options.qualifier_aggregation
    if aggregation == "ignore":
        weights = counts @ counts.T
    else:
        # With the qualifier used, "no stance" is a level only when no stance occurs at all
        # (and then no statement is kept): it must not turn the zeros into NaN.
        q = np.array([0 if level is None else level for level in levels], dtype=float)
        spread = q.max() - q.min()
        distance = np.abs(q[:, None] - q[None, :])
        distance = distance / spread if spread else np.zeros_like(distance)
        factor = {
            "congruence": 1 - distance,
            "conflict": distance,
            "subtract": (1 - distance) - distance,
        }[aggregation]
        # Σ_j Σ_k Σ_l A[a, j, k] · factor[k, l] · A[b, j, l] as one matrix product (BLAS),
        # not an einsum loop: thousands of actors take milliseconds, not seconds.
        mixed = np.tensordot(array, factor, axes=([2], [0]))  # [a, j, l]
        size = array.shape[0]
        # Explicit widths: with no node (an empty window) -1 cannot be inferred.
        width = array.shape[1] * array.shape[2]
        weights = mixed.reshape(size, width) @ array.reshape(size, width).T
    if options.normalization == "no":
        # The weights are a fresh product: no n × n denominators of ones to divide by (for
        # thousands of actors those cost more than the product itself).
        result = weights
    else:
        norm = _one_mode_norm(array, counts, options.normalization)
        result = np.divide(weights, norm, out=np.zeros_like(weights), where=norm != 0)
    np.fill_diagonal(result, 0)
    return result


def _one_mode_norm(array: np.ndarray, counts: np.ndarray, normalization: str) -> np.ndarray:
    """Return the denominators n(a, b) of a one-mode normalization."""
    activity = counts.sum(axis=1)
    if normalization == "average":
        return (activity[:, None] + activity[None, :]) / 2
    if normalization == "cosine":
        return np.outer(activity, activity)  # DNA: sqrt(r_a²) · sqrt(r_b²)
    if normalization == "jaccard":
        flat = array.reshape(array.shape[0], array.shape[1] * array.shape[2])  # 0 rows too
        absent = (flat == 0).astype(float)
        return flat @ absent.T + absent @ flat.T + flat @ flat.T  # m10 + m01 + m11
    # "no" never gets here: _one_mode keeps the weights as they are.
    raise ValueError(f"no one-mode normalization {normalization!r}")


def _two_mode(
    array: np.ndarray, levels: Sequence[int | None], options: NetworkOptions
) -> tuple[np.ndarray, dict[int, tuple[str, ...]]]:
    """Return the two-mode weights w(i, j), normalized, and combine's mapping."""
    counts = array.sum(axis=2)
    aggregation = options.qualifier_aggregation
    combinations: dict[int, tuple[str, ...]] = {}
    if aggregation == "subtract":
        q = np.array([0 if level is None else level for level in levels], dtype=float)
        weights = array @ q
    elif aggregation == "combine":
        powers = 2.0 ** np.arange(len(levels) - 1, -1, -1)  # the first level is the top bit
        weights = (array > 0).astype(float) @ powers
        for value in sorted({int(v) for v in weights.flat if v}):
            combinations[value] = tuple(
                STANCE_OF[level]  # type: ignore[index]
                for k, level in enumerate(levels)
                if value >> (len(levels) - 1 - k) & 1
            )
    else:
        weights = counts.copy()
    # Activity divides by all of a row's statements, prominence by a column's (DNA sums the
    # counts for ignore and the statements of every level for subtract: the same numbers).
    if options.normalization == "activity":
        total = counts.sum(axis=1)[:, None]
    elif options.normalization == "prominence":
        total = counts.sum(axis=0)[None, :]
    else:
        return weights, combinations
    norm = np.broadcast_to(total, weights.shape)
    return np.divide(weights, norm, out=np.zeros_like(weights), where=norm != 0), combinations
