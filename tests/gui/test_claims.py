"""The claim form, drafts, links to speaker and target, and the filtered marks table."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCharFormat

from annotator.core.model import MarkKind
from tests.gui.conftest import press, select_text

CLAIM = "Pakistan is the only all-weather strategic cooperative partner of China"


def stored(window, kind):
    """Return the coder's stored marks of one kind on the open article."""
    marks = window.session.store.marks_for(window.current_article_id, window.session.annotator)
    return [m for m in marks if m.kind == kind]


def test_claim_form_by_keyboard_alone(window, qtbot):
    """Claim key → speaker prefilled; Tab through target, topic, stance, form; Enter returns."""
    select_text(window, "China")
    press(qtbot, window, Qt.Key.Key_7)
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    select_text(window, CLAIM)
    qtbot.keyClick(window.text_view, Qt.Key.Key_T)
    editors = window.mark_details.editors
    assert editors["speaker_id"].hasFocus()
    assert editors["speaker_id"].currentText() == "Wang (Person)"
    qtbot.keyClick(editors["speaker_id"], Qt.Key.Key_Tab)
    assert editors["target_id"].hasFocus()
    qtbot.keyClick(editors["target_id"], Qt.Key.Key_C)  # first letter: "China (Country)"
    qtbot.keyClick(editors["target_id"], Qt.Key.Key_Tab)
    assert editors["label"].hasFocus()
    qtbot.keyClick(editors["label"], Qt.Key.Key_E)  # "Economic cooperation"
    qtbot.keyClick(editors["label"], Qt.Key.Key_Tab)
    assert editors["stance"].hasFocus()
    qtbot.keyClick(editors["stance"], Qt.Key.Key_1)  # number key: first choice, "support"
    qtbot.keyClick(editors["stance"], Qt.Key.Key_Tab)
    qtbot.keyClick(editors["form"], Qt.Key.Key_2)  # "reported speech"
    qtbot.keyClick(editors["form"], Qt.Key.Key_Return)
    assert window.text_view.hasFocus()
    [claim] = stored(window, MarkKind.CLAIM)
    china = next(a for a in window.session.actors() if a.name == "China")
    wang = next(a for a in window.session.actors() if a.name == "Wang")
    assert (claim.speaker_id, claim.target_id, claim.label, claim.stance, claim.form) == (
        wang.id,
        china.id,
        "Economic cooperation",
        "support",
        "reported speech",
    )
    assert window.undo_stack.count() == 7  # 3 marks and 4 field changes, each undoable


def test_claim_without_speaker_is_a_draft(window, qtbot):
    """A claim with no actor before it is kept as a draft, shown with a dashed underline."""
    select_text(window, "China and Pakistan on Tuesday discussed steps")
    qtbot.keyClick(window.text_view, Qt.Key.Key_Q)
    [claim] = stored(window, MarkKind.CLAIM)
    assert claim.speaker_id is None
    assert "draft" in window.mark_details.summary.text()
    assert "draft" in window.statusBar().currentMessage()
    styles = {r.format.underlineStyle() for r in window.text_view.formats_at(claim.start + 3)}
    assert QTextCharFormat.UnderlineStyle.DashUnderline in styles


def test_selected_claim_links_its_speaker_and_target(window, qtbot):
    """Selecting a claim boxes its speaker and target mentions and draws links to them."""
    select_text(window, "China", occurrence=0)
    press(qtbot, window, Qt.Key.Key_7)
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    select_text(window, CLAIM)
    qtbot.keyClick(window.text_view, Qt.Key.Key_T)
    [claim] = stored(window, MarkKind.CLAIM)
    china = next(a for a in window.session.actors() if a.name == "China")
    window.coding.edit_mark(claim, claim.with_changes(target_id=china.id), "target")
    window.select_mark(claim.id)
    links = [(m.text, role) for m, _claim, role in window.text_view.links]
    assert links == [("Wang", "speaker"), ("China", "target")]
    rects = window.text_view.span_rects(claim.start, claim.end)
    assert rects and all(r.width() > 0 for r in rects)
    window.text_view.grab()  # paints the arrows
    window.select_mark(None)
    assert window.text_view.links == []


