"""Span matching and grouping over many texts at once, on columns of spans (numpy).

A study's spans are held as one array per field (:class:`SpanColumns`); a span only ever meets
spans of its own text and kind. The rules are those documented in
:func:`annotator.agreement.match_spans`, :func:`annotator.agreement.group_spans` and
:func:`annotator.agreement.drop_overlapping`, which run on this module too:

- Matching two coders takes identical spans first (same text, kind, start, end and, if asked,
  label; the k-th such span of one coder with the k-th of the other, in list order), since
  their Jaccard index of 1 beats every other pair. Of the spans left, every overlapping pair is
  found by a sweep over start offsets done as two range joins on sorted starts (two spans
  overlap iff one starts inside the other), so the work grows with the overlapping pairs, never
  with all pairs. Candidates that compete for a span are settled greedily, best Jaccard first,
  ties to the lower index in a, then in b; a candidate competing with none is simply taken.
- Grouping links the spans matched between every pair of coders into connected units.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.lazy import lazy_module

np = lazy_module("numpy")  # loaded when agreement is first computed, not at start-up

Array = "np.ndarray"  # for annotations only: naming numpy's type must not import it
_FIELDS = ("text", "coder", "kind", "start", "end", "label", "index")


def _int_array(values: Iterable[int] | Array) -> Array:
    if isinstance(values, np.ndarray):
        return values.astype(np.int64, copy=False)
    return np.fromiter(values, dtype=np.int64)


@dataclass(frozen=True)
class SpanColumns:
    """Spans of several coders on several texts, one int64 array per field, one entry a span.

    ``text`` numbers the texts in their order; ``kind`` groups spans that are never compared
    across (actor mentions and claims, say); ``label`` numbers the labels; ``index`` is a span's
    place in its coder's list of that kind in that text (a lower index wins ties).
    """

    text: Array
    coder: Array
    kind: Array
    start: Array
    end: Array
    label: Array
    index: Array

    @classmethod
    def build(
        cls,
        text: Iterable[int] | Array,
        coder: Iterable[int] | Array,
        kind: Iterable[int] | Array,
        start: Iterable[int] | Array,
        end: Iterable[int] | Array,
        label: Iterable[int] | Array,
        index: Iterable[int] | Array | None = None,
    ) -> SpanColumns:
        """Return columns from sequences; without ``index``, spans keep their given order."""
        arrays = [_int_array(x) for x in (text, coder, kind, start, end, label)]
        if any(len(a) != len(arrays[0]) for a in arrays):
            raise ValueError("every column needs one entry per span")
        if index is None:
            index = list_index(arrays[0], arrays[1], arrays[2])
        index = _int_array(index)
        if len(index) != len(arrays[0]):
            raise ValueError("every column needs one entry per span")
        return cls(*arrays, index)

    @classmethod
    def of_one_text(cls, rows: Sequence[tuple[int, int, int, int]]) -> SpanColumns:
        """Return columns of (coder, start, end, label id) rows of one text and one kind."""
        return cls.build(
            [0] * len(rows),
            [r[0] for r in rows],
            [0] * len(rows),
            [r[1] for r in rows],
            [r[2] for r in rows],
            [r[3] for r in rows],
        )

    def __len__(self) -> int:
        return len(self.text)

    def take(self, rows: Array) -> SpanColumns:
        """Return the spans at these positions (a boolean mask or indices), in that order."""
        return SpanColumns(*(getattr(self, f)[rows] for f in _FIELDS))


def sort_order(*keys: Array) -> Array:
    """Return the stable order that sorts by the keys, the first the most significant.

    Integer keys are folded into one when their ranges allow, which sorts much faster than
    sorting key by key.
    """
    n = len(keys[0])
    if all(key.dtype.kind in "iu" for key in keys) and n:
        lows = [int(key.min()) for key in keys]
        spans = [int(key.max()) - low + 1 for key, low in zip(keys, lows, strict=True)]
        if math.prod(spans) < 2**62:
            folded = np.zeros(n, dtype=np.int64)
            for key, low, span in zip(keys, lows, spans, strict=True):
                folded = folded * span + (key - low)
            return np.argsort(folded, kind="stable")
    return np.lexsort(keys[::-1])


def list_index(text: Array, coder: Array, kind: Array) -> Array:
    """Return each span's place among its coder's spans of its kind in its text, in input order."""
    return rank_in_runs(sort_order(text, coder, kind), text, coder, kind)


def run_starts(order: Array, keys: tuple[Array, ...]) -> Array:
    new = np.zeros(len(order), dtype=bool)
    if len(order):
        new[0] = True
    for key in keys:
        ordered = key[order]
        new[1:] |= ordered[1:] != ordered[:-1]
    return new


def rank_in_runs(order: Array, *keys: Array) -> Array:
    """Return each position's rank within its run of equal keys, in the order ``order`` sorts."""
    rank = np.empty(len(order), dtype=np.int64)
    positions = np.arange(len(order))
    new = run_starts(order, keys)
    rank[order] = positions - np.maximum.accumulate(np.where(new, positions, 0))
    return rank


def group_ids(order: Array, *keys: Array) -> Array:
    """Return an id per position, equal for equal keys (``order`` must sort by the keys)."""
    ids = np.empty(len(order), dtype=np.int64)
    ids[order] = np.cumsum(run_starts(order, keys)) - 1
    return ids


def expand(rows: Array, lo: Array, hi: Array, targets: Array) -> tuple[Array, Array]:
    """Return (row, target) for every row and every target position in its [lo, hi)."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    if total == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    owner = np.repeat(np.arange(len(rows)), counts)
    offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows[owner], targets[lo[owner] + offset]


@dataclass(frozen=True)
class PairMatch:
    """Two coders' matched spans, as positions in the columns, pair by pair.

    ``exact_a[k]``, ``exact_b[k]`` are the pairs of exact matching (identical spans, empty ones
    included); ``overlap_a[k]``, ``overlap_b[k]`` those of overlap matching.
    """

    exact_a: Array
    exact_b: Array
    overlap_a: Array
    overlap_b: Array


class PairMatcher:
    """Matches any two coders' spans of :class:`SpanColumns` by the rule of ``match_spans``."""

    def __init__(self, columns: SpanColumns, same_label: bool = True):
        self.columns = c = columns
        self.same_label = same_label
        keys = (c.text, c.kind, c.start, c.end) + ((c.label,) if same_label else ())
        # Identical spans share an id; the k-th of a coder's spans with an id (by index) pairs
        # with the k-th of the other coder's.
        identical = group_ids(sort_order(*keys), *keys)
        occurrence = rank_in_runs(sort_order(identical, c.coder, c.index), identical, c.coder)
        self._key = identical * (int(occurrence.max(initial=0)) + 1) + occurrence
        self._proper = c.start < c.end
        self._of_coder: dict[int, Array] = {}

    def _positions(self, coder: int) -> Array:
        if coder not in self._of_coder:
            self._of_coder[coder] = np.flatnonzero(self.columns.coder == coder)
        return self._of_coder[coder]

    def match(self, a: int, b: int) -> PairMatch:
        """Match coder a's spans with coder b's in every text and kind."""
        in_a, in_b = self._positions(a), self._positions(b)
        _common, at_a, at_b = np.intersect1d(
            self._key[in_a], self._key[in_b], assume_unique=True, return_indices=True
        )
        exact_a, exact_b = in_a[at_a], in_b[at_b]
        left_a = np.delete(in_a, at_a)
        left_b = np.delete(in_b, at_b)
        # Empty spans overlap nothing: identical ones are exact pairs only.
        proper = self._proper[exact_a]
        left_a, left_b = left_a[self._proper[left_a]], left_b[self._proper[left_b]]
        more_a, more_b = self._greedy(*self._candidates(left_a, left_b))
        return PairMatch(
            exact_a,
            exact_b,
            np.concatenate((exact_a[proper], more_a)),
            np.concatenate((exact_b[proper], more_b)),
        )

    def _candidates(self, left_a: Array, left_b: Array) -> tuple[Array, Array, Array]:
        """Return every overlapping pair of a's and b's spans left: (a, b, -Jaccard)."""
        c = self.columns
        if not len(left_a) or not len(left_b):
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, np.empty(0)
        # One sort key: (text, kind) then start, so that a range of it is in one text and kind.
        stride = int(c.end.max()) + 1
        n_kinds = int(c.kind.max()) + 1

        def by_start(rows: Array) -> tuple[Array, Array, Array]:
            group = (c.text[rows] * n_kinds + c.kind[rows]) * stride
            key = group + c.start[rows]
            order = np.argsort(key, kind="stable")
            return rows[order], key[order], group[order] + c.end[rows[order]]

        rows_a, key_a, end_key_a = by_start(left_a)
        rows_b, key_b, end_key_b = by_start(left_b)
        # b starts inside a (a.start <= b.start < a.end), or a inside b (b.start < a.start <
        # b.end): every overlapping pair is one of the two, once.
        one_a, one_b = expand(
            rows_a,
            np.searchsorted(key_b, key_a, "left"),
            np.searchsorted(key_b, end_key_a, "left"),
            rows_b,
        )
        two_b, two_a = expand(
            rows_b,
            np.searchsorted(key_a, key_b, "right"),
            np.searchsorted(key_a, end_key_b, "left"),
            rows_a,
        )
        cand_a = np.concatenate((one_a, two_a))
        cand_b = np.concatenate((one_b, two_b))
        if self.same_label:
            same = c.label[cand_a] == c.label[cand_b]
            cand_a, cand_b = cand_a[same], cand_b[same]
        start_a, end_a = c.start[cand_a], c.end[cand_a]
        start_b, end_b = c.start[cand_b], c.end[cand_b]
        inter = np.minimum(end_a, end_b) - np.maximum(start_a, start_b)
        union = (end_a - start_a) + (end_b - start_b) - inter
        return cand_a, cand_b, -(inter / union)

    def _greedy(self, cand_a: Array, cand_b: Array, score: Array) -> tuple[Array, Array]:
        """Take candidates best first, skipping spans taken; return the pairs taken."""
        if not len(cand_a):
            return cand_a, cand_b
        # A candidate whose two spans have no other candidate is taken whatever the order.
        alone = _once(cand_a) & _once(cand_b)
        rest = np.flatnonzero(~alone)
        if not len(rest):
            return cand_a, cand_b
        c = self.columns
        ra, rb, rs = cand_a[rest], cand_b[rest], score[rest]
        # Texts and kinds never compete, so one pass in (text, kind, score, index a, index b)
        # order settles each as greedy matching within it does.
        order = sort_order(c.text[ra], c.kind[ra], rs, c.index[ra], c.index[rb])
        used_a: set[int] = set()
        used_b: set[int] = set()
        chosen_a, chosen_b = [], []
        for i, j in zip(ra[order].tolist(), rb[order].tolist(), strict=True):
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                chosen_a.append(i)
                chosen_b.append(j)
        return (
            np.concatenate((cand_a[alone], np.array(chosen_a, dtype=np.int64))),
            np.concatenate((cand_b[alone], np.array(chosen_b, dtype=np.int64))),
        )


