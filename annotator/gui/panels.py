"""The window's side panels: docks a user can close, float and move, listed in View › Panels,
with View › Reset layout to bring back the arrangement the window starts with."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

ADJUSTABLE = (
    QDockWidget.DockWidgetFeature.DockWidgetClosable
    | QDockWidget.DockWidgetFeature.DockWidgetMovable
    | QDockWidget.DockWidgetFeature.DockWidgetFloatable
)


class PanelLayout:
    """Makes a window's docks adjustable and offers them in a menu; remembers the default."""

    def __init__(self, window: QMainWindow, docks: list[QDockWidget], menu: QMenu):
        self._window = window
        self.docks = docks
        for dock in docks:
            dock.setFeatures(ADJUSTABLE)
        # The arrangement as composed, before any saved layout is restored over it.
        self._default: QByteArray = window.saveState()
        menu.addSeparator()
        panels = menu.addMenu("&Panels")
        for dock in docks:
            toggle = dock.toggleViewAction()
            toggle.setStatusTip(f"Show or hide the {dock.windowTitle()} panel")
            panels.addAction(toggle)
        self.reset_action = QAction("Reset &layout", window)
        self.reset_action.setStatusTip("Put every panel back where the window starts with it")
        self.reset_action.triggered.connect(self.reset)
        menu.addAction(self.reset_action)

    def reset(self) -> None:
        """Show every panel, docked where it was at the start."""
        for dock in self.docks:
            dock.setFloating(False)
        self._window.restoreState(self._default)
        for dock in self.docks:
            dock.show()
