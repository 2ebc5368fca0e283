"""Linking actors that are one actor under two ids (typically after merging two registries).

Proposals come from the names: actors whose names are the same once folded (case, accents,
spaces, compatibility forms), or where one's name is an alias of the other. Nothing is linked
without the user's word; a declined pair is remembered and not proposed again, and a link is
remembered so that merging the teammate's file again does not bring the absorbed actor back.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.actor_links import ActorLinkProposal, name_key
from annotator.core.errors import ValidationError
from annotator.core.model import Actor
from annotator.services.actors import ActorMerge, ActorsMixin


class ActorLinksMixin(ActorsMixin):
    """Propose, link, unlink and decline links between actors of the registry."""

    def proposed_actor_links(self, include_declined: bool = False) -> list[ActorLinkProposal]:
        """Return the pairs of actors that look like one, declined pairs left out.

        Actors that match form a group; each group's actor with the most marks (then the one
        whose aliases hold the others' names, then the older one) is kept, and every other
        member is proposed to be linked into it.
        """
        with self.store.snapshot():
            declined = set() if include_declined else self.store.declined_actor_links()
            groups = _groups(self.store.list_actors())
            members = [a.id for group in groups for a in group]
            uses = self.store.actor_use_counts(members)  # of the few in groups, not of all
            created = {a.id: self.store.actor_stamps(a.id)[1] for group in groups for a in group}
        proposals = []
        for group in groups:
            keep, *others = sorted(
                group,
                key=lambda a: (-uses[a.id], -_aliases_of_others(a, group), created[a.id], a.id),
            )
            for absorb in others:
                if tuple(sorted((keep.id, absorb.id))) in declined:
                    continue
                proposals.append(
                    ActorLinkProposal(
                        keep, absorb, uses[keep.id], uses[absorb.id], _reason(keep, absorb)
                    )
                )
        proposals.sort(key=lambda p: (p.keep.name.casefold(), p.keep.id, p.absorb.id))
        return proposals

    def link_actors(self, keep_id: str, absorb_id: str) -> ActorMerge:
        """Merge one actor into another and remember the link; return what unlinking needs."""
        with self.store.transaction():
            self.store.record_actor_link(absorb_id, keep_id, self.annotator)
            return self.merge_actors(keep_id, absorb_id)

    def unlink_actors(self, merge: ActorMerge) -> None:
        """Undo a link: split the actors apart as they were and forget the link."""
        with self.store.transaction():
            self.store.forget_actor_link(merge.absorbed.id)
            self.unmerge_actors(merge)

    def decline_actor_links(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Remember that each pair of actor ids is two actors; return how many pairs."""
        pairs = list(pairs)
        if any(first == second for first, second in pairs):
            raise ValidationError("an actor cannot be declined as a link to itself")
        with self.store.transaction():
            for first, second in pairs:
                self.store.get_actor(first)  # both must exist: a typo is an error, not a no-op
                self.store.get_actor(second)
                self.store.decline_actor_link(first, second, self.annotator)
        return len(pairs)


def _groups(actors: list[Actor]) -> list[list[Actor]]:
    """Return the groups (two or more) of actors joined by a shared name or a name-alias match."""
    parent = {a.id: a.id for a in actors}

    def root(actor_id: str) -> str:
        while parent[actor_id] != actor_id:
            parent[actor_id] = parent[parent[actor_id]]
            actor_id = parent[actor_id]
        return actor_id

    by_name: dict[str, str] = {}  # name key -> the first actor with that name
    for actor in actors:
        first = by_name.setdefault(name_key(actor.name), actor.id)
        parent[root(actor.id)] = root(first)
    for actor in actors:
        for alias in actor.aliases:
            other = by_name.get(name_key(alias))
            if other is not None:
                parent[root(actor.id)] = root(other)
    members: dict[str, list[Actor]] = {}
    for actor in actors:
        members.setdefault(root(actor.id), []).append(actor)
    return [group for group in members.values() if len(group) > 1]


def _aliases_of_others(actor: Actor, group: list[Actor]) -> int:
    """Count the group's other names among an actor's aliases (the fuller entry is kept)."""
    aliases = {name_key(alias) for alias in actor.aliases}
    return sum(1 for other in group if other.id != actor.id and name_key(other.name) in aliases)


def _reason(keep: Actor, absorb: Actor) -> str:
    """Say why two actors of one group were paired."""
    keep_key, absorb_key = name_key(keep.name), name_key(absorb.name)
    if keep_key == absorb_key:
        return "same name"
    if keep_key in map(name_key, absorb.aliases) or absorb_key in map(name_key, keep.aliases):
        return "alias"
    return "through another actor"
