"""The actor registry and its aliases."""

from __future__ import annotations

import json
from typing import Any

from annotator.core.errors import NotFoundError
from annotator.core.model import Actor, utc_now
from annotator.storage.base import StoreBase


class ActorQueries(StoreBase):
    """Reads and writes of actors and aliases."""

    # -- actors -----------------------------------------------------------------------------

    def insert_actor(self, actor: Actor, created_by: str | None, if_absent: bool = False) -> None:
        """Insert a new actor with its aliases (with if_absent, keep an existing one as it is)."""
        if if_absent and self.has_actor(actor.id):
            return
        now = utc_now()
        self.db.execute(
            "INSERT INTO actors (id, name, type, country, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [actor.id, actor.name, actor.type, actor.country, created_by, now, now],
        )
        for alias in actor.aliases:
            self.add_alias(actor.id, alias)

    def upsert_actor(self, actor: Actor, created_by: str | None) -> None:
        """Insert an actor, or update name, type and country and add aliases if it exists."""
        if not self.has_actor(actor.id):
            self.insert_actor(actor, created_by)
            return
        self.db.execute(
            "UPDATE actors SET name = ?, type = ?, country = ?, updated_at = ? WHERE id = ?",
            [actor.name, actor.type, actor.country, utc_now(), actor.id],
        )
        for alias in actor.aliases:
            self.add_alias(actor.id, alias)

    def delete_actor(self, actor_id: str) -> None:
        """Delete an actor and its aliases; fails if any mark still refers to it."""
        self.db.execute("DELETE FROM actors WHERE id = ?", [actor_id])

    def add_alias(self, actor_id: str, alias: str) -> None:
        """Add an alias to an actor (nothing happens if it has it already)."""
        self.db.execute(
            "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [actor_id, alias],
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

    def actors_by_ids(self, actor_ids: list[str]) -> list[Actor]:
        """Return the actors with these ids, sorted by name then id."""
        if not actor_ids:
            return []
        marks = ",".join("?" * len(actor_ids))
        return self._actors(f"WHERE a.id IN ({marks})", list(actor_ids))

    def list_actors(self) -> list[Actor]:
        """Return every actor, sorted by name."""
        return self._actors("", [])

    def actors_with_alias(self, text: str) -> list[Actor]:
        """Return actors whose name or an alias equals the text, ignoring (Unicode) case."""
        return self._actors(
            "WHERE casefold(a.name) = :t OR a.id IN "
            "(SELECT actor_id FROM actor_aliases WHERE casefold(alias) = :t)",
            {"t": text.casefold()},
        )

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks refer to this actor in any role."""
        row = self.db.execute(
            "SELECT count(*) FROM marks WHERE actor_id = :a OR speaker_id = :a OR target_id = :a",
            {"a": actor_id},
        ).fetchone()
        return int(row[0])

    def _actors(self, where: str, params: Any) -> list[Actor]:
        rows = self.db.execute(
            "SELECT a.id, a.name, a.type, a.country, "
            "(SELECT json_group_array(alias) FROM "
            " (SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias)) "
            f"FROM actors a {where} ORDER BY a.name COLLATE NOCASE, a.id",
            params,
        ).fetchall()
        return [Actor(r[0], r[1], r[2], r[3], tuple(json.loads(r[4]))) for r in rows]
