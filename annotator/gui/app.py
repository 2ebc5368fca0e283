"""Start the Qt application on a session."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from annotator.gui.main_window import MainWindow
from annotator.session import Session


def run(session: Session) -> int:
    """Show the main window and run the event loop until it closes; return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    window = MainWindow(session)
    window.show()
    try:
        return app.exec()
    finally:
        # File › Open project may have put other windows, each over its own project, in the
        # first one's place: every project is closed (its WAL checkpointed) on the way out.
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.session.close()
        session.close()
