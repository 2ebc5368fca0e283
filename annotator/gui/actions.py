"""Every fixed shortcut of the window, and the one helper that makes an action.

Label shortcuts are not here: they come from the tag set, so a project can rebind them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

SHORTCUTS: dict[str, QKeySequence.StandardKey | str] = {
    "import": QKeySequence.StandardKey.Open,
    "export": "Ctrl+E",
    "quit": QKeySequence.StandardKey.Quit,
    "undo": QKeySequence.StandardKey.Undo,
    "redo": "Ctrl+Shift+Z",
    "delete_mark": QKeySequence.StandardKey.Delete,
    "next_article": "Ctrl+Down",
    "previous_article": "Ctrl+Up",
    "set_annotator": "Ctrl+Shift+A",
    "snap_to_words": "Ctrl+Shift+W",
    "ask_actor": "Ctrl+Shift+P",
}


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    """Return an action with text, shortcut (shown in its tooltip) and slot, added to parent."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or text} ({keys})" if keys else tip or text)
    action.setStatusTip(tip or text)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
