"""The actor registry panel driven as a user would: type, press keys, click, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QDockWidget, QMainWindow

from annotator.core.model import Actor, MarkKind
from annotator.gui.actions import make_action
from annotator.gui.dialogs.actor_dialog import ActorDialog, MergeActorsDialog
from annotator.gui.models.actor_table_model import ActorTableModel
from annotator.gui.models.mark_table_model import MarkTableModel
from annotator.gui.widgets.actor_registry import ActorRegistryWidget
from tests.conftest import add
from tests.gui.conftest import press, select_text


def seed(session) -> dict[str, str]:
    """Code the first article as alice and add an unused actor; return ids by name."""
    a0 = session.article_summaries()[0].id
    text = session.article(a0).text
    qishan = add(session, a0, MarkKind.ACTOR, "Wang Qishan", "Person")
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Gen Hayat, "))
    add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=text.index("Xinhua") - 80)
    add(session, a0, MarkKind.ACTOR, "Xinhua", "Media")
    with session.store.transaction():
        session.store.insert_actor(Actor("spare", "Spare Ministry", "Government"), "alice")
    return {"Wang Qishan": qishan.actor_id, "Wang": wang.actor_id, "mention": wang.id}


def show_active(qtbot, widget) -> None:
    """Show a top-level widget and make it the active window (shortcuts need one)."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)


@pytest.fixture
def seeded(session) -> dict[str, str]:
    """Seed the project (see seed) and return the ids by name."""
    return seed(session)


@pytest.fixture
def registry(qtbot, session, seeded):
    """Return a shown, active registry widget over a seeded project, with its own undo stack."""
    widget = ActorRegistryWidget(session, QUndoStack())
    show_active(qtbot, widget)
    yield widget
    widget.undo_stack.clear()


def shown(widget, column: int = ActorTableModel.NAME) -> list[str]:
    """Return one column of the table as shown (sorted, filtered)."""
    model = widget.table.model()
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def select(widget, name: str) -> None:
    """Select the row of the actor with this name and give the table the focus."""
    row = shown(widget).index(name)
    widget.table.setFocus()
    widget.table.selectRow(row)


def test_actor_table_model_passes_model_tester(qtmodeltester, session, seeded):
    """The model satisfies Qt's model contract, unfiltered and filtered."""
    model = ActorTableModel(session)
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    model.set_search_text("wang")
    qtmodeltester.check(model)
    assert [model.data(model.index(r, ActorTableModel.NAME)) for r in range(2)] == [
        "Wang",
        "Wang Qishan",
    ]


def test_table_shows_every_actor_with_type_country_uses_and_aliases(registry):
    """Rows are sorted by name and show the registry's columns."""
    assert shown(registry) == ["Spare Ministry", "Wang", "Wang Qishan", "Xinhua"]
    row = shown(registry).index("Wang")
    cells = [registry.model.data(registry.model.index(row, c)) for c in range(5)]
    assert cells == ["Wang", "Person", "", "2", "Wang"]


def test_search_filters_as_you_type_and_enter_moves_to_table(registry, qtbot):
    """Each key narrows the rows; Enter puts the focus on the table with a row selected."""
    registry.search.setFocus()
    qtbot.keyClicks(registry.search, "wang q")
    qtbot.waitUntil(lambda: shown(registry) == ["Wang Qishan"], timeout=2000)
    qtbot.keyClick(registry.search, Qt.Key.Key_Backspace)
    qtbot.keyClick(registry.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: shown(registry) == ["Wang", "Wang Qishan"], timeout=2000)
    qtbot.keyClick(registry.search, Qt.Key.Key_Return)
    assert registry.table.hasFocus()
    assert registry.selected_actor()[0].name == "Wang"


def test_uses_column_sorts_by_number(registry, qtbot):
    """Clicking the Uses header sorts by use count, not by text."""
    header = registry.table.horizontalHeader()
    x = header.sectionViewportPosition(ActorTableModel.USES) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(registry, ActorTableModel.USES) == ["0", "1", "1", "2"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(registry, ActorTableModel.USES) == ["2", "1", "1", "0"]


def test_f2_renames_through_the_dialog_and_undo_restores(registry, session, qtbot, seeded):
    """F2 opens the dialog; the edits are saved on OK and shown; undo brings the old values."""
    select(registry, "Wang")
    qtbot.keyClick(registry.table, Qt.Key.Key_F2)
    dialog = registry.dialog
    assert isinstance(dialog, ActorDialog)
    dialog.name.selectAll()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Delete)
    assert not dialog.ok_button().isEnabled()  # an empty name cannot be saved
    qtbot.keyClicks(dialog.name, "Wang Yi")
    dialog.type.setCurrentText("Government")
    qtbot.keyClicks(dialog.country, "China")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)

    wang_id = seeded["Wang"]
    # "Wang" stays a mention's text (implicit): only the name was typed.
    renamed = Actor(wang_id, "Wang Yi", "Government", "China", ("Wang",), ("Wang",))
    assert session.actor(wang_id) == renamed
    assert registry.selected_actor()[0].name == "Wang Yi"
    assert shown(registry) == ["Spare Ministry", "Wang Qishan", "Wang Yi", "Xinhua"]
    assert registry.undo_stack.undoText() == "Rename actor “Wang” to “Wang Yi”"
    registry.undo_stack.undo()
    assert session.actor(wang_id) == Actor(wang_id, "Wang", "Person", None, ("Wang",), ("Wang",))
    assert shown(registry) == ["Spare Ministry", "Wang", "Wang Qishan", "Xinhua"]


