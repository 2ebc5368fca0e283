"""What a merge did, as the lines a person reads: added, updated, deleted (by the other side's
deletions), and conflicts if any; and what linking the proposed actors did.

One wording for every front end: `annotator merge` and `annotator link-actors` print these
lines, and the window shows them after its merge and its links dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.services.merging import MergeCounts


def merge_summary_lines(counts: MergeCounts) -> list[str]:
    """Return lines saying what a merge added, updated and deleted, and what it kept in
    conflict."""
    lines = []
    for title, numbers in (
        ("added", counts.added),
        ("updated", counts.updated),
        ("deleted", counts.deleted),
    ):
        parts = _parts(numbers)
        lines.append(f"{title}: {', '.join(parts) if parts else 'nothing'}")
    conflicts = _parts(counts.conflicts)
    if conflicts:  # a line only when there were some: most merges have none
        lines.append(
            "conflicts (edited at the same moment on both sides; ours kept): "
            + ", ".join(conflicts)
        )
    return lines


def link_summary_line(linked: int, declined: int, later: int) -> str:
    """Return a line saying how many proposed actor links were made, declined and left."""
    return f"linked {linked}, declined {declined}, left for later {later}"


def _parts(numbers: Mapping[str, int]) -> list[str]:
    """Return "3 marks"-style parts for the kinds of row that have a count."""
    return [f"{n} {what}" for what, n in numbers.items() if n]