def test_marks_table_filters_and_sorts(window, qtbot):
    """The marks table filters by kind, speaker and stance, and sorts by a clicked column."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    select_text(window, CLAIM)
    qtbot.keyClick(window.text_view, Qt.Key.Key_T)
    select_text(window, "China and Pakistan on Tuesday discussed steps")
    qtbot.keyClick(window.text_view, Qt.Key.Key_Q)
    coding, proxy = window.coding, window.mark_table.model()  # the model sorts and filters
    assert proxy.rowCount() == 4
    coding.kind_filter.setCurrentIndex(coding.kind_filter.findData("claim"))
    assert proxy.rowCount() == 2
    coding.speaker_filter.setCurrentIndex(coding.speaker_filter.findText("(no speaker: drafts)"))
    assert proxy.rowCount() == 1
    assert proxy.index(0, 2).data().startswith("China and Pakistan on Tuesday")
    coding.speaker_filter.setCurrentIndex(0)
    coding.kind_filter.setCurrentIndex(0)
    header = window.mark_table.horizontalHeader()
    click_at = QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click_at)
    labels = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert labels in (sorted(labels, key=str.casefold), sorted(labels, key=str.casefold)[::-1])
    assert labels != [m.label for m in window.mark_model.marks]  # no longer in text order
    # Selecting a hidden mark clears the filters so it can be shown.
    coding.kind_filter.setCurrentIndex(coding.kind_filter.findData("sentiment"))
    xinhua = next(m for m in window.mark_model.marks if m.text == "Xinhua")
    window.select_mark(xinhua.id)
    assert coding.kind_filter.currentIndex() == 0
    assert window.mark_table.currentIndex().data() == "actor"


def test_undo_never_deletes_an_actor_that_existed_before(window, qtbot):
    """An unused registry actor chosen as target, then undone, stays in the registry."""
    from annotator.core.model import Actor

    window.session.restore_actor(
        Actor(id="un", name="United Nations", type="International organization")
    )
    select_text(window, "Wang", occurrence=1)
    press(qtbot, window, Qt.Key.Key_1)
    select_text(window, CLAIM)
    qtbot.keyClick(window.text_view, Qt.Key.Key_T)
    [claim] = stored(window, MarkKind.CLAIM)
    window.coding.edit_mark(claim, claim.with_changes(target_id="un"), "target")
    window.undo_stack.undo()
    assert window.session.actor("un").name == "United Nations"
    window.undo_stack.redo()
    assert stored(window, MarkKind.CLAIM)[0].target_id == "un"
    # And a new mention of an existing unused actor, undone, keeps the actor too.
    select_text(window, "Xinhua")
    qtbot.keyClick(window.text_view, Qt.Key.Key_8)
    picker = window.actor_picker
    qtbot.keyClicks(picker.name_edit, "United")
    qtbot.keyClick(picker.name_edit, Qt.Key.Key_Return)
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.session.actor("un").name == "United Nations"


def test_the_field_with_the_keyboard_is_framed(window, qtbot):
    """F2 puts the keyboard in the claim's Speaker field, which a highlight frame surrounds;
    Tab moves the frame to the next field; back in the text, no frame."""
    from PySide6.QtGui import QPalette

    text = window.session.article(window.current_article_id).text
    start = text.index("Pakistan is the only")
    window.text_view.select_span(start, text.index("China.", start) + len("China"))
    qtbot.keyClick(window.text_view, Qt.Key.Key_T)
    window.app_actions["edit_mark"].trigger()
    details = window.mark_details
    speaker = details.editors["speaker_id"]
    qtbot.waitUntil(speaker.hasFocus)
    frame = details.focus_frame
    assert frame.isVisible() and frame.field is speaker
    assert frame.geometry().contains(speaker.geometry())
    image = details.grab().toImage()
    highlight = details.palette().color(QPalette.ColorRole.Highlight)
    middle = frame.geometry().center().y()
    assert image.pixelColor(frame.geometry().left() + 1, middle) == highlight
    qtbot.keyClick(speaker, Qt.Key.Key_Tab)
    assert frame.field is not speaker and frame.field is details.focusWidget()
    qtbot.keyClick(details.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not frame.isVisible())
