"""What the window's lists read: the article list by keys, and actors' use counts on demand.

An article's list key is its place in import order; the list shows articles by ascending key.
A view holds the keys of the rows it lists and reads only the rows it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.model import ArticleFilter, ArticleSummary
from annotator.services.articles import _checked
from annotator.services.base import SessionBase


def registry_order_key(name: str, actor_id: str) -> tuple[str, str]:
    """Return where an actor comes in the registry's order: by name ignoring case, then id.

    The same order as the store's ``ORDER BY name COLLATE NOCASE, id`` (SQLite's NOCASE folds
    only A-Z), so that a view can put a new or renamed actor in its place without a reload.
    """
    return (name.translate(_ASCII_LOWER), actor_id)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class ListingMixin(SessionBase):
    """Reads for list views that show a window onto a large project."""

    def article_list_keys(self, filter: ArticleFilter | None = None) -> Sequence[int]:
        """Return the list keys of the articles the filter keeps (for the current coder)."""
        return self.store.article_list_keys(_checked(filter), self._annotator)

    def article_list_key(self, article_id: str) -> int | None:
        """Return an article's list key, or None when there is no such article."""
        return self.store.article_list_key(article_id)

    def article_summaries_by_key(self, keys: Iterable[int]) -> list[tuple[int, ArticleSummary]]:
        """Return (key, list row) for these keys, in key order, with the coder's counts."""
        return self.store.article_summaries_by_key(keys, self._annotator)

    def actor_list_rows(self) -> list[tuple[str, str, str, str | None]]:
        """Return (id, name, type, country) of every actor, in the registry's order."""
        return self.store.actor_list_rows()
