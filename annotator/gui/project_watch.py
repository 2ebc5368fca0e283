"""The window keeps an eye on its project file: another program's changes are shown, and a file
deleted, moved or replaced under the window stops the saving (nothing would land anywhere a
user could find it) with an offer to save a copy of everything from the open connection."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

INTERVAL_MS = 2000  # a PRAGMA and a stat() every two seconds: nothing to measure


class ProjectWatch(QObject):
    """Polls the project: SQLite's data_version for outside commits, the file's identity."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        session = window.session
        self.path = Path(session.path) if session.path else None
        self._identity = _identity(self.path)
        self._version = session.store.data_version()
        self.lost = False  # the file went: saving stopped
        self._ours: Callable[[], bool] = lambda: False  # is our own worker writing the file?
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        """Look once: is the file still ours, and did another program change it?"""
        session = self.window.session
        if session.is_closed or self.lost or self.path is None:
            return
        if _identity(self.path) != self._identity:
            self._file_lost()
            return
        if self._ours():
            return  # our worker's commits (a hub sync): it shows what they brought itself
        version = session.store.data_version()
        if version != self._version:
            self._version = version
            self._outside_change()

    def hold_while(self, ours: Callable[[], bool]) -> None:
        """Take commits made while ``ours()`` says so as the window's own worker's, not news."""
        self._ours = ours

    def take_version(self) -> None:
        """Take the file as it is now as seen (what our worker committed has been shown)."""
        self._version = self.window.session.store.data_version()

    def _outside_change(self) -> None:
        # Another program (a second window, the command line) committed: show what is there now.
        session = self.window.session
        self.window.document_panel.commit_note()  # a note being typed is saved, not overwritten
        session.articles_changed.emit()
        session.actors_changed.emit()
        if self.window.current_article_id is not None:
            self.window.coding.show_article(self.window.current_article_id)
            self.window.document_panel.show_labels(
                session.document_labels(self.window.current_article_id)
            )
        self.window.statusBar().showMessage("Updated with changes another program made.", 5000)

    def _file_lost(self) -> None:
        self.lost = True
        store = self.window.session.store
        store.read_only = True  # every save is refused from now on
        store.read_only_reason = "its file was deleted, moved or replaced"
        text = (
            f"The project file {self.path} was deleted, moved or replaced while open. "
            "Saving has stopped: your edits would go into a file no one can find.\n\n"
            "Save a copy of everything (up to your last edit) under a name you choose, "
            "then open that copy."
        )
        box = QMessageBox(QMessageBox.Icon.Critical, "Project file gone", text, parent=self.window)
        save = box.addButton("Save a copy as…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.finished.connect(lambda _r: self._save_copy() if box.clickedButton() is save else None)
        self.window.interaction.open_dialog(box)

    def _save_copy(self) -> None:
        name = (self.path.name if self.path else "project.db").removesuffix(".db") + "-saved.db"
        out = self.window.interaction.choose_file_to_write(
            "Save a copy of the project", name, "annotator projects (*.db)"
        )
        if out is not None:
            self.window.session.backup(out)  # from the open connection: nothing is lost
            self.window.interaction.inform(f"Saved a copy of the project to {out}.")


def _identity(path: Path | None) -> tuple[int, int] | None:
    """Return which file is at path (device, inode), None if there is none."""
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino
