"""The window's actions as data: name, menu, text, tip, default keys and handler.

Label keys come from the tag set; a tag set's ``shortcuts`` object can rebind any action named
in SHORTCUTS (see keymap). Handlers take the window; those of workflows import their module
when first triggered, so the start-up does not pay for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

Handler = Callable[["MainWindow"], object]

SHORTCUTS: dict[str, tuple[str, ...]] = {
    "new_project": ("Ctrl+N",),
    "open_project": ("Ctrl+Shift+O",),
    "import": ("Ctrl+O",),
    "export": ("Ctrl+E",),
    "merge": ("Ctrl+Shift+M",),
    "sync_hub": ("Ctrl+Shift+Y",),
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
    "show_statistics": ("Ctrl+Shift+T",),
    "show_network": ("Ctrl+Shift+E",),
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


@dataclass(frozen=True)
class ActionSpec:
    """One window action: where it is in the menus, what it says and does."""

    name: str
    menu: str
    text: str
    tip: str
    handler: Handler
    checkable: bool = False  # a setting, on at the start
    separator_before: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        """Return the action's default keys."""
        return default_keys(self.name)


def flow(module: str, function: str) -> Handler:
    """Return a handler calling ``function(window)`` of a flow module, imported when used."""

    def handler(window: MainWindow) -> object:
        return getattr(importlib.import_module(f"annotator.gui.flows.{module}"), function)(window)

    return handler


def _navigation(function: str, *args: object) -> Handler:
    """Return a handler calling ``function(window, *args)`` of annotator.gui.navigation."""

    def handler(window: MainWindow) -> object:
        from annotator.gui import navigation

        return getattr(navigation, function)(window, *args)

    return handler


def _sync_with_hub(window: MainWindow) -> object:
    from annotator.gui.hub_sync import sync_with_hub

    return sync_with_hub(window)


