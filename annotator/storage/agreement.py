"""Reads for inter-coder agreement: a few set-wide queries instead of one per article and coder.

Articles are passed as one JSON array bound to a single parameter (``json_each``), so that a
study's thousands of shared articles cost one statement, not thousands.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from annotator.core.model import MarkKind
from annotator.storage.base import StoreBase

# Document labels that are coding, not only a status or note (as in articles.py).
_CODED = "(tone IS NOT NULL OR focus_stance IS NOT NULL OR topics NOT IN ('[]', ''))"
_BATCH = 500  # rows per fetch: the worker holds the GIL for a whole fetch


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class AgreementQueries(StoreBase):
    """What the agreement measures read: who coded what, the marks, labels and lengths."""

    def coded_articles(self, coders: Sequence[str]) -> dict[str, set[str]]:
        """Return each coder's articles with marks or coded labels (not a status or note alone)."""
        coded: dict[str, set[str]] = {c: set() for c in coders}
        if not coders:
            return coded
        # "+annotator": filter while walking the covering (article, coder) index, rather than
        # look every mark up through the coder index.
        marks = self.db.execute(
            "SELECT DISTINCT article_id, annotator FROM marks "
            f"WHERE +annotator IN ({_placeholders(coders)})",
            list(coders),
        )
        labels = self.db.execute(
            "SELECT article_id, annotator FROM document_labels "
            f"WHERE {_CODED} AND annotator IN ({_placeholders(coders)})",
            list(coders),
        )
        for cursor in (marks, labels):
            for article_id, coder in cursor:
                coded[coder].add(article_id)
        return coded

    def agreement_marks(
        self, article_ids: Sequence[str], coders: Sequence[str], whole_table: bool = False
    ) -> Iterator[list[tuple[Any, ...]]]:
        """Yield, in batches, the coders' marks on these articles.

        Rows are ``(article, coder, kind, start, end, label, speaker_id, stance, intensity,
        rowid)`` where article, coder and kind are numbers: the article's place in
        ``article_ids``, the coder's in ``coders`` and the kind's in ``MarkKind``; their order
        is not defined (see :meth:`mark_id_order`). ``whole_table``: read the coders' marks in
        the table's order and keep those on the articles, which beats looking every article up
        when the articles are most of what the coders marked.
        """
        if not article_ids or not coders:
            return
        kinds = " ".join(f"WHEN '{kind.value}' THEN {k}" for k, kind in enumerate(MarkKind))
        coder_of = " ".join(f"WHEN ? THEN {k}" for k in range(len(coders)))
        fields = (
            f'CASE m.annotator {coder_of} END, CASE m.kind {kinds} END, m.start, m."end", '
            "m.label, m.speaker_id, m.stance, m.intensity, m.rowid"
        )
        if whole_table:
            place = {article_id: k for k, article_id in enumerate(article_ids)}
            # "+annotator": walk the table, not the coder index (a lookup per mark).
            cursor = self.db.conn.execute(
                f"SELECT m.article_id, {fields} FROM marks AS m "
                f"WHERE +m.annotator IN ({_placeholders(coders)})",
                [*coders, *coders],
            )
            while batch := cursor.fetchmany(_BATCH):
                yield [
                    (k, *row[1:]) for row in batch if (k := place.get(row[0])) is not None
                ]
            return
        # CROSS JOIN: walk the articles in the given order and look each one's marks up in
        # the (article, coder) index, rather than test every mark against the list.
        cursor = self.db.conn.execute(
            f"SELECT j.key, {fields} FROM json_each(?) AS j CROSS JOIN marks AS m "
            f"ON m.article_id = j.value WHERE m.annotator IN ({_placeholders(coders)})",
            [*coders, json.dumps(list(article_ids)), *coders],
        )
        while batch := cursor.fetchmany(_BATCH):
            yield batch

    def last_mark_rowid(self) -> int:
        """Return the highest row id of the marks (0 when there are none)."""
        return int(self.db.execute("SELECT coalesce(max(rowid), 0) FROM marks").fetchone()[0])

    def mark_id_order(self, rowids: Sequence[int]) -> list[int]:
        """Return these marks' row ids ordered by the marks' ids (``marks_for`` breaks ties so)."""
        rows = self.db.execute(
            "SELECT rowid FROM marks WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY id",
            [json.dumps(list(rowids))],
        )
        return [r[0] for r in rows]

    def article_lengths(self, article_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """Return each article's text length in characters and its title, without the text."""
        rows = self.db.execute(
            "SELECT id, length(text), title FROM articles "
            "WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(article_ids))],
        )
        return {article_id: (length, title) for article_id, length, title in rows}

    def document_values(
        self, article_ids: Sequence[str], coders: Sequence[str]
    ) -> Iterator[tuple[str, str, str | None, str | None, tuple[str, ...]]]:
        """Yield (article id, coder, tone, focus stance, topics) of the coders' labels."""
        if not article_ids or not coders:
            return
        rows = self.db.execute(
            "SELECT article_id, annotator, tone, focus_stance, topics FROM document_labels "
            f"WHERE annotator IN ({_placeholders(coders)}) "
            "AND article_id IN (SELECT value FROM json_each(?))",
            [*coders, json.dumps(list(article_ids))],
        )
        parsed: dict[str, tuple[str, ...]] = {}  # few distinct lists: parse each once
        for article_id, coder, tone, focus_stance, topics in rows:
            if topics not in parsed:
                parsed[topics] = _topics(topics)
            yield article_id, coder, tone, focus_stance, parsed[topics]

    def mark_fingerprints(
        self, article_ids: Sequence[str], coders: Sequence[str]
    ) -> dict[tuple[str, str], tuple[int, str, int]]:
        """Return, per (article, coder), what changes whenever their marks change.

        A mark added, removed or edited changes the count, the latest ``updated_at`` (every
        write stamps it) or the sum of row ids (a mark put back gets a new row).
        """
        if not article_ids or not coders:
            return {}
        rows = self.db.execute(
            "SELECT article_id, annotator, count(*), max(updated_at), sum(rowid) FROM marks "
            f"WHERE annotator IN ({_placeholders(coders)}) "
            "AND article_id IN (SELECT value FROM json_each(?)) "
            "GROUP BY article_id, annotator",
            [*coders, json.dumps(list(article_ids))],
        )
        return {(a, c): (n, latest, ids) for a, c, n, latest, ids in rows}


def _topics(stored: str) -> tuple[str, ...]:
    return () if stored in ("[]", "") else tuple(json.loads(stored))