def test_rename_cancelled_or_unchanged_leaves_no_undo_step(registry, qtbot):
    """Cancel, or OK without a change, saves nothing."""
    select(registry, "Xinhua")
    registry.rename_button.click()
    registry.dialog.reject()
    registry.rename_button.click()
    qtbot.mouseClick(registry.dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert registry.undo_stack.count() == 0


def test_the_dialog_confirms_one_word_aliases_made_from_mentions(registry, session, qtbot, seeded):
    """An actor's one-word implicit aliases (suggested only after its name) are named under the
    aliases; OK alone keeps them so, ticking the box confirms them; undo takes that back."""
    qishan = seeded["Wang Qishan"]
    session.merge_actors(qishan, seeded["Wang"])  # "Wang", a mention's text, joins his aliases
    select(registry, "Xinhua")
    registry.rename_button.click()
    assert registry.dialog.confirm.isHidden()  # nothing waits for its name
    registry.dialog.reject()
    select(registry, "Wang Qishan")
    registry.rename_button.click()
    dialog = registry.dialog
    assert not dialog.confirm.isHidden()
    assert dialog.confirm.text() == "Suggest “Wang” everywhere, not only after the name"
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert registry.undo_stack.count() == 0
    registry.rename_button.click()
    registry.dialog.confirm.setChecked(True)
    qtbot.mouseClick(registry.dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert session.actor(qishan).aliases_after_name() == ()
    assert session.actor(qishan).implicit_aliases == ("Wang Qishan",)
    registry.undo_stack.undo()
    assert session.actor(qishan).aliases_after_name() == ("Wang",)


def test_merge_moves_the_selected_actor_into_the_chosen_one(registry, session, qtbot, seeded):
    """Merge into… proposes 'Wang Qishan' for 'Wang'; both mentions move; undo separates."""
    select(registry, "Wang")
    qtbot.mouseClick(registry.merge_button, Qt.MouseButton.LeftButton)
    dialog = registry.dialog
    assert isinstance(dialog, MergeActorsDialog)
    assert dialog.keep_id() == seeded["Wang Qishan"]
    assert dialog.target.count() == 3  # every other actor, whatever the search shows
    merge = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert merge.text() == "&Merge"
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)

    qishan = seeded["Wang Qishan"]
    assert session.actor_usage(qishan) == 3
    assert shown(registry) == ["Spare Ministry", "Wang Qishan", "Xinhua"]
    assert registry.selected_actor() == (session.actor(qishan), 3)
    assert session.actor(qishan).aliases == ("Wang", "Wang Qishan")
    assert registry.message.text() == "Merged “Wang” into “Wang Qishan”."

    registry.undo_stack.undo()
    assert session.actor_usage(seeded["Wang"]) == 2
    assert shown(registry, ActorTableModel.USES) == ["0", "2", "1", "1"]
    registry.undo_stack.redo()
    assert shown(registry) == ["Spare Ministry", "Wang Qishan", "Xinhua"]


def test_delete_key_deletes_only_an_unused_actor(registry, session, qtbot):
    """Delete is offered for an unused actor only; the key deletes it and undo restores it."""
    select(registry, "Wang")
    assert not registry.delete_button.isEnabled()
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)
    assert "Wang" in shown(registry)
    assert registry.message.text().startswith("“Wang” is used by 2 mark(s) and cannot be deleted")

    select(registry, "Spare Ministry")
    assert registry.delete_button.isEnabled()
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)
    assert shown(registry) == ["Wang", "Wang Qishan", "Xinhua"]
    assert "spare" not in {a.id for a in session.actors()}
    registry.undo_stack.undo()
    assert session.actor("spare").name == "Spare Ministry"
    assert shown(registry)[0] == "Spare Ministry"


