"""Run by test_laptop_screen.py in a process of its own whose one screen is 1280×720 (Qt's
offscreen platform, configured by a file): the window's first start on a laptop, measured.

Prints one JSON object: the screen, the window's frame and minimum, and which of the coding
controls lie wholly on the screen, with and without a selected claim, in every view.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.main_window import MainWindow
from annotator.session import Session


def on_screen(widget: QWidget, screen: QRect) -> bool:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return widget.isVisible() and screen.contains(QRect(top_left, widget.size()))


def main() -> None:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        app.setOrganizationName("annotator-laptop-probe")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
        session = Session.open(Path(folder) / "p.db", "alice")
        session.import_bundled_corpus()
        window = MainWindow(session)
        window.show()
        for _ in range(20):
            app.processEvents()
        screen = window.screen().availableGeometry()

        def measure() -> dict[str, object]:
            for _ in range(5):
                app.processEvents()
            panel = window.document_panel
            fields = (panel.status, panel.tone, panel.focus_stance, panel.note)
            hint = window.minimumSizeHint()
            return {
                "minimum": [hint.width(), hint.height()],
                "tag_keys": all(on_screen(b, screen) for b in window.tag_panel.buttons.values()),
                "document": all(on_screen(f, screen) for f in fields),
                "topics": all(on_screen(b, screen) for b in panel.topic_boxes.values()),
                "mark_form": on_screen(window.mark_details, screen),
            }

        result: dict[str, object] = {
            "screen": [screen.width(), screen.height()],
            "maximised": bool(window.windowState() & Qt.WindowState.WindowMaximized),
            "frame": [window.frameGeometry().width(), window.frameGeometry().height()],
            "start": measure(),
        }
        text = session.article(window.current_article_id).text
        start = text.index("Pakistan is the only")
        window.text_view.select_span(start, text.index("China.", start) + len("China"))
        window.mark_selection(
            *next(
                (kind, label.name)
                for kind, label in session.tagset.all_span_labels()
                if label.name == "Bilateral friendship"
            )
        )
        result["claim_selected"] = measure()
        for view in ("show_review", "show_agreement"):
            window.app_actions[view].trigger()
            result[view] = measure()["minimum"]
        window.close()
        session.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
