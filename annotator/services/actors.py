"""The actor registry."""

from __future__ import annotations

from annotator.core.model import Actor
from annotator.services.base import SessionBase


class ActorsMixin(SessionBase):
    """Reading and editing the actor registry."""

    # -- actors -----------------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        """Return every actor in the registry."""
        return self.store.list_actors()

    def actor_usage(self, actor_id: str) -> int:
        """Return how many marks, of any coder, refer to an actor."""
        return self.store.actor_usage(actor_id)

    def actor(self, actor_id: str) -> Actor:
        """Return an actor."""
        return self.store.get_actor(actor_id)
