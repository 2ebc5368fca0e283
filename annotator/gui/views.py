"""The window's three views as tabs: Coding, Review and Agreement, the last two made when first
shown or asked for (they are not needed at start, and their modules cost start-up time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from annotator.gui.coding_view import CodingView

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView
    from annotator.gui.review_view import ReviewView


class ViewTabs(QTabWidget):
    """Coding, Review and Agreement; ``view_shown(name)`` when one comes to the front."""

    REVIEW_TAB, AGREEMENT_TAB = 1, 2
    view_shown = Signal(str)  # "coding", "review" or "agreement"

    def __init__(
        self,
        coding: CodingView,
        make_review: Callable[[], ReviewView],
        make_agreement: Callable[[], AgreementView],
    ):
        super().__init__()
        self.setDocumentMode(True)
        self.coding = coding
        self._make_review, self._make_agreement = make_review, make_agreement
        self._review: ReviewView | None = None
        self._agreement: AgreementView | None = None
        self.addTab(coding, "Coding")
        # Stand-ins until the views are made.
        self.addTab(QWidget(), "Review")
        self.addTab(QWidget(), "Agreement")
        self.currentChanged.connect(self._chosen)

    @property
    def made_review(self) -> ReviewView | None:
        """Return the review view if it was made, else None (without making it)."""
        return self._review

    @property
    def made_agreement(self) -> AgreementView | None:
        """Return the agreement view if it was made, else None (without making it)."""
        return self._agreement

    @property
    def review_view(self) -> ReviewView:
        """Return the review view, made now if it was not yet."""
        if self._review is None:
            self._review = self._make_review()
            self._place(self.REVIEW_TAB, self._review)
        return self._review

    @property
    def agreement_view(self) -> AgreementView:
        """Return the agreement view, made now if it was not yet."""
        if self._agreement is None:
            self._agreement = self._make_agreement()
            self._place(self.AGREEMENT_TAB, self._agreement)
        return self._agreement

    def showing_review(self) -> bool:
        """Say whether the review view is in front."""
        return self._review is not None and self.currentWidget() is self._review

    def current_name(self) -> str:
        """Return the name of the view in front: coding, review or agreement."""
        return ("coding", "review", "agreement")[self.currentIndex()]

    def _place(self, index: int, view: QWidget) -> None:
        """Put a view made late in place of its tab's stand-in, keeping the chosen tab."""
        current = self.currentIndex()
        stand_in = self.widget(index)
        title = self.tabText(index)
        self.blockSignals(True)
        self.removeTab(index)
        self.insertTab(index, view, title)
        self.setCurrentIndex(current)
        self.blockSignals(False)
        stand_in.deleteLater()

    def _chosen(self, index: int) -> None:
        # A stand-in chosen (say, by a click) is replaced by its view first.
        if index == self.REVIEW_TAB:
            _ = self.review_view
        elif index == self.AGREEMENT_TAB:
            _ = self.agreement_view
        self.view_shown.emit(self.current_name())
