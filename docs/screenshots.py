"""Regenerate the README's screenshots from the real app on the bundled corpus.

Run under a virtual X display:  xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.core.model import MarkKind
from annotator.gui.main_window import MainWindow
from annotator.session import Session

DOCS = Path(__file__).parent

# (text, occurrence, kind, label) coded in the first bundled article.
CODING = [
    ("China", 0, MarkKind.ACTOR, "Country"),
    ("Pakistan", 1, MarkKind.ACTOR, "Country"),
    ("Gen. Zubair Mahmood Hayat", 0, MarkKind.ACTOR, "Military/Security"),
    ("Vice President Wang Qishan", 0, MarkKind.ACTOR, "Person"),
    ("India", 0, MarkKind.ACTOR, "Country"),
    ("India has conveyed its protest to China as the CPEC traversed through the "
     "Pakistan-occupied Kashmir", 0, MarkKind.CLAIM, "Kashmir/sovereignty"),
    ("Wang", 1, MarkKind.ACTOR, "Person"),
    ("Pakistan is the only all-weather strategic cooperative partner of China", 0,
     MarkKind.CLAIM, "Bilateral friendship"),
    ("all-weather strategic cooperative partner", 0, MarkKind.SENTIMENT, "positive"),
    ("Xinhua", 0, MarkKind.ACTOR, "Media"),
]


def main() -> None:
    """Code part of the first article and save a screenshot of the main window."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        session = Session.open(Path(tmp) / "demo.db", "analyst")
        session.import_bundled_corpus()
        window = MainWindow(session)
        window.resize(1500, 920)
        window.show()
        window.ask_actor_action.setChecked(False)  # code quickly: alias matches, no picker
        text = session.article(window.current_article_id).text
        for needle, occurrence, kind, label in CODING:
            start = -1
            for _ in range(occurrence + 1):
                start = text.index(needle, start + 1)
            window.text_view.select_span(start, start + len(needle))
            window.mark_selection(kind, label)
        claim = next(m for m in window.mark_model.marks if m.label == "Bilateral friendship")
        window.session.update_mark(claim.with_changes(stance="support", form="reported speech"))
        panel = window.document_panel
        panel.tone.setCurrentIndex(panel.tone.findText("positive"))
        panel.focus_stance.setCurrentIndex(panel.focus_stance.findText("favourable"))
        panel.topic_boxes["CPEC security"].setChecked(True)
        window.select_mark(claim.id)
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(DOCS / "main-window.png"))
        window.close()
        session.close()
    print(f"wrote {DOCS / 'main-window.png'}")


if __name__ == "__main__":
    main()