def test_delete_key_wins_over_a_window_delete_shortcut(qtbot, session, seeded):
    """Docked in a window whose Delete action deletes marks, Delete in the table is ours."""
    window = QMainWindow()
    fired: list[bool] = []
    make_action(window, "Delete mark", lambda: fired.append(True), shortcut="Del")
    stack = QUndoStack(window)
    registry = ActorRegistryWidget(session, stack)
    window.setCentralWidget(registry)
    show_active(qtbot, window)
    select(registry, "Spare Ministry")
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)
    assert "Spare Ministry" not in shown(registry) and fired == []


def test_split_mention_gives_the_mark_a_new_actor(registry, session, seeded):
    """Splitting a 'Wang' mention makes a second 'Wang' actor and selects it; undo reverts."""
    registry.search.setText("qishan")
    registry.set_current_mark(seeded["mention"])
    assert registry.split_button.isEnabled()
    registry.split_button.click()
    new_id = session.mark(seeded["mention"]).actor_id
    assert new_id != seeded["Wang"]
    assert registry.search.text() == ""  # cleared so that the new actor is visible
    assert registry.selected_actor() == (session.actor(new_id), 1)
    assert [n for n in shown(registry) if n == "Wang"] == ["Wang", "Wang"]
    registry.undo_stack.undo()
    assert session.mark(seeded["mention"]).actor_id == seeded["Wang"]
    assert shown(registry) == ["Spare Ministry", "Wang", "Wang Qishan", "Xinhua"]
    registry.undo_stack.redo()  # the same actor comes back, so later steps still find it
    assert session.mark(seeded["mention"]).actor_id == new_id


def test_split_undo_leaves_the_old_actors_aliases_as_they_were(registry, session, seeded):
    """Pointing the mention back on undo does not leave its text as a new alias."""
    session.update_actor(Actor(seeded["Wang"], "Wang", "Person", None, ("Mr Wang",)))
    assert registry.split_mention(seeded["mention"], name="Wang Yi").name == "Wang Yi"
    assert registry.undo_stack.undoText() == "Split “Wang” off into a new actor"
    registry.undo_stack.undo()
    assert session.actor(seeded["Wang"]).aliases == ("Mr Wang",)
    assert session.mark(seeded["mention"]).actor_id == seeded["Wang"]


def test_split_of_a_claim_is_refused_and_not_offered(registry, session):
    """The split button is off for a claim, and a refused split leaves no undo step."""
    a0 = session.article_summaries()[0].id
    claim = add(session, a0, MarkKind.CLAIM, "Pakistan is the only", "Bilateral friendship")
    registry.set_current_mark(claim.id)
    assert not registry.split_button.isEnabled()
    assert registry.split_mention(claim.id) is None
    assert registry.message.text().startswith("Not saved: only an actor mention")
    assert registry.undo_stack.count() == 0


def test_table_follows_marks_made_elsewhere(registry, session, qtbot):
    """Marks made elsewhere update use counts and add rows; the selection stays."""
    select(registry, "Xinhua")
    a0 = session.article_summaries()[0].id
    claim = add(session, a0, MarkKind.CLAIM, "Pakistan is the only", "Bilateral friendship")
    session.update_mark(claim.with_changes(target_id=registry.selected_actor()[0].id))
    qtbot.waitUntil(lambda: shown(registry, ActorTableModel.USES)[3] == "2")
    add(session, a0, MarkKind.ACTOR, "Imran Khan", "Person")
    qtbot.waitUntil(lambda: "Imran Khan" in shown(registry))
    assert registry.selected_actor()[0].name == "Xinhua"


def test_names_are_plain_text(registry, session, qtbot):
    """Markup in an actor's name is shown literally in the table, messages and dialogs."""
    session.update_actor(Actor("spare", "<b>Spare</b>", "Government"))
    assert "<b>Spare</b>" in shown(registry)
    select(registry, "<b>Spare</b>")
    registry.merge_button.click()
    label = registry.dialog.explanation
    assert label.textFormat() == Qt.TextFormat.PlainText and "“<b>Spare</b>”" in label.text()
    registry.dialog.reject()
    assert registry.message.textFormat() == Qt.TextFormat.PlainText


