"""The window's menu bar, made from the action specs, with undo and redo bound to the stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.actions import ACTIONS, MENUS, make_action

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow


def build_menus(window: MainWindow) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Fill the window's menu bar; return its actions by name and its menus by title."""
    menus = {title: window.menuBar().addMenu(title) for title in MENUS}
    actions = _undo_actions(window, window.undo_stack)
    menus["&Edit"].addActions(list(actions.values()))
    for spec in ACTIONS:
        if spec.separator_before:
            menus[spec.menu].addSeparator()
        action = make_action(
            window, spec.text, lambda spec=spec: spec.handler(window), tip=spec.tip
        )
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(True)
        menus[spec.menu].addAction(action)
        actions[spec.name] = action
        if spec.name == "open_project":
            from annotator.gui.flows.project_flow import recent_projects_menu

            menus["&File"].addMenu(recent_projects_menu(window))
    return actions, menus


def _undo_actions(window: MainWindow, stack: QUndoStack) -> dict[str, QAction]:
    def step(how: str) -> None:
        # A note being typed is saved first, so that it becomes its own undo step.
        window.document_panel.commit_note()
        try:
            getattr(stack, how)()
        except AnnotatorError as exc:
            window.statusBar().showMessage(f"Could not undo or redo: {exc}", 8000)

    undo = make_action(window, "&Undo", lambda: step("undo"))
    redo = make_action(window, "&Redo", lambda: step("redo"))
    undo.setEnabled(False)
    redo.setEnabled(False)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".rstrip()))
    stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".rstrip()))
    return {"undo": undo, "redo": redo}


def act_in(window: QMainWindow, action: QAction, widgets: list[QWidget]) -> None:
    """Let an action's keys work only in these widgets (and their children)."""
    window.removeAction(action)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    for widget in widgets:
        widget.addAction(action)
