"""The application facade: every edit the CLI or GUI makes goes through one Session method.

Each public write method is one SQLite transaction and, once committed, emits a signal
(past-tense names) so views can refresh. Nothing here imports Qt. The methods live in
``annotator.services``, one module per area; this class composes them.
"""

from __future__ import annotations

from pathlib import Path

from annotator.services.actor_links import ActorLinksMixin
from annotator.services.actors import ActorMerge, ActorsMixin
from annotator.services.agreement import AgreementMixin
from annotator.services.articles import ArticlesMixin
from annotator.services.base import SessionBase, default_annotator
from annotator.services.coding import CodingMixin
from annotator.services.exports import ExportsMixin
from annotator.services.guidelines import GuidelinesMixin
from annotator.services.hub import HubMixin
from annotator.services.imports import ImportReport, ImportsMixin, summarise
from annotator.services.listing import ListingMixin
from annotator.services.maintenance import MaintenanceMixin
from annotator.services.marks import MarkEdit, MarksMixin
from annotator.services.merging import MergeMixin
from annotator.services.review import ArticleReview, ReviewMixin, ReviewUnit
from annotator.services.statistics import StatisticsMixin
from annotator.services.suggestions import Suggestion, SuggestionsMixin
from annotator.storage import Store

__all__ = [
    "ActorMerge",
    "ArticleReview",
    "ImportReport",
    "MarkEdit",
    "ReviewUnit",
    "Session",
    "Suggestion",
    "default_annotator",
    "summarise",
]


class Session(
    ArticlesMixin,
    ListingMixin,
    ImportsMixin,
    ActorLinksMixin,
    ActorsMixin,
    ReviewMixin,
    MarksMixin,
    ExportsMixin,
    GuidelinesMixin,
    SuggestionsMixin,
    CodingMixin,
    MergeMixin,
    AgreementMixin,
    MaintenanceMixin,
    StatisticsMixin,
    HubMixin,
    SessionBase,
):
    """One open project and the coder working in it."""

    @classmethod
    def open(
        cls, path: Path | str, annotator: str | None = None, read_only: bool | None = None
    ) -> Session:
        """Open or create the project database at path (read-only if the user cannot write it,
        or if ``read_only``)."""
        return cls(Store.open(path, read_only), annotator)
