"""Actor links: when two actors' names count as one, and a proposal to link two actors."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from annotator.core.model import Actor
from annotator.core.text import fold_name


def name_key(name: str) -> str:
    """Return a name folded for linking: ``fold_name`` after compatibility forms and accents.

    "Imran  Khan", "imran khan" and "İmran Khân" share a key; the user confirms every link, so
    a key that is a little generous costs a question, never a wrong merge.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return fold_name(unicodedata.normalize("NFKC", stripped))


@dataclass(frozen=True)
class ActorLinkProposal:
    """Two actors that look like one; linking merges ``absorb`` into ``keep``.

    ``keep`` is the one more marks use (then the older one), so linking moves the fewest
    marks. ``reason`` says why they were paired: "same name", "alias" (one's name is an alias
    of the other) or "through another actor" (each matches a third actor of the group).
    """

    keep: Actor
    absorb: Actor
    keep_uses: int
    absorb_uses: int
    reason: str

    @property
    def ids(self) -> tuple[str, str]:
        """Return the (keep, absorb) actor ids."""
        return (self.keep.id, self.absorb.id)
