"""The window's views as tabs: Coding, Review, Agreement, Statistics and Network, all but
the first made when first shown or asked for (they are not needed at start, and their modules
cost start-up time)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from annotator.gui.coding_view import CodingView

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView
    from annotator.gui.network_view import NetworkView
    from annotator.gui.review_view import ReviewView
    from annotator.gui.statistics_view import StatisticsView


class ViewTabs(QTabWidget):
    """Coding, Review, Agreement, Statistics and Network; ``view_shown(name)`` when one comes
    to the front."""

    REVIEW_TAB, AGREEMENT_TAB, STATISTICS_TAB, NETWORK_TAB = 1, 2, 3, 4
    NAMES = ("coding", "review", "agreement", "statistics", "network")
    view_shown = Signal(str)  # one of NAMES

    def __init__(
        self,
        coding: CodingView,
        make_review: Callable[[], ReviewView],
        make_agreement: Callable[[], AgreementView],
        make_statistics: Callable[[], StatisticsView],
        make_network: Callable[[], NetworkView],
    ):
        super().__init__()
        self.setDocumentMode(True)
        self.coding = coding
        self._make_review, self._make_agreement = make_review, make_agreement
        self._make_statistics, self._make_network = make_statistics, make_network
        self._review: ReviewView | None = None
        self._agreement: AgreementView | None = None
        self._statistics: StatisticsView | None = None
        self._network: NetworkView | None = None
        self.addTab(coding, "Coding")
        # Stand-ins until the views are made.
        self.addTab(QWidget(), "Review")
        self.addTab(QWidget(), "Agreement")
        self.addTab(QWidget(), "Statistics")
        self.addTab(QWidget(), "Network")
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

    @property
    def made_statistics(self) -> StatisticsView | None:
        """Return the statistics view if it was made, else None (without making it)."""
        return self._statistics

    @property
    def statistics_view(self) -> StatisticsView:
        """Return the statistics view, made now if it was not yet."""
        if self._statistics is None:
            self._statistics = self._make_statistics()
            self._place(self.STATISTICS_TAB, self._statistics)
        return self._statistics

    @property
    def made_network(self) -> NetworkView | None:
        """Return the network view if it was made, else None (without making it)."""
        return self._network

    @property
    def network_view(self) -> NetworkView:
        """Return the network view, made now if it was not yet."""
        if self._network is None:
            self._network = self._make_network()
            self._place(self.NETWORK_TAB, self._network)
        return self._network

    def showing_review(self) -> bool:
        """Say whether the review view is in front."""
        return self._review is not None and self.currentWidget() is self._review

    def current_name(self) -> str:
        """Return the name of the view in front (one of NAMES)."""
        return self.NAMES[self.currentIndex()]

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
        elif index == self.STATISTICS_TAB:
            _ = self.statistics_view
        elif index == self.NETWORK_TAB:
            _ = self.network_view
        self.view_shown.emit(self.current_name())
