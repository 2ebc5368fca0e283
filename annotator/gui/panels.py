"""The window's side panels: docks a user can close, float and move, listed in View › Panels,
with View › Reset layout to bring back the arrangement the window starts with.

Panels that serve only coding step aside while the Review or Agreement view is in front, so
those views get the width; they come back with the Coding view.
"""

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

    def __init__(
        self,
        window: QMainWindow,
        docks: list[QDockWidget],
        menu: QMenu,
        coding_only: dict[str, list[QDockWidget]] | None = None,
    ):
        self._window = window
        self.docks = docks
        # By view: the panels that step aside while it is in front.
        self._coding_only = coding_only or {}
        self._coding_state: QByteArray | None = None  # coding's arrangement, while away
        self._stepped_aside: list[QDockWidget] = []  # the panels hidden for the view in front
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

    def view_shown(self, view: str) -> None:
        """Let the panels of coding step aside for another view, or come back for coding.

        Coding's arrangement is saved when it is left and restored when it is back: hiding
        and showing docks alone let Qt share their room out anew (the Actors panel shrank at
        every round trip). From one other view to the next, only the panels the next one
        keeps come back: restoring coding's arrangement there, every panel open beside a wide
        view for a moment, widened the window beyond a laptop's screen for good.
        """
        hidden_here = self._coding_only.get(view, [])
        if view == "coding":
            if self._coding_state is not None:
                self._window.restoreState(self._coding_state)
            self._coding_state, self._stepped_aside = None, []
            return
        if self._coding_state is None:
            self._coding_state = self._window.saveState()
        for dock in [d for d in self._stepped_aside if d not in hidden_here]:
            dock.show()
        self._stepped_aside = [d for d in self._stepped_aside if d in hidden_here]
        for dock in hidden_here:
            # Open (a tab behind another counts) and docked: a floating panel was put aside
            # by the user on purpose.
            if dock.toggleViewAction().isChecked() and not dock.isFloating():
                dock.hide()
                self._stepped_aside.append(dock)

    def reset(self) -> None:
        """Show every panel, docked where it was at the start."""
        self._coding_state = None  # coming back to Coding keeps this layout, not the old one
        self._stepped_aside = []
        for dock in self.docks:
            dock.setFloating(False)
        self._window.restoreState(self._default)
        for dock in self.docks:
            dock.show()
