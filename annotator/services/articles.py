"""Articles, their list, and each coder's document-level labels."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from annotator.core.errors import NotFoundError, ValidationError
from annotator.core.model import (
    Article,
    ArticleFilter,
    ArticleStatus,
    ArticleSummary,
    DocumentLabels,
    utc_now,
)
from annotator.services.base import SessionBase

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ArticlesMixin(SessionBase):
    """Reading articles and setting document-level labels."""

    # -- articles ---------------------------------------------------------------------------

    def article_count(self, filter: ArticleFilter | None = None) -> int:
        """Return how many articles the project has, or how many match a filter."""
        return self.store.count_articles(_checked(filter), self._annotator)

    def article_summaries(
        self,
        offset: int = 0,
        limit: int = -1,
        filter: ArticleFilter | None = None,
        after_id: str | None = None,
    ) -> list[ArticleSummary]:
        """Return a page of the article list with the current coder's counts and status.

        With ``after_id`` the page starts after that article (``offset`` then counts from it).
        """
        return self.store.article_summaries(
            self._annotator, offset, limit, filter=_checked(filter), after_id=after_id
        )

    def next_article_id(
        self, after_id: str | None, filter: ArticleFilter | None = None
    ) -> str | None:
        """Return the next article after this one in list order matching the filter, or None.

        ``after_id=None`` gives the first matching article.
        """
        rows = self.article_summaries(0, 1, filter, after_id=after_id)
        return rows[0].id if rows else None

    def article_matches(self, article_id: str, filter: ArticleFilter | None) -> bool:
        """Say whether an article is in the list the filter selects."""
        return bool(
            self.store.article_summaries(
                self._annotator, article_id=article_id, filter=_checked(filter)
            )
        )

    def article_date_range(self) -> tuple[str | None, str | None]:
        """Return the earliest and latest article dates (None when no article has one)."""
        return self.store.article_date_range()

    def resolve_article_id(self, prefix: str) -> str:
        """Return the one article id starting with a prefix (as `annotator articles` shows)."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise ValidationError("give an article id (or the start of one)")
        matches = self.store.article_ids_with_prefix(prefix, limit=3)
        if not matches:
            raise NotFoundError(f"no article id starts with {prefix!r}")
        if len(matches) > 1:
            shown = ", ".join(m[: len(prefix) + 4] + "…" for m in matches[:2])
            more = " and more" if len(matches) > 2 else ""
            raise ValidationError(
                f"article id prefix {prefix!r} is ambiguous: it matches {shown}{more}; "
                "give more characters"
            )
        return matches[0]

    def article_summary(self, article_id: str) -> ArticleSummary:
        """Return one article's list row for the current coder."""
        rows = self.store.article_summaries(self._annotator, article_id=article_id)
        if not rows:
            raise NotFoundError(f"no article with id {article_id}")
        return rows[0]

    def mark_counts(self, article_id: str) -> dict[str, int]:
        """Return how many marks of each kind the current coder has on an article."""
        return self.store.mark_counts_by_kind(article_id).get(self._annotator, {})

    def article(self, article_id: str) -> Article:
        """Return an article."""
        return self.store.get_article(article_id)

    # -- document labels --------------------------------------------------------------------

    def document_labels(self, article_id: str) -> DocumentLabels:
        """Return the current coder's document-level labels for an article."""
        return self.store.get_document_labels(article_id, self._annotator)

    def coder_names(self) -> list[str]:
        """Return the coders with marks or labels in the project (gold excluded), by name."""
        return self.store.coders_of()

    def toggled_document_labels(
        self, article_id: str, label_field: str, name: str
    ) -> tuple[DocumentLabels, DocumentLabels]:
        """Return the coder's labels of an article as they are and with one label toggled.

        A tone or focus stance is set, or cleared if it was the one set; a topic is added, or
        removed if it was there. Store the second with ``set_document_labels``.
        """
        old = self.document_labels(article_id)
        return old, old.toggled(label_field, name)

    def set_document_labels(self, labels: DocumentLabels) -> DocumentLabels:
        """Store document-level labels (tone, focus stance, topics, status, note)."""
        problems = self._document_problems(labels)
        if problems:
            raise ValidationError("; ".join(problems))
        if not self.store.has_article(labels.article_id):
            raise NotFoundError(f"no article with id {labels.article_id}")
        labels = DocumentLabels(
            article_id=labels.article_id,
            annotator=labels.annotator,
            tone=labels.tone,
            focus_stance=labels.focus_stance,
            topics=tuple(labels.topics),
            status=labels.status,
            note=labels.note,
            updated_at=utc_now(),
        )
        with self.store.transaction():
            self.store.ensure_annotator(labels.annotator)
            self.store.put_document_labels(labels)
        self.document_changed.emit(labels)
        return labels

    def set_status(
        self, article_id: str, status: ArticleStatus | str, note: str | None = None
    ) -> DocumentLabels:
        """Set the current coder's status (and note, unless None) of an article; return the old.

        The returned labels are what an undo passes back to ``set_document_labels``.
        """
        try:
            status = ArticleStatus(status)
        except ValueError:
            known = ", ".join(s.value for s in ArticleStatus)
            raise ValidationError(f"unknown status {status!r} (known: {known})") from None
        with self.store.transaction():
            if not self.store.has_article(article_id):
                raise NotFoundError(f"no article with id {article_id}")
            old = self.store.get_document_labels(article_id, self._annotator)
            new = replace(
                old, status=status, note=old.note if note is None else note, updated_at=utc_now()
            )
            self.store.ensure_annotator(new.annotator)
            self.store.put_document_labels(new)
        self.document_changed.emit(new)
        return old

    def assign(self, article_ids: list[str], coder: str) -> int:
        """Put articles on a coder's queue (one transaction); return how many were new."""
        with self.store.transaction():
            self.store.ensure_annotator(coder)
            added = self.store.assign(article_ids, coder)
        self.articles_changed.emit()
        return added

    def unassign(self, article_ids: list[str], coder: str) -> int:
        """Take articles off a coder's queue; return how many were on it."""
        with self.store.transaction():
            removed = self.store.unassign(article_ids, coder)
        self.articles_changed.emit()
        return removed

    def coders(self) -> list[tuple[str, int, int, dict[str, int]]]:
        """Return every coder with their mark count, queue size and articles by status."""
        return self.store.coder_overview()


def _checked(filter: ArticleFilter | None) -> ArticleFilter | None:
    """Return the filter, refusing dates that are not real YYYY-MM-DD dates."""
    if filter is None:
        return None
    for bound in (filter.date_from, filter.date_to):
        if bound is None:
            continue
        try:
            if not _DATE.fullmatch(bound):
                raise ValueError
            date.fromisoformat(bound)
        except ValueError:
            raise ValidationError(f"{bound!r} is not a date as YYYY-MM-DD") from None
    return filter
