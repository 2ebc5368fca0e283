"""Which mention of an actor a claim's speaker or target relation points to."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.model import Mark, MarkKind


def relation_mention(mark: Mark, actor_id: str, marks: Iterable[Mark]) -> Mark | None:
    """Return the mention of an actor a relation from ``mark`` points to, or None.

    A mention inside the mark comes first (the earliest), else the nearest one by the gap
    between them (ties: the earlier). Formats that write a speaker or target as a link to a
    mention (rather than to the actor) use this, so that each picks the same mention.
    """
    mentions = [m for m in marks if m.kind == MarkKind.ACTOR and m.actor_id == actor_id]
    if not mentions:
        return None

    def distance(m: Mark) -> tuple[int, int, int, int]:
        if mark.start <= m.start and m.end <= mark.end:
            return (0, 0, m.start, m.end)
        return (1, max(0, m.start - mark.end, mark.start - m.end), m.start, m.end)

    return min(mentions, key=distance)
