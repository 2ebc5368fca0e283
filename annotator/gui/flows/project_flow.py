"""File › New project, Open project and Open recent, and Coder › Switch coder.

Another project opens in a new window over its own session, in the old window's place; the
old window and its session close. The coder goes with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from annotator.core.errors import AnnotatorError
from annotator.core.resources import default_guidelines_path
from annotator.gui.window_state import recent_projects, remember_project
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

PROJECT_FILTER = "annotator projects (*.db);;All files (*)"


def open_project(window: MainWindow, path: Path, new: bool = False) -> MainWindow | None:
    """Open (or, if new, create) a project in a new window that takes this one's place."""
    from annotator.gui.main_window import MainWindow

    path = Path(path)
    if new and path.exists() and path.stat().st_size > 0:
        window.interaction.warn(
            "Not created", f"{path} already exists; open it with File › Open project."
        )
        return None
    if not new and not path.is_file():
        window.interaction.warn("Not opened", f"{path}: there is no such file.")
        return None
    if not new and path.stat().st_size == 0:
        # Opening would make it a project without a word: that is File › New project's job.
        window.interaction.warn(
            "Not opened",
            f"{path} is empty, not an annotator project; start one with File › New project.",
        )
        return None
    if path.resolve() == Path(window.session.path).resolve():
        window.interaction.inform(f"{path.name} is the project open in this window.")
        return window
    try:
        session = Session.open(path, window.session.annotator)
    except (AnnotatorError, OSError) as exc:
        window.interaction.warn("Not opened", str(exc))
        return None
    if new and not session.guidelines().strip():
        session.set_guidelines(default_guidelines_path().read_text(encoding="utf-8"))
    window.save_state()
    successor = MainWindow(session)
    successor.setGeometry(window.geometry())
    successor.setWindowState(window.windowState())
    successor.show()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its views go with it
    window.close()
    window.session.close()
    remember_project(path)
    successor.interaction.inform(
        f"Created {path.name}: import articles with File › Import."
        if new
        else f"Opened {path.name}."
    )
    return successor


def choose_new_project(window: MainWindow) -> MainWindow | None:
    """Ask where to create a project file, and open it."""
    # Never "replace it?": open_project refuses an existing file instead.
    file = window.interaction.choose_file_to_write(
        "New project", "project.db", PROJECT_FILTER, confirm_overwrite=False
    )
    if file is None:
        return None
    return open_project(window, file if file.suffix else file.with_suffix(".db"), new=True)


def choose_project(window: MainWindow) -> MainWindow | None:
    """Ask for a project file, and open it."""
    file = window.interaction.choose_file("Open project", PROJECT_FILTER.split(";;"))
    return open_project(window, file) if file is not None else None


def choose_annotator(window: MainWindow) -> None:
    """Ask for a coder name, and code as that coder."""
    name = window.interaction.ask_text("Switch coder", "Code as:", window.session.annotator)
    if name is not None and name.strip():
        window.session.set_annotator(name)


def recent_projects_menu(window: MainWindow) -> QMenu:
    """Return File › Open recent, filled from the remembered projects each time it opens."""
    menu = QMenu("Open &recent", window)

    def fill() -> None:
        menu.clear()
        here = Path(window.session.path or "").resolve()
        for path in (p for p in recent_projects() if p.resolve() != here):
            # The name first: a long folder would push it out of sight; "&" is not a mnemonic.
            folder = str(path.parent)
            if len(folder) > 50:
                folder = "…" + folder[-49:]
            action = menu.addAction(f"{path.name}   {folder}".replace("&", "&&"))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: open_project(window, p))
        if menu.isEmpty():
            menu.addAction("No other project opened lately").setEnabled(False)

    menu.aboutToShow.connect(fill)
    return menu
