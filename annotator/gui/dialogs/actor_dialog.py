"""Dialogs of the actor registry: edit one actor, and choose the actor to merge another into."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Actor


class ActorDialog(QDialog):
    """Edit an actor's name, type, country and aliases (one alias per line).

    An alias kept as it was stays implicit or explicit; a new or edited one is explicit. The
    one-word implicit aliases, suggested only after the actor's name, are named under the
    aliases with a box that confirms them.
    """

    def __init__(self, actor: Actor, actor_types: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Edit actor")
        self._actor = actor
        self.name = QLineEdit(actor.name)
        self.type = QComboBox()
        self.type.addItems(list(actor_types))
        if self.type.findText(actor.type) < 0:
            self.type.addItem(actor.type)  # a type the tag set dropped stays choosable
        self.type.setCurrentText(actor.type)
        self.country = QLineEdit(actor.country or "")
        self.aliases = QPlainTextEdit("\n".join(actor.aliases))
        self.aliases.setTabChangesFocus(True)
        self.aliases.setMaximumHeight(110)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Type", self.type)
        form.addRow("&Country", self.country)
        form.addRow("&Aliases\n(one a line)", self.aliases)
        self._waiting = actor.aliases_after_name()
        words = ", ".join(f"“{alias}”" for alias in self._waiting)
        self.confirm = QCheckBox(f"Suggest {words} everywhere, not only after the name")
        self.confirm.setToolTip(
            "Made from a mention's text: suggested only where the actor's name (or a confirmed "
            "alias) comes earlier in the article. Tick to confirm."
        )
        if self._waiting:
            form.addRow("", self.confirm)
        else:
            self.confirm.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(self._name_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.selectAll()
        self.name.setFocus()

    def ok_button(self) -> QPushButton:
        """Return the OK button."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def edited_actor(self) -> Actor:
        """Return the actor with the fields as edited."""
        aliases = tuple(
            line.strip() for line in self.aliases.toPlainText().splitlines() if line.strip()
        )
        confirmed = set(self._waiting) if self.confirm.isChecked() else set()
        implicit = set(self._actor.implicit_aliases) - confirmed
        return Actor(
            id=self._actor.id,
            name=self.name.text().strip(),
            type=self.type.currentText(),
            country=self.country.text().strip() or None,
            aliases=aliases,
            implicit_aliases=tuple(a for a in aliases if a in implicit),
        )

    def _name_changed(self, text: str) -> None:
        self.ok_button().setEnabled(bool(text.strip()))


class MergeActorsDialog(QDialog):
    """Choose the actor that absorbs another: its marks and aliases move there."""

    def __init__(
        self, absorb: Actor, candidates: Sequence[tuple[Actor, int]], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Merge actors")
        name = " ".join(absorb.name.split())
        self.explanation = QLabel(
            f"Merge “{name}” into the actor chosen below. Every mark, of every coder, that "
            f"refers to “{name}” will refer to that actor instead, and “{name}” and its aliases "
            "become its aliases. Undo separates them again."
        )
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setWordWrap(True)
        self.target = QComboBox()
        for actor, uses in candidates:
            if actor.id != absorb.id:
                label = f"{' '.join(actor.name.split())} — {actor.type} ({uses} use(s))"
                self.target.addItem(label, actor.id)
        self.target.setCurrentIndex(_likely_target(absorb, candidates, self.target))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Merge")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.target.count() > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        form = QFormLayout()
        form.addRow("&Into", self.target)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.target.setFocus()

    def keep_id(self) -> str | None:
        """Return the id of the chosen actor."""
        data = self.target.currentData()
        return str(data) if data is not None else None


def _likely_target(absorb: Actor, candidates: Sequence[tuple[Actor, int]], box: QComboBox) -> int:
    """Return the combo index of an actor whose name contains, or is in, the absorbed name."""
    mine = {absorb.name.casefold(), *(a.casefold() for a in absorb.aliases)}
    for actor, _ in candidates:
        theirs = actor.name.casefold()
        if actor.id != absorb.id and any(m in theirs or theirs in m for m in mine):
            return box.findData(actor.id)
    return 0