def test_rename_in_registry_updates_the_main_window(window, qtbot):
    """Docked beside the marks table, a rename shows at once in the mark's details; Ctrl+Z undoes.

    Delete in the registry table deletes the actor there, not the window's selected mark.
    """
    select_text(window, "Wang Qishan")
    press(qtbot, window, Qt.Key.Key_1)
    [mark] = window.mark_model.marks
    registry = ActorRegistryWidget(window.session, window.undo_stack)
    dock = QDockWidget("Actors", window)
    dock.setWidget(registry)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    details = window.mark_model.index(0, MarkTableModel.DETAILS)
    assert window.mark_model.data(details) == "→ Wang Qishan"

    select(registry, "Wang Qishan")
    qtbot.keyClick(registry.table, Qt.Key.Key_F2)
    registry.dialog.name.setText("Vice President Wang")
    qtbot.mouseClick(registry.dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert window.mark_model.data(details) == "→ Vice President Wang"
    assert window.mark_details.editors["actor_id"].currentText().startswith("Vice President Wang")

    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.mark_model.data(details) == "→ Wang Qishan"

    with window.session.store.transaction():
        window.session.store.insert_actor(Actor("spare", "Spare", "Government"), "alice")
    window.session.actors_changed.emit()
    window.select_mark(mark.id)
    select(registry, "Spare")
    qtbot.keyClick(registry.table, Qt.Key.Key_Delete)
    assert [a.name for a in window.session.actors()] == ["Wang Qishan"]
    assert window.mark_model.marks == [mark]


def test_use_counts_are_read_for_the_rows_shown(qtbot, session):
    """With hundreds of actors, showing the table counts the uses of the rows in view only."""
    with session.store.transaction():
        for i in range(300):
            session.store.insert_actor(Actor(f"a{i:03}", f"Actor {i:03}", "Person"), "alice")
    statements: list[str] = []
    session.store.db.conn.set_trace_callback(statements.append)
    widget = ActorRegistryWidget(session, QUndoStack())
    widget.resize(520, 400)  # wide enough to show the uses column
    show_active(qtbot, widget)
    widget.table.viewport().repaint()
    session.store.db.conn.set_trace_callback(None)
    counts = [s for s in statements if "count(*) FROM marks" in s]
    assert 1 <= len(counts) <= 2  # one window of rows (two if the view asked above it)
    assert all("json_each" in s for s in counts)  # by id, never the whole registry
    assert shown(widget, ActorTableModel.USES)[:3] == ["0", "0", "0"]


def _signals(model) -> list[str]:
    """Record which structural signals a Qt model emits."""
    seen: list[str] = []
    for name in ("modelReset", "rowsInserted", "rowsRemoved", "rowsMoved", "layoutChanged"):
        getattr(model, name).connect(lambda *_args, n=name: seen.append(n))
    return seen


def test_a_new_actor_is_one_inserted_row_everywhere_and_no_registry_read(window, qtbot):
    """A mention of a new actor inserts one row in the registry, the filter's actor choices and
    the form's actor lists, in its place by name; no other actor is read again."""
    registry = ActorRegistryWidget(window.session, window.undo_stack)
    qtbot.addWidget(registry)
    filter_bar = window.article_filter
    filter_bar.load_choices()
    window.mark_details.actors_changed()  # the form's lists, read when first needed
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)  # a first actor: every list has read the registry
    select_text(window, "all-weather")
    qtbot.keyClick(window.text_view, Qt.Key.Key_A)  # a sentiment: the form offers targets
    models = {
        "registry": registry.model,
        "filter": filter_bar.actor_choices,
        "form": window.mark_details.editors["target_id"].model(),
    }
    seen = {name: _signals(model) for name, model in models.items()}
    statements: list[str] = []
    window.session.store.db.conn.set_trace_callback(statements.append)
    select_text(window, "Imran Khan")
    press(qtbot, window, Qt.Key.Key_1)
    window.session.store.db.conn.set_trace_callback(None)
    assert seen == {name: ["rowsInserted"] for name in models}
    assert shown(registry) == ["Imran Khan", "Xinhua"]
    assert filter_bar.actor.itemText(1) == "Imran Khan (Person)"
    reads = [s for s in statements if "FROM actors" in s and "WHERE" not in s]
    assert reads == []  # no statement over the whole registry
    assert not any("LEFT JOIN actor_aliases" in s for s in statements)  # nor the matcher's


def test_a_renamed_actor_moves_and_stays_chosen(window, qtbot):
    """Renaming the actor chosen in the article filter moves its row; it stays chosen."""
    filter_bar = window.article_filter
    filter_bar.load_choices()
    for needle, key in (("Xinhua", Qt.Key.Key_6), ("Imran Khan", Qt.Key.Key_1)):
        select_text(window, needle)
        press(qtbot, window, key)
    xinhua = next(a for a in window.session.actors() if a.name == "Xinhua")
    filter_bar.actor.setCurrentIndex(filter_bar.actor_choices.row_of(xinhua.id))
    chosen = filter_bar.article_filter
    seen = _signals(filter_bar.actor_choices)
    window.session.update_actor(Actor(xinhua.id, "Agence Xinhua", xinhua.type, None, ("Xinhua",)))
    assert seen == ["rowsMoved"]
    assert [filter_bar.actor.itemText(i) for i in (1, 2)] == [
        "Agence Xinhua (Media)",
        "Imran Khan (Person)",
    ]
    assert filter_bar.actor.currentData() == xinhua.id
    assert filter_bar.article_filter == chosen
