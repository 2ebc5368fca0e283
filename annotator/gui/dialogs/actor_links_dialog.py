"""Ask which proposed actor links to make: one checkable row per pair, both actors side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actor_links import ActorLinkProposal
from annotator.core.model import Actor
from annotator.gui.actor_commands import MergeActorsCommand
from annotator.gui.commands import short
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.session import Session
from annotator.gui.plain_text import plain_tip


class LinkActorsCommand(MergeActorsCommand):
    """Link one actor into another (a merge the project remembers); undo splits them again."""

    def __init__(self, session: Session, keep: Actor, absorb: Actor):
        super().__init__(session, keep, absorb)
        self.setText(f"Link “{short(absorb.name)}” into “{short(keep.name)}”")

    def _forward(self) -> None:
        self._merge = self._session.link_actors(self._keep_id, self._absorb_id)

    def _backward(self) -> None:
        if self._merge is not None:
            self._session.unlink_actors(self._merge)


class ActorLinksModel(ReadOnlyTableModel):
    """The proposals as rows, the first column checkable; holds only which rows are checked.

    The proposals are a fixed list the dialog was opened with, not a live view of the registry.
    """

    HEADERS = ("Keep", "Type", "Country", "Marks", "Link in", "Type", "Country", "Marks", "Why")

    def __init__(self, proposals: list[ActorLinkProposal], parent: QWidget | None = None):
        super().__init__(parent)
        self.proposals = list(proposals)
        self.checked = [True] * len(self.proposals)

    def _row_count(self) -> int:
        return len(self.proposals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, or the row's check state in the first column."""
        if not index.isValid():
            return None
        p = self.proposals[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if self.checked[index.row()] else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cells = (
                p.keep.name,
                p.keep.type,
                p.keep.country or "",
                p.keep_uses,
                p.absorb.name,
                p.absorb.type,
                p.absorb.country or "",
                p.absorb_uses,
                p.reason,
            )
            value = cells[index.column()]
            if role == Qt.ItemDataRole.ToolTipRole:
                actor = p.keep if index.column() < 4 else p.absorb
                aliases = "; ".join(actor.aliases) or "—"
                return plain_tip(f"{actor.name} — id {actor.id}; aliases: {aliases}")
            return value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Let the first column be checked and unchecked."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(  # noqa: N802 (Qt override)
        self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """Check or uncheck a row (nothing is stored until the dialog's choice is acted on)."""
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        self.checked[index.row()] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [role])
        return True


class ActorLinksDialog(QDialog):
    """Proposed actor links, all checked; the choice is "link", "decline" or "later"."""

    def __init__(self, proposals: list[ActorLinkProposal], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Link same-name actors")
        self.choice = "later"
        intro = QLabel(
            "These actors look like one actor under two ids (the same name, or one's name is "
            "the other's alias). Linking merges the second into the first, which keeps both "
            "names and all marks; Edit › Undo splits them again."
        )
        intro.setWordWrap(True)
        self.model = ActorLinksModel(proposals, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox()
        self.link_button = QPushButton("&Link checked")
        self.decline_button = QPushButton("Ne&ver propose checked")
        self.later_button = QPushButton("&Not now")
        self.link_button.setDefault(True)
        self.decline_button.setToolTip("Remember that the checked pairs are different actors")
        buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.decline_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.link_button.clicked.connect(lambda: self._choose("link"))
        self.decline_button.clicked.connect(lambda: self._choose("decline"))
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 320)

    def checked(self) -> list[ActorLinkProposal]:
        """Return the proposals whose rows are checked."""
        return [p for p, on in zip(self.model.proposals, self.model.checked, strict=True) if on]

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
