"""Where the window's panels go: the article list and actors on the left, the guidelines tabbed
with the actors, the tag keys and document labels on the right."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHeaderView,
    QLayout,
    QMainWindow,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.models.article_list_model import ArticleListModel
from annotator.gui.widgets.column_room import ColumnRoom
from annotator.gui.widgets.document_panel import DocumentPanelWidget
from annotator.gui.widgets.tag_panel import CHIPS, FULL, TWO_COLUMNS, TagPanelWidget


@dataclass(frozen=True)
class Docks:
    """The window's side panels."""

    articles: QDockWidget
    actors: QDockWidget
    guidelines: QDockWidget
    tags: QDockWidget

    def all(self) -> list[QDockWidget]:
        """Return the panels in the order View › Panels lists them."""
        return [self.articles, self.actors, self.guidelines, self.tags]


def _dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState and restoreState find docks by name
    dock.setWidget(widget)
    return dock


def compose_docks(
    window: QMainWindow,
    article_filter: QWidget,
    article_list: QWidget,
    actor_registry: QWidget,
    guidelines: QWidget,
    tag_panel: TagPanelWidget,
    document_panel: DocumentPanelWidget,
) -> Docks:
    """Put the side panels in their docks around the window's central views."""
    articles_box = QWidget()
    articles_layout = QVBoxLayout(articles_box)
    articles_layout.setContentsMargins(0, 0, 0, 0)
    articles_layout.addWidget(article_filter)
    articles_layout.addWidget(article_list)
    articles = _dock(window, "Articles", "articles_dock", articles_box)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, articles)
    actors = _dock(window, "Actors", "actors_dock", actor_registry)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, actors)
    window.splitDockWidget(articles, actors, Qt.Orientation.Vertical)

    side = QWidget()
    side_layout = QVBoxLayout(side)
    side_layout.setContentsMargins(4, 4, 4, 4)
    side_layout.addWidget(tag_panel)
    side_layout.addWidget(document_panel)
    side_layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidget(side)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tags = _dock(window, "Tags", "tags_dock", scroll)

    fit = SidePanelFit(scroll, side, tag_panel, document_panel)
    # Deferred: the document panel takes the new tag set just after the tag panel.
    tag_panel.rebuilt.connect(lambda: QTimer.singleShot(0, scroll, fit.measure))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tags)
    guidelines_dock = _dock(window, "Guidelines", "guidelines_dock", guidelines)
    # Beside the actors, so the tags and document labels stay in view while reading them.
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, guidelines_dock)
    window.tabifyDockWidget(actors, guidelines_dock)
    actors.raise_()
    window.resizeDocks([articles, tags], [330, 350], Qt.Orientation.Horizontal)
    return Docks(articles, actors, guidelines_dock, tags)


class SidePanelFit(QObject):
    """Keeps the Tags panel as narrow as its densest form, and shows the roomiest form that
    fits its size whole, so that no key is cut or scrolled out of view: names one to a row;
    names cut short two to a row, with tone and stance in one row; key chips."""

    def __init__(
        self,
        scroll: QScrollArea,
        side: QWidget,
        tag_panel: TagPanelWidget,
        document_panel: DocumentPanelWidget,
    ):
        super().__init__(scroll)
        self._scroll, self._side = scroll, side
        self._tags, self._document = tag_panel, document_panel
        self.sizes: list[tuple[int, int]] = []  # each density's width and height
        scroll.installEventFilter(self)

    def measure(self) -> None:
        """Measure every form (after a new tag set), then take the roomiest that fits."""
        scroll = self._scroll
        bar = scroll.verticalScrollBar().sizeHint().width() + 2 * scroll.frameWidth()
        self.sizes = []
        layout = self._side.layout()
        assert layout is not None
        margins, spacing = layout.contentsMargins(), layout.spacing()
        for density in (FULL, TWO_COLUMNS, CHIPS):
            self._set_density(density)
            # From the two panels (their layouts are fresh); the side widget's own hint would
            # still be the last form's until its layout request is handled.
            tags, document = self._tags.minimumSizeHint(), self._document.minimumSizeHint()
            width = max(tags.width(), document.width()) + margins.left() + margins.right()
            height = tags.height() + spacing + document.height() + margins.top() + margins.bottom()
            self.sizes.append((width + bar, height + 2 * scroll.frameWidth()))
        scroll.setMinimumWidth(self.sizes[CHIPS][0])
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Change forms as the panel is resized."""
        if event.type() == QEvent.Type.Resize and self.sizes:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        width, height = self._scroll.width(), self._scroll.height()
        fitting = [d for d, (w, h) in enumerate(self.sizes) if w <= width and h <= height]
        self._set_density(fitting[0] if fitting else CHIPS)

    def _set_density(self, density: int) -> None:
        columns = 2 if density == TWO_COLUMNS else 1  # the topics, like the tags
        if self._tags.density == density and self._document.topic_columns == columns:
            return
        self._tags.set_density(density)
        self._document.set_compact(density != FULL, columns)
        # Nested layouts learn of their children's new sizes from posted events; measuring
        # now needs them recomputed now.
        for layout in self._side.findChildren(QLayout):
            layout.invalidate()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def size_article_columns(view: QTableView) -> None:
    """Size the article list's columns from the font: the title takes what is left.

    Not ResizeToContents, which would ask every row of a 100,000-article list (read page by
    page from the database) for its width before the window could show.
    """
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(ArticleListModel.TITLE, QHeaderView.ResizeMode.Stretch)
    metrics = QFontMetrics(view.font())
    pad = 2 * metrics.horizontalAdvance("M")
    icon = view.iconSize().width() if view.iconSize().isValid() else 16
    widths = {
        ArticleListModel.DATE: metrics.horizontalAdvance("0000-00-00") + pad,
        ArticleListModel.MARKS: metrics.horizontalAdvance("Marks") + pad,
        ArticleListModel.STATUS: metrics.horizontalAdvance("in progress") + icon + pad,
    }
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    # In a narrow list the mark counts, then the dates, make way for the titles.
    view.column_room = ColumnRoom(  # type: ignore[attr-defined]
        view, {ArticleListModel.MARKS: 400, ArticleListModel.DATE: 330}
    )
