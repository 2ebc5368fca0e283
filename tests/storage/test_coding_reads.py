"""The coding view's reads: mark rows, names, actor choices and forms, text in pieces."""

from __future__ import annotations

from annotator.core.model import Actor, MarkKind
from annotator.services.coding import Field, mark_row
from tests.conftest import add


def test_mark_rows_are_the_marks_by_position_and_by_start_range(session):
    """Rows hold the fields the view shows, in the order of marks_for; a range keeps starts."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    add(session, article_id, MarkKind.SENTIMENT, "all-weather", "positive")
    marks = session.marks(article_id)
    assert session.mark_rows(article_id) == [mark_row(m) for m in marks]
    middle = marks[1].start
    assert session.mark_rows(article_id, middle) == [mark_row(m) for m in marks[1:]]
    assert session.mark_rows(article_id, 0, middle) == [mark_row(marks[0])]
    session.set_annotator("bob")
    assert session.mark_rows(article_id) == []


def test_names_choices_and_forms_of_actors(session):
    """Names of just the ids asked for; choices and forms in the registry's order."""
    session.restore_actor(Actor(id="b", name="beta", type="Person", aliases=("B.", "Bee")))
    session.restore_actor(Actor(id="a", name="Alpha", type="Country"))
    session.restore_actor(Actor(id="c", name="Gamma", type="Media", aliases=("G",)))
    assert session.actor_names(["c", "a", "zz"]) == {"a": "Alpha", "c": "Gamma"}
    assert session.actor_names([]) == {}
    assert session.actor_choices() == [
        ("a", "Alpha", "Country"),
        ("b", "beta", "Person"),
        ("c", "Gamma", "Media"),
    ]
    assert [a.id for a in session.actors()] == ["a", "b", "c"]
    assert session.store.actor_forms() == [
        ("a", "Country", ["Alpha"]),
        ("b", "Person", ["beta", "B.", "Bee"]),
        ("c", "Media", ["Gamma", "G"]),
    ]


def test_use_counts_match_the_registry_search(session):
    """Counts from the reference indexes equal the registry's use counts (a mark counts once)."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    wang = add(session, article_id, MarkKind.ACTOR, "Wang", "Person", after=text.index("Wang said"))
    topic = "Bilateral friendship"
    claim = add(session, article_id, MarkKind.CLAIM, "all-weather strategic", topic)
    session.update_mark(claim.with_changes(speaker_id=wang.actor_id, target_id=wang.actor_id))
    expected = {a.id: n for a, n in session.search_actors("")}
    assert session.store.actor_use_counts(list(expected)) == expected
    assert expected[wang.actor_id] == 2


def test_title_size_and_text_in_pieces(tmp_path):
    """Pieces join to the text, never split a character, and end at line ends where near."""
    from annotator.session import Session

    lines = [f"Line {i}: café 😀 中巴 naïve “quoted” text\n" for i in range(400)]
    text = "".join(lines)
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    assert session.article_size(article_id) == len(text.encode("utf-8"))
    assert session.article_title(article_id) == session.article(article_id).title
    for size in (7, 100, 1000, 1 << 20):
        pieces = list(session.article_text_pieces(article_id, size))
        assert "".join(pieces) == text
        if size >= 100:
            assert all(piece.endswith("\n") for piece in pieces)
    pieces = session.article_text_pieces(article_id, 100)
    first = next(pieces)
    pieces.close()  # stopping early lets go of the read
    assert text.startswith(first)
    session.close()


def test_text_pieces_go_on_after_a_rollback_between_them(tmp_path):
    """A refused edit (rolled back) between two pieces does not break the reading."""
    import pytest

    from annotator.core.errors import ValidationError
    from annotator.session import Session

    text = "".join(f"Paragraph {i} about the corridor.\n" for i in range(2000))
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    pieces = session.article_text_pieces(article_id, 4096)
    read = [next(pieces)]
    with pytest.raises(ValidationError), session.store.transaction():
        session.store.ensure_annotator("carol")
        raise ValidationError("refused")
    read += list(pieces)
    assert "".join(read) == text
    session.close()


def test_field_indexes_follow_the_row_layout(session):
    """Field names the positions of mark_row's values."""
    article_id = session.article_summaries()[0].id
    mark = add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    row = mark_row(mark)
    assert (row[Field.ID], row[Field.KIND], row[Field.START], row[Field.END]) == (
        mark.id,
        "actor",
        mark.start,
        mark.end,
    )
    assert (row[Field.LABEL], row[Field.ACTOR_ID]) == ("Media", mark.actor_id)
