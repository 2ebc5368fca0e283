"""Undoable edits: each command calls one Session method (one transaction) per redo/undo.

A command remembers the article it edited and shows that article before it applies, so undo
never changes an article the user cannot see. It also carries what the last application did
besides the mark (actors removed, aliases added) so the reverse step restores exactly that.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.errors import AnnotatorError
from annotator.core.model import Actor, DocumentLabels, Mark
from annotator.session import MarkEdit, Session, Suggestion

Reveal = Callable[[str], None]  # shows an article by id


class SessionCommand(QUndoCommand):
    """Shows the command's article, applies one step, and drops itself if the first step fails."""

    def __init__(
        self,
        session: Session,
        text: str,
        article_id: str | None = None,
        reveal: Reveal | None = None,
    ):
        super().__init__(text)
        self._session = session
        self._article_id = article_id
        self._reveal = reveal
        self._applied_once = False
        # PySide6 rewrites the message of an exception leaving redo() ("Error calling Python
        # override of …"), so the original text is kept here for the user.
        self.failure: str | None = None

    @property
    def session(self) -> Session:
        """Return the session the command edits (push_or_explain asks it before pushing)."""
        return self._session

    def redo(self) -> None:
        """Apply the edit."""
        self._show()
        try:
            self._forward()
        except Exception as exc:
            self.failure = str(exc)
            if not self._applied_once:
                self.setObsolete(True)  # QUndoStack.push() then discards it
            raise
        self._applied_once = True

    def undo(self) -> None:
        """Reverse the edit."""
        self._show()
        self._backward()

    def _show(self) -> None:
        if self._reveal is not None and self._article_id is not None:
            self._reveal(self._article_id)

    def _forward(self) -> None:
        raise NotImplementedError

    def _backward(self) -> None:
        raise NotImplementedError


class AddMarkCommand(SessionCommand):
    """Create a mark (and the new actor it introduces); undo deletes both."""

    def __init__(self, session: Session, mark: Mark, new_actors: tuple[Actor, ...], reveal: Reveal):
        super().__init__(
            session, f"Mark {mark.kind.value} “{short(mark.text)}”", mark.article_id, reveal
        )
        self.mark = mark
        self._actors_to_restore = new_actors
        self._alias_to_drop: tuple[str, str] | None = None

    def _forward(self) -> None:
        edit = self._session.add_mark(self.mark, self._actors_to_restore)
        self._alias_to_drop = edit.added_alias

    def _backward(self) -> None:
        # Only the actors this mark brought may go with it; older ones stay, even if unused.
        created = {a.id for a in self._actors_to_restore}
        edit = self._session.remove_mark(
            self.mark.id, drop_alias=self._alias_to_drop, orphans=created
        )
        self._actors_to_restore = edit.removed_actors


class AddMarksCommand(SessionCommand):
    """Create several marks at once (accepting suggestions); one undo step deletes them all."""

    def __init__(self, session: Session, marks: list[Mark], text: str, reveal: Reveal):
        super().__init__(session, text, marks[0].article_id if marks else None, reveal)
        self.marks = marks
        self._aliases_to_drop: list[tuple[str, str]] = []

    def _forward(self) -> None:
        edits = self._session.add_marks(self.marks)
        self._aliases_to_drop = [e.added_alias for e in edits if e.added_alias]

    def _backward(self) -> None:
        self._session.remove_marks([m.id for m in self.marks], self._aliases_to_drop)


class RemoveMarkCommand(SessionCommand):
    """Delete a mark; undo restores it, with the same id, and any actor it took along."""

    def __init__(self, session: Session, mark: Mark, reveal: Reveal):
        super().__init__(
            session, f"Delete {mark.kind.value} “{short(mark.text)}”", mark.article_id, reveal
        )
        self.mark = mark
        self._actors_to_restore: tuple[Actor, ...] = ()

    def _forward(self) -> None:
        self._actors_to_restore = self._session.remove_mark(self.mark.id).removed_actors

    def _backward(self) -> None:
        self._session.add_mark(self.mark, self._actors_to_restore)


