"""The bar above the article list that narrows it: search, status, dates, label, actor."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from annotator.core.model import ArticleFilter, ArticleStatus, MarkKind
from annotator.core.tagset import TagSet
from annotator.gui.models.registry_rows import RegistryRows, update_rows
from annotator.gui.signals import follow
from annotator.gui.statuses import STATUS_TEXT, status_icon
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

SEARCH_DELAY_MS = 200  # typing pauses shorter than this do not query the database
_DATE_FORMAT = "yyyy-MM-dd"
_NOT_DONE = "new in_progress"  # status choices are stored as space-separated values
_KIND_TITLES = {
    MarkKind.ACTOR: "Actor mentions",
    MarkKind.CLAIM: "Claims",
    MarkKind.SENTIMENT: "Sentiment",
}


class ArticleFilterWidget(QWidget):
    """Edits an ArticleFilter and emits it whenever it changes; it never queries itself.

    With ``deferred`` the actor choices and the date bounds are read when ``load_choices`` is
    called (the window does so after its first paint) instead of at once.
    """

    filter_changed = Signal(object)  # ArticleFilter

    def __init__(self, session: Session, parent: QWidget | None = None, *, deferred: bool = False):
        super().__init__(parent)
        self._session = session
        self._emitted = ArticleFilter()
        self._updating = False

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search title and text…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(
            'Words must all occur; the last may be the start of a word; "quote" a phrase'
        )
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._emit_if_changed)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._emit_if_changed)

        self.status = QComboBox()
        self.status.setToolTip("Your status of the article")
        self.status.addItem("Any status", "")
        self.status.addItem("Not done", _NOT_DONE)
        for status in ArticleStatus:
            self.status.addItem(status_icon(status), STATUS_TEXT[status], status.value)

        self.label = QComboBox()
        self.label.setToolTip("Articles where you used this label")
        self.actor = QComboBox()
        self.actor.setToolTip("Articles where your marks refer to this actor (in any role)")
        # A model over the actor list, not an item per actor: thousands of addItem calls
        # would run on every registry change.
        self.actor_choices = ActorChoicesModel(self.actor)
        self.actor.setModel(self.actor_choices)

        self.use_from = QCheckBox("From")
        self.use_to = QCheckBox("to")
        self.date_from = _date_edit()
        self.date_to = _date_edit()
        for box, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            box.setToolTip("Only articles dated within the range (undated ones are left out)")
            box.toggled.connect(edit.setEnabled)
            box.toggled.connect(lambda _on: self._emit_if_changed())
            edit.dateChanged.connect(lambda _date: self._emit_if_changed())

        self.clear_button = QToolButton()
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Show every article")
        self.clear_button.clicked.connect(self.clear)

        for combo in (self.status, self.label, self.actor):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(lambda _index: self._emit_if_changed())

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 4)
        grid.setSpacing(4)
        grid.addWidget(self.search, 0, 0, 1, 2)
        grid.addWidget(self.status, 1, 0)
        grid.addWidget(self.label, 1, 1)
        grid.addWidget(self.actor, 2, 0)
        # The bounds under their check boxes: in one row they made the panel 300 px wide.
        grid.addWidget(self.use_from, 3, 0)
        grid.addWidget(self.use_to, 3, 1)
        grid.addWidget(self.date_from, 4, 0)
        grid.addWidget(self.date_to, 4, 1)
        grid.addWidget(self.clear_button, 2, 1, Qt.AlignmentFlag.AlignRight)
        self.my_queue = QCheckBox("My queue")
        self.my_queue.setToolTip("Only the articles assigned to you (annotator assign)")
        self.my_queue.toggled.connect(lambda _on: self._emit_if_changed())
        grid.addWidget(self.my_queue, 2, 1, Qt.AlignmentFlag.AlignLeft)

        self._fill_labels(session.tagset)
        self._choices_loaded = False
        if not deferred:
            self.load_choices()
        follow(session.tagset_changed, self, self._fill_labels)
        follow(session.actors_changed, self, self._fill_actors)
        follow(session.articles_changed, self, self._fill_dates)

    def load_choices(self) -> None:
        """Read the actor choices and the project's date bounds (once; changes follow)."""
        if self._choices_loaded:
            return
        self._choices_loaded = True
        self._fill_actors()
        self._fill_dates()

    @property
    def article_filter(self) -> ArticleFilter:
        """Return the filter the controls describe now."""
        kind, _, name = (self.label.currentData() or "").partition(":")
        return ArticleFilter(
            statuses=frozenset(ArticleStatus(s) for s in (self.status.currentData() or "").split()),
            date_from=_iso(self.date_from) if self.use_from.isChecked() else None,
            date_to=_iso(self.date_to) if self.use_to.isChecked() else None,
            label=(MarkKind(kind), name) if kind else None,
            actor_id=self.actor.currentData(),
            text=self.search.text(),
            assigned_only=self.my_queue.isChecked(),
        )

    def clear(self) -> None:
        """Reset every control so that all articles are shown."""
        self._updating = True
        self.search.clear()
        self._search_timer.stop()
        for combo in (self.status, self.label, self.actor):
            combo.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        self.my_queue.setChecked(False)
        self._updating = False
        self._emit_if_changed()

    def _emit_if_changed(self) -> None:
        if self._updating:
            return
        self._search_timer.stop()
        current = self.article_filter
        if current != self._emitted:
            self._emitted = current
            self.filter_changed.emit(current)

    def _fill_labels(self, tagset: TagSet) -> None:
        """List the span labels under a heading per kind, keeping the chosen one if it remains."""
        chosen = self.label.currentData()
        self._updating = True
        self.label.clear()
        self.label.addItem("Any label", None)
        items = cast(QStandardItemModel, self.label.model())  # a plain QComboBox's own model
        for kind in MarkKind:
            self.label.addItem(_KIND_TITLES[kind])
            heading = items.item(self.label.count() - 1)
            heading.setEnabled(False)  # a group title, not a choice
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            for label in tagset.spans[kind]:
                self.label.addItem("   " + label.name, f"{kind.value}:{label.name}")
                self.label.setItemData(
                    self.label.count() - 1,
                    plain_tip(label.description),
                    Qt.ItemDataRole.ToolTipRole,
                )
        index = self.label.findData(chosen) if chosen else 0
        self.label.setCurrentIndex(max(index, 0))
        self._updating = False
        self._emit_if_changed()

    def _fill_actors(self, actor_ids: Collection[str] | None = None) -> None:
        """List the registry's actors by name, keeping the chosen one if it remains.

        With ``actor_ids`` only those actors are read again, and their rows put in place.
        """
        if not self._choices_loaded:
            return
        chosen = self.actor.currentData()
        self._updating = True
        if actor_ids is None:
            self.actor_choices.set_actors(self._session.actor_list_rows())
        else:
            actors = self._session.actors_by_ids(sorted(actor_ids))
            self.actor_choices.update_actors(
                actor_ids, {a.id: (a.id, a.name, a.type, a.country) for a in actors}
            )
        row = self.actor_choices.row_of(chosen) if chosen else None
        if row is None or row != self.actor.currentIndex():
            self.actor.setCurrentIndex(row if row is not None else 0)
        self._updating = False
        self._emit_if_changed()

    def _fill_dates(self) -> None:
        """Start unused date bounds at the project's first and last article dates."""
        if not self._choices_loaded:
            return
        first, last = self._session.article_date_range()
        self._updating = True
        if first and not self.use_from.isChecked():
            self.date_from.setDate(QDate.fromString(first, _DATE_FORMAT))
        if last and not self.use_to.isChecked():
            self.date_to.setDate(QDate.fromString(last, _DATE_FORMAT))
        self._updating = False


