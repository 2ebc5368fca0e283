"""Reads behind the window's lists: the article list's keys and pages, actors' use counts.

The article list is in import order, which is the articles' rowid order. The window's list model
holds the rowids of the articles a filter kept (its "keys"); a row's position is its key's
index, and a page is read by its keys, so a row stays put while the coder edits even if its
article stops matching the filter.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Sequence

from annotator.core.model import ArticleFilter, ArticleStatus, ArticleSummary
from annotator.storage.base import StoreBase


class ListingQueries(StoreBase):
    """The article list by keys, and use counts for the actors a view shows."""

    def article_list_keys(
        self, filter: ArticleFilter | None = None, annotator: str = ""
    ) -> Sequence[int]:
        """Return the keys (rowids) of the articles a coder's filter keeps, ascending.

        Without a filter, articles' rowids are normally 1…N (articles are appended, never
        deleted): that list is a ``range``, answered from the count and the ends without
        reading any row.
        """
        sql = self._filter_sql(filter, annotator)  # type: ignore[attr-defined]
        if not sql.conditions:
            count, low, high = self.db.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT min(rowid) FROM articles), "
                "(SELECT max(rowid) FROM articles)"
            ).fetchone()
            if not count:
                return range(0)
            if high - low + 1 == count:  # count distinct integers in [low, high]: all of them
                return range(low, high + 1)
        # One string, not a row per article: 100,000 keys cross into Python in a few ms.
        joined = self.db.execute(
            f"SELECT group_concat(article_rowid) FROM ({sql.page_sql()})", sql.params
        ).fetchone()[0]
        return array("q", sorted(map(int, joined.split(",")))) if joined else array("q")

    def article_list_key(self, article_id: str) -> int | None:
        """Return an article's key (rowid), or None when there is no such article."""
        row = self.db.execute("SELECT rowid FROM articles WHERE id = ?", [article_id]).fetchone()
        return int(row[0]) if row else None

    def article_summaries_by_key(
        self, keys: Iterable[int], annotator: str
    ) -> list[tuple[int, ArticleSummary]]:
        """Return (key, list row) for the articles with these keys, in key order."""
        rows = self.db.execute(
            """
            SELECT a.rowid, a.id, a.title, a.date,
                   (SELECT count(*) FROM marks m
                     WHERE m.article_id = a.id AND m.annotator = :annotator),
                   coalesce(d.status, 'new')
            FROM articles a LEFT JOIN document_labels d
              ON d.article_id = a.id AND d.annotator = :annotator
            WHERE a.rowid IN (SELECT value FROM json_each(:keys))
            ORDER BY a.rowid
            """,
            {"annotator": annotator, "keys": json.dumps(list(keys))},
        ).fetchall()
        return [
            (r[0], ArticleSummary(r[1], r[2], r[3], r[4], ArticleStatus(r[5]))) for r in rows
        ]

    def actor_list_rows(self) -> list[tuple[str, str, str, str | None]]:
        """Return (id, name, type, country) of every actor, by name (any case), then id.

        The registry's order without reading every actor's aliases, which a list shows only
        for the rows in view.
        """
        return self.db.execute(
            "SELECT id, name, type, country FROM actors ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
