"""File › Import and File › Export with other tools' formats, driven through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from annotator.core.model import MarkKind
from annotator.gui.flows.export_flow import export_to
from annotator.gui.flows.import_flow import import_files
from annotator.gui.flows.merge_flow import merge_project
from tests.conftest import FIXTURES
from tests.gui.conftest import finished, press, select_text


def test_import_asks_to_map_unknown_labels_then_stores(window, qtbot):
    """doccano's ORG and MISC are unknown: the mapping dialog asks, proposing what the usual
    NER tags become; PERSON matches Person. The project remembers the choice."""
    path = FIXTURES / "doccano" / "sequence_labeling_export.jsonl"
    before = window.session.article_count()

    seen: list[list[str]] = []

    def answer() -> None:
        # Wait for the mapping dialog (progress dialogs process events before it opens).
        dialog = window.interaction.dialog
        if dialog is None or not dialog.isVisible():
            return
        timer.stop()
        try:
            # The usual NER tags come proposed: ORG as Organization, MISC left out.
            seen.append({label: box.currentData() for label, box in dialog.choices.items()})
        finally:
            dialog.accept()  # never leave a modal dialog open: the test would hang

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    assert finished(qtbot, import_files(window, [path]))
    assert seen == [{"MISC": "skip", "ORG": "actor:Organization"}]
    assert window.session.article_count() == before + 3
    obama = next(s for s in window.session.article_summaries() if s.title == "President Obama")
    [mark] = window.session.store.marks_for(obama.id, window.session.annotator)
    assert (mark.text, mark.kind, mark.label) == ("Obama", MarkKind.ACTOR, "Person")
    eu = next(s for s in window.session.article_summaries() if s.title.startswith("EU rejects"))
    labels = {m.text: m.label for m in window.session.store.marks_for(eu.id, "alice")}
    assert labels["EU"] == "Organization"
    assert window.session.saved_label_map()["MISC"] is None
    notes = window.interaction.dialog  # what the import left out is said, not as a failure
    assert notes.windowTitle() == "Imported, with notes"
    assert "labelled 'MISC' left out (skip)" in notes.text()
    notes.accept()


def test_export_to_a_folder_format(window, qtbot, tmp_path):
    """Exporting brat from the window writes a .txt/.ann pair per coded article."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    out = tmp_path / "brat-out"
    out.mkdir()
    assert finished(qtbot, export_to(window, out, "brat"))
    anns = sorted(p.name for p in out.glob("*.ann"))
    assert len(anns) == 1 and (out / "annotation.conf").exists()
    assert "Media" in (out / anns[0]).read_text(encoding="utf-8")
    assert window.statusBar().currentMessage() == f"Wrote 1 record(s) to {out}."


def test_merge_project_from_the_window(window, qtbot, tmp_path):
    """File › Merge brings in a teammate's marks and reports what it added."""
    from annotator.session import Session
    from tests.conftest import add

    theirs = Session.open(tmp_path / "bob.db", "bob")
    theirs.import_bundled_corpus()
    add(theirs, theirs.article_summaries()[0].id, MarkKind.ACTOR, "Xinhua", "Media")
    theirs.close()
    merge = merge_project(window, tmp_path / "bob.db")
    assert finished(qtbot, merge)
    assert merge.report == (
        "Added: 1 coders, 1 actors, 1 marks, 1 document labels. Updated: nothing. "
        "Deleted: nothing."
    )
    marks = window.session.store.marks_for(window.current_article_id, "bob")
    assert [m.text for m in marks] == ["Xinhua"]


def held_back(session):
    """Hold the project's write lock from the window's own connection, so that a workflow's
    worker waits (its session records the coder when it opens) until the test lets it go."""
    session.store.db.execute("BEGIN IMMEDIATE")
    return lambda: session.store.db.execute("COMMIT")


def cancel_when_shown(qtbot, workflow) -> None:
    """Wait for the workflow's window-modal progress dialog, then press its Cancel button."""
    from PySide6.QtWidgets import QApplication, QPushButton

    dialog = workflow.task.dialog
    qtbot.waitUntil(dialog.isVisible)  # the event loop runs while the work waits
    assert QApplication.activeModalWidget() is dialog  # the window takes no edit meanwhile
    assert workflow.task.is_running() and not workflow.done
    dialog.findChild(QPushButton).click()


def test_import_runs_in_the_background_and_cancel_stores_nothing(window, qtbot, tmp_path):
    """Cancel in the progress dialog stops the import; nothing is stored, and the status says so."""
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(f'{{"text": "Article {i} on the corridor."}}\n' for i in range(50)),
        encoding="utf-8",
    )
    release = held_back(window.session)
    workflow = import_files(window, [path])
    cancel_when_shown(qtbot, workflow)
    release()
    assert not finished(qtbot, workflow)
    assert window.session.article_count() == 5
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was stored."


