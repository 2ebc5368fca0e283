"""Where the window's panels go: the article list and actors on the left, the guidelines tabbed
with the actors, the tag keys and document labels on the right."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QMainWindow,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.models.article_list_model import ArticleListModel
from annotator.gui.widgets.tag_panel import TagPanelWidget


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
    document_panel: QWidget,
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

    def fit_side_panel() -> None:
        # As wide as the widest label button or field: a narrower dock would cut their text.
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(side.minimumSizeHint().width() + bar + 2 * scroll.frameWidth())

    # Deferred: the document panel takes the new tag set just after the tag panel.
    tag_panel.rebuilt.connect(lambda: QTimer.singleShot(0, scroll, fit_side_panel))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tags)
    guidelines_dock = _dock(window, "Guidelines", "guidelines_dock", guidelines)
    # Beside the actors, so the tags and document labels stay in view while reading them.
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, guidelines_dock)
    window.tabifyDockWidget(actors, guidelines_dock)
    actors.raise_()
    window.resizeDocks([articles, tags], [330, 340], Qt.Orientation.Horizontal)
    return Docks(articles, actors, guidelines_dock, tags)


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
