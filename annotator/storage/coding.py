"""The reads the coding view makes: one article's marks as rows, its text in pieces, names.

The window shows an article with tens of thousands of marks; building a ``Mark`` per stored
row costs more than the query. These reads return plain tuples of only the fields the view
shows (``MARK_ROW_FIELDS``), the names of just the actors an article refers to, and a long
text in pieces, so that a 50 MB article can be read between the window's events.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
from collections.abc import Iterable, Iterator

from annotator.core.errors import NotFoundError
from annotator.storage.base import StoreBase

# The fields of a mark row, in order; the mark's text is the article's text[start:end].
MARK_ROW_FIELDS = (
    "id",
    "kind",
    "start",
    "end",
    "label",
    "actor_id",
    "speaker_id",
    "target_id",
    "stance",
    "form",
    "intensity",
)
_ROW_SQL = ", ".join(f'"{field}"' for field in MARK_ROW_FIELDS)


class CodingQueries(StoreBase):
    """Reads for showing and coding one article."""

    def mark_rows(
        self, article_id: str, annotator: str, start_from: int = 0, start_before: int | None = None
    ) -> list[tuple]:
        """Return a coder's marks on an article as rows, by position (start, longest first, id).

        ``start_from`` and ``start_before`` keep only the marks starting in that range of
        offsets (a piece of a long article).
        """
        sql = (
            f"SELECT {_ROW_SQL} FROM marks WHERE article_id = ? AND annotator = ? AND start >= ?"
        )
        params: list[object] = [article_id, annotator, start_from]
        if start_before is not None:
            sql += " AND start < ?"
            params.append(start_before)
        return self.db.execute(sql + ' ORDER BY start, "end" DESC, id', params).fetchall()

    def actor_mentions(
        self, article_id: str, annotator: str, start_from: int, start_before: int
    ) -> list[tuple[int, int, str]]:
        """Return (start, end, actor id) of a coder's actor mentions starting in a range."""
        return self.db.execute(
            'SELECT start, "end", actor_id FROM marks WHERE article_id = ? AND annotator = ? '
            "AND start >= ? AND start < ? AND kind = 'actor' AND actor_id IS NOT NULL "
            'ORDER BY start, "end" DESC, id',
            [article_id, annotator, start_from, start_before],
        ).fetchall()

    def actor_names(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """Return the names of these actors by id (unknown ids are left out)."""
        ids = sorted(set(actor_ids))
        if not ids:
            return {}
        rows = self.db.execute(
            "SELECT id, name FROM actors WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(ids)],
        )
        return {r[0]: r[1] for r in rows}

    def actor_choices(self, actor_ids: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """Return (id, name, type) of every actor (or of these), as the registry lists them."""
        if actor_ids is None:
            return self.db.execute(
                "SELECT id, name, type FROM actors ORDER BY name COLLATE NOCASE, id"
            ).fetchall()
        return self.db.execute(
            "SELECT id, name, type FROM actors WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY name COLLATE NOCASE, id",
            [json.dumps(sorted(set(actor_ids)))],
        ).fetchall()

    def actor_forms(self) -> list[tuple[str, str, list[str], list[str]]]:
        """Return (id, type, [name, aliases…], [implicit aliases]) of every actor, in the
        registry's order."""
        forms: list[tuple[str, str, list[str], list[str]]] = []
        for actor_id, kind, name, alias, implicit in self.db.execute(
            "SELECT a.id, a.type, a.name, x.alias, x.implicit FROM actors a "
            "LEFT JOIN actor_aliases x ON x.actor_id = a.id "
            "ORDER BY a.name COLLATE NOCASE, a.id, x.alias"
        ):
            if not forms or forms[-1][0] != actor_id:
                forms.append((actor_id, kind, [name], []))
            if alias is not None and alias not in forms[-1][2]:
                forms[-1][2].append(alias)
            if implicit:
                forms[-1][3].append(alias)
        return forms

    def data_version(self) -> int:
        """Return a number that changes when another connection commits to the project."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def article_title(self, article_id: str) -> str:
        """Return an article's title without reading its text."""
        row = self.db.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return str(row[0])

    def article_span(self, article_id: str, start: int, end: int) -> str:
        """Return ``text[start:end]`` of an article, cut out by SQLite: the rest stays there.

        Offsets count code points, as SQLite's ``substr`` counts characters (texts hold no NUL
        character, where it would stop: imports refuse them). Shorter where the text ends first.
        """
        start = max(0, start)
        row = self.db.execute(
            "SELECT substr(text, ?, ?) FROM articles WHERE id = ?",
            [start + 1, max(0, end - start), article_id],
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return str(row[0])

    def article_length(self, article_id: str) -> int:
        """Return the length of an article's text in code points (counted by SQLite)."""
        row = self.db.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id])
        found = row.fetchone()
        if found is None:
            raise NotFoundError(f"no article with id {article_id}")
        return int(found[0])

    def article_size(self, article_id: str) -> int:
        """Return the size of an article's text in bytes (UTF-8), without reading it."""
        rowid = self._article_rowid(article_id)
        with self.db.conn.blobopen("articles", "text", rowid, readonly=True) as blob:
            return len(blob)  # from the record's header: the text itself is not read

    def _article_rowid(self, article_id: str) -> int:
        row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id}")
        return int(row[0])

    def article_text_pieces(self, article_id: str, piece_bytes: int) -> Iterator[str]:
        """Yield an article's text in pieces of about ``piece_bytes`` (UTF-8) each.

        The text is read incrementally, so that a caller can show the first piece before the
        last one is read; pieces end after a line end where there is one in their second half.
        Close the iterator to stop early.
        """
        rowid = self._article_rowid(article_id)
        decoder = codecs.getincrementaldecoder("utf-8")()
        carry = ""
        offset = 0  # bytes read so far
        blob = self.db.conn.blobopen("articles", "text", rowid, readonly=True)
        try:
            while True:
                try:
                    data = blob.read(piece_bytes)
                except sqlite3.Error:
                    # A rollback on this connection between two pieces ends the handle's read;
                    # a new handle goes on from the same place (seeking costs one walk).
                    blob.close()
                    blob = self.db.conn.blobopen("articles", "text", rowid, readonly=True)
                    blob.seek(offset)
                    data = blob.read(piece_bytes)
                offset += len(data)
                text = carry + decoder.decode(data, final=not data)
                if not data:
                    if text:
                        yield text
                    return
                cut = text.rfind("\n", len(text) // 2) + 1 or len(text)
                carry = text[cut:]
                yield text[:cut]
        finally:
            blob.close()
