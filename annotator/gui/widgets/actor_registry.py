"""The actor registry panel: search, rename, merge, delete, and split a mention off.

Merging works on the selected row: *Merge into…* asks which actor absorbs it, and the selected
actor disappears into that one. Every edit goes through the undo stack it is given.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Actor, Mark, MarkKind
from annotator.gui.actor_commands import (
    ActorCommand,
    DeleteActorCommand,
    MergeActorsCommand,
    SplitMentionCommand,
    UpdateActorCommand,
)
from annotator.gui.models.actor_table_model import ActorTableModel
from annotator.gui.signals import follow
from annotator.gui.widgets.painted_table import PaintedTableView
from annotator.session import Session

_KEYS = {Qt.Key.Key_F2, Qt.Key.Key_Delete}  # handled by the table before window shortcuts


class ActorRegistryWidget(QWidget):
    """Every actor with type, country, uses and aliases; edits are undoable commands."""

    status_message = Signal(str)  # what an edit did, or why it was refused

    def __init__(
        self,
        session: Session,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        reveal: Callable[[str], None] | None = None,
        count_later: bool = False,
    ):
        super().__init__(parent)
        self._session = session
        self._undo_stack = undo_stack
        self._reveal = reveal  # shows an article by id before a split or its undo changes it
        self._current_mark_id: str | None = None
        self._keep_selected: str | None = None
        self.dialog: QDialog | None = None  # the open rename or merge dialog, if any

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search names and aliases…")
        self.search.setClearButtonEnabled(True)
        # count_later: use counts wait for start_counting() (the window's first frame does not
        # read them: over a million marks that is a noticeable part of its start).
        self.model = ActorTableModel(session, self, count_later=count_later)
        self.table = _table_view(self.model)
        # No Alt mnemonics on the buttons: docked in the main window they would clash with
        # the menus' mnemonics.
        self.rename_button = _button("Rename…", "Edit the name, type, country, aliases (F2)")
        self.merge_button = _button("Merge into…", "Merge the selected actor into another one")
        self.delete_button = _button("Delete", "Delete the selected actor (Del); only if unused")
        self.split_button = _button(
            "Split mention", "Give the selected mention an actor of its own"
        )
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self._compose()

        # Debounced like the article search: a large registry is not re-queried per keystroke.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.focus_table)
        self.table.doubleClicked.connect(lambda _index: self.rename_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.rename_button.clicked.connect(self.rename_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.split_button.clicked.connect(self._split_current)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.dataChanged.connect(self._update_buttons)
        follow(session.mark_removed, self, self._mark_removed)
        for watched in (self.table, self.search):
            watched.installEventFilter(self)
        self._update_buttons()

    def _compose(self) -> None:
        # Two rows of two: one row of four made the panel (and the window) 370 px wide at least.
        buttons = QGridLayout()
        buttons.addWidget(self.rename_button, 0, 0)
        buttons.addWidget(self.merge_button, 0, 1)
        buttons.addWidget(self.delete_button, 1, 0)
        buttons.addWidget(self.split_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    @property
    def undo_stack(self) -> QUndoStack:
        """Return the undo stack the panel's edits are pushed on."""
        return self._undo_stack

    # -- selection --------------------------------------------------------------------------

    def selected_actor(self) -> tuple[Actor, int] | None:
        """Return the selected actor and how many marks use it."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.actor_at(rows[0].row())

    def select_actor(self, actor_id: str) -> bool:
        """Select an actor's row if it is shown; say whether it is."""
        row = self.model.row_of(actor_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def focus_table(self) -> None:
        """Move the keyboard focus to the table, selecting the first row if none is."""
        self._apply_search()
        self.table.setFocus()
        if self.selected_actor() is None and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search_text(self.search.text())

    def set_current_mark(self, mark_id: str | None) -> None:
        """Tell the panel which mark is selected, so that Split mention can act on it."""
        self._current_mark_id = mark_id
        self._update_buttons()

    # -- edits ------------------------------------------------------------------------------

    def rename_selected(self) -> None:
        """Open the dialog that edits the selected actor's name, type, country and aliases."""
        chosen = self._require_selection()
        if chosen is None:
            return
        actor = chosen[0]
        types = [label.name for label in self._session.tagset.spans[MarkKind.ACTOR]]
        from annotator.gui.dialogs.actor_dialog import ActorDialog  # not needed at start-up

        dialog = ActorDialog(actor, types, self)

        def accepted() -> None:
            edited = dialog.edited_actor()
            if edited != actor and self._push(UpdateActorCommand(self._session, actor, edited)):
                self.select_actor(actor.id)

        self._open(dialog, accepted)

    def merge_selected(self) -> None:
        """Ask which actor absorbs the selected one, then merge them."""
        chosen = self._require_selection()
        if chosen is None:
            return
        absorb = chosen[0]
        from annotator.gui.dialogs.actor_dialog import MergeActorsDialog

        dialog = MergeActorsDialog(absorb, self._session.search_actors(""), self)

        def accepted() -> None:
            keep_id = dialog.keep_id()
            if keep_id is None:
                return
            keep = self._session.actor(keep_id)
            if self._push(MergeActorsCommand(self._session, keep, absorb)):
                self.select_actor(keep_id)
                self._say(f"Merged “{absorb.name}” into “{keep.name}”.")

        self._open(dialog, accepted)

    def delete_selected(self) -> None:
        """Delete the selected actor if no mark uses it."""
        chosen = self._require_selection()
        if chosen is None:
            return
        actor, uses = chosen
        if uses:
            self._say(
                f"“{actor.name}” is used by {uses} mark(s) and cannot be deleted; "
                "merge it into another actor instead."
            )
            return
        if self._push(DeleteActorCommand(self._session, actor)):
            self._say(f"Deleted “{actor.name}”.")

    def split_mention(self, mark_id: str, name: str | None = None) -> Actor | None:
        """Give an actor mention a new actor of its own (undoable); return the new actor."""
        try:
            mark = self._session.mark(mark_id)
        except AnnotatorError as exc:
            self._say(f"Not split: {exc}")
            return None
        command = SplitMentionCommand(self._session, mark, name, self._reveal)
        if not self._push(command) or command.actor is None:
            return None
        self._apply_search()  # a pending search first, so the check below sees the real rows
        if not self.select_actor(command.actor.id):
            self.search.clear()  # show the new actor even if the search text hides it
            self._apply_search()
            self.select_actor(command.actor.id)
        self._say(f"“{mark.text}” now refers to a new actor; press F2 to rename it.")
        return command.actor

    # -- plumbing ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Handle F2 (rename) and, in the table, Delete before any window-wide shortcut."""
        if not isinstance(event, QKeyEvent) or event.type() not in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            return super().eventFilter(watched, event)
        key = Qt.Key(event.key())
        if key not in _KEYS or event.modifiers() != Qt.KeyboardModifier.NoModifier:
            return super().eventFilter(watched, event)
        if key == Qt.Key.Key_Delete and watched is not self.table:
            return super().eventFilter(watched, event)  # Delete edits the search text
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to us as a key press instead of a shortcut
            return True
        if key == Qt.Key.Key_F2:
            self.rename_selected()
        else:
            self.delete_selected()
        return True

    def _push(self, command: ActorCommand) -> bool:
        """Apply an edit through the undo stack; on refusal say why and keep nothing."""
        try:
            self._undo_stack.push(command)
        except AnnotatorError as exc:
            self._say(f"Not saved: {command.failure or exc}")
            return False
        return True

    def _open(self, dialog: QDialog, accepted: Callable[[], None]) -> None:
        """Show a dialog without blocking; run accepted when it is confirmed."""
        self.dialog = dialog
        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _dialog_closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _require_selection(self) -> tuple[Actor, int] | None:
        chosen = self.selected_actor()
        if chosen is None:
            self._say("Select an actor first.")
        return chosen

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.status_message.emit(text)

    def _split_current(self) -> None:
        mark = self._current_mention()
        if mark is not None:
            self.split_mention(mark.id)

    def _remember_selection(self) -> None:
        chosen = self.selected_actor()
        self._keep_selected = chosen[0].id if chosen else None

    def _restore_selection(self) -> None:
        if self._keep_selected is not None:
            self.select_actor(self._keep_selected)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        chosen = self.selected_actor()
        self.rename_button.setEnabled(chosen is not None)
        self.merge_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None and chosen[1] == 0)
        self.split_button.setEnabled(self._current_mention() is not None)

    def _current_mention(self) -> Mark | None:
        if self._current_mark_id is None:
            return None
        try:
            mark = self._session.mark(self._current_mark_id)
        except AnnotatorError:
            return None
        return mark if mark.kind == MarkKind.ACTOR else None

    def _mark_removed(self, mark: Mark) -> None:
        if mark.id == self._current_mark_id:
            self.set_current_mark(None)


def _button(text: str, tip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


def _table_view(model: ActorTableModel) -> QTableView:
    # Painted a screen of rows at a time from the model's cell(): a new actor shifts the rows
    # below it, and a delegate call per cell made each of those repaints cost milliseconds.
    view = PaintedTableView(model.cell)
    view.setModel(model)
    view.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
    # The indicator first: enabling sorting sorts by it, and the rows come sorted by name.
    view.horizontalHeader().setSortIndicator(ActorTableModel.NAME, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    # Widths from the font, not ResizeToContents: that asks every cell of up to 1,000 rows (and
    # their use counts) for its size, and again on each change. The user can still drag them.
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    metrics = QFontMetrics(view.font())
    pad = 2 * metrics.horizontalAdvance("M")
    for column, sample in _COLUMN_SAMPLES.items():
        view.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    return view


# Typical contents, to size the columns by: a long name, a long type, a country, a count.
_COLUMN_SAMPLES = {
    ActorTableModel.NAME: "Shahid Khaqan Abbasi",
    ActorTableModel.TYPE: "Organization",
    ActorTableModel.COUNTRY: "Pakistan",
    ActorTableModel.USES: "Uses",
}
