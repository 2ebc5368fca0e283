"""The lines that say what a merge did, from its counts alone (no project needed)."""

from __future__ import annotations

from annotator.services.merge_summary import merge_summary_lines
from annotator.services.merging import MergeCounts


def test_counts_become_added_updated_deleted_and_conflict_lines():
    counts = MergeCounts(
        added={"articles": 2, "coders": 0, "marks": 14},
        updated={"marks": 1},
        conflicts={"marks": 3, "statuses": 1},
        deleted={"marks": 2, "actors": 0, "assignments": 1},
    )
    assert merge_summary_lines(counts) == [
        "added: 2 articles, 14 marks",
        "updated: 1 marks",
        "deleted: 2 marks, 1 assignments",
        "conflicts (edited at the same moment on both sides; ours kept): 3 marks, 1 statuses",
    ]


def test_a_merge_that_changed_nothing_says_so_and_has_no_conflict_line():
    counts = MergeCounts(added={"articles": 0}, conflicts={"marks": 0})
    assert merge_summary_lines(counts) == [
        "added: nothing",
        "updated: nothing",
        "deleted: nothing",
    ]
