"""Suggested mentions in the window: shown faintly, accepted and rejected by keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from annotator.core.model import MarkKind
from tests.gui.conftest import press, select_text


def actor_marks(window):
    """Return the coder's stored actor mentions on the open article."""
    marks = window.session.store.marks_for(window.current_article_id, window.session.annotator)
    return [m for m in marks if m.kind == MarkKind.ACTOR]


def caret_to(window, offset):
    """Put the text caret at a code-point offset (as arrow keys would)."""
    cursor = window.text_view.textCursor()
    cursor.setPosition(window.text_view.positions.to_qt(offset))
    window.text_view.setTextCursor(cursor)
    window.text_view.setFocus()


def test_suggestions_are_shown_accepted_rejected_and_undone(window, qtbot):
    """Return accepts the one at the caret, Backspace rejects, Shift+Return accepts the rest."""
    text = window.session.article(window.current_article_id).text
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    [wang] = actor_marks(window)
    starts = [s.start for s in window.coding.suggestions]
    assert starts and all(text[s : s + 4] == "Wang" for s in starts)
    # Shown as a faint dotted underline (formats_at formats the block if it is not shown yet).
    styles = {r.format.underlineStyle() for r in window.text_view.formats_at(starts[-1])}
    assert QTextCharFormat.UnderlineStyle.DotLine in styles

    caret_to(window, starts[0] + 2)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Return)
    assert [(m.start, m.actor_id) for m in actor_marks(window)][0] == (starts[0], wang.actor_id)
    window.select_mark(None)
    caret_to(window, starts[1] + 1)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Backspace)
    assert starts[1] not in [s.start for s in window.coding.suggestions]
    qtbot.keyClick(window.text_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    accepted = {m.start for m in actor_marks(window)}
    assert accepted == set(starts) - {starts[1]} | {wang.start}
    assert window.coding.suggestions == []
    window.undo_stack.undo()  # the whole "accept all" at once
    assert {m.start for m in actor_marks(window)} == {starts[0], wang.start}
    window.undo_stack.undo()  # the rejection
    assert starts[1] in [s.start for s in window.coding.suggestions]


def test_hover_on_a_suggestion_says_what_it_is(window, qtbot):
    """Hovering a suggestion names the actor it would refer to and the keys."""
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    start = window.coding.suggestions[0].start
    view = window.text_view
    cursor = view.textCursor()
    cursor.setPosition(view.positions.to_qt(start + 1))
    assert view.tooltip_at(view.cursorRect(cursor).center()) == (
        "Suggested: “Wang” → Wang (Person) · Return accepts, Backspace rejects"
    )


def dotted_spans(window):
    """Return the code-point spans the open article shows with a suggestion's dotted underline."""
    view = window.text_view
    spans = []
    block = view.document().begin()
    while block.isValid():
        view.highlighter.ensure_formatted(block)
        for piece in block.layout().formats():
            if piece.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine:
                start = block.position() + piece.start
                spans.append(
                    (view.positions.from_qt(start), view.positions.from_qt(start + piece.length))
                )
        block = block.next()
    return sorted(spans)


def test_switching_articles_shows_only_the_new_articles_suggestions(window, qtbot):
    """No underline of the previous article's suggestions is left at the same offsets."""
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    window.coding.finish_background()
    first = window.current_article_id
    assert len(dotted_spans(window)) == 4
    seen = {}
    for summary in window.session.article_summaries():
        if summary.id == first:
            continue
        window.open_article(summary.id)
        text = window.coding.text
        # At once (the scan may not be complete): only this article's suggestions, if any.
        assert set(dotted_spans(window)) <= {(s.start, s.end) for s in window.coding.suggestions}
        window.coding.finish_background()
        shown = dotted_spans(window)
        assert shown == sorted((s.start, s.end) for s in window.coding.suggestions)
        assert {text[s:e] for s, e in shown} <= {"Wang"}
        seen[summary.id] = len(shown)
    assert sorted(seen.values()) == [0, 0, 2, 2]


def test_a_one_word_alias_from_a_mention_waits_for_the_full_name(window, qtbot):
    """Marking "Wang" as Wang Qishan suggests the "Wang"s after his name in that article, none
    in an article about Wang Yi (Shift+Return accepts nothing there) until the coder confirms
    the alias; the underlines follow at once (issue 11, point 2)."""
    text = window.session.article(window.current_article_id).text
    select_text(window, "Wang Qishan")
    press(qtbot, window, Qt.Key.Key_1)  # a new actor, "Wang Qishan"
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)  # the picker offers him first
    qishan, wang = actor_marks(window)
    assert wang.actor_id == qishan.actor_id
    window.coding.finish_background()
    later = [i for i in range(wang.end, len(text)) if text.startswith("Wang", i)]
    assert [(s.start, s.actor_id) for s in window.coding.suggestions] == [
        (start, qishan.actor_id) for start in later
    ]
    assert dotted_spans(window) == [(start, start + 4) for start in later]

    about_wang_yi = next(
        a.id
        for a in window.session.article_summaries()
        if "Wang also" in (t := window.session.article(a.id).text) and "Qishan" not in t
    )
    window.open_article(about_wang_yi)
    window.coding.finish_background()
    assert window.coding.suggestions == [] and dotted_spans(window) == []
    qtbot.keyClick(window.text_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert actor_marks(window) == []

    window.session.confirm_alias(qishan.actor_id, "Wang")
    window.coding.finish_background()
    other = window.coding.text
    everywhere = [i for i in range(len(other)) if other.startswith("Wang", i)]
    assert [s.start for s in window.coding.suggestions] == everywhere
    assert dotted_spans(window) == [(start, start + 4) for start in everywhere]