def test_import_in_the_background_updates_the_window(window, qtbot, tmp_path):
    """The window's list shows what the worker's own connection stored, once it is done."""
    path = tmp_path / "two.jsonl"
    path.write_text('{"text": "One more article."}\n{"text": "And another one."}\n', "utf-8")
    workflow = import_files(window, [path])
    assert finished(qtbot, workflow)
    assert window.article_model.rowCount() == 7
    assert workflow.report.articles_added == 2
    assert window.statusBar().currentMessage() == "Imported: 2 article(s) added."


def test_export_cancel_leaves_the_old_file(window, qtbot, tmp_path):
    """A cancelled export does not replace the file, and says so."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    release = held_back(window.session)
    workflow = export_to(window, out)
    cancel_when_shown(qtbot, workflow)
    release()
    assert not finished(qtbot, workflow)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert window.statusBar().currentMessage() == f"Export cancelled; {out} was not written."
    assert finished(qtbot, export_to(window, out))
    assert out.read_text(encoding="utf-8").count("\n") == 1


def test_merge_cancel_merges_nothing(window, qtbot, tmp_path):
    """Cancel interrupts the merge's SQL; the project is as it was."""
    from annotator.session import Session
    from tests.conftest import add

    theirs = Session.open(tmp_path / "bob.db", "bob")
    theirs.import_bundled_corpus()
    add(theirs, theirs.article_summaries()[0].id, MarkKind.ACTOR, "Xinhua", "Media")
    theirs.close()
    release = held_back(window.session)
    workflow = merge_project(window, tmp_path / "bob.db")
    cancel_when_shown(qtbot, workflow)
    release()
    assert not finished(qtbot, workflow)
    assert window.statusBar().currentMessage() == "Merge cancelled; nothing was merged."
    assert window.session.store.marks_for(window.current_article_id, "bob") == []


def test_a_failed_export_is_reported(window, qtbot, tmp_path):
    """An export the format refuses shows why, naming the path."""
    assert not finished(qtbot, export_to(window, tmp_path, "jsonl"))
    box = window.interaction.dialog
    assert (box.windowTitle(), box.text()) == (
        "Export failed",
        f"{tmp_path}: {tmp_path} is a folder; jsonl writes one file: give a file name",
    )
    box.accept()


def test_import_asks_for_the_formats_read_options(window, qtbot, tmp_path):
    """A doccano file: the window asks how its offsets count (UTF-16 units, doccano's page, by
    default); the choice reaches the import."""
    import json

    from annotator.gui.flows.import_flow import ask_options_and_import

    text = "🇵🇰 Pakistan and China."
    path = tmp_path / "spans.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[3, 11, "Country"]]}) + "\n", "utf-8")
    ask_options_and_import(window, [path], None)
    dialog = window.interaction.dialog
    assert dialog is not None and dialog.windowTitle() == "Import options"
    offsets = dialog.fields["offsets"]
    assert offsets.currentText() == "utf16"
    offsets.setCurrentText("codepoints")  # this file was written by a script in str indexes
    dialog.accept()
    qtbot.waitUntil(lambda: any(s.title == text for s in window.session.article_summaries()))
    article = next(s for s in window.session.article_summaries() if s.title == text)
    coder = window.session.annotator
    qtbot.waitUntil(lambda: bool(window.session.store.marks_for(article.id, coder)))
    [mark] = window.session.store.marks_for(article.id, coder)
    assert mark.text == "Pakistan"


def test_export_says_what_the_writer_dropped(window, qtbot, tmp_path):
    """A CoNLL export of overlapping marks: the window says which one it left out."""
    from annotator.core.model import MarkKind

    article_id = window.current_article_id
    text = window.session.article(article_id).text
    start = text.index("Xinhua")
    for end in (start + 6, start + 3):
        mark, actors = window.session.prepare_mark(article_id, MarkKind.ACTOR, start, end, "Media")
        window.session.add_mark(mark, actors)
    export = export_to(window, tmp_path / "out.conll", "conll")
    assert finished(qtbot, export)
    assert [n.kind for n in export.notes] == ["dropped"]
    box = window.interaction.dialog
    assert box.windowTitle() == "Written, with changes to fit the format"
    assert "1 note(s) from the writer: 1 dropped" in box.text()
    box.accept()


def test_a_folder_import_asks_for_its_formats_read_options(window, qtbot, tmp_path):
    """An XMI folder: its read options (type system, layers) are asked before the import."""
    from annotator.gui.flows.import_flow import ask_options_and_import

    folder = tmp_path / "xmi"
    folder.mkdir()
    (folder / "doc.xmi").write_text("<xmi/>", encoding="utf-8")
    ask_options_and_import(window, [folder], None)
    dialog = window.interaction.dialog
    assert dialog.windowTitle() == "Import options"
    assert set(dialog.fields) == {"typesystem", "layers"}
    dialog.reject()  # cancelled: nothing imported
