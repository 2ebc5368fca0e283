"""Review units: coders' (and gold) marks of one article grouped where their spans overlap.

A unit is a connected group of marks of one kind whose spans overlap, across coders (and the
gold layer): where one coder marked "Chinese Foreign Ministry" and another "Foreign Ministry",
both marks fall in one unit. A unit is *agreed* when every compared coder (at least two) made
exactly one mark in it and those marks are identical (:func:`agreement_key`), and *decided* once
gold has a mark in it or all of its coders' marks were rejected. With one coder there is nothing
to agree with: the unit is *single*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.model import GOLD_ANNOTATOR, Mark, MarkKind


def agreement_key(mark: Mark) -> tuple[object, ...]:
    """What two coders' marks must share to count as the same mark."""
    return (
        mark.kind,
        mark.start,
        mark.end,
        mark.label,
        mark.actor_id,
        mark.speaker_id,
        mark.target_id,
        mark.stance,
        mark.form,
        mark.intensity,
    )


@dataclass(frozen=True)
class ReviewUnit:
    """Overlapping marks of one kind by the coders and gold: one decision for the adjudicator."""

    kind: MarkKind
    start: int
    end: int
    marks: dict[str, tuple[Mark, ...]]  # coder -> their marks in the unit (maybe none)
    gold: tuple[Mark, ...] = ()
    rejected: frozenset[str] = field(default_factory=frozenset)  # ids of rejected marks

    @property
    def coder_marks(self) -> list[Mark]:
        """Return every coder's marks in the unit, coder by coder."""
        return [m for marks in self.marks.values() for m in marks]

    @property
    def agreed(self) -> bool:
        """Say whether every coder (two or more) made one mark here and all are the same."""
        if len(self.marks) < 2 or any(len(marks) != 1 for marks in self.marks.values()):
            return False
        return len({agreement_key(marks[0]) for marks in self.marks.values()}) == 1

    @property
    def decided(self) -> bool:
        """Say whether the adjudicator has decided it (gold made, or every mark rejected)."""
        marks = self.coder_marks
        return bool(self.gold) or (bool(marks) and all(m.id in self.rejected for m in marks))

    @property
    def state(self) -> str:
        """Return "gold", "rejected", "single" (one coder: nothing to compare with), "agreed"
        or "disagreed"."""
        if self.gold:
            return "gold"
        if self.decided:
            return "rejected"
        if len(self.marks) < 2:
            return "single"
        return "agreed" if self.agreed else "disagreed"


def group_units(
    by_coder: dict[str, list[Mark]], gold: list[Mark], rejected: set[str]
) -> list[ReviewUnit]:
    """Group coders' and gold marks into units of overlapping spans of one kind, in text order."""
    tagged = [(coder, m) for coder, marks in by_coder.items() for m in marks]
    tagged += [(GOLD_ANNOTATOR, m) for m in gold]
    units: list[ReviewUnit] = []
    for kind in MarkKind:
        members = sorted(
            (t for t in tagged if t[1].kind == kind), key=lambda t: (t[1].start, t[1].end)
        )
        group: list[tuple[str, Mark]] = []
        reach = -1
        for coder, mark in members:
            # Sorted by start, a mark joins the group when it begins before the group ends;
            # a zero-width mark joins when it touches.
            if group and (mark.start < reach or mark.start == mark.end == reach):
                group.append((coder, mark))
                reach = max(reach, mark.end)
                continue
            if group:
                units.append(_unit(kind, group, by_coder, rejected))
            group, reach = [(coder, mark)], mark.end
        if group:
            units.append(_unit(kind, group, by_coder, rejected))
    return sorted(units, key=lambda u: (u.start, u.end, list(MarkKind).index(u.kind)))


def _unit(
    kind: MarkKind,
    group: list[tuple[str, Mark]],
    by_coder: dict[str, list[Mark]],
    rejected: set[str],
) -> ReviewUnit:
    marks = {c: tuple(m for coder, m in group if coder == c) for c in by_coder}
    return ReviewUnit(
        kind,
        min(m.start for _c, m in group),
        max(m.end for _c, m in group),
        marks,
        tuple(m for coder, m in group if coder == GOLD_ANNOTATOR),
        frozenset(m.id for _c, m in group if m.id in rejected),
    )
