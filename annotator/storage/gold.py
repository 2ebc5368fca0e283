"""The gold layer's bookkeeping: each gold mark's provenance and the rejected coders' marks."""

from __future__ import annotations

import json

from annotator.core.model import GoldProvenance
from annotator.storage.base import StoreBase


class GoldQueries(StoreBase):
    """Reads and writes of gold provenance and rejections."""

    def set_provenance(self, mark_id: str, provenance: GoldProvenance) -> None:
        """Record (or overwrite) where a gold mark came from."""
        self.db.execute(
            "INSERT OR REPLACE INTO gold_provenance "
            "(mark_id, sources, adjudicator, decided_at, how) VALUES (?, ?, ?, ?, ?)",
            [
                mark_id,
                json.dumps(sorted(provenance.sources)),
                provenance.adjudicator,
                provenance.decided_at,
                provenance.how,
            ],
        )

    def get_provenance(self, mark_id: str) -> GoldProvenance | None:
        """Return a gold mark's provenance, or None if it has none."""
        row = self.db.execute(
            "SELECT sources, adjudicator, decided_at, how FROM gold_provenance WHERE mark_id = ?",
            [mark_id],
        ).fetchone()
        return None if row is None else _provenance(row)

    def provenance_for_article(self, article_id: str) -> dict[str, GoldProvenance]:
        """Return the provenance of every gold mark of an article, by gold mark id."""
        rows = self.db.execute(
            "SELECT p.mark_id, p.sources, p.adjudicator, p.decided_at, p.how "
            "FROM gold_provenance p JOIN marks m ON m.id = p.mark_id WHERE m.article_id = ?",
            [article_id],
        )
        return {row[0]: _provenance(row[1:]) for row in rows}

    def reject_marks(self, mark_ids: list[str], adjudicator: str, decided_at: str) -> None:
        """Record that coders' marks were kept out of the gold layer."""
        self.db.conn.executemany(
            "INSERT OR REPLACE INTO gold_rejections (mark_id, adjudicator, decided_at) "
            "VALUES (?, ?, ?)",
            [(mark_id, adjudicator, decided_at) for mark_id in mark_ids],
        )

    def unreject_marks(self, mark_ids: list[str]) -> None:
        """Forget that coders' marks were rejected."""
        self.db.conn.executemany(
            "DELETE FROM gold_rejections WHERE mark_id = ?", [(i,) for i in mark_ids]
        )

    def rejected_mark_ids(self, article_id: str) -> set[str]:
        """Return the ids of an article's coders' marks that were rejected from gold."""
        rows = self.db.execute(
            "SELECT r.mark_id FROM gold_rejections r JOIN marks m ON m.id = r.mark_id "
            "WHERE m.article_id = ?",
            [article_id],
        )
        return {row[0] for row in rows}


def _provenance(row: tuple[str, str, str, str]) -> GoldProvenance:
    return GoldProvenance(tuple(json.loads(row[0])), row[1], row[2], row[3])
