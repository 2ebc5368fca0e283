"""The main window: composes the article list, the views, the side panels and the menus.

What the window does lives elsewhere: actions as data in ``actions``, their keys in ``keymap``,
the menus in ``menus``, the panels in ``window_layout`` and ``panels``, remembered state in
``window_state``, dialogs' workflows in ``flows``. Here they are put together, and the few
steps that tie the parts (which article is open, which view is in front) are taken.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from annotator.core.model import ArticleStatus, DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import elide
from annotator.gui.coding_view import CodingView, table_view
from annotator.gui.commands import SetDocumentLabelsCommand
from annotator.gui.flows.interaction import QtInteraction
from annotator.gui.hub_sync import HubSync, attach_hub_sync
from annotator.gui.keymap import WindowKeysFirst, rebind_keys
from annotator.gui.menus import act_in, build_menus
from annotator.gui.models.article_list_model import ArticleListModel
from annotator.gui.navigation import open_claim, review_article
from annotator.gui.panels import PanelLayout
from annotator.gui.project_watch import ProjectWatch
from annotator.gui.signals import follow
from annotator.gui.views import ViewTabs
from annotator.gui.widgets.actor_registry import ActorRegistryWidget
from annotator.gui.widgets.article_filter import ArticleFilterWidget
from annotator.gui.widgets.document_panel import DocumentPanelWidget
from annotator.gui.widgets.guidelines_panel import GuidelinesBrowser
from annotator.gui.widgets.tag_panel import TagPanelWidget
from annotator.gui.window_layout import compose_docks, size_article_columns
from annotator.gui.window_state import remember_project, restore_window_state, save_window_state
from annotator.session import Session

# Views not shown at start are imported when first shown: each Qt class a module names costs
# the start-up its Python enums (PySide6 makes them on first use).
if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView
    from annotator.gui.network_view import NetworkView
    from annotator.gui.statistics_view import StatisticsView
    from annotator.gui.review_view import ReviewView

WELCOME = (
    "Welcome! Pick an article on the left, select text and press a label key; F1 lists every key."
)


class MainWindow(QMainWindow):
    """The annotation window over one Session."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.interaction = QtInteraction(self)
        self.current_article_id: str | None = None
        self.label_actions: list[QAction] = []
        self.key_problems: list[str] = []  # tag-set keys that could not be bound, and why
        self.resize(1440, 900)

        self.article_model = ArticleListModel(session, self)
        self.article_list = table_view()
        self.article_list.setModel(self.article_model)
        size_article_columns(self.article_list)
        self.article_list.selectionModel().currentRowChanged.connect(self._article_row_changed)
        # Its actor choices and date bounds are read after the first paint (see eventFilter).
        self.article_filter = ArticleFilterWidget(session, deferred=True)
        self.article_filter.filter_changed.connect(self.article_model.set_filter)

        self.coding = CodingView(session, self.undo_stack, self.reveal_article)
        self.coding.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        # The coding view's parts, named here for menus, tests and the layout.
        self.text_view = self.coding.text_view
        self.mark_model = self.coding.mark_model
        self.mark_table = self.coding.mark_table
        self.mark_details = self.coding.mark_details
        self.actor_picker = self.coding.actor_picker
        self.views = ViewTabs(
            self.coding,
            self._make_review_view,
            self._make_agreement_view,
            self._make_statistics_view,
            self._make_network_view,
        )
        self.setCentralWidget(self.views)

        self.actor_registry = ActorRegistryWidget(
            session, self.undo_stack, reveal=self.reveal_article, count_later=True
        )
        self.actor_registry.status_message.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        self.coding.mark_selected.connect(self.actor_registry.set_current_mark)
        self.guidelines = GuidelinesBrowser(session)
        self.tag_panel = TagPanelWidget()
        self.tag_panel.label_chosen.connect(lambda k, n: self.mark_selection(MarkKind(k), n))
        self.document_panel = DocumentPanelWidget()
        self.document_panel.labels_edited.connect(self._document_edited)
        self.docks = compose_docks(
            self,
            self.article_filter,
            self.article_list,
            self.actor_registry,
            self.guidelines,
            self.tag_panel,
            self.document_panel,
        )
        self.coder_label = QLabel()
        self.coder_label.setTextFormat(Qt.TextFormat.PlainText)  # a typed name, a file's path
        self.statusBar().addPermanentWidget(self.coder_label)

        self.app_actions, menus = build_menus(self)
        self.labels_menu = menus["&Labels"]
        docks = self.docks
        coding_only = [docks.tags, docks.actors, docks.guidelines]
        self.panels = PanelLayout(
            self,
            docks.all(),
            menus["&View"],
            {
                "review": coding_only,
                "agreement": [*coding_only, docks.articles],
                "statistics": [*coding_only, docks.articles],
                "network": [*coding_only, docks.articles],
            },
        )
        self.views.view_shown.connect(self.panels.view_shown)
        # Delete acts on the selected mark only from the text or the marks table: in a form
        # field or the actor registry the key keeps its own meaning.
        act_in(self, self.app_actions["delete_mark"], [self.text_view, self.mark_table])
        for name in ("snap_to_words", "ask_actor"):
            self.app_actions[name].toggled.connect(lambda on, n=name: setattr(self.coding, n, on))
        self._apply_tagset(session.tagset)
        self.keys_first = WindowKeysFirst(self, self.app_actions)
        self.project_watch = ProjectWatch(self)
        self.hub_sync: HubSync | None = attach_hub_sync(self)  # None: not tied to a team hub

        follow(session.document_changed, self, self._document_changed)
        follow(session.annotator_changed, self, self._annotator_changed)
        follow(session.tagset_changed, self, self._apply_tagset)
        self.article_model.modelReset.connect(self._reselect_article)
        # The article's suggested mentions are matched just after the first frame: building
        # the matcher over the registry would be a fifth of the start-up.
        self.coding.scanner.hold()
        self.guidelines.hold()  # behind the actors: rendered after the first frame too
        self._show_project()
        restore_window_state(self)
        remember_project(session.path)
        if not session.coder_has_marks():  # a first run: say where to begin
            self.statusBar().showMessage(WELCOME, 30000)
        # What the first frame does not show is read after it is painted (see eventFilter).
        self._painted = False
        self.text_view.viewport().installEventFilter(self)

    # -- start and end ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """After the article text is first painted, read what the first frame did not need."""
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_first_paint)
        return super().eventFilter(watched, event)

    def _after_first_paint(self) -> None:
        if not self.session.is_closed:
            self.coding.scanner.release()
            self.guidelines.release()
            self.actor_registry.model.start_counting()
            self.article_filter.load_choices()

    def save_state(self) -> None:
        """Remember the layout (as the Coding view has it), the open article and its place."""
        self.panels.view_shown("coding")
        save_window_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Remember where the coder was before the window closes."""
        if not self.session.is_closed:
            self.save_state()
        if self.hub_sync is not None:
            self.hub_sync.stop()
        super().closeEvent(event)

    # -- keys and labels --------------------------------------------------------------------

    def _apply_tagset(self, tagset: TagSet) -> None:
        rebind_keys(self, tagset)
        self.tag_panel.set_tagset(tagset)
        self.document_panel.set_tagset(tagset)

    def coding_widgets(self) -> list[QWidget]:
        """Return the widgets in which label keys work: the text, the lists, the tag panel."""
        widgets: list[QWidget] = [
            self.text_view,
            self.mark_table,
            self.article_list,
            self.tag_panel,
        ]
        review = self.views.made_review
        if review is not None:
            widgets += [review.text_view, review.unit_table]
        return widgets

    # -- views ------------------------------------------------------------------------------

    def _make_review_view(self) -> ReviewView:
        from annotator.gui.review_view import ReviewView

        view = ReviewView(self.session, self.undo_stack, self.reveal_article)
        view.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        for action in self.label_actions:
            view.text_view.addAction(action)
            view.unit_table.addAction(action)
        view.show_article(self.current_article_id)
        return view

    def _make_agreement_view(self) -> AgreementView:
        from annotator.gui.agreement_view import AgreementView

        view = AgreementView(self.session)
        view.review_requested.connect(lambda article_id: review_article(self, article_id))
        return view

    def _make_statistics_view(self) -> StatisticsView:
        from annotator.gui.statistics_view import StatisticsView

        def choose(title: str, suggested: str, file_filter: str) -> Path | None:
            return self.interaction.choose_file_to_write(title, suggested, file_filter)

        view = StatisticsView(self.session, choose)
        view.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        return view

    def _make_network_view(self) -> NetworkView:
        from annotator.gui.network_view import NetworkView

        def choose(title: str, suggested: str, file_filter: str) -> Path | None:
            return self.interaction.choose_file_to_write(title, suggested, file_filter)

        view = NetworkView(self.session, choose)
        view.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        view.claim_requested.connect(lambda claim: open_claim(self, claim))
        return view

    # -- articles ---------------------------------------------------------------------------

    def open_article(self, article_id: str) -> None:
        """Show an article with the current coder's marks and document labels."""
        if article_id != self.current_article_id:
            self.document_panel.commit_note()  # a note being typed is saved, not lost
        row = self.article_model.row_of(article_id)
        if row is not None and self.article_list.currentIndex().row() != row:
            self.article_list.selectRow(row)  # comes back here through _article_row_changed
            return
        self.current_article_id = article_id
        self.coding.show_article(article_id)
        if self.views.made_review is not None:
            self.views.made_review.show_article(article_id)
        self.document_panel.show_labels(self.session.document_labels(article_id))
        self._show_project()

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

    def reveal_article(self, article_id: str) -> None:
        """Show an article unless it is already open (undo and redo use this)."""
        if article_id != self.current_article_id:
            self.open_article(article_id)

    def set_status(self, status: str) -> None:
        """Set the coder's status of the open article (undoable)."""
        if self.current_article_id is None:
            return
        self.document_panel.commit_note()
        old = self.session.document_labels(self.current_article_id)
        self._document_edited(old, replace(old, status=ArticleStatus(status)), "status")

    # -- marks (the coding and review views do the work) ------------------------------------

    @property
    def selected_mark_id(self) -> str | None:
        """Return the id of the selected mark, if any."""
        return self.coding.selected_mark_id

    def selected_mark(self) -> Mark | None:
        """Return the selected mark, if any."""
        return self.coding.selected_mark()

    def select_mark(self, mark_id: str | None) -> None:
        """Select a mark (None: none)."""
        self.coding.select_mark(mark_id)

    def mark_selection(self, kind: MarkKind, label: str) -> Mark | None:
        """Turn the selected text into a mark of this label (in review: a gold mark)."""
        if self.views.showing_review():
            return self.views.review_view.add_gold(kind, label)
        return self.coding.mark_selection(kind, label)

    # -- document labels --------------------------------------------------------------------

    def toggle_document_label(self, field: str, name: str) -> None:
        """Set (or, if already set, clear) a tone or focus stance; add or remove a topic."""
        if self.current_article_id is not None:
            old, new = self.session.toggled_document_labels(self.current_article_id, field, name)
            self._document_edited(old, new, "focus stance" if field == "focus_stance" else field)

    def _document_edited(self, old: DocumentLabels, new: DocumentLabels, what: str) -> None:
        command = SetDocumentLabelsCommand(self.session, old, new, what, self.reveal_article)
        if not self.coding.push(command):
            self.document_panel.show_labels(self.session.document_labels(old.article_id))

    def _document_changed(self, labels: DocumentLabels) -> None:
        if (
            labels.article_id == self.current_article_id
            and labels.annotator == self.session.annotator
        ):
            self.document_panel.show_labels(labels)

    # -- the coder and the project ----------------------------------------------------------

    def _annotator_changed(self, _name: str) -> None:
        # Undo steps belong to the coder who made them; another coder must not undo them.
        self.undo_stack.clear()
        self._show_project()
        if self.current_article_id:
            self.open_article(self.current_article_id)

    def _show_project(self) -> None:
        """Name the project (and the article) in the title, the coder in the status bar."""
        project = self.session.path.name if self.session.path else "(no file)"
        if self.session.store.read_only:  # say it before the first refused edit does
            project += " (read-only)"
        self.coder_label.setText(f"Coder: {self.session.annotator}   ·   {self.session.path}")
        # The title alone: reading a 50 MB text here would stall the window.
        article = (
            self.session.article_title(self.current_article_id) if self.current_article_id else ""
        )
        title = f"{elide(article, 60)} — {project}" if article else project
        self.setWindowTitle(f"{title} — annotator")
