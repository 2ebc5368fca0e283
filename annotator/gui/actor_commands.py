"""Undoable edits of the actor registry: each redo/undo calls one Session method."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import Actor, Mark
from annotator.gui.commands import SessionCommand, short
from annotator.session import ActorMerge, MarkEdit, Session


class ActorCommand(SessionCommand):
    """An edit of the registry itself: no article to show first."""

    def __init__(self, session: Session, text: str):
        super().__init__(session, text)


class UpdateActorCommand(ActorCommand):
    """Rename an actor or change its type, country or aliases; undo restores the old values."""

    def __init__(self, session: Session, old: Actor, new: Actor):
        what = (
            f"Rename actor “{short(old.name)}” to “{short(new.name)}”"
            if new.name.strip() != old.name
            else f"Edit actor “{short(old.name)}”"
        )
        super().__init__(session, what)
        self._old = old
        self._new = new

    def _forward(self) -> None:
        self._old = self._session.update_actor(self._new)

    def _backward(self) -> None:
        self._session.update_actor(self._old)


class MergeActorsCommand(ActorCommand):
    """Merge one actor into another; undo splits them apart exactly as they were."""

    def __init__(self, session: Session, keep: Actor, absorb: Actor):
        super().__init__(session, f"Merge “{short(absorb.name)}” into “{short(keep.name)}”")
        self._keep_id = keep.id
        self._absorb_id = absorb.id
        self._merge: ActorMerge | None = None

    def _forward(self) -> None:
        self._merge = self._session.merge_actors(self._keep_id, self._absorb_id)

    def _backward(self) -> None:
        if self._merge is not None:
            self._session.unmerge_actors(self._merge)


class DeleteActorCommand(ActorCommand):
    """Delete an unused actor; undo puts it back with its aliases."""

    def __init__(self, session: Session, actor: Actor):
        super().__init__(session, f"Delete actor “{short(actor.name)}”")
        self._actor_id = actor.id
        self._deleted = actor

    def _forward(self) -> None:
        self._deleted = self._session.delete_actor(self._actor_id)

    def _backward(self) -> None:
        self._session.restore_actor(self._deleted)


class SplitMentionCommand(ActorCommand):
    """Give a mention an actor of its own; undo points it back at the actor it had."""

    def __init__(
        self,
        session: Session,
        mark: Mark,
        name: str | None = None,
        reveal: Callable[[str], None] | None = None,
    ):
        super().__init__(session, f"Split “{short(mark.text)}” off into a new actor")
        self._article_id = mark.article_id  # shown first, by SessionCommand, when reveal is set
        self._reveal = reveal
        self._old = mark
        self._name = name
        self.actor: Actor | None = None  # the new actor, once applied
        self._edit: MarkEdit | None = None
        self._alias_to_drop: tuple[str, str] | None = None

    def _forward(self) -> None:
        if self._old.actor_id and not self._applied_once:
            # Pointing back gives the old actor the mention's text as an alias; if it did not
            # have that alias before the split, undo must take it away again.
            had = self._old.text in self._session.actor(self._old.actor_id).aliases
            self._alias_to_drop = None if had else (self._old.actor_id, self._old.text)
        # Redo reuses the first actor id, so that later steps on the stack still find it.
        self._edit, self.actor = self._session.split_mention(
            self._old.id, self._name, actor_id=self.actor.id if self.actor else None
        )

    def _backward(self) -> None:
        removed = self._edit.removed_actors if self._edit else ()
        self._session.update_mark(self._old, restore_actors=removed, drop_alias=self._alias_to_drop)
