"""A whole article coded with the keyboard alone, then checked after reopening the project.

Every key goes to the widget that has the keyboard focus, as it would for a user: the caret is
moved with arrows and word jumps, text is selected with Shift+Right, marks are made with label
keys, the actor picker and the claim form are driven with letters, arrows, Tab and Enter, and
focus moves between widgets only by Tab, Shift+Tab, Enter, Esc and shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.core.model import MarkKind
from annotator.gui.main_window import MainWindow
from annotator.session import Session
from tests.gui.conftest import show_active

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
K = Qt.Key

FIRST_TITLE = "China and Pakistan on Tuesday discussed steps"
NOTE = "Wang and Guo quoted via Xinhua"

# What the coder intends, in the order they read: (kind, label, start, end, text, details).
# Details: for a mention the actor's name; for a claim (speaker, target, stance, form);
# for sentiment the intensity.
INTENDED = [
    ("actor", "Country", 111, 116, "China", "China"),
    ("actor", "Country", 121, 129, "Pakistan", "Pakistan"),
    ("actor", "Military/Security", 370, 395, "Gen. Zubair Mahmood Hayat", "Zubair Mahmood Hayat"),
    ("actor", "Person", 441, 467, "Vice President Wang Qishan", "Vice President Wang Qishan"),
    ("actor", "Country", 642, 647, "India", "India"),
    (
        "claim",
        "Kashmir/sovereignty",
        642,
        741,
        "India has conveyed its protest to China as the CPEC traversed through the "
        "Pakistan-occupied Kashmir",
        ("India", "China", "oppose", "reported speech"),
    ),
    ("actor", "Military/Security", 768, 777, "Gen Hayat", "Zubair Mahmood Hayat"),
    ("actor", "Person", 779, 783, "Wang", "Vice President Wang Qishan"),
    (
        "claim",
        "Bilateral friendship",
        789,
        860,
        "Pakistan is the only all-weather strategic cooperative partner of China",
        ("Vice President Wang Qishan", "Pakistan", "support", "reported speech"),
    ),
    ("sentiment", "positive", 810, 851, "all-weather strategic cooperative partner", 3),
    ("actor", "Media", 1033, 1039, "Xinhua", "Xinhua"),
    ("sentiment", "positive", 1286, 1303, "vigorous momentum", 2),
    ("actor", "Military/Security", 1540, 1549, "Gen Hayat", "Zubair Mahmood Hayat"),
    (
        "claim",
        "CPEC security",
        1555,
        1704,
        "Pakistan firmly supports the joint construction of the BRI and will take strong "
        "measures to guarantee the smooth advancement of the CPEC construction",
        ("Zubair Mahmood Hayat", None, "support", "reported speech"),
    ),
    ("actor", "Person", 1725, 1737, "Guo Shengkun", "Guo Shengkun"),
    ("actor", "Person", 1896, 1899, "Guo", "Guo Shengkun"),
    (
        "claim",
        "Counter-terrorism cooperation",
        1920,
        2093,
        "China stands ready to strengthen anti-terrorism, law enforcement and security "
        "cooperation with Pakistan so as to provide a security guarantee to the construction "
        "of the CPEC",
        ("Guo Shengkun", "Pakistan", "support", "reported speech"),
    ),
    ("sentiment", "negative", 2372, 2397, "threats to their security", 1),
    ("actor", "Armed group", 2411, 2433, "Baloch Liberation Army", "Baloch Liberation Army"),
]

INTENDED_ACTORS = {  # name: (type, aliases)
    "Baloch Liberation Army": ("Armed group", {"Baloch Liberation Army"}),
    "China": ("Country", {"China"}),
    "Guo Shengkun": ("Person", {"Guo Shengkun", "Guo"}),
    "India": ("Country", {"India"}),
    "Pakistan": ("Country", {"Pakistan"}),
    "Vice President Wang Qishan": ("Person", {"Vice President Wang Qishan", "Wang"}),
    "Xinhua": ("Media", {"Xinhua"}),
    "Zubair Mahmood Hayat": (
        "Military/Security",
        {"Gen. Zubair Mahmood Hayat", "Zubair Mahmood Hayat", "Gen Hayat"},
    ),
}


# -- the keyboard ---------------------------------------------------------------------------


def focused() -> QWidget:
    """Return the widget with the keyboard focus (where a user's key press goes)."""
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def key(qtbot, k, modifiers=NONE, times: int = 1) -> None:
    """Press a key (times times) in whatever widget has the focus."""
    for _ in range(times):
        qtbot.keyClick(focused(), k, modifiers)


def type_text(qtbot, text: str) -> None:
    """Type text into the focused widget."""
    qtbot.keyClicks(focused(), text)


def caret(window) -> int:
    """Return the caret's code-point offset in the article text."""
    return window.text_view.positions.from_qt(window.text_view.textCursor().position())


def move_caret(qtbot, window, target: int) -> None:
    """Move the caret to a code-point offset with Ctrl+Left/Right word jumps and arrows."""
    view = window.text_view
    assert view.hasFocus()
    goal = view.positions.to_qt(target)

    def here() -> int:
        return view.textCursor().position()

    if goal < here() // 2:
        key(qtbot, K.Key_Home, CTRL)  # nearer the top than the caret
    while here() > goal:
        key(qtbot, K.Key_Left, CTRL)
    while here() < goal:
        before = here()
        key(qtbot, K.Key_Right, CTRL)
        if here() == before:
            break  # end of the text
    while here() > goal:
        key(qtbot, K.Key_Left)
    while here() < goal:
        key(qtbot, K.Key_Right)
    assert caret(window) == target


def select_by_keys(qtbot, window, start: int, length: int) -> None:
    """Deselect any mark (Esc), move the caret to start and select length characters."""
    key(qtbot, K.Key_Escape)  # else Shift+Right would resize the selected mark
    assert window.selected_mark_id is None
    move_caret(qtbot, window, start)
    key(qtbot, K.Key_Right, SHIFT, times=length)
    assert window.text_view.selected_span() == (start, start + length)


def tab_to(qtbot, widget: QWidget, backwards: bool = False, limit: int = 25) -> int:
    """Press Tab (or Shift+Tab) until widget has the focus; return how many presses it took."""
    for presses in range(1, limit + 1):
        key(qtbot, K.Key_Backtab if backwards else K.Key_Tab, SHIFT if backwards else NONE)
        if focused() is widget:
            return presses
    raise AssertionError(f"{limit} presses of Tab did not reach {widget!r}")


# -- steps of the session -------------------------------------------------------------------


def text_of(window, start: int, end: int) -> str:
    """Return the open article's text between two code-point offsets."""
    return window.session.article(window.current_article_id).text[start:end]


def mention(qtbot, window, start, end, label_key, *, typed=None, moves=(), expect_offer=None):
    """Select a span and press an actor key; in the picker type, move, check, then Enter."""
    select_by_keys(qtbot, window, start, end - start)
    key(qtbot, label_key)
    picker = window.actor_picker
    # The picker is on screen before anyone types into it: let its window events arrive.
    QApplication.processEvents()
    assert picker.isVisible() and focused() is picker.name_edit
    assert picker.name_edit.selectedText() == text_of(window, start, end)
    if typed is not None:
        type_text(qtbot, typed)  # replaces the selected mention text
    for move in moves:
        key(qtbot, move)
    if expect_offer is not None:
        assert picker.matches.currentItem().text() == expect_offer
    key(qtbot, K.Key_Return)
    assert not picker.isVisible() and focused() is window.text_view


def claim(qtbot, window, start, end, label_key, fields):
    """Select a span, press a claim key and fill the form: (keys pressed in each field)."""
    select_by_keys(qtbot, window, start, end - start)
    key(qtbot, label_key)
    editors = window.mark_details.editors
    order = ["speaker_id", "target_id", "label", "stance", "form"]
    assert focused() is editors["speaker_id"]
    for i, field in enumerate(order):
        assert focused() is editors[field]
        for k in fields.get(field, ()):
            if Qt.Key.Key_A <= k <= Qt.Key.Key_Z:
                # A letter searches the choices; letters typed within the keyboard-input
                # interval extend one search, so pause as a person would between fields.
                qtbot.wait(QApplication.keyboardInputInterval() + 20)
            key(qtbot, k)
        if i < len(order) - 1:
            key(qtbot, K.Key_Tab)
    key(qtbot, K.Key_Return)  # back to the article
    assert focused() is window.text_view


def sentiment(qtbot, window, start, end, label_key):
    """Select a span and press a sentiment key."""
    select_by_keys(qtbot, window, start, end - start)
    key(qtbot, label_key)
    assert window.selected_mark().kind == MarkKind.SENTIMENT


def set_intensity(qtbot, window, number_key) -> None:
    """Give the selected sentiment mark another intensity, by keys, and return to the text.

    No key focuses the mark form of a sentiment (only a claim's form takes the focus when the
    claim is made), and Tab from the text stops in the marks table. The form is reached
    backwards from the article search box: Ctrl+F, then Shift+Tab.
    """
    intensity = window.mark_details.editors["intensity"]
    key(qtbot, K.Key_F, CTRL)
    assert focused() is window.article_filter.search
    assert tab_to(qtbot, intensity, backwards=True) == 2  # past the sentiment's target
    key(qtbot, number_key)
    key(qtbot, K.Key_Return)  # back to the article
    assert focused() is window.text_view


def code_first_article(qtbot, window) -> None:
    """Code the first bundled article, in reading order, with keys only."""
    assert window.session.article(window.current_article_id).title.startswith(FIRST_TITLE)
    assert focused() is window.text_view
    key(qtbot, K.Key_Home, CTRL)
    assert caret(window) == 0

    mention(qtbot, window, 111, 116, K.Key_7, expect_offer="+ New actor “China” (Country)")
    mention(qtbot, window, 121, 129, K.Key_7)
    # The coder names the general without his rank: the typed name becomes the actor's.
    mention(
        qtbot,
        window,
        370,
        395,
        K.Key_4,
        typed="Zubair Mahmood Hayat",
        expect_offer="+ New actor “Zubair Mahmood Hayat” (Military/Security)",
    )
    mention(qtbot, window, 441, 467, K.Key_1)
    mention(qtbot, window, 642, 647, K.Key_7)
    # India's claim: speaker India (the mention at its start) is filled in; target by its
    # first letter, C(hina); stance 2 = oppose; form 2 = reported speech.
    claim(
        qtbot,
        window,
        642,
        741,
        K.Key_Y,
        {"target_id": [K.Key_C], "stance": [K.Key_2], "form": [K.Key_2]},
    )
    # "Gen Hayat" is a new form of Zubair Mahmood Hayat: type part of his name, ↑ to him.
    mention(
        qtbot,
        window,
        768,
        777,
        K.Key_4,
        typed="Zubair",
        moves=[K.Key_Up],
        expect_offer="Zubair Mahmood Hayat — Military/Security",
    )
    # "Wang": the picker offers Vice President Wang Qishan first; ↓ shows the alternative
    # (a new actor "Wang"), ↑ goes back to him.
    mention(
        qtbot,
        window,
        779,
        783,
        K.Key_1,
        moves=[K.Key_Down, K.Key_Up],
        expect_offer="Vice President Wang Qishan — Person",
    )
    claim(
        qtbot,
        window,
        789,
        860,
        K.Key_T,
        {"target_id": [K.Key_P], "stance": [K.Key_1], "form": [K.Key_2]},
    )
    # Too short at first: Shift+Right twice moves the selected mark's end by two words.
    sentiment(qtbot, window, 810, 831, K.Key_A)
    key(qtbot, K.Key_Right, SHIFT, times=2)
    assert window.selected_mark().text == "all-weather strategic cooperative partner"
    set_intensity(qtbot, window, K.Key_3)
    mention(qtbot, window, 1033, 1039, K.Key_6)
    # Made as neutral, then relabelled positive with the positive key (no text selected).
    sentiment(qtbot, window, 1286, 1303, K.Key_D)
    key(qtbot, K.Key_A)
    assert window.selected_mark().label == "positive"
    mention(
        qtbot, window, 1540, 1549, K.Key_4, expect_offer="Zubair Mahmood Hayat — Military/Security"
    )
    claim(qtbot, window, 1555, 1704, K.Key_Q, {"stance": [K.Key_1], "form": [K.Key_2]})
    mention(qtbot, window, 1725, 1737, K.Key_1)
    mention(qtbot, window, 1896, 1899, K.Key_1, expect_offer="Guo Shengkun — Person")
    # Made under CPEC security; in the form, C moves the topic on to the next "C…" topic.
    claim(
        qtbot,
        window,
        1920,
        2093,
        K.Key_Q,
        {"target_id": [K.Key_P], "label": [K.Key_C], "stance": [K.Key_1], "form": [K.Key_2]},
    )
    sentiment(qtbot, window, 2372, 2397, K.Key_S)
    set_intensity(qtbot, window, K.Key_1)
    mention(qtbot, window, 2411, 2433, K.Key_5)

    # A slip: "Balochistan" marked as a country, deleted, undone, redone.
    mention(qtbot, window, 2476, 2487, K.Key_7)
    assert window.selected_mark().text == "Balochistan"
    key(qtbot, K.Key_Delete)
    key(qtbot, K.Key_Z, CTRL)
    assert "Balochistan" in {a.name for a in window.session.actors()}
    key(qtbot, K.Key_Z, CTRL | SHIFT)
    assert "Balochistan" not in {a.name for a in window.session.actors()}

    # The document: tone and stance toward the focus by their keys.
    key(qtbot, K.Key_1, CTRL)  # tone: positive
    key(qtbot, K.Key_1, ALT)  # focus stance: favourable
    # Topics and the note have no keys of their own: Shift+Tab walks back into the panel.
    panel = window.document_panel
    tab_to(qtbot, panel.note, backwards=True)
    type_text(qtbot, NOTE)
    key(qtbot, K.Key_Return)  # saves the note
    tab_to(qtbot, panel.topic_boxes["CPEC security"])
    key(qtbot, K.Key_Space)
    tab_to(qtbot, panel.topic_boxes["Counter-terrorism cooperation"])
    key(qtbot, K.Key_Space)
    tab_to(qtbot, window.text_view)  # on round to the article text


def test_code_an_article_by_keyboard_and_reopen(qtbot, session, db_path):
    """Code the first article by keys alone; after reopening, every mark is as intended."""
    window = MainWindow(session)
    show_active(qtbot, window)
    first = window.current_article_id
    code_first_article(qtbot, window)
    assert window.session.document_labels(first).note == NOTE
    key(qtbot, K.Key_Return, CTRL)  # done, and on to the next article
    second = window.current_article_id
    assert second != first
    assert window.article_list.currentIndex().row() == 1
    assert focused() is window.text_view
    window.close()
    window.undo_stack.clear()
    session.close()

    reopened = Session.open(db_path, "alice")
    again = MainWindow(reopened)
    show_active(qtbot, again)
    try:
        assert again.current_article_id == second  # where the coder left off
        key(qtbot, K.Key_Up, CTRL)  # back to the coded article
        assert again.current_article_id == first
        assert again.article_model.data(again.article_model.index(0, 3)).endswith("done")
        assert again.mark_model.rowCount() == len(INTENDED)
        panel = again.document_panel
        shown = (panel.status.currentText(), panel.note.text(), panel.tone.currentText())
        assert shown == ("done", NOTE, "positive")
        actors = {a.id: a for a in reopened.actors()}
        names = {a.name: a for a in actors.values()}
        assert {n: (a.type, set(a.aliases)) for n, a in names.items()} == INTENDED_ACTORS

        def name(actor_id: str | None) -> str | None:
            return actors[actor_id].name if actor_id else None

        marks = sorted(reopened.store.marks_for(first, "alice"), key=lambda m: (m.start, m.kind))
        got = []
        for m in marks:
            if m.kind == MarkKind.ACTOR:
                details: object = name(m.actor_id)
            elif m.kind == MarkKind.CLAIM:
                details = (name(m.speaker_id), name(m.target_id), m.stance, m.form)
            else:
                details = m.intensity
            got.append((m.kind.value, m.label, m.start, m.end, m.text, details))
        expected = sorted(INTENDED, key=lambda i: (i[2], MarkKind(i[0])))
        assert got == expected
        text = reopened.article(first).text
        assert all(text[m.start : m.end] == m.text for m in marks)
        assert {m.annotator for m in marks} == {"alice"}

        labels = reopened.document_labels(first)
        assert (labels.tone, labels.focus_stance) == ("positive", "favourable")
        assert labels.topics == ("CPEC security", "Counter-terrorism cooperation")
        assert (labels.status.value, labels.note) == ("done", NOTE)
    finally:
        again.close()
        reopened.close()
