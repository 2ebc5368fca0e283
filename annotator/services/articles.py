"""Articles, their list, and each coder's document-level labels."""

from __future__ import annotations

from annotator.core.errors import NotFoundError, ValidationError
from annotator.core.model import Article, ArticleSummary, DocumentLabels, utc_now
from annotator.services.base import SessionBase


class ArticlesMixin(SessionBase):
    """Reading articles and setting document-level labels."""

    # -- articles ---------------------------------------------------------------------------

    def article_count(self) -> int:
        """Return how many articles the project has."""
        return self.store.count_articles()

    def article_summaries(self, offset: int = 0, limit: int = -1) -> list[ArticleSummary]:
        """Return a page of the article list with the current coder's counts and status."""
        return self.store.article_summaries(self._annotator, offset, limit)

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
