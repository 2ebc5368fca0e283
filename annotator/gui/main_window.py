"""The main window: composes the article list, the text, the marks table and the side panels."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import resize_span, trim_span
from annotator.formats import registry
from annotator.gui.actions import SHORTCUTS, make_action
from annotator.gui.commands import (
    AddMarkCommand,
    RemoveMarkCommand,
    SetDocumentLabelsCommand,
    UpdateMarkCommand,
)
from annotator.gui.models.article_list_model import ArticleListModel
from annotator.gui.models.mark_table_model import MarkTableModel
from annotator.gui.widgets.actor_picker import ActorChoice, ActorPickerPopup
from annotator.gui.widgets.article_view import ArticleTextView
from annotator.gui.widgets.document_panel import DocumentPanelWidget
from annotator.gui.widgets.mark_details import MarkDetailsWidget
from annotator.gui.widgets.tag_panel import TagPanelWidget
from annotator.session import Session, summarise


class MainWindow(QMainWindow):
    """The annotation window over one Session."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.current_article_id: str | None = None
        self.selected_mark_id: str | None = None
        self.label_actions: list[QAction] = []
        self.key_problems: list[str] = []  # tag-set keys that could not be bound, and why
        self.setWindowTitle("annotator")
        self.resize(1440, 900)

        self.article_model = ArticleListModel(session, self)
        self.article_list = _table_view(self.article_model)
        self.article_list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.article_list.selectionModel().currentRowChanged.connect(self._article_row_changed)

        self.text_view = ArticleTextView(self._mark_colour)
        self.text_view.mark_clicked.connect(self.select_mark)
        self.text_view.empty_clicked.connect(lambda: self.select_mark(None))
        self.text_view.escape_pressed.connect(lambda: self.select_mark(None))
        self.text_view.resize_requested.connect(self.resize_selected_mark)

        self.mark_model = MarkTableModel(session, self)
        self.mark_table = _table_view(self.mark_model)
        self.mark_table.horizontalHeader().setSectionResizeMode(
            MarkTableModel.TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.mark_table.selectionModel().currentRowChanged.connect(self._mark_row_changed)

        self.tag_panel = TagPanelWidget()
        self.tag_panel.label_chosen.connect(lambda k, n: self.mark_selection(MarkKind(k), n))
        self.document_panel = DocumentPanelWidget()
        self.document_panel.labels_edited.connect(self._document_edited)
        self.actor_picker = ActorPickerPopup(session, self)
        self.actor_picker.chosen.connect(self._actor_chosen)
        self.actor_picker.cancelled.connect(self._actor_pick_cancelled)
        self._pending_actor: tuple[str, tuple[int, int], str] | None = None
        self.mark_details = MarkDetailsWidget()
        self.mark_details.mark_edited.connect(self._mark_edited)

        self._compose()
        self._create_actions()
        self._apply_tagset(session.tagset)

        session.mark_added.connect(self._marks_changed)
        session.mark_removed.connect(self._marks_changed)
        session.mark_changed.connect(lambda old, new: self._marks_changed(old, new))
        session.actors_changed.connect(self._refresh_details)
        session.document_changed.connect(self._document_changed)
        session.annotator_changed.connect(self._annotator_changed)
        session.tagset_changed.connect(self._apply_tagset)
        self.article_model.modelReset.connect(self._reselect_article)

        if self.article_model.canFetchMore():
            self.article_model.fetchMore()
        if self.article_model.rowCount() > 0:
            self.article_list.selectRow(0)

    # -- composition ------------------------------------------------------------------------

    def _compose(self) -> None:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text_view)
        marks_box = QWidget()
        marks_layout = QVBoxLayout(marks_box)
        marks_layout.setContentsMargins(0, 4, 0, 0)
        marks_layout.addWidget(QLabel("Marks in this article"))
        marks_layout.addWidget(self.mark_table)
        splitter.addWidget(marks_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

        articles_dock = QDockWidget("Articles", self)
        articles_dock.setObjectName("articles_dock")
        articles_dock.setWidget(self.article_list)
        articles_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, articles_dock)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 4, 4)
        side_layout.addWidget(self.tag_panel)
        side_layout.addWidget(self.document_panel)
        side_layout.addWidget(self.mark_details)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tags_dock = QDockWidget("Tags", self)
        tags_dock.setObjectName("tags_dock")
        tags_dock.setWidget(scroll)
        scroll.setMinimumWidth(side.sizeHint().width() + 24)
        tags_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tags_dock)
        self.resizeDocks([articles_dock, tags_dock], [330, 340], Qt.Orientation.Horizontal)

        self.coder_label = QLabel()
        self.statusBar().addPermanentWidget(self.coder_label)
        self._show_coder()

    def _create_actions(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            make_action(
                self,
                "&Import articles…",
                self._import_dialog,
                shortcut=SHORTCUTS["import"],
                tip="Import .txt files or JSONL",
            )
        )
        file_menu.addAction(
            make_action(
                self,
                "&Export JSONL…",
                self._export_dialog,
                shortcut=SHORTCUTS["export"],
                tip="Export every coder's annotations as JSONL",
            )
        )
        file_menu.addSeparator()
        file_menu.addAction(make_action(self, "&Quit", self.close, shortcut=SHORTCUTS["quit"]))

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence(SHORTCUTS["undo"]))
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence(SHORTCUTS["redo"]))
        self.addActions([undo, redo])
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        self.delete_action = make_action(
            self,
            "&Delete mark",
            self.delete_selected_mark,
            shortcut=SHORTCUTS["delete_mark"],
            tip="Delete the selected mark",
        )
        edit_menu.addAction(self.delete_action)
        self.snap_action = make_action(
            self,
            "&Snap to words",
            lambda: None,
            shortcut=SHORTCUTS["snap_to_words"],
            tip="Resize marks by whole words (Shift+arrows); off: by characters",
        )
        self.snap_action.setCheckable(True)
        self.snap_action.setChecked(True)
        edit_menu.addAction(self.snap_action)
        self.ask_actor_action = make_action(
            self,
            "&Ask which actor",
            lambda: None,
            shortcut=SHORTCUTS["ask_actor"],
            tip="Open the actor picker for each new mention; off: use the alias match directly",
        )
        self.ask_actor_action.setCheckable(True)
        self.ask_actor_action.setChecked(True)
        edit_menu.addAction(self.ask_actor_action)

        go_menu = self.menuBar().addMenu("&Go")
        go_menu.addAction(
            make_action(
                self,
                "&Next article",
                lambda: self._step_article(1),
                shortcut=SHORTCUTS["next_article"],
            )
        )
        go_menu.addAction(
            make_action(
                self,
                "&Previous article",
                lambda: self._step_article(-1),
                shortcut=SHORTCUTS["previous_article"],
            )
        )

        coder_menu = self.menuBar().addMenu("&Coder")
        coder_menu.addAction(
            make_action(
                self,
                "&Switch coder…",
                self._annotator_dialog,
                shortcut=SHORTCUTS["set_annotator"],
                tip="Code as another annotator",
            )
        )
        self.labels_menu = self.menuBar().addMenu("&Labels")

    def _apply_tagset(self, tagset: TagSet) -> None:
        for action in self.label_actions:
            self.removeAction(action)
            action.deleteLater()
        self.labels_menu.clear()
        self.label_actions = []
        taken = {
            action.shortcut().toString()
            for action in self.actions()
            if not action.shortcut().isEmpty()
        }
        self.key_problems = []
        entries: list[tuple[str, str | None, str, Callable[[], object]]] = [
            (
                f"{kind.value.capitalize()}: {label.name}",
                label.key,
                label.description,
                functools.partial(self.mark_selection, kind, label.name),
            )
            for kind, label in tagset.all_span_labels()
        ]
        for field, title, labels in (
            ("tone", "Tone", tagset.tone),
            ("focus_stance", "Stance toward the focus", tagset.focus_stance),
            ("topics", "Topic", tagset.topics),
        ):
            entries += [
                (
                    f"{title}: {label.name}",
                    label.key,
                    label.description,
                    functools.partial(self.toggle_document_label, field, label.name),
                )
                for label in labels
            ]
        for text, key, tip, slot in entries:
            if key is not None:
                sequence = QKeySequence(key).toString()
                if not sequence:
                    self.key_problems.append(f"{text.split(': ', 1)[1]}: {key!r} is not a key")
                    key = None
                elif sequence in taken:
                    self.key_problems.append(
                        f"{text.split(': ', 1)[1]}: {key!r} is already used by the app"
                    )
                    key = None
            action = make_action(self, text, slot, shortcut=key, tip=tip)
            self.labels_menu.addAction(action)
            self.label_actions.append(action)
        if self.key_problems:
            self.statusBar().showMessage(
                "Tag-set keys left unbound: " + "; ".join(self.key_problems), 15000
            )
        self.tag_panel.set_tagset(tagset)
        self.document_panel.set_tagset(tagset)

    # -- articles ---------------------------------------------------------------------------

    def open_article(self, article_id: str) -> None:
        """Show an article with the current coder's marks and document labels."""
        row = self.article_model.row_of(article_id)
        if row is not None and self.article_list.currentIndex().row() != row:
            self.article_list.selectRow(row)  # comes back here through _article_row_changed
            return
        self.current_article_id = article_id
        self.selected_mark_id = None
        article = self.session.article(article_id)
        self.mark_model.show_article(article_id)
        self.text_view.show_article(article.text, self.mark_model.marks)
        self.document_panel.show_labels(self.session.document_labels(article_id))
        self._refresh_details()
        self.setWindowTitle(f"{article.title} — annotator")

    def _article_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.article_model.article_id(current.row())
        if article_id is not None:
            self.open_article(article_id)

    def _reselect_article(self) -> None:
        # A reset (import, coder switch) drops the list's selection; keep the open article.
        if self.current_article_id is not None:
            row = self.article_model.row_of(self.current_article_id)
            if row is not None:
                self.article_list.selectionModel().blockSignals(True)
                self.article_list.selectRow(row)
                self.article_list.selectionModel().blockSignals(False)

    def _step_article(self, step: int) -> None:
        row = self.article_list.currentIndex().row() + step
        if row >= self.article_model.rowCount() and self.article_model.canFetchMore():
            self.article_model.fetchMore()
        if 0 <= row < self.article_model.rowCount():
            self.article_list.selectRow(row)

    # -- marks ------------------------------------------------------------------------------

    def mark_selection(self, kind: MarkKind, label: str) -> Mark | None:
        """Turn the selected text into a mark of this label (an undoable, saved edit).

        With no text selected but a mark selected, change that mark's label instead.
        """
        span = self.text_view.selected_span()
        selected = self.selected_mark()
        if span is None and selected is not None:
            self.relabel_selected_mark(kind, label)
            return selected
        if self.current_article_id is None or span is None:
            self.statusBar().showMessage("Select some text first, then choose a label.", 4000)
            return None
        if kind == MarkKind.ACTOR and self.ask_actor_action.isChecked():
            self._pick_actor(self.current_article_id, span, label)
            return None
        return self._add_mark(self.current_article_id, kind, span, label)

    def _pick_actor(self, article_id: str, span: tuple[int, int], label: str) -> None:
        """Open the actor picker for a selection; the mark is made when an actor is chosen."""
        text = self.session.article(article_id).text
        start, end = trim_span(text, *span)
        if start >= end:
            self.statusBar().showMessage("The selection has no text to mark.", 4000)
            return
        self._pending_actor = (article_id, (start, end), label)
        cursor = self.text_view.textCursor()
        rect = self.text_view.cursorRect(cursor)
        at = self.text_view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4))
        self.actor_picker.open_for(text[start:end], label, at)

    def _actor_chosen(self, choice: ActorChoice) -> None:
        if self._pending_actor is None:
            return
        article_id, span, label = self._pending_actor
        self._pending_actor = None
        self.text_view.setFocus()
        self._add_mark(article_id, MarkKind.ACTOR, span, label, choice.actor_id, choice.new_name)

    def _add_mark(
        self,
        article_id: str,
        kind: MarkKind,
        span: tuple[int, int],
        label: str,
        actor_id: str | None = None,
        new_actor_name: str | None = None,
    ) -> Mark | None:
        """Create a mark through the undo stack, then select it."""
        try:
            mark, new_actors = self.session.prepare_mark(
                article_id, kind, *span, label, actor_id=actor_id, new_actor_name=new_actor_name
            )
        except AnnotatorError as exc:
            self.statusBar().showMessage(str(exc), 6000)
            return None
        if not self._push(AddMarkCommand(self.session, mark, new_actors, self.reveal_article)):
            return None
        cursor = self.text_view.textCursor()
        cursor.clearSelection()
        self.text_view.setTextCursor(cursor)
        self.select_mark(mark.id)
        self.statusBar().showMessage(f"Saved {kind.value} “{mark.text[:40]}” as {label}.", 3000)
        return mark

    def relabel_selected_mark(self, kind: MarkKind, label: str) -> None:
        """Give the selected mark another label of its own kind."""
        mark = self.selected_mark()
        if mark is None:
            return
        if mark.kind != kind:
            self.statusBar().showMessage(
                f"{_a(mark.kind.value).capitalize()} mark cannot take {_a(kind.value)} label; "
                f"select text to make a new {kind.value} mark.",
                6000,
            )
            return
        if mark.label != label:
            self._mark_edited(mark, mark.with_changes(label=label), "label")

    def resize_selected_mark(self, edge: str, step: int) -> None:
        """Move the selected mark's start or end by a word (or a character without snapping)."""
        mark = self.selected_mark()
        if mark is None:
            return
        text = self.session.article(mark.article_id).text
        start, end = resize_span(
            text, mark.start, mark.end, edge, step, self.snap_action.isChecked()
        )
        if (start, end) != (mark.start, mark.end):
            new = mark.with_changes(start=start, end=end, text=text[start:end])
            self._mark_edited(mark, new, "extent")

    def _actor_pick_cancelled(self) -> None:
        self._pending_actor = None
        self.text_view.setFocus()

    def select_mark(self, mark_id: str | None) -> None:
        """Select a mark in the table, emphasise it in the text and show its fields."""
        self.selected_mark_id = mark_id
        row = self.mark_model.row_of(mark_id) if mark_id else None
        if row is None:
            self.selected_mark_id = None
            self.mark_table.selectionModel().clearCurrentIndex()
            self.mark_table.clearSelection()
        elif self.mark_table.currentIndex().row() != row:
            self.mark_table.selectionModel().setCurrentIndex(
                self.mark_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.mark_table.scrollTo(self.mark_model.index(row, 0))
        mark = self.selected_mark()
        if mark is not None:
            self.text_view.reveal_span(mark.start, mark.end)
        self._refresh_details()

    def selected_mark(self) -> Mark | None:
        """Return the selected mark, if any."""
        row = self.mark_model.row_of(self.selected_mark_id) if self.selected_mark_id else None
        return self.mark_model.mark_at(row) if row is not None else None

    def delete_selected_mark(self) -> None:
        """Delete the selected mark (undoable)."""
        mark = self.selected_mark()
        if mark is None:
            self.statusBar().showMessage("No mark selected.", 3000)
            return
        self._push(RemoveMarkCommand(self.session, mark, self.reveal_article))

    def _mark_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        mark = self.mark_model.mark_at(current.row())
        if mark is not None and mark.id != self.selected_mark_id:
            self.select_mark(mark.id)

    def _marks_changed(self, *changed: Mark) -> None:
        if not any(m.article_id == self.current_article_id for m in changed):
            return
        self.text_view.update_marks(self.mark_model.marks, list(changed))
        if self.selected_mark_id and self.mark_model.row_of(self.selected_mark_id) is None:
            self.selected_mark_id = None
        self._refresh_details()

    def _mark_edited(self, old: Mark, new: Mark, what: str) -> None:
        if not self._push(UpdateMarkCommand(self.session, old, new, what, self.reveal_article)):
            self._refresh_details()  # put the editors back to the stored values

    def _push(self, command: QUndoCommand) -> bool:
        """Apply an edit through the undo stack; on refusal say why and keep nothing."""
        try:
            self.undo_stack.push(command)
        except AnnotatorError as exc:
            self.statusBar().showMessage(f"Not saved: {exc}", 8000)
            return False
        return True

    def reveal_article(self, article_id: str) -> None:
        """Show an article unless it is already open (undo and redo use this)."""
        if article_id != self.current_article_id:
            self.open_article(article_id)

    def _refresh_details(self) -> None:
        mark = self.selected_mark()
        self.text_view.selected_mark = mark
        self.text_view.highlighter.set_selected(mark)
        self.mark_details.show_mark(
            mark, self.session.tagset, self.session.actors() if mark else []
        )

    def _mark_colour(self, mark: Mark) -> str:
        tagset = self.session.tagset
        if tagset.has_span_label(mark.kind, mark.label):
            return tagset.span_label(mark.kind, mark.label).color or "#dddddd"
        return "#dddddd"

    # -- document labels --------------------------------------------------------------------

    def toggle_document_label(self, field: str, name: str) -> None:
        """Set (or, if already set, clear) a tone or focus stance; add or remove a topic."""
        if self.current_article_id is None:
            return
        old = self.session.document_labels(self.current_article_id)
        if field == "topics":
            topics = [t for t in old.topics if t != name]
            new = replace(old, topics=tuple(topics if name in old.topics else [*topics, name]))
            what = "topics"
        elif field == "tone":
            new = replace(old, tone=None if old.tone == name else name)
            what = "tone"
        else:
            new = replace(old, focus_stance=None if old.focus_stance == name else name)
            what = "focus stance"
        self._document_edited(old, new, what)

    def _document_edited(self, old: DocumentLabels, new: DocumentLabels, what: str) -> None:
        if not self._push(
            SetDocumentLabelsCommand(self.session, old, new, what, self.reveal_article)
        ):
            self.document_panel.show_labels(self.session.document_labels(old.article_id))

    def _document_changed(self, labels: DocumentLabels) -> None:
        if (
            labels.article_id == self.current_article_id
            and labels.annotator == self.session.annotator
        ):
            self.document_panel.show_labels(labels)

    # -- coder, import, export --------------------------------------------------------------

    def _annotator_dialog(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Switch coder", "Code as:", text=self.session.annotator
        )
        if ok and name.strip():
            self.session.set_annotator(name)

    def _annotator_changed(self, _name: str) -> None:
        # Undo steps belong to the coder who made them; another coder must not undo them.
        self.undo_stack.clear()
        self._show_coder()
        if self.current_article_id:
            self.open_article(self.current_article_id)

    def _show_coder(self) -> None:
        self.coder_label.setText(f"Coder: {self.session.annotator}   ·   {self.session.path}")

    def import_files(self, paths: list[Path]) -> bool:
        """Import files into the project, telling the user what happened."""
        try:
            report = self.session.import_paths(paths)
        except AnnotatorError as exc:
            QMessageBox.warning(self, "Nothing was imported", str(exc))
            return False
        # An import may have replaced marks that undo steps refer to, and the open article's.
        self.undo_stack.clear()
        if self.current_article_id is not None:
            self.open_article(self.current_article_id)
        self.statusBar().showMessage(f"Imported: {summarise(report)}.", 8000)
        return True

    def _import_dialog(self) -> None:
        readable = registry.readable()
        every = " ".join("*" + ext for f in readable for ext in f.extensions)
        filters = [f"All known ({every})"] + [f.file_filter() for f in readable] + ["All files (*)"]
        files, _ = QFileDialog.getOpenFileNames(self, "Import articles", "", ";;".join(filters))
        if files:
            self.import_files([Path(f) for f in files])

    def _export_dialog(self) -> None:
        file, _ = QFileDialog.getSaveFileName(
            self, "Export JSONL", "annotations.jsonl", registry.get("jsonl").file_filter()
        )
        if file:
            self.export_to(Path(file))

    def export_to(self, path: Path) -> bool:
        """Export every coder's annotations as JSONL, telling the user what happened."""
        try:
            count = self.session.export_file(path)
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"{path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Wrote {count} record(s) to {path}.", 8000)
        return True


def _a(word: str) -> str:
    """Return the word with its indefinite article ("an actor", "a claim")."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _table_view(model: ArticleListModel | MarkTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
