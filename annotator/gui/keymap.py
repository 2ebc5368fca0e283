"""Which key does what: the window's actions take the tag set's keys or their defaults, label
keys take what is left; a key is never bound twice, and what could not be bound is said."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet
from annotator.gui.actions import default_keys, make_action

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

# The document-level label fields, with the name the Labels menu gives them.
DOCUMENT_FIELDS = (
    ("tone", "Tone"),
    ("focus_stance", "Stance toward the focus"),
    ("topics", "Topic"),
)


def bind_app_keys(actions: dict[str, QAction], tagset: TagSet) -> list[str]:
    """Bind each app action to its keys (the tag set's choice, else the default); return the
    keys that could not be bound, and why."""
    problems = [
        f"shortcuts: no action named {name!r}" for name in tagset.shortcuts if name not in actions
    ]
    used: dict[str, str] = {}  # key -> action name, to refuse one key for two actions
    for name, action in actions.items():
        sequences = []
        for key in tagset.shortcuts.get(name) or default_keys(name):
            sequence = QKeySequence(key)
            if sequence.isEmpty():
                problems.append(f"shortcuts: {name}: {key!r} is not a key")
            elif sequence.toString() in used:
                problems.append(
                    f"shortcuts: {name}: {key!r} is already used by {used[sequence.toString()]}"
                )
            else:
                used[sequence.toString()] = name
                sequences.append(sequence)
        action.setShortcuts(sequences)
        shown = ", ".join(q.toString(QKeySequence.SequenceFormat.NativeText) for q in sequences)
        tip = action.statusTip() or action.text().replace("&", "")
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
    return problems


@dataclass(frozen=True)
class LabelEntry:
    """A label of the tag set as the Labels menu offers it."""

    text: str  # "Actor: Person", "Tone: negative"
    name: str  # the label's name: "Person"
    key: str | None
    tip: str
    slot: Callable[[], object]


def label_entries(
    tagset: TagSet,
    mark_selection: Callable[[MarkKind, str], object],
    toggle_document_label: Callable[[str, str], object],
) -> list[LabelEntry]:
    """Return one entry per span label and per document label, in the tag set's order."""
    entries = [
        LabelEntry(
            f"{kind.value.capitalize()}: {label.name}",
            label.name,
            label.key,
            label.description,
            functools.partial(mark_selection, kind, label.name),
        )
        for kind, label in tagset.all_span_labels()
    ]
    for field, title in DOCUMENT_FIELDS:
        entries += [
            LabelEntry(
                f"{title}: {label.name}",
                label.name,
                label.key,
                label.description,
                functools.partial(toggle_document_label, field, label.name),
            )
            for label in getattr(tagset, field)
        ]
    return entries


def make_label_actions(
    parent: QWidget,
    entries: list[LabelEntry],
    app_actions: Iterable[QAction],
    widgets: list[QWidget],
) -> tuple[list[QAction], list[str]]:
    """Make an action per label entry, acting in the given widgets; return them and the keys
    left unbound (not a key, or the app's)."""
    taken = {sequence.toString() for action in app_actions for sequence in action.shortcuts()}
    actions, problems = [], []
    for entry in entries:
        key, name = entry.key, entry.name
        if key is not None:
            sequence = QKeySequence(key).toString()
            if not sequence:
                problems.append(f"{name}: {key!r} is not a key")
                key = None
            elif sequence in taken:
                problems.append(f"{name}: {key!r} is already used by the app")
                key = None
        action = make_action(parent, entry.text, entry.slot, shortcut=key, tip=entry.tip)
        # Label keys act where coding happens, not while typing in a form or a search box.
        parent.removeAction(action)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for widget in widgets:
            widget.addAction(action)
        actions.append(action)
    return actions, problems


# What a text field does with these keys stays its own: typing text must work as anywhere.
_EDITING_KEYS = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.SelectAll,
    QKeySequence.StandardKey.Delete,
    QKeySequence.StandardKey.Backspace,
    QKeySequence.StandardKey.MoveToNextWord,
    QKeySequence.StandardKey.MoveToPreviousWord,
    QKeySequence.StandardKey.SelectNextWord,
    QKeySequence.StandardKey.SelectPreviousWord,
    QKeySequence.StandardKey.DeleteStartOfWord,
    QKeySequence.StandardKey.DeleteEndOfWord,
)


class WindowKeysFirst(QObject):
    """Lets the window's action keys work while the keyboard is in one of its text fields.

    On Linux a text field claims Emacs-style keys (Ctrl+E: end of line, Ctrl+K, Ctrl+N…), so
    Ctrl+E did not export from the article search. Keys that edit text stay the field's own.
    """

    def __init__(self, window: QWidget, actions: dict[str, QAction]):
        super().__init__(window)
        self._actions = actions
        # On the window's text fields only: a filter on the application would run Python for
        # every event of every widget.
        for field in window.findChildren(QLineEdit):
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Keep a text field of this window from claiming a window action's key."""
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and not any(event.matches(key) for key in _EDITING_KEYS)
        ):
            pressed = QKeySequence(event.keyCombination()).toString()
            bound = (s.toString() for a in self._actions.values() for s in a.shortcuts())
            if pressed in set(bound):
                return True  # not accepted by the field: the window's shortcut runs
        return super().eventFilter(watched, event)


def rebind_keys(window: MainWindow, tagset: TagSet) -> None:
    """Bind the window's actions and a new tag set's label keys; say what stayed unbound."""
    problems = bind_app_keys(window.app_actions, tagset)
    for action in window.label_actions:
        for widget in window.coding_widgets():
            widget.removeAction(action)
        action.deleteLater()
    window.labels_menu.clear()
    entries = label_entries(tagset, window.mark_selection, window.toggle_document_label)
    window.label_actions, label_problems = make_label_actions(
        window, entries, window.app_actions.values(), window.coding_widgets()
    )
    window.labels_menu.addActions(window.label_actions)
    window.key_problems = problems + label_problems
    if window.key_problems:
        window.statusBar().showMessage(
            "Tag-set keys left unbound: " + "; ".join(window.key_problems), 15000
        )
