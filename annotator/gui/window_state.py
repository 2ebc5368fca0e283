"""What the window remembers between runs (QSettings): its layout, each project's last article
and scroll position, and the projects opened lately."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

RECENT_LIMIT = 10


def _project_key(path: Path | str, name: str) -> str:
    # Per project file: the last article and scroll position belong to one database, however
    # its path was written (relative, through a link).
    project = hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"projects/{project}/{name}"


def restore_window_state(window: MainWindow) -> None:
    """Restore the window's layout, and reopen the project's last article where it was."""
    settings = QSettings()
    geometry, state = settings.value("window/geometry"), settings.value("window/state")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:  # the first start: the default size, or the whole screen if that is smaller
        screen = window.screen()
        if screen is not None:
            free = screen.availableGeometry()
            if window.width() > free.width() or window.height() > free.height():
                window.resize(
                    min(window.width(), free.width()), min(window.height(), free.height())
                )
                window.move(free.topLeft())
                # Maximised, the window manager fits the frame and title bar in as well.
                window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    path = window.session.path
    last = settings.value(_project_key(path, "last_article"))
    top = str(settings.value(_project_key(path, "top_offset"), 0) or 0)
    if isinstance(last, str) and window.article_model.row_of(last) is not None:
        window.open_article(last)
        # After the first layout, when the lines' wrapping is known.
        QTimer.singleShot(
            0, lambda: window.text_view.scroll_to_offset(int(top) if top.isdigit() else 0)
        )
    elif window.article_model.rowCount() > 0:
        window.article_list.selectRow(0)


def save_window_state(window: MainWindow) -> None:
    """Remember the window's layout, the open article and its scroll position."""
    settings = QSettings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    if window.current_article_id is not None:
        path = window.session.path
        settings.setValue(_project_key(path, "last_article"), window.current_article_id)
        settings.setValue(_project_key(path, "top_offset"), window.text_view.first_visible_offset())
    settings.sync()


def recent_projects() -> list[Path]:
    """Return the project files opened lately, the latest first (those still there)."""
    value = QSettings().value("recent/projects", [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if Path(name).is_file()]


def remember_project(path: Path) -> None:
    """Put a project file first in the recent projects."""
    path = Path(path).resolve()
    kept = [str(path)] + [str(p) for p in recent_projects() if p.resolve() != path]
    settings = QSettings()
    settings.setValue("recent/projects", kept[:RECENT_LIMIT])
    settings.sync()
