"""Tiny reference implementations of the span rules, written the obvious, slow way.

Every pair of spans is compared, every pair of sections is summed: the definitions as
documented, against which the fast implementations (a sweep, range joins, columns of many
texts) are checked.
"""

from __future__ import annotations

import math


def jaccard(a, b) -> float:
    """Return shared characters / characters in either (0 when none are shared)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / ((a[1] - a[0]) + (b[1] - b[0]) - inter)


def match(spans_a, spans_b, mode="exact", same_label=True):
    """Return match_spans' pairs by scoring every pair and taking the best first."""
    candidates = []
    for i, a in enumerate(spans_a):
        for j, b in enumerate(spans_b):
            if same_label and a[2] != b[2]:
                continue
            if mode == "exact":
                if a[0] == b[0] and a[1] == b[1]:
                    candidates.append((1.0, i, j))
            else:
                score = jaccard(a, b)
                if score > 0:
                    candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a, used_b, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def group(spans_by_coder, same_label=False):
    """Return group_spans' (units, ambiguous) by union-find over every pair's matches."""
    parent = {(c, k): (c, k) for c, spans in enumerate(spans_by_coder) for k in range(len(spans))}

    def find(node):
        while parent[node] != node:
            node = parent[node]
        return node

    for c in range(len(spans_by_coder)):
        for d in range(c + 1, len(spans_by_coder)):
            for i, j in match(spans_by_coder[c], spans_by_coder[d], "overlap", same_label):
                parent[find((d, j))] = find((c, i))
    groups = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    units, ambiguous = [], []
    for members in groups.values():
        coders = [c for c, _ in members]
        if len(set(coders)) < len(coders):
            ambiguous += members
            continue
        unit = [None] * len(spans_by_coder)
        for c, k in members:
            unit[c] = k
        first = min((spans_by_coder[c][k][0], spans_by_coder[c][k][1]) for c, k in members)
        units.append((first, tuple(unit)))
    units.sort(key=lambda u: (u[0], [(-1 if k is None else k) for k in u[1]]))
    return tuple(u for _, u in units), tuple(sorted(ambiguous))


def drop_overlapping(spans):
    """Return the spans kept (earliest, then shortest, of a label's overlapping ones)."""
    kept, end_of = [], {}
    for span in sorted(spans, key=lambda s: (s[0], s[1], s[2])):
        if span[0] < end_of.get(span[2], span[0]):
            continue
        kept.append(span)
        end_of[span[2]] = span[1]
    return kept


def sections(units, length):
    """Cut [0, length) into one coder's units (sorted, apart) and the gaps between them."""
    out, pos = [], 0
    for unit in units:
        start, end = unit[0], unit[1]
        if start > pos:
            out.append((pos, start - pos, False))
        out.append((start, end - start, True))
        pos = end
    if pos < length:
        out.append((pos, length - pos, False))
    return out


def distance(g, h) -> int:
    """Return Krippendorff's squared unitizing distance between two coders' sections."""
    bg, lg, unit_g = g
    bh, lh, unit_h = h
    d = bg - bh
    if unit_g and unit_h and -lg < d < lh:
        return d * d + (d + lg - lh) ** 2
    if unit_g and not unit_h and 0 <= d <= lh - lg:
        return lg * lg
    if unit_h and not unit_g and 0 <= -d <= lg - lh:
        return lh * lh
    return 0


def unitizing(units_by_coder, length):
    """Return {label: (observed, expected)} of alpha-u, summing over every pair of sections."""
    m = len(units_by_coder)
    result = {}
    for label in sorted({s[2] for coder in units_by_coder for s in coder}):
        cut = [
            sections(sorted(s for s in coder if s[2] == label), length) for coder in units_by_coder
        ]
        observed = sum(
            distance(g, h)
            for i in range(m)
            for j in range(i + 1, m)
            for g in cut[i]
            for h in cut[j]
        )
        observed = 2 * observed / (m * (m - 1) * length * length)
        units = [s[1] for c in cut for s in c if s[2]]
        gaps = [s[1] for c in cut for s in c if not s[2]]
        numerator = sum(
            (len(units) - 1) * u * (u - 1) * (2 * u - 1) // 3
            + u * u * sum(g - u + 1 for g in gaps if g >= u)
            for u in units
        )
        total = m * length
        denominator = length * (total * (total - 1) - sum(u * (u - 1) for u in units))
        expected = 2 * numerator / denominator if denominator else 0.0
        result[label] = (observed, expected)
    return result


def alpha_u(units_by_coder, length) -> float:
    """Return the overall alpha-u: 1 - mean observed / mean expected over labels."""
    by_label = unitizing(units_by_coder, length)
    if not by_label:
        return math.nan
    observed = sum(o for o, _ in by_label.values()) / len(by_label)
    expected = sum(e for _, e in by_label.values()) / len(by_label)
    return 1.0 - observed / expected if expected else math.nan
