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
    session.restore_actor(
        Actor(id="d", name="Delta", type="Person", aliases=("D", "Del"), implicit_aliases=("Del",))
    )
    assert session.store.actor_forms() == [
        ("a", "Country", ["Alpha"], []),
        ("b", "Person", ["beta", "B.", "Bee"], []),
        ("d", "Person", ["Delta", "D", "Del"], ["Del"]),
        ("c", "Media", ["Gamma", "G"], []),
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


def statements_of(session, action) -> list[str]:
    """Run an action; return the SQL statements it ran, as traced by SQLite."""
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        session.store.db.conn.set_trace_callback(None)
    return statements


def reads_whole_text(statements: list[str]) -> bool:
    """Say whether any statement brings an article's whole text into Python."""
    return any(
        "FROM articles" in s and "text" in s and "substr(text" not in s and "length(text)" not in s
        for s in statements
    )


def test_a_new_mark_reads_its_span_not_the_text(session):
    """Making a mark (trim, check, a claim's paragraph) cuts what it needs out in SQLite."""
    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    start = text.index("Xinhua")

    def make(kind, needle, label):
        at = text.index(needle)
        mark, actors = session.prepare_mark(article_id, kind, at - 1, at + len(needle) + 1, label)
        return session.add_mark(mark, actors).mark

    made = []
    topic = "Bilateral friendship"
    mention = statements_of(session, lambda: made.append(make(MarkKind.ACTOR, "Xinhua", "Media")))
    assert not reads_whole_text(mention)
    assert made[0].start == start and made[0].text == "Xinhua"  # trimmed of the spaces around
    claim = statements_of(
        session, lambda: made.append(make(MarkKind.CLAIM, "all-weather strategic", topic))
    )
    assert not reads_whole_text(claim)
    changed = made[1].with_changes(stance="support")
    assert not reads_whole_text(statements_of(session, lambda: session.update_mark(changed)))


def test_a_mark_in_the_article_just_read_reads_no_text_at_all(session):
    """After the coding view read an article whole, a mark there is checked against that text."""
    article_id = session.article_summaries()[0].id
    session.article_marks(article_id)
    text = session.article(article_id).text
    at = text.index("Xinhua")
    statements = statements_of(
        session,
        lambda: session.add_mark(
            *session.prepare_mark(article_id, MarkKind.ACTOR, at, at + 6, "Media")
        ),
    )
    assert not any("FROM articles" in s for s in statements)


def test_a_mark_outside_the_text_is_refused_with_its_length(session):
    """Offsets past the end are refused naming the text's length, as before."""
    import pytest

    from annotator.core.errors import ValidationError

    article_id = session.article_summaries()[0].id
    text = session.article(article_id).text
    mark, _ = session.prepare_mark(article_id, MarkKind.SENTIMENT, 0, 5, "positive")
    moved = mark.with_changes(start=len(text) - 2, end=len(text) + 3, text="xxxxx")
    with pytest.raises(ValidationError, match=rf"offsets outside the text \(length {len(text)}\)"):
        session.add_mark(moved)
    wrong = mark.with_changes(text="nope!")
    with pytest.raises(ValidationError, match="does not match the article"):
        session.add_mark(wrong)


def test_article_span_counts_code_points(tmp_path):
    """SQLite's substr counts what Python's slices count, past the BMP too; short at the end."""
    from annotator.session import Session

    source = tmp_path / "a.txt"
    text = "Emoji 😀 then Wang said 𝔘nicode and café.\nSecond line."
    source.write_text(text, encoding="utf-8")
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_paths([source])
    article_id = session.article_summaries()[0].id
    stored = session.article(article_id).text
    for start, end in [(0, 5), (6, 7), (6, 12), (20, 30), (len(stored) - 4, len(stored) + 10)]:
        assert session.store.article_span(article_id, start, end) == stored[start:end]
    assert session.store.article_length(article_id) == len(stored)
    session.close()
