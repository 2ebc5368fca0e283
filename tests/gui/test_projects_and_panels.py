"""File › New/Open/Open recent project, File › Export's choices, folder import, and the panels
that step aside for the Review and Agreement views — driven through the window's actions,
flows and public views."""

from __future__ import annotations

import json

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.model import GOLD_ANNOTATOR, MarkKind
from annotator.core.text import elide
from annotator.gui.flows.export_flow import export_to
from annotator.gui.flows.import_flow import import_files
from annotator.gui.flows.project_flow import open_project, recent_projects_menu
from annotator.gui.main_window import MainWindow
from annotator.gui.window_state import recent_projects
from annotator.session import Session
from tests.gui.conftest import finished, press, select_text


@pytest.fixture
def first(session, qtbot):
    """A window whose project the test replaces (the flow deletes it, so qtbot must not own
    it); every window left at the end is closed with its project."""
    win = MainWindow(session)
    win.resize(1440, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget is not win:
            widget.session.close()
            widget.close()
            widget.deleteLater()
    if shiboken6.isValid(win):
        win.close()
        win.deleteLater()


def test_new_project_opens_in_the_windows_place(first, qtbot, tmp_path):
    """A new project: an empty window titled with its file, guidelines bundled, old one closed."""
    old_session = first.session
    new = open_project(first, tmp_path / "study.db", new=True)
    assert new is not first and not first.isVisible() and old_session.is_closed
    assert new.session.path == tmp_path / "study.db"
    assert new.windowTitle() == "study.db — annotator"
    assert new.article_model.rowCount() == 0
    assert new.session.guidelines().startswith("# Coding guidelines: political claims")
    assert new.session.annotator == old_session.annotator
    assert (
        new.statusBar().currentMessage() == "Created study.db: import articles with File › Import."
    )
    assert recent_projects()[0] == (tmp_path / "study.db").resolve()


def test_new_project_refuses_an_existing_file(first, tmp_path):
    """New project never overwrites a file: it says to open it instead."""
    existing = tmp_path / "kept.db"
    existing.write_bytes(b"not empty")
    assert open_project(first, existing, new=True) is None
    box = first.interaction.dialog
    assert box.text() == f"{existing} already exists; open it with File › Open project."
    assert existing.read_bytes() == b"not empty" and not first.session.is_closed
    box.accept()


def test_open_project_and_open_recent(first, qtbot, tmp_path):
    """Open shows the other project's articles and first article; Open recent goes back."""
    first_path = first.session.path
    other = Session.open(tmp_path / "other.db", "alice")
    other.import_bundled_corpus()
    other.close()
    opened = open_project(first, tmp_path / "other.db")
    qtbot.waitExposed(opened)
    assert opened.article_model.rowCount() == 5
    assert opened.windowTitle().endswith("— other.db — annotator")
    menu = recent_projects_menu(opened)
    menu.aboutToShow.emit()
    [entry] = [a for a in menu.actions() if a.isEnabled()]
    assert entry.statusTip() == str(first_path.resolve())
    assert entry.text().startswith("project.db   ")
    entry.trigger()
    assert opened.session.is_closed
    again = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    )
    assert again.session.path == first_path and again.article_model.rowCount() == 5


def test_open_refuses_a_file_that_is_not_a_project(first, tmp_path):
    """A SQLite file of another program is refused with the reason; the window stays open."""
    foreign = tmp_path / "notes.db"
    foreign.write_text("plain text, not SQLite", encoding="utf-8")
    assert open_project(first, foreign) is None
    box = first.interaction.dialog
    assert "not an annotator project database" in box.text()
    assert not first.session.is_closed
    box.accept()


def test_export_dialog_offers_coder_gold_search_and_format_options(window):
    """File › Export: format options follow the format; coders and gold; the list's search."""
    from annotator.gui.dialogs.export_dialog import ExportDialog

    window.article_filter.search.setText("Gwadar")
    window.app_actions["export"].trigger()
    dialog = window.interaction.dialog
    assert isinstance(dialog, ExportDialog)
    assert dialog.search.text() == "Gwadar"
    choices = [dialog.coder_box.itemText(i) for i in range(dialog.coder_box.count())]
    assert choices[0] == "Every coder" and choices[-1] == "Gold (adjudicated)"
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("conll"))
    assert list(dialog.option_fields) == ["conll_layer"]
    dialog.option_fields["conll_layer"].setCurrentText("claim")
    dialog.coder_box.setCurrentIndex(dialog.coder_box.count() - 1)
    assert dialog.annotator() == GOLD_ANNOTATOR
    assert dialog.options() == {"conll_layer": "claim", "articles": "Gwadar"}
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("jsonl"))
    assert dialog.option_fields == {}
    dialog.reject()


def test_export_of_one_coder_and_a_search(window, qtbot, tmp_path):
    """Exporting one coder's coding of the articles a search finds writes just those."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    window.session.set_annotator("bob")
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    out = tmp_path / "bob.jsonl"
    title_word = window.session.article_title(window.current_article_id).split()[0]
    flow = export_to(window, out, "jsonl", "bob", {"articles": title_word})
    assert finished(qtbot, flow) and flow.count == 1
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["annotator"] == "bob"
    assert window.statusBar().currentMessage() == f"Wrote 1 record(s) to {out}."


def test_import_a_folder(window, qtbot, tmp_path):
    """File › Import a folder reads every .txt article in it."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"Article {n} on the corridor.", encoding="utf-8")
    flow = import_files(window, [folder])
    assert finished(qtbot, flow) and flow.report.articles_added == 3
    assert window.article_model.rowCount() == 8
    # A copy of the project as it was came first: `annotator restore` undoes the import.
    [backup] = window.session.backups()
    assert backup.name.endswith("-before-import.db")
    assert Session.open(backup, "x", read_only=True).article_count() == 5