class UpdateMarkCommand(SessionCommand):
    """Change a mark's fields; undo restores the old values, actors and aliases."""

    RESIZE_ID = 1001  # consecutive resizes of one mark merge into one undo step

    def __init__(self, session: Session, old: Mark, new: Mark, what: str, reveal: Reveal):
        super().__init__(session, f"Change {what} of “{short(old.text)}”", old.article_id, reveal)
        self._old = old
        self._new = new
        self._what = what
        # What the last forward step did besides writing the mark, for undo to reverse.
        self._last: MarkEdit | None = None

    def id(self) -> int:
        """Return the merge id: resizes merge, other edits never do."""
        return self.RESIZE_ID if self._what == "extent" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        """Absorb a following resize of the same mark (already applied by its redo)."""
        if not isinstance(other, UpdateMarkCommand) or other._new.id != self._new.id:
            return False
        self._new = other._new
        return True

    def _forward(self) -> None:
        self._last = self._session.update_mark(self._new)

    def _backward(self) -> None:
        last = self._last
        self._session.update_mark(
            self._old,
            restore_actors=last.removed_actors if last else (),
            drop_alias=last.added_alias if last else None,
            remove_orphans=False,  # the state before had every actor now referred to
        )


class RejectSuggestionCommand(SessionCommand):
    """Reject a suggested mention; undo offers it again."""

    def __init__(self, session: Session, suggestion: Suggestion, reveal: Reveal):
        super().__init__(
            session, f"Reject suggestion “{short(suggestion.text)}”", suggestion.article_id, reveal
        )
        self._suggestion = suggestion

    def _forward(self) -> None:
        self._session.reject_suggestion(self._suggestion)

    def _backward(self) -> None:
        self._session.unreject_suggestion(self._suggestion)


class SetDocumentLabelsCommand(SessionCommand):
    """Change an article's document-level labels; undo restores the old ones."""

    def __init__(
        self, session: Session, old: DocumentLabels, new: DocumentLabels, what: str, reveal: Reveal
    ):
        super().__init__(session, f"Set {what}", old.article_id, reveal)
        self._old = old
        self._new = new

    def _forward(self) -> None:
        self._session.set_document_labels(self._new)

    def _backward(self) -> None:
        self._session.set_document_labels(self._old)


# While another program writes the project, an edit is tried again this often, this many times
# (each try waits up to the window's busy timeout, a second) before it is given up and said.
RETRY_MS = 500
RETRIES = 10
WAITING = "Waiting for another program writing to the project…"


def push_or_explain(
    undo_stack: QUndoStack,
    command: QUndoCommand,
    say: Callable[[str, int], None],
    tries: int = RETRIES,
) -> bool:
    """Apply an edit through the undo stack; if the session refuses it, say why, keep nothing.

    While another program is writing the project, the edit is not tried (the window would
    freeze waiting): it is said to wait and tried again in the background (False now; it lands
    on the undo stack when it succeeds, or is said to have failed after the last try).
    """
    session = getattr(command, "session", None)
    if tries > 0 and session is not None and not session.store.writable_now():
        say(WAITING, RETRY_MS * 3)
        QTimer.singleShot(RETRY_MS, lambda: _try_again(undo_stack, command, say, tries - 1))
        return False
    try:
        undo_stack.push(command)
    except AnnotatorError as exc:
        reason = getattr(command, "failure", None) or str(exc)
        say(f"Not saved: {reason}", 8000)
        return False
    return True


def _try_again(
    undo_stack: QUndoStack, command: QUndoCommand, say: Callable[[str, int], None], tries: int
) -> None:
    if push_or_explain(undo_stack, command, say, tries):
        say("Saved, after waiting for another program writing to the project.", 5000)


def short(text: str, limit: int = 30) -> str:
    """Return text on one line, cut with an ellipsis past the limit (for command names)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
