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


def measure_network(app: QApplication, window: MainWindow, screen: QRect, measure) -> dict:
    """The Network view with time windows on: its minimum, and whether every control, the
    window slider and the legend lie wholly on the screen."""
    import time

    window.app_actions["show_network"].trigger()
    view = window.views.network_view
    controls = view.controls
    controls.window_combo.setCurrentIndex(controls.window_combo.findData("years"))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (view.is_computing() or view.result is None):
        app.processEvents()
        time.sleep(0.02)
    widgets = [
        controls.type_combo,
        controls.aggregation_combo,
        controls.normalization_combo,
        controls.duplicates_combo,
        controls.isolates_box,
        controls.coder_combo,
        controls.actor_types,
        controls.topics,
        controls.date_from,
        controls.date_to,
        controls.window_combo,
        controls.window_size,
        view.save_button,
        view.window_slider,
        view.save_windows_button,
        view.scope,
        view.legend,
    ]
    return {
        "minimum": measure()["minimum"],
        "frame": [window.frameGeometry().width(), window.frameGeometry().height()],
        "off_screen": [type(w).__name__ for w in widgets if not on_screen(w, screen)],
    }


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
        result["network"] = measure_network(app, window, screen, measure)
        window.close()
        session.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
