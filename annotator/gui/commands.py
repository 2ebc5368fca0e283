"""Undoable edits: each command calls one Session method (one transaction) per redo/undo."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Actor, DocumentLabels, Mark
from annotator.session import Session


class AddMarkCommand(QUndoCommand):
    """Create a mark (and the new actor it introduces); undo deletes both."""

    def __init__(self, session: Session, mark: Mark, new_actor: Actor | None):
        super().__init__(f"Mark {mark.kind.value} “{_short(mark.text)}” as {mark.label}")
        self._session = session
        self.mark = mark
        self._new_actor = new_actor

    def redo(self) -> None:
        """Store the mark."""
        self._session.add_mark(self.mark, self._new_actor)

    def undo(self) -> None:
        """Delete the mark, and the actor it created."""
        self._session.remove_mark(
            self.mark.id, remove_actor_id=self._new_actor.id if self._new_actor else None
        )


class RemoveMarkCommand(QUndoCommand):
    """Delete a mark; undo restores it with the same id."""

    def __init__(self, session: Session, mark: Mark):
        super().__init__(f"Delete {mark.kind.value} “{_short(mark.text)}”")
        self._session = session
        self.mark = mark

    def redo(self) -> None:
        """Delete the mark."""
        self._session.remove_mark(self.mark.id)

    def undo(self) -> None:
        """Put the mark back."""
        self._session.add_mark(self.mark)


class UpdateMarkCommand(QUndoCommand):
    """Change a mark's fields; undo restores the old values."""

    def __init__(self, session: Session, old: Mark, new: Mark, what: str):
        super().__init__(f"Change {what} of “{_short(old.text)}”")
        self._session = session
        self._old = old
        self._new = new

    def redo(self) -> None:
        """Store the new values."""
        self._session.update_mark(self._new)

    def undo(self) -> None:
        """Store the old values."""
        self._session.update_mark(self._old)


class SetDocumentLabelsCommand(QUndoCommand):
    """Change an article's document-level labels; undo restores the old ones."""

    def __init__(self, session: Session, old: DocumentLabels, new: DocumentLabels, what: str):
        super().__init__(f"Set {what}")
        self._session = session
        self._old = old
        self._new = new

    def redo(self) -> None:
        """Store the new labels."""
        self._session.set_document_labels(self._new)

    def undo(self) -> None:
        """Store the old labels."""
        self._session.set_document_labels(self._old)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