def _once(values: Array) -> Array:
    """Say, per entry, whether its value occurs only once."""
    found, counts = np.unique(values, return_counts=True)
    return counts[np.searchsorted(found, values)] == 1


# -- grouping several coders' matched spans --------------------------------------------------


def components(n: int, edges_from: Array, edges_to: Array) -> Array:
    """Return a component id per node 0..n-1 of an undirected graph: the smallest node in it."""
    root = np.arange(n, dtype=np.int64)
    if not len(edges_from):
        return root
    while True:
        before = root.copy()
        low = np.minimum(root[edges_from], root[edges_to])
        np.minimum.at(root, edges_from, low)
        np.minimum.at(root, edges_to, low)
        root = root[root]  # jump to the root's root: chains shorten fast
        if np.array_equal(root, before):
            return root


@dataclass(frozen=True)
class Units:
    """Spans grouped into units: per unit and coder the span's position in the columns, or -1.

    Units are in order of text, then of their earliest span (start, end), then of the coders'
    indices; ``ambiguous`` holds the positions of spans left out because their group had two
    spans of one coder.
    """

    members: Array  # units × coders
    ambiguous: Array


def group_units(
    columns: SpanColumns, n_coders: int, matches: Mapping[tuple[int, int], PairMatch]
) -> Units:
    """Group spans linked by the pairs' overlap matches into units, as ``group_spans`` does."""
    c = columns
    n = len(c)
    edges_a = [m.overlap_a for m in matches.values()]
    edges_b = [m.overlap_b for m in matches.values()]
    root = components(
        n,
        np.concatenate(edges_a) if edges_a else np.empty(0, dtype=np.int64),
        np.concatenate(edges_b) if edges_b else np.empty(0, dtype=np.int64),
    )
    # Members of a unit side by side, each unit's earliest span first.
    order = sort_order(root, c.start, c.end)
    first = run_starts(order, (root,))
    unit_of = group_ids(order, root)
    n_units = int(first.sum())
    per_coder = np.zeros((n_units, n_coders), dtype=np.int64)
    np.add.at(per_coder, (unit_of, c.coder), 1)
    ambiguous_unit = (per_coder > 1).any(axis=1)
    members = np.full((n_units, n_coders), -1, dtype=np.int64)
    clear = ~ambiguous_unit[unit_of]
    members[unit_of[clear], c.coder[clear]] = np.flatnonzero(clear)
    earliest = order[first]  # per unit id (ids follow the sort), its earliest span
    keep = np.flatnonzero(~ambiguous_unit)
    members = members[keep]
    earliest = earliest[keep]
    indices = np.where(members >= 0, c.index[np.maximum(members, 0)], -1)
    coders = tuple(indices[:, k] for k in range(n_coders))
    order = sort_order(c.text[earliest], c.start[earliest], c.end[earliest], *coders)
    ambiguous = np.flatnonzero(ambiguous_unit[unit_of])
    return Units(members[order], ambiguous)


