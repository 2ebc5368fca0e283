"""The actor registry and its aliases."""

from __future__ import annotations

from collections.abc import Iterable

import json
from typing import Any

from annotator.core.errors import NotFoundError
from annotator.core.model import Actor, utc_now
from annotator.core.text import fold_name
from annotator.storage.deletions import DeletionQueries

Stamps = tuple[str | None, str, str]  # created_by, created_at, updated_at of an actor row
ROLES = ("actor_id", "speaker_id", "target_id")  # the mark columns that refer to an actor

# One statement for a row's use count: SQLite answers the OR from the three column indexes.
_USES = (
    "(SELECT count(*) FROM marks m "
    " WHERE m.actor_id = a.id OR m.speaker_id = a.id OR m.target_id = a.id)"
)


class ActorQueries(DeletionQueries):
    """Reads and writes of actors and aliases."""

    # -- actors -----------------------------------------------------------------------------

    def insert_actor(
        self,
        actor: Actor,
        created_by: str | None,
        if_absent: bool = False,
        stamps: Stamps | None = None,
    ) -> None:
        """Insert a new actor with its aliases (with if_absent, keep an existing one as it is).

        ``stamps`` puts back the creator and times an actor had (undo of a merge uses it); the
        time it changed becomes later than its tombstone, if it has one (storage/deletions.py).
        """
        if if_absent and self.has_actor(actor.id):
            return
        now = utc_now()
        created_by, created_at, updated_at = stamps or (created_by, now, now)
        # Put back after its deletion (undo), it must outlive the tombstone it left.
        updated_at = self.stamp_past_deletion("actors", actor.id, updated_at)
        self.db.execute(
            "INSERT INTO actors (id, name, name_folded, type, country, created_by, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                actor.id,
                actor.name,
                fold_name(actor.name),
                actor.type,
                actor.country,
                created_by,
                created_at,
                updated_at,
            ],
        )
        self._add_aliases(actor)

    def upsert_actor(self, actor: Actor, created_by: str | None) -> None:
        """Insert an actor, or update name, type and country and add aliases if it exists.

        An alias the actor has already keeps whether it is implicit.
        """
        if not self.has_actor(actor.id):
            self.insert_actor(actor, created_by)
            return
        self._update_actor(actor)
        self._add_aliases(actor)

    def replace_actor(self, actor: Actor) -> None:
        """Overwrite an actor's name, type and country, and replace its aliases."""
        if self._update_actor(actor) != 1:
            raise NotFoundError(f"no actor with id {actor.id}")
        self.db.execute("DELETE FROM actor_aliases WHERE actor_id = ?", [actor.id])
        self._add_aliases(actor)

    def _add_aliases(self, actor: Actor) -> None:
        implicit = set(actor.implicit_aliases)
        for alias in actor.aliases:
            self.add_alias(actor.id, alias, implicit=alias in implicit)

    def _update_actor(self, actor: Actor) -> int:
        """Overwrite an actor's name, type and country; return how many rows changed."""
        cursor = self.db.execute(
            "UPDATE actors SET name = ?, name_folded = ?, type = ?, country = ?, updated_at = ? "
            "WHERE id = ?",
            [actor.name, fold_name(actor.name), actor.type, actor.country, utc_now(), actor.id],
        )
        return cursor.rowcount

    def delete_actor(self, actor_id: str) -> None:
        """Delete an actor and its aliases; fails if any mark still refers to it."""
        self.db.execute("DELETE FROM actors WHERE id = ?", [actor_id])

    def add_alias(self, actor_id: str, alias: str, implicit: bool = False) -> bool:
        """Add an alias to an actor; return False (changing nothing) if it has it already.

        ``implicit``: the alias is a mention's text, not typed or confirmed by a coder.
        """
        cursor = self.db.execute(
            "INSERT INTO actor_aliases (actor_id, alias, alias_folded, implicit) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [actor_id, alias, fold_name(alias), int(implicit)],
        )
        return cursor.rowcount == 1

    def set_aliases_implicit(self, actor_id: str, aliases: Iterable[str], implicit: bool) -> None:
        """Mark some of an actor's aliases implicit, or explicit (confirmed)."""
        self.db.conn.executemany(
            "UPDATE actor_aliases SET implicit = ? WHERE actor_id = ? AND alias = ?",
            [(int(implicit), actor_id, alias) for alias in aliases],
        )

    def remove_alias(self, actor_id: str, alias: str) -> None:
        """Remove an alias from an actor."""
        self.db.execute(
            "DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?", [actor_id, alias]
        )

    def has_actor(self, actor_id: str) -> bool:
        """Say whether an actor with this id exists."""
        return self._exists("SELECT 1 FROM actors WHERE id = ?", actor_id)

    def get_actor(self, actor_id: str) -> Actor:
        """Return the actor with this id."""
        actors = self.actors_by_ids([actor_id])
        if not actors:
            raise NotFoundError(f"no actor with id {actor_id}")
        return actors[0]

    def actor_stamps(self, actor_id: str) -> Stamps:
        """Return who created an actor, when, and when it last changed."""
        row = self.db.execute(
            "SELECT created_by, created_at, updated_at FROM actors WHERE id = ?", [actor_id]
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no actor with id {actor_id}")
        return (row[0], row[1], row[2])

    def actors_by_ids(self, actor_ids: list[str]) -> list[Actor]:
        """Return the actors with these ids, sorted by name then id."""
        if not actor_ids:
            return []
        marks = ",".join("?" * len(actor_ids))
        return [a for a, _ in self._actors(f"WHERE a.id IN ({marks})", list(actor_ids))]

    def list_actors(self) -> list[Actor]:
        """Return every actor, sorted by name."""
        return [a for a, _ in self._actors("", [])]

    def actors_with_alias(self, text: str) -> list[Actor]:
        """Return actors whose name or an alias is the text, folded alike (``fold_name``)."""
        # Both sides are served by the folded-name indexes: work in proportion to the answer.
        rows = self._actors(
            "WHERE a.name_folded = :t OR a.id IN "
            "(SELECT actor_id FROM actor_aliases WHERE alias_folded = :t)",
            {"t": fold_name(text)},
        )
        return [a for a, _ in rows]

    def search_actors(self, text: str) -> list[tuple[Actor, int]]:
        """Return actors whose name or an alias contains the text (any case), with use counts."""
        needle = fold_name(text)
        if not needle:
            return self._actors("", [], with_uses=True)
        # instr(), not LIKE: the text may hold % or _, which must match literally. A substring
        # has no index; the folded columns at least spare folding every name per search.
        return self._actors(
            "WHERE instr(a.name_folded, :t) > 0 OR EXISTS (SELECT 1 FROM actor_aliases x "
            " WHERE x.actor_id = a.id AND instr(x.alias_folded, :t) > 0)",
            {"t": needle},
            with_uses=True,
        )

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks refer to this actor in any role."""
        row = self.db.execute(
            "SELECT count(*) FROM marks WHERE actor_id = :a OR speaker_id = :a OR target_id = :a",
            {"a": actor_id},
        ).fetchone()
        return int(row[0])

    def article_actors(self, article_id: str, annotator: str | None = None) -> list[Actor]:
        """Return the actors an article's marks (one coder's, or anyone's) refer to, by name."""
        coder = "" if annotator is None else " AND annotator = :annotator"
        refs = " UNION ".join(
            f"SELECT {role} FROM marks WHERE article_id = :article{coder} AND {role} IS NOT NULL"
            for role in ROLES
        )
        params = {"article": article_id, "annotator": annotator}
        return [a for a, _ in self._actors(f"WHERE a.id IN ({refs})", params)]

    def actor_use_counts(self, actor_ids: Iterable[str]) -> dict[str, int]:
        """Return how many marks refer to each of these actors in any role (0 if none).

        Work in proportion to those actors' uses, not to the marks: for a page of the
        registry, or the members of a group, instead of counting every actor's uses.
        """
        if not actor_ids:
            return {}
        rows = self.db.execute(
            "SELECT a.value, (SELECT count(*) FROM marks m WHERE m.actor_id = a.value "
            "OR m.speaker_id = a.value OR m.target_id = a.value) "
            "FROM json_each(?) a",
            [json.dumps(list(dict.fromkeys(actor_ids)))],
        )
        return {r[0]: int(r[1]) for r in rows}

    def actor_references(self, actor_id: str) -> list[tuple[str, str]]:
        """Return (mark id, role) for every mark column, of any coder, referring to an actor."""
        union = " UNION ALL ".join(
            f"SELECT id, '{role}' FROM marks WHERE {role} = :a" for role in ROLES
        )
        return [(r[0], r[1]) for r in self.db.execute(f"{union} ORDER BY 1, 2", {"a": actor_id})]

    def _actors(self, where: str, params: Any, with_uses: bool = False) -> list[tuple[Actor, int]]:
        rows = self.db.execute(
            "SELECT a.id, a.name, a.type, a.country, "
            "(SELECT json_group_array(alias) FROM "
            " (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias)), "
            f"{_USES if with_uses else '0'}, "
            "(SELECT json_group_array(alias) FROM (SELECT alias FROM actor_aliases "
            " WHERE actor_id = a.id AND implicit ORDER BY alias)) "
            f"FROM actors a {where} ORDER BY a.name COLLATE NOCASE, a.id",
            params,
        ).fetchall()
        return [
            (
                Actor(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), tuple(json.loads(r[6]))),
                int(r[5]),
            )
            for r in rows
        ]

    def registry_fingerprint(self) -> tuple[object, ...]:
        """Return a cheap value that changes whenever any actor, name or alias changes."""
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM actors), (SELECT max(updated_at) FROM actors), "
            "(SELECT count(*) FROM actor_aliases), "
            "(SELECT total(length(alias) + unicode(alias)) FROM actor_aliases), "
            "(SELECT total(length(name) + unicode(name)) FROM actors)"
        ).fetchone()
        return tuple(row)
