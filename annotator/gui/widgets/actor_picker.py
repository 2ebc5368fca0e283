"""The actor picker: which registry actor a new mention refers to, chosen by keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from annotator.core.model import Actor
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

_NEW = "__new__"


@dataclass(frozen=True)
class ActorChoice:
    """The picker's answer: an existing actor's id, or the name of a new actor."""

    actor_id: str | None = None
    new_name: str | None = None


class ActorPickerPopup(QFrame):
    """A popup with a name field and ranked matches; Enter accepts, Esc cancels."""

    chosen = Signal(object)  # ActorChoice
    cancelled = Signal()

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent, Qt.WindowType.Popup)  # type: ignore[arg-type]
        self._session = session
        self._label = ""
        self._initial = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Actor name")
        self.matches = QListWidget()
        self.matches.setMinimumWidth(360)
        hint = QLabel("Enter: accept · ↑/↓: choose · type a new name to create one · Esc: cancel")
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        for widget in (self.title, self.name_edit, self.matches, hint):
            layout.addWidget(widget)
        self.name_edit.textEdited.connect(self._refill)
        self.name_edit.installEventFilter(self)
        # One click answers, as Enter does (a platform that activates on a single click sends
        # both signals: accept() answers once).
        self.matches.itemClicked.connect(self._clicked)
        self.matches.itemActivated.connect(lambda _item: self.accept())
        self._answered = False
        self._actors: list[Actor] = []
        self._recent: list[str] = []

    def open_for(self, text: str, label: str, at: QPoint) -> None:
        """Show the picker for a mention's text and actor type, at a global position."""
        self._label, self._initial, self._answered = label, text, False
        # Fetched once per opening; each keystroke then ranks them without a query.
        self._actors = self._session.actors()
        self._recent = self._session.recent_actor_ids()
        self.title.setText(f"Actor mention “{text}” — {label}")
        self.name_edit.setText(text)
        self.name_edit.selectAll()
        self._refill(text)
        self.adjustSize()
        self.move(on_screen(at, self.size(), self.screen().availableGeometry()))
        self.show()
        self.name_edit.setFocus()

    def _refill(self, text: str) -> None:
        self.matches.clear()
        candidates = self._session.actor_candidates(text, actors=self._actors, recent=self._recent)
        wanted = " ".join(text.split())
        matched = [c.actor for c in candidates if c.match != "recent"]
        recent = [c.actor for c in candidates if c.match == "recent"]
        exact = any(c.match == "exact" for c in candidates)
        for actor in matched:
            self.matches.addItem(self._item(actor))
        new_row = -1
        if wanted and not exact:
            new_row = self.matches.count()
            # An ASCII plus: the fullwidth one is a missing glyph in DejaVu, the usual Linux font.
            new = QListWidgetItem(f"+ New actor “{wanted}” ({self._label})")
            new.setData(Qt.ItemDataRole.UserRole, _NEW)
            self.matches.addItem(new)
        for actor in recent:  # offered after the text matches, never preselected
            self.matches.addItem(self._item(actor, recent=True))
        # Preselect an exact match; on first opening also a prefix or word match; else "new".
        edited = text != self._initial
        if matched and (exact or not edited):
            self.matches.setCurrentRow(0)
        else:
            self.matches.setCurrentRow(new_row if new_row >= 0 else 0)

    def _item(self, actor: Actor, recent: bool = False) -> QListWidgetItem:
        country = f", {actor.country}" if actor.country else ""
        used = " · recently used" if recent else ""
        item = QListWidgetItem(f"{actor.name} — {actor.type}{country}{used}")
        item.setToolTip(plain_tip("Aliases: " + "; ".join(actor.aliases)))
        item.setData(Qt.ItemDataRole.UserRole, actor.id)
        return item

    def _clicked(self, item: QListWidgetItem) -> None:
        self.matches.setCurrentItem(item)
        self.accept()

    def accept(self) -> None:
        """Answer with the highlighted match (or the new actor) and close."""
        item = self.matches.currentItem()
        if item is None or self._answered:
            return
        value = item.data(Qt.ItemDataRole.UserRole)
        choice = (
            ActorChoice(new_name=" ".join(self.name_edit.text().split()))
            if value == _NEW
            else ActorChoice(actor_id=value)
        )
        self._answered = True
        self.hide()
        self.chosen.emit(choice)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Let the name field drive the list: arrows move, Enter accepts, Esc cancels."""
        if watched is self.name_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if key == Qt.Key.Key_Up else 1
                row = self.matches.currentRow() + step
                self.matches.setCurrentRow(max(0, min(row, self.matches.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept()
                return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """A popup closed without an answer (Esc, a click outside) is a cancel."""
        super().hideEvent(event)  # type: ignore[arg-type]
        if not self._answered:
            self._answered = True
            self.cancelled.emit()


def on_screen(at: QPoint, size: QSize, free: QRect) -> QPoint:
    """Return where a popup of this size goes at ``at``, moved left or up to stay on screen."""
    x = max(free.left(), min(at.x(), free.right() + 1 - size.width()))
    y = max(free.top(), min(at.y(), free.bottom() + 1 - size.height()))
    return QPoint(x, y)