# -- one coder's overlapping spans -------------------------------------------------------------


def kept_units(columns: SpanColumns, start: Array | None = None, end: Array | None = None) -> Array:
    """Say which spans stay units: of one coder's spans of a label (and kind, and text) that
    overlap, the earliest (then shortest) is kept, as ``drop_overlapping`` keeps them.

    ``start`` and ``end`` may give the spans' places on a continuum instead of in their texts.
    """
    c = columns
    start = c.start if start is None else start
    end = c.end if end is None else end
    keep = np.ones(len(c), dtype=bool)
    if len(c) < 2:
        return keep
    order = sort_order(c.coder, c.text, c.kind, c.label, start, end)
    s, e = start[order], end[order]
    run_start = run_starts(order, (c.coder, c.text, c.kind, c.label))
    clash = ~run_start[1:] & (s[1:] < e[:-1])
    if not clash.any():  # nothing starts inside the span before it: all are kept
        return keep
    firsts = np.flatnonzero(run_start)
    bounds = np.append(firsts, len(order))
    run_of = np.cumsum(run_start) - 1
    starts, ends = s.tolist(), e.tolist()
    for run in np.unique(run_of[1:][clash]).tolist():
        last_end = None
        for p in range(int(bounds[run]), int(bounds[run + 1])):
            if last_end is not None and starts[p] < last_end:
                keep[order[p]] = False
            else:
                last_end = ends[p]
    return keep
