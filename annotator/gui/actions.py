"""The window's default shortcuts, the keys of its widgets, and the helper that makes actions.

Label keys come from the tag set; a tag set's ``shortcuts`` object can rebind any action named
in SHORTCUTS.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

SHORTCUTS: dict[str, tuple[str, ...]] = {
    "import": ("Ctrl+O",),
    "export": ("Ctrl+E",),
    "merge": ("Ctrl+Shift+M",),
    "quit": ("Ctrl+Q",),
    "undo": ("Ctrl+Z",),
    "redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
    "delete_mark": ("Del",),
    "done_and_next": ("Ctrl+Return",),
    "skip_and_next": ("Ctrl+Shift+Return",),
    "status_in_progress": ("Ctrl+Shift+I",),
    "status_done": ("Ctrl+Shift+D",),
    "search_articles": ("Ctrl+F",),
    "focus_text": ("F6",),
    "edit_mark": ("F2",),
    "focus_note": ("Ctrl+Shift+N",),
    "focus_actors": ("Ctrl+Shift+R",),
    "next_article": ("Ctrl+Down",),
    "previous_article": ("Ctrl+Up",),
    "set_annotator": ("Ctrl+Shift+A",),
    "snap_to_words": ("Ctrl+Shift+W",),
    "ask_actor": ("Ctrl+Shift+P",),
    "guidelines": ("Ctrl+G",),
    "shortcuts": ("F1", "?"),
    "show_coding": ("Ctrl+Shift+K",),
    "show_review": ("Ctrl+Shift+V",),
    "show_agreement": ("Ctrl+Shift+G",),
    "next_disagreement": ("F8",),
    "previous_disagreement": ("Shift+F8",),
}
# Keys that are not actions but belong on the shortcuts sheet: (where, keys, what).
FIXED_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Article text", "Shift+←/→", "move the selected mark's end by a word"),
    ("Article text", "Ctrl+Shift+←/→", "move the selected mark's start by a word"),
    ("Article text", "Esc", "deselect the mark"),
    ("Article text", "Shift+arrows", "select text (when no mark is selected)"),
    ("Article text", "Return", "accept the suggested mention at the caret"),
    ("Article text", "Shift+Return", "accept every suggested mention in the article"),
    ("Article text", "Backspace", "reject the suggested mention at the caret"),
    ("Actor picker", "↑/↓, Enter", "choose the actor; typing a name offers a new actor"),
    ("Actor picker", "Esc", "cancel the mention"),
    ("Mark form", "Tab / Shift+Tab", "next / previous field"),
    ("Mark form", "letters, 1–9", "jump to a choice by its first letter or number"),
    ("Mark form", "Enter or Esc", "back to the article text"),
    ("Actors panel", "Enter (in search)", "go to the table"),
    ("Actors panel", "F2", "rename or edit the selected actor"),
    ("Actors panel", "Del", "delete the selected actor (only if unused)"),
    ("Review", "←/→", "choose a coder's column in the units table"),
    ("Review", "Enter", "accept the current coder's mark (or the agreed one) into gold"),
    ("Review", "Backspace / Del", "reject the unit's marks (keep them out of gold)"),
    ("Review", "label keys", "add a gold mark on the selected text, or relabel the gold mark"),
)


def default_keys(name: str) -> tuple[str, ...]:
    """Return an app action's default keys."""
    return SHORTCUTS.get(name, ())


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