def test_coding_panels_step_aside_for_review_and_agreement(window, qtbot):
    """Review and Agreement get the width: coding's panels hide, and return with Coding."""
    docks = window.docks
    window.app_actions["show_review"].trigger()
    assert not docks.tags.isVisible() and not docks.actors.isVisible()
    assert docks.articles.isVisible()  # the review still picks articles from the list
    window.app_actions["show_agreement"].trigger()
    assert not docks.articles.isVisible() and not docks.tags.isVisible()
    window.app_actions["show_coding"].trigger()
    qtbot.waitUntil(lambda: docks.tags.isVisible() and docks.articles.isVisible())
    assert docks.actors.isVisible() and docks.guidelines.toggleViewAction().isChecked()
    # A panel the user opens in the review stays open there.
    window.app_actions["show_review"].trigger()
    docks.tags.show()
    window.app_actions["show_coding"].trigger()
    window.app_actions["show_review"].trigger()
    assert not docks.tags.isVisible()  # stepped aside again: it serves coding


def test_title_names_the_article_and_the_project(window):
    """The title bar says which article of which project is open."""
    title = elide(window.session.article_title(window.current_article_id), 60)
    assert window.windowTitle() == f"{title} — {window.session.path.name} — annotator"


def test_document_label_keys_toggle_through_the_session(window, qtbot):
    """A tone key sets the tone; the same key again clears it (the Session's rule)."""
    tone = window.session.tagset.tone[0]
    action = next(a for a in window.label_actions if a.text() == f"Tone: {tone.name}")
    action.trigger()
    assert window.session.document_labels(window.current_article_id).tone == tone.name
    action.trigger()
    assert window.session.document_labels(window.current_article_id).tone is None
    assert window.undo_stack.count() == 2


def test_accept_all_suggestions_is_one_step(window, qtbot):
    """Shift+Return accepts every suggestion (prepared by the Session) as one undo step."""
    select_text(window, "Pakistan")
    press(qtbot, window, Qt.Key.Key_7)
    window.coding.runner.finish()
    suggested = len(window.coding.suggestions)
    assert suggested > 0
    before = window.mark_model.rowCount()
    assert window.coding.accept_all_suggestions() == suggested
    assert window.mark_model.rowCount() == before + suggested
    assert all(
        m.kind == MarkKind.ACTOR
        for m in window.session.store.marks_for(window.current_article_id, "alice")
    )
    window.undo_stack.undo()
    assert window.mark_model.rowCount() == before


def test_review_and_back_keeps_the_panels_sizes(window, qtbot):
    """A round trip to Review and back leaves every coding panel the size it had."""
    docks = window.docks
    qtbot.wait(50)
    sizes = {dock.objectName(): dock.size() for dock in (docks.articles, docks.actors, docks.tags)}
    for _ in range(2):
        window.app_actions["show_review"].trigger()
        window.app_actions["show_agreement"].trigger()
        window.app_actions["show_coding"].trigger()
        qtbot.waitUntil(lambda: docks.actors.isVisible() and docks.tags.isVisible())
    qtbot.wait(50)
    assert {d.objectName(): d.size() for d in (docks.articles, docks.actors, docks.tags)} == sizes


def test_open_refuses_an_empty_file(first, tmp_path):
    """An empty file is not silently made a project: New project is the way to start one."""
    empty_file = tmp_path / "empty.db"
    empty_file.write_bytes(b"")
    assert open_project(first, empty_file) is None
    box = first.interaction.dialog
    assert box.text() == (
        f"{empty_file} is empty, not an annotator project; start one with File › New project."
    )
    assert empty_file.read_bytes() == b"" and not first.session.is_closed
    box.accept()


def test_the_actor_picker_stays_on_screen():
    """A picker opened at the right or bottom edge is moved left or up to fit."""
    from PySide6.QtCore import QPoint, QRect, QSize

    from annotator.gui.widgets.actor_picker import on_screen

    free = QRect(0, 0, 1366, 740)
    assert on_screen(QPoint(100, 200), QSize(420, 300), free) == QPoint(100, 200)
    assert on_screen(QPoint(1200, 600), QSize(420, 300), free) == QPoint(946, 440)
    assert on_screen(QPoint(-5, -5), QSize(420, 300), free) == QPoint(0, 0)


def test_export_dialog_remembers_the_last_format_and_coder(window):
    """Accepted once with CoNLL and gold, the dialog opens with them the next time."""
    from annotator.gui.dialogs.export_dialog import GOLD, ExportDialog

    dialog = ExportDialog(["alice", "bob"])
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("conll"))
    dialog.coder_box.setCurrentIndex(dialog.coder_box.findText(GOLD))
    dialog.accept()
    again = ExportDialog(["alice", "bob"])
    assert again.chosen_format().name == "conll" and again.annotator() == "gold"
    assert list(again.option_fields) == ["conll_layer"]


def test_a_read_only_project_says_so_and_refuses_edits(tmp_path, qtbot):
    """Opened read-only, the title says so and a label key's edit is refused, nothing saved."""
    from tests.gui.conftest import show_active

    writer = Session.open(tmp_path / "ro.db", "alice")
    writer.import_bundled_corpus()
    writer.close()
    reader = Session.open(tmp_path / "ro.db", "alice", read_only=True)
    window = MainWindow(reader)
    show_active(qtbot, window)
    assert window.windowTitle().endswith("— ro.db (read-only) — annotator")
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    assert window.mark_model.rowCount() == 0 and window.undo_stack.count() == 0
    assert "is open read-only" in window.statusBar().currentMessage()
    window.close()
    reader.close()