class ActorChoicesModel(QAbstractListModel):
    """The actor combo's choices: "Any actor", then every actor as "name (type)"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._actors = RegistryRows()  # (id, name, type, country) in the registry's order

    def set_actors(self, actors: list[tuple[str, str, str, str | None]]) -> None:
        """Replace the choices with these actors (id, name, type, country), in this order."""
        self.beginResetModel()
        self._actors = RegistryRows(actors)
        self.endResetModel()

    def update_actors(
        self, actor_ids: Collection[str], rows: dict[str, tuple[str, str, str, str | None]]
    ) -> None:
        """Put these actors' rows as they are now (``rows``; none for a deleted one) in place."""
        update_rows(self, self._actors, actor_ids, rows, first=1)

    def row_of(self, actor_id: str) -> int | None:
        """Return the row of an actor's choice, or None when it is not listed."""
        row = self._actors.row_of(actor_id)
        return None if row is None else row + 1

    def rowCount(  # noqa: N802
        self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()  # noqa: B008
    ) -> int:
        """Return the number of choices."""
        return 0 if parent.isValid() else len(self._actors) + 1

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Return a choice's text, or its actor id as the user data."""
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self._actors):
            return None
        actor = self._actors[row - 1] if row else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return f"{actor[1]} ({actor[2]})" if actor else "Any actor"
        if role == Qt.ItemDataRole.UserRole:
            return actor[0] if actor else None
        return None


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat(_DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    return edit


def _iso(edit: QDateEdit) -> str:
    return edit.date().toString(_DATE_FORMAT)
