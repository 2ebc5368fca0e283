"""File › Import and File › Export with other tools' formats, driven through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from annotator.core.model import MarkKind
from tests.conftest import FIXTURES
from tests.gui.conftest import press, select_text


def test_import_asks_to_map_unknown_labels_then_stores(window, qtbot):
    """doccano's ORG and MISC are unknown: the mapping dialog asks; PERSON matches Person."""
    path = FIXTURES / "doccano" / "sequence_labeling_export.jsonl"
    before = window.session.article_count()

    seen: list[list[str]] = []

    def answer() -> None:
        # Wait for the mapping dialog (progress dialogs process events before it opens).
        dialog = getattr(window, "label_map_dialog", None)
        if dialog is None or not dialog.isVisible():
            return
        timer.stop()
        try:
            seen.append(sorted(dialog.choices))
            org = dialog.choices["ORG"]
            org.setCurrentIndex(org.findData("actor:Organization"))
        finally:
            dialog.accept()  # never leave a modal dialog open: the test would hang

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    assert window.import_files([path]) is True
    assert seen == [["MISC", "ORG"]]
    assert window.session.article_count() == before + 3
    obama = next(s for s in window.session.article_summaries() if s.title == "President Obama")
    [mark] = window.session.store.marks_for(obama.id, window.session.annotator)
    assert (mark.text, mark.kind, mark.label) == ("Obama", MarkKind.ACTOR, "Person")
    eu = next(s for s in window.session.article_summaries() if s.title.startswith("EU rejects"))
    labels = {m.text: m.label for m in window.session.store.marks_for(eu.id, "alice")}
    assert labels["EU"] == "Organization"


def test_export_to_a_folder_format(window, qtbot, tmp_path):
    """Exporting brat from the window writes a .txt/.ann pair per coded article."""
    select_text(window, "Xinhua")
    press(qtbot, window, Qt.Key.Key_6)
    out = tmp_path / "brat-out"
    out.mkdir()
    assert window.export_to(out, "brat") is True
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
    assert window.merge_project(tmp_path / "bob.db") is True
    assert window.last_merge_report.startswith("Added: 1 coders, 1 actors, 1 marks")
    marks = window.session.store.marks_for(window.current_article_id, "bob")
    assert [m.text for m in marks] == ["Xinhua"]