MENUS = ("&File", "&Edit", "&View", "&Go", "&Coder", "&Labels", "&Help")
ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_project",
        "&File",
        "&New project…",
        "Start an empty project file (with the bundled tag set and guidelines)",
        flow("project_flow", "choose_new_project"),
    ),
    ActionSpec(
        "open_project",
        "&File",
        "&Open project…",
        "Open another project file in this window",
        flow("project_flow", "choose_project"),
    ),
    ActionSpec(
        "import",
        "&File",
        "&Import files…",
        "Import articles or coding: .txt, JSONL, CSV, doccano, Label Studio, brat, CoNLL…",
        flow("import_flow", "choose_and_import"),
        separator_before=True,
    ),
    ActionSpec(
        "import_folder",
        "&File",
        "Import a &folder…",
        "Import every file of a folder: .txt articles, brat, WebAnno TSV or XMI",
        flow("import_flow", "choose_folder_and_import"),
    ),
    ActionSpec(
        "export",
        "&File",
        "&Export…",
        "Export the coding in a format of your choice: whose, which articles, the format's options",
        flow("export_flow", "choose_and_export"),
    ),
    ActionSpec(
        "merge",
        "&File",
        "&Merge project…",
        "Bring in a teammate's project file",
        flow("merge_flow", "choose_and_merge"),
        separator_before=True,
    ),
    ActionSpec(
        "sync_hub",
        "&File",
        "Sync with &hub",
        "Send your edits to the team hub and bring in what is new there",
        lambda w: _sync_with_hub(w),
    ),
    ActionSpec(
        "link_actors",
        "&File",
        "&Link same-name actors…",
        "Link actors that are one actor under two ids (same name or alias)",
        flow("actor_links_flow", "offer_actor_links"),
    ),
    ActionSpec(
        "quit", "&File", "&Quit", "Close the window", lambda w: w.close(), separator_before=True
    ),
    ActionSpec(
        "delete_mark",
        "&Edit",
        "&Delete mark",
        "Delete the selected mark",
        lambda w: w.coding.delete_selected_mark(),
        separator_before=True,
    ),
    ActionSpec(
        "snap_to_words",
        "&Edit",
        "&Snap to words",
        "Mouse selections and mark resizing by whole words; off: by characters",
        lambda w: None,
        checkable=True,
    ),
    ActionSpec(
        "ask_actor",
        "&Edit",
        "&Ask which actor",
        "Open the actor picker for each new mention; off: use the alias match directly",
        lambda w: None,
        checkable=True,
    ),
    ActionSpec(
        "show_coding",
        "&View",
        "&Coding",
        "Code the article as the current coder",
        _navigation("show_named_view", "coding"),
    ),
    ActionSpec(
        "show_review",
        "&View",
        "&Review",
        "Compare every coder's marks on the article and adjudicate gold",
        _navigation("show_named_view", "review"),
    ),
    ActionSpec(
        "show_agreement",
        "&View",
        "&Agreement",
        "Agreement between the coders: matrix, per-label bars, articles to review",
        _navigation("show_named_view", "agreement"),
    ),
    ActionSpec(
        "show_statistics",
        "&View",
        "&Statistics",
        "The coding as charts: progress, distributions, timelines (saved as PNG, SVG, CSV)",
        _navigation("show_named_view", "statistics"),
    ),
    ActionSpec(
        "show_network",
        "&View",
        "&Network",
        "The discourse network of the claims; click a node or tie for its claims",
        _navigation("show_named_view", "network"),
    ),
    ActionSpec(
        "next_disagreement",
        "&View",
        "&Next disagreement",
        "Go to the next open disagreement of the reviewed article",
        _navigation("review_step", 1),
    ),
    ActionSpec(
        "previous_disagreement",
        "&View",
        "&Previous disagreement",
        "Go to the previous open disagreement of the reviewed article",
        _navigation("review_step", -1),
    ),
    ActionSpec(
        "done_and_next",
        "&Go",
        "&Done and next",
        "Mark the article done and open the next one in the list",
        _navigation("set_status_and_next", "done"),
    ),
    ActionSpec(
        "skip_and_next",
        "&Go",
        "&Skip and next",
        "Mark the article skipped and open the next one in the list",
        _navigation("set_status_and_next", "skipped"),
    ),
    ActionSpec(
        "status_in_progress",
        "&Go",
        "Mark &in progress",
        "Mark the article in progress",
        lambda w: w.set_status("in_progress"),
    ),
    ActionSpec(
        "status_done", "&Go", "Mark d&one", "Mark the article done", lambda w: w.set_status("done")
    ),
    ActionSpec(
        "search_articles",
        "&Go",
        "&Find articles…",
        "Search the articles' text and filter the list",
        _navigation("focus_article_search"),
    ),
    ActionSpec(
        "next_article",
        "&Go",
        "&Next article",
        "Open the next article",
        _navigation("step_article", 1),
    ),
    ActionSpec(
        "previous_article",
        "&Go",
        "&Previous article",
        "Open the previous article",
        _navigation("step_article", -1),
    ),
    ActionSpec(
        "focus_text",
        "&Go",
        "Back to the article &text",
        "Put the keyboard in the article text",
        _navigation("focus_text"),
    ),
    ActionSpec(
        "edit_mark",
        "&Go",
        "&Edit the selected mark",
        "Put the keyboard in the selected mark's form",
        _navigation("edit_selected_mark"),
    ),
    ActionSpec(
        "focus_note",
        "&Go",
        "Edit the &note",
        "Put the keyboard in the note",
        _navigation("focus_note"),
    ),
    ActionSpec(
        "focus_actors",
        "&Go",
        "Search the &actors",
        "Put the keyboard in the actor registry's search box",
        _navigation("focus_actors"),
    ),
    ActionSpec(
        "set_annotator",
        "&Coder",
        "&Switch coder…",
        "Code as another annotator",
        flow("project_flow", "choose_annotator"),
    ),
    ActionSpec(
        "guidelines",
        "&Help",
        "&Guidelines",
        "Show the project's guidelines and the label guide",
        _navigation("show_guidelines"),
    ),
    ActionSpec(
        "shortcuts",
        "&Help",
        "&Keyboard shortcuts",
        "Every key of the window and the tag set",
        _navigation("show_shortcuts"),
    ),
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
