"""The actor registry: reading, editing, merging and splitting actors."""

from __future__ import annotations

from collections.abc import Iterable

from dataclasses import dataclass

from annotator.core.errors import ValidationError
from annotator.core.model import Actor, Mark, MarkKind, new_id, utc_now
from annotator.core.text import fold_name
from annotator.services.marks import MarkEdit, MarksMixin
from annotator.storage.actors import Stamps


@dataclass(frozen=True)
class ActorMerge:
    """What merging one actor into another did, so that unmerging can reverse it exactly."""

    keep_id: str
    absorbed: Actor  # as it was before the merge
    absorbed_stamps: Stamps  # its creator and times, put back by unmerge
    moved: tuple[tuple[Mark, str], ...]  # (mark as it was, role) for each reference moved
    added_aliases: tuple[str, ...]  # the aliases the kept actor gained
    confirmed_aliases: tuple[str, ...] = ()  # its implicit aliases the absorbed one had explicit


class ActorsMixin(MarksMixin):
    """Reading and editing the actor registry; each edit returns what its undo needs."""

    # -- reading ----------------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Return every actor in the registry."""
        return self.store.list_actors()

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks, of any coder, refer to an actor."""
        return self.store.actor_usage(actor_id)

    def actor(self, actor_id: str) -> Actor:
        """Return an actor."""
        return self.store.get_actor(actor_id)

    def actors_by_ids(self, actor_ids: list[str]) -> list[Actor]:
        """Return the actors with these ids, sorted by name."""
        return self.store.actors_by_ids(actor_ids)

    def actors_named(self, text: str) -> list[Actor]:
        """Return the actors whose name or an alias is the text, folded alike (an index look-up)."""
        return self.store.actors_with_alias(text)

    def actor_use_counts(self, actor_ids: Iterable[str]) -> dict[str, int]:
        """Return how many marks, of any coder, refer to each of these actors (a page's worth)."""
        return self.store.actor_use_counts(actor_ids)

    def search_actors(self, text: str) -> list[tuple[Actor, int]]:
        """Return actors whose name or an alias contains text (any case), with use counts."""
        return self.store.search_actors(text.strip())

    # -- editing ----------------------------------------------------------------------------

    def update_actor(self, actor: Actor) -> Actor:
        """Replace an actor's name, type, country and aliases; return it as it was.

        The aliases in ``actor.implicit_aliases`` stay implicit; every other one is explicit
        (the coder typed or kept it), so an actor built without them confirms all its aliases.
        """
        actor = self._checked_actor(actor)
        with self.store.transaction():
            previous = self.store.get_actor(actor.id)
            self.store.replace_actor(actor)
        self.actors_changed.emit(frozenset({actor.id}))
        return previous

    def confirm_alias(self, actor_id: str, alias: str) -> Actor:
        """Make an implicit alias (a mention's text) explicit; return the actor as it was.

        Its aliases equal to ``alias`` ignoring case and spacing are confirmed: from then on
        they are suggested everywhere, not only after the actor's full name. Undo with
        ``update_actor`` of the returned actor.
        """
        wanted = fold_name(alias)
        with self.store.transaction():
            previous = self.store.get_actor(actor_id)
            if not any(fold_name(a) == wanted for a in (previous.name, *previous.aliases)):
                raise ValidationError(f"actor {previous.name!r} has no alias {alias!r}")
            confirmed = [a for a in previous.implicit_aliases if fold_name(a) == wanted]
            self.store.set_aliases_implicit(actor_id, confirmed, implicit=False)
        if confirmed:
            self.actors_changed.emit(frozenset({actor_id}))
        return previous

    def delete_actor(self, actor_id: str) -> Actor:
        """Delete an actor no mark uses; return it so that undo can restore it."""
        with self.store.transaction():
            actor = self.store.get_actor(actor_id)
            uses = self.store.actor_usage(actor_id)
            if uses:
                raise ValidationError(
                    f"actor {actor.name!r} is used by {uses} mark(s) and cannot be deleted; "
                    "merge it into another actor instead"
                )
            self.store.delete_actor(actor_id)
        self.actors_changed.emit(frozenset({actor_id}))
        return actor

    def restore_actor(self, actor: Actor) -> None:
        """Put back a deleted actor with its aliases (undo of delete_actor)."""
        with self.store.transaction():
            self.store.insert_actor(actor, created_by=self._annotator, if_absent=True)
        self.actors_changed.emit(frozenset({actor.id}))

    def merge_actors(self, keep_id: str, absorb_id: str) -> ActorMerge:
        """Move every reference to one actor onto another, which takes its name and aliases."""
        if keep_id == absorb_id:
            raise ValidationError("an actor cannot be merged into itself")
        now = utc_now()
        with self.store.transaction():
            keep = self.store.get_actor(keep_id)
            absorbed = self.store.get_actor(absorb_id)
            stamps = self.store.actor_stamps(absorb_id)
            refs = self.store.actor_references(absorb_id)
            changes = []
            for mark_id in dict.fromkeys(m for m, _ in refs):
                old = self.store.get_mark(mark_id)
                roles = {role: keep_id for m, role in refs if m == mark_id}
                new = old.with_changes(**roles, updated_at=now)
                self.store.update_mark(new)
                changes.append((old, new))
            # The absorbed actor's name and aliases come explicit, but for the texts it had
            # only from mentions (an actor named after its first mention has that text as an
            # implicit alias too); one explicit there confirms the same implicit alias here.
            implicit = set(absorbed.implicit_aliases)
            forms = dict.fromkeys((absorbed.name, *absorbed.aliases))
            added = tuple(alias for alias in forms if alias not in keep.aliases)
            for alias in added:
                self.store.add_alias(keep_id, alias, implicit=alias in implicit)
            confirmed = tuple(
                alias for alias in keep.implicit_aliases if alias in forms and alias not in implicit
            )
            self.store.set_aliases_implicit(keep_id, confirmed, implicit=False)
            self.store.delete_actor(absorb_id)
        self._emit_changes({keep_id, absorb_id}, changes)
        old_by_id = {old.id: old for old, _ in changes}
        moved = tuple((old_by_id[m], role) for m, role in refs)
        return ActorMerge(keep_id, absorbed, stamps, moved, added, confirmed)

    def unmerge_actors(self, merge: ActorMerge) -> None:
        """Undo a merge: re-create the absorbed actor and move its references back."""
        absorbed_id, keep_id = merge.absorbed.id, merge.keep_id
        roles_of: dict[str, list[str]] = {}
        old_of: dict[str, Mark] = {}
        for old, role in merge.moved:
            roles_of.setdefault(old.id, []).append(role)
            old_of[old.id] = old
        now = utc_now()
        changes = []
        with self.store.transaction():
            self.store.insert_actor(merge.absorbed, None, stamps=merge.absorbed_stamps)
            for alias in merge.added_aliases:
                self.store.remove_alias(keep_id, alias)
            self.store.set_aliases_implicit(keep_id, merge.confirmed_aliases, implicit=True)
            for mark_id, roles in roles_of.items():
                if not self.store.has_mark(mark_id):
                    continue  # deleted since (outside this undo history): nothing to move
                current = self.store.get_mark(mark_id)
                merged = old_of[mark_id].with_changes(
                    **dict.fromkeys(roles, keep_id), updated_at=current.updated_at
                )
                if current == merged:
                    # Untouched since the merge: as before, but stamped now, or a teammate's
                    # copy of the merge's edit (stamped later than before) would win it back.
                    restored = old_of[mark_id].with_changes(updated_at=now)
                else:
                    back = {r: absorbed_id for r in roles if getattr(current, r) == keep_id}
                    restored = current.with_changes(**back, updated_at=now)
                if restored != current:
                    self.store.update_mark(restored)
                    changes.append((current, restored))
        self._emit_changes({keep_id, absorbed_id}, changes)

    def split_mention(
        self, mark_id: str, name: str | None = None, actor_id: str | None = None
    ) -> tuple[MarkEdit, Actor]:
        """Point an actor mention at a new actor of its own (named after its text unless named).

        ``actor_id`` reuses an id (redo passes the first split's id so later steps still find
        the actor). Undo with ``update_mark(old, restore_actors=edit.removed_actors)``.
        """
        old = self.store.get_mark(mark_id)
        if old.kind != MarkKind.ACTOR:
            raise ValidationError(f"only an actor mention can be split off, not a {old.kind.value}")
        actor = self._checked_actor(
            Actor(
                id=actor_id or new_id(),
                name=old.text if name is None else name,
                type=old.label,
                aliases=(old.text,),
                implicit_aliases=(old.text,),
            )
        )
        edit = self.update_mark(old.with_changes(actor_id=actor.id), restore_actors=(actor,))
        return edit, actor

    # -- helpers ----------------------------------------------------------------------------

    def _checked_actor(self, actor: Actor) -> Actor:
        """Return the actor with its fields trimmed, or raise if it breaks a rule."""
        name = actor.name.strip()
        if not name:
            raise ValidationError("an actor's name must not be empty")
        if not self.tagset.has_span_label(MarkKind.ACTOR, actor.type):
            raise ValidationError(f"{actor.type!r} is not an actor label of the tag set")
        aliases = tuple(dict.fromkeys(a.strip() for a in actor.aliases if a.strip()))
        implicit = {a.strip() for a in actor.implicit_aliases}
        country = (actor.country or "").strip() or None
        return Actor(
            actor.id, name, actor.type, country, aliases, tuple(a for a in aliases if a in implicit)
        )

    def _emit_changes(self, actor_ids: set[str], changes: list[tuple[Mark, Mark]]) -> None:
        self.actors_changed.emit(frozenset(actor_ids))
        for old, new in changes:
            self.mark_changed.emit(old, new)
