"""ArticleMarks: an open article's mark rows, looked up by id and by span, filled piece by piece."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.services.coding import LONG_SPAN, ArticleMarks, Field, position_key


def row(mark_id: str, start: int, end: int, kind: str = "sentiment") -> tuple:
    """Return a mark row with only the fields these tests look at."""
    return (mark_id, kind, start, end, "positive", None, None, None, None, None, 2)


spans = st.lists(
    st.tuples(st.integers(0, 300), st.integers(1, 60)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(spans, st.integers(0, 380), st.integers(0, 40))
def test_covering_and_at_find_what_a_scan_finds(found, start, width):
    """covering() and at() agree with a plain scan, long marks included."""
    rows = sorted(
        (row(f"m{i}", s, e) for i, (s, e) in enumerate(found)), key=position_key
    ) + [row("whole", 0, LONG_SPAN + 500)]
    marks = ArticleMarks("a", "", sorted(rows, key=position_key))
    end = start + width + 1
    expected = sorted((r for r in rows if r[2] < end and r[3] > start), key=position_key)
    assert marks.covering(start, end) == expected
    at = marks.at(start)
    assert [r[Field.ID] for r in at] == [
        r[Field.ID]
        for r in sorted(
            (r for r in rows if r[2] <= start < r[3]), key=lambda r: (r[3] - r[2], r[2])
        )
    ]


@settings(max_examples=40, deadline=None)
@given(spans, st.data())
def test_add_remove_and_replace_keep_position_order(found, data):
    """Rows added one by one, removed and replaced stay in position order, findable by id."""
    marks = ArticleMarks("a")
    held = {}
    for i, (s, e) in enumerate(found):
        marks.add(row(f"m{i}", s, e))
        held[f"m{i}"] = (s, e)
    for mark_id in data.draw(st.lists(st.sampled_from(sorted(held) or ["none"]), unique=True)):
        if mark_id in held:
            assert marks.remove(mark_id)[Field.ID] == mark_id
            del held[mark_id]
    for mark_id in list(held)[:3]:
        s, e = held[mark_id]
        marks.replace(row(mark_id, s + 1, e + 5))
        held[mark_id] = (s + 1, e + 5)
    assert marks.rows == sorted(marks.rows, key=position_key)
    assert {r[Field.ID]: (r[2], r[3]) for r in marks.rows} == held
    assert all(marks.get(i)[2:4] == span for i, span in held.items())
    assert marks.remove("absent") is None


def test_text_and_rows_arrive_in_pieces():
    """Pieces of text and their rows extend the article; text_of reads across pieces."""
    marks = ArticleMarks("a")
    marks.extend_text("Pakistan and China ")
    marks.extend([row("p", 0, 8, "actor"), row("c", 13, 18, "actor")])
    made_meanwhile = row("new", 20, 26)
    marks.add(made_meanwhile)  # a mark made while the article is read
    marks.extend_text("signed a corridor deal.\n")
    added = marks.extend([made_meanwhile, row("d", 29, 37)])
    assert [r[Field.ID] for r in added] == ["d"]  # the one made meanwhile is not doubled
    assert [r[Field.ID] for r in marks.rows] == ["p", "c", "new", "d"]
    assert marks.length == len("Pakistan and China signed a corridor deal.\n")
    assert marks.text_of(13, 25) == "China signed"
    assert marks.text == "Pakistan and China signed a corridor deal.\n"
    assert marks.actor_ids() == set()
    assert marks.still_held([made_meanwhile, row("d", 29, 37)]) == [made_meanwhile]
