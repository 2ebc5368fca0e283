"""Adjudication: building the gold layer from the coders' marks, with provenance.

The gold layer is the coder ``gold`` (core.model.GOLD_ANNOTATOR); each gold mark records the
coders' marks it came from, who adjudicated it and when, and how ("accepted", "pre-merge: all
agree", …) in ``gold_provenance``.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from dataclasses import dataclass

from annotator.core.errors import ValidationError
from annotator.core.model import GOLD_ANNOTATOR, Mark, utc_now
from annotator.services.base import SessionBase

_GOLD_NAMESPACE = uuid.UUID("0c9e3a64-95f1-4b8e-bf44-6f0f2b1d7a30")


@dataclass(frozen=True)
class Provenance:
    """Where a gold mark came from."""

    sources: tuple[str, ...]  # ids of the coders' marks it was made from
    adjudicator: str
    decided_at: str
    how: str


class AdjudicationMixin(SessionBase):
    """Accept coders' marks into gold, one by one or all those the coders agree on."""

    def accept_into_gold(self, mark_ids: list[str], how: str = "accepted") -> Mark:
        """Copy a coder's mark (agreeing marks of several coders) into the gold layer."""
        sources = [self.store.get_mark(i) for i in mark_ids]
        if not sources:
            raise ValidationError("no mark to accept")
        first = sources[0]
        if any(m.annotator == GOLD_ANNOTATOR for m in sources):
            raise ValidationError("a gold mark cannot be a source of gold")
        key = "|".join(sorted(mark_ids))
        now = utc_now()
        gold = first.with_changes(
            id=str(uuid.uuid5(_GOLD_NAMESPACE, key)),
            annotator=GOLD_ANNOTATOR,
            created_at=now,
            updated_at=now,
        )
        with self.store.transaction():
            self.store.ensure_annotator(GOLD_ANNOTATOR)
            self.store.replace_mark(gold)
            self.store.db.execute(
                "INSERT OR REPLACE INTO gold_provenance "
                "(mark_id, sources, adjudicator, decided_at, how) VALUES (?, ?, ?, ?, ?)",
                [gold.id, json.dumps(sorted(mark_ids)), self._annotator, now, how],
            )
        self.mark_added.emit(gold)
        return gold

    def provenance(self, gold_mark_id: str) -> Provenance:
        """Return where a gold mark came from."""
        row = self.store.db.execute(
            "SELECT sources, adjudicator, decided_at, how FROM gold_provenance WHERE mark_id = ?",
            [gold_mark_id],
        ).fetchone()
        if row is None:
            raise ValidationError(f"mark {gold_mark_id} has no gold provenance")
        return Provenance(tuple(json.loads(row[0])), row[1], row[2], row[3])

    def premerge(
        self,
        article_id: str,
        rule: str = "all",
        min_votes: int = 2,
        coders: list[str] | None = None,
    ) -> list[Mark]:
        """Accept into gold every mark the coders agree on (same kind, span, label, fields).

        ``rule``: "all" (every coder of the project made it), "coded" (every coder who coded
        this article made it), or "vote" (at least ``min_votes`` coders made it). Returns the
        gold marks made.
        """
        # The coders: whoever coded anything in the project, never the gold layer itself.
        names = coders or [
            r[0]
            for r in self.store.db.execute(
                "SELECT annotator FROM marks UNION SELECT annotator FROM document_labels ORDER BY 1"
            )
            if r[0] != GOLD_ANNOTATOR
        ]
        by_coder = {c: self.store.marks_for(article_id, c) for c in names}
        coded = [c for c in names if by_coder[c]]
        needed = {"all": len(names), "coded": len(coded), "vote": min_votes}.get(rule)
        if needed is None:
            raise ValidationError(f"unknown pre-merge rule {rule!r}: all, coded or vote")
        groups: dict[tuple[object, ...], dict[str, str]] = defaultdict(dict)  # coder -> mark id
        for coder, marks in by_coder.items():
            for m in marks:
                groups[_agreement_key(m)].setdefault(coder, m.id)
        return [
            self.accept_into_gold(sorted(ids.values()), how=f"pre-merge: {rule}")
            for ids in groups.values()
            if len(ids) >= max(needed, 1)
        ]


def _agreement_key(mark: Mark) -> tuple[object, ...]:
    """What two coders' marks must share to count as the same mark."""
    return (
        mark.kind,
        mark.start,
        mark.end,
        mark.label,
        mark.actor_id,
        mark.speaker_id,
        mark.target_id,
        mark.stance,
        mark.form,
        mark.intensity,
    )
