"""The main window: composes the article list, the text, the marks table and the side panels."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.actor_links import ActorLinkProposal
from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, DocumentLabels, Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.gui.actions import default_keys, make_action
from annotator.gui.coding_view import CodingView, table_view
from annotator.gui.panels import PanelLayout
from annotator.gui.commands import SetDocumentLabelsCommand
from annotator.gui.models.article_list_model import ArticleListModel
from annotator.gui.signals import follow
from annotator.gui.widgets.actor_registry import ActorRegistryWidget
from annotator.gui.widgets.article_filter import ArticleFilterWidget
from annotator.gui.widgets.document_panel import DocumentPanelWidget
from annotator.gui.widgets.guidelines_panel import GuidelinesBrowser
from annotator.gui.widgets.tag_panel import TagPanelWidget
from annotator.session import Session

# Views not shown at start, dialogs and workflows are imported when first used: each Qt class
# a module names costs the start-up its Python enums (PySide6 makes them on first use).
if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView
    from annotator.gui.dialogs.actor_links_dialog import ActorLinksDialog
    from annotator.gui.review_view import ReviewView
    from annotator.gui.workflows.export_workflow import ExportWorkflow
    from annotator.gui.workflows.import_workflow import ImportWorkflow
    from annotator.gui.workflows.merge_workflow import MergeWorkflow


class MainWindow(QMainWindow):
    """The annotation window over one Session."""

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.undo_stack = QUndoStack(self)
        self.current_article_id: str | None = None
        self.label_actions: list[QAction] = []
        self.key_problems: list[str] = []  # tag-set keys that could not be bound, and why
        self.setWindowTitle("annotator")
        self.resize(1440, 900)

        self.article_model = ArticleListModel(session, self)
        self.article_list = table_view()
        self.article_list.setModel(self.article_model)
        _size_article_columns(self.article_list)
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

        # The review and agreement views are made when first shown or asked for.
        self._review_view: ReviewView | None = None
        self._agreement_view: AgreementView | None = None

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

        self._compose()
        self._create_actions()
        self._apply_tagset(session.tagset)

        follow(session.document_changed, self, self._document_changed)
        follow(session.annotator_changed, self, self._annotator_changed)
        follow(session.tagset_changed, self, self._apply_tagset)
        self.article_model.modelReset.connect(self._reselect_article)
        # The article's suggested mentions are matched just after the first frame: building
        # the matcher over the registry would be a fifth of the start-up.
        self.coding.scanner.hold()
        self.guidelines.hold()  # behind the actors: rendered after the first frame too
        self._restore_state()
        if not session.coder_has_marks():  # a first run: say where to begin
            self.statusBar().showMessage(
                "Welcome! Pick an article on the left, select text and press a label key; "
                "F1 lists every key.",
                30000,
            )
        # What the first frame does not show is read after it is painted (see eventFilter).
        self._painted = False
        self.text_view.viewport().installEventFilter(self)

    # -- remembered state (QSettings) -------------------------------------------------------

    def _settings_key(self, name: str) -> str:
        # Per project file: the last article and scroll position belong to one database.
        project = hashlib.sha256(str(self.session.path).encode("utf-8")).hexdigest()[:16]
        return f"projects/{project}/{name}"

    def _restore_state(self) -> None:
        """Restore the window layout, and reopen the project's last article where it was."""
        settings = QSettings()
        geometry, state = settings.value("window/geometry"), settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:  # the first start: the default size, or the whole screen if that is smaller
            screen = self.screen()
            if screen is not None:
                free = screen.availableGeometry()
                if self.width() > free.width() or self.height() > free.height():
                    self.resize(min(self.width(), free.width()), min(self.height(), free.height()))
                    self.move(free.topLeft())
                    # Maximised, the window manager fits the frame and title bar in as well.
                    self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        last = settings.value(self._settings_key("last_article"))
        top = str(settings.value(self._settings_key("top_offset"), 0) or 0)
        if isinstance(last, str) and self.article_model.row_of(last) is not None:
            self.open_article(last)
            # After the first layout, when the lines' wrapping is known.
            QTimer.singleShot(
                0, lambda: self.text_view.scroll_to_offset(int(top) if top.isdigit() else 0)
            )
        elif self.article_model.rowCount() > 0:
            self.article_list.selectRow(0)

    def save_state(self) -> None:
        """Remember the window layout, the open article and its scroll position."""
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        if self.current_article_id is not None:
            settings.setValue(self._settings_key("last_article"), self.current_article_id)
            settings.setValue(
                self._settings_key("top_offset"), self.text_view.first_visible_offset()
            )
        settings.sync()

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Remember where the coder was before the window closes."""
        if not self.session.is_closed:
            self.save_state()
        super().closeEvent(event)

    # -- composition ------------------------------------------------------------------------

    def _compose(self) -> None:
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.coding, "Coding")
        # Stand-ins until the views are made (see review_view and agreement_view).
        self.views.addTab(QWidget(), "Review")
        self.views.addTab(QWidget(), "Agreement")
        self.views.currentChanged.connect(self._view_chosen)
        self.setCentralWidget(self.views)
        # The marks filters would be as wide as their longest choice ("International
        # organization (actor)"), making the window wider than a laptop screen; their open
        # lists still show every choice whole.
        for combo in (
            self.coding.kind_filter,
            self.coding.label_filter,
            self.coding.speaker_filter,
            self.coding.stance_filter,
        ):
            combo.setSizeAdjustPolicy(combo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            # Qt keeps the minimum it computed from the longest choice; this one takes over.
            combo.setMinimumWidth(combo.sizeHint().width())
        # The marks' text and details share the table's free width; sized to their contents,
        # long details left the text column a sliver.
        self.mark_table.horizontalHeader().setSectionResizeMode(
            self.mark_model.DETAILS, QHeaderView.ResizeMode.Stretch
        )

        articles_dock = self.articles_dock = QDockWidget("Articles", self)
        articles_dock.setObjectName("articles_dock")
        articles_box = QWidget()
        articles_layout = QVBoxLayout(articles_box)
        articles_layout.setContentsMargins(0, 0, 0, 0)
        articles_layout.addWidget(self.article_filter)
        articles_layout.addWidget(self.article_list)
        articles_dock.setWidget(articles_box)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, articles_dock)
        actors_dock = self.actors_dock = QDockWidget("Actors", self)
        actors_dock.setObjectName("actors_dock")
        actors_dock.setWidget(self.actor_registry)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, actors_dock)
        self.splitDockWidget(articles_dock, actors_dock, Qt.Orientation.Vertical)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 4, 4)
        side_layout.addWidget(self.tag_panel)
        side_layout.addWidget(self.document_panel)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tags_dock = self.tags_dock = QDockWidget("Tags", self)
        tags_dock.setObjectName("tags_dock")
        tags_dock.setWidget(scroll)

        def fit_side_panel() -> None:
            # As wide as the widest label button or field: a narrower dock would cut their text.
            bar = scroll.verticalScrollBar().sizeHint().width()
            scroll.setMinimumWidth(side.minimumSizeHint().width() + bar + 2 * scroll.frameWidth())

        # Deferred: the document panel takes the new tag set just after the tag panel.
        self.tag_panel.rebuilt.connect(lambda: QTimer.singleShot(0, scroll, fit_side_panel))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, tags_dock)
        self.guidelines_dock = QDockWidget("Guidelines", self)
        self.guidelines_dock.setObjectName("guidelines_dock")
        self.guidelines_dock.setWidget(self.guidelines)
        # Beside the actors, so the tags and document labels stay in view while reading them.
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.guidelines_dock)
        self.tabifyDockWidget(actors_dock, self.guidelines_dock)
        actors_dock.raise_()
        self.resizeDocks([articles_dock, tags_dock], [330, 340], Qt.Orientation.Horizontal)

        self.coder_label = QLabel()
        self.statusBar().addPermanentWidget(self.coder_label)
        self._show_coder()

    def _create_actions(self) -> None:
        """Build the menus from action specs; shortcuts come from SHORTCUTS and the tag set."""
        self.app_actions: dict[str, QAction] = {}
        coding = self.coding
        specs: list[tuple[str, str, str, Callable[[], object], str]] = [
            (
                "&File",
                "import",
                "&Import articles…",
                self._choose_and_import,
                "Import .txt or JSONL",
            ),
            (
                "&File",
                "export",
                "&Export…",
                self._choose_and_export,
                "Export the coding in a format of your choice",
            ),
            (
                "&File",
                "merge",
                "&Merge project…",
                self._choose_and_merge,
                "Bring in a teammate's project file",
            ),
            (
                "&File",
                "link_actors",
                "&Link same-name actors…",
                self.offer_actor_links,
                "Link actors that are one actor under two ids (same name or alias)",
            ),
            ("&File", "quit", "&Quit", self.close, "Close the window"),
            (
                "&View",
                "show_coding",
                "&Coding",
                lambda: self.show_view(self.coding),
                "Code the article as the current coder",
            ),
            (
                "&View",
                "show_review",
                "&Review",
                lambda: self.show_view(self.review_view),
                "Compare every coder's marks on the article and adjudicate gold",
            ),
            (
                "&View",
                "show_agreement",
                "&Agreement",
                lambda: self.show_view(self.agreement_view),
                "Agreement between the coders: matrix, per-label bars, articles to review",
            ),
            (
                "&View",
                "next_disagreement",
                "&Next disagreement",
                lambda: self._review_step(1),
                "Go to the next open disagreement of the reviewed article",
            ),
            (
                "&View",
                "previous_disagreement",
                "&Previous disagreement",
                lambda: self._review_step(-1),
                "Go to the previous open disagreement of the reviewed article",
            ),
            (
                "&Edit",
                "delete_mark",
                "&Delete mark",
                coding.delete_selected_mark,
                "Delete the selected mark",
            ),
            (
                "&Edit",
                "snap_to_words",
                "&Snap to words",
                lambda: None,
                "Mouse selections and mark resizing by whole words; off: by characters",
            ),
            (
                "&Edit",
                "ask_actor",
                "&Ask which actor",
                lambda: None,
                "Open the actor picker for each new mention; off: use the alias match directly",
            ),
            (
                "&Go",
                "done_and_next",
                "&Done and next",
                lambda: self.set_status_and_next("done"),
                "Mark the article done and open the next one in the list",
            ),
            (
                "&Go",
                "skip_and_next",
                "&Skip and next",
                lambda: self.set_status_and_next("skipped"),
                "Mark the article skipped and open the next one in the list",
            ),
            (
                "&Go",
                "status_in_progress",
                "Mark &in progress",
                lambda: self.set_status("in_progress"),
                "",
            ),
            ("&Go", "status_done", "Mark d&one", lambda: self.set_status("done"), ""),
            (
                "&Go",
                "search_articles",
                "&Find articles…",
                self.focus_article_search,
                "Search the articles' text and filter the list",
            ),
            ("&Go", "next_article", "&Next article", lambda: self._step_article(1), ""),
            ("&Go", "previous_article", "&Previous article", lambda: self._step_article(-1), ""),
            (
                "&Coder",
                "set_annotator",
                "&Switch coder…",
                self._annotator_dialog,
                "Code as another annotator",
            ),
            (
                "&Go",
                "focus_text",
                "Back to the article &text",
                self.focus_text,
                "Put the keyboard in the article text",
            ),
            (
                "&Go",
                "edit_mark",
                "&Edit the selected mark",
                self.edit_selected_mark,
                "Put the keyboard in the selected mark's form",
            ),
            (
                "&Go",
                "focus_note",
                "Edit the &note",
                self.focus_note,
                "Put the keyboard in the note",
            ),
            (
                "&Go",
                "focus_actors",
                "Search the &actors",
                self.focus_actors,
                "Put the keyboard in the actor registry's search box",
            ),
            (
                "&Help",
                "guidelines",
                "&Guidelines",
                self.show_guidelines,
                "Show the project's guidelines and the label guide",
            ),
            (
                "&Help",
                "shortcuts",
                "&Keyboard shortcuts",
                self.show_shortcuts,
                "Every key of the window and the tag set",
            ),
        ]
        menus: dict[str, QMenu] = {}
        edit_menu = menus["&Edit"] = self.menuBar().addMenu("&Edit")
        undo = make_action(self, "&Undo", lambda: self._undo_or_redo(self.undo_stack.undo))
        redo = make_action(self, "&Redo", lambda: self._undo_or_redo(self.undo_stack.redo))
        undo.setEnabled(False)
        redo.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: undo.setText(f"&Undo {t}".rstrip()))
        self.undo_stack.redoTextChanged.connect(lambda t: redo.setText(f"&Redo {t}".rstrip()))
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        self.app_actions.update(undo=undo, redo=redo)
        for menu_title, name, text, slot, tip in specs:
            if menu_title not in menus:
                menus[menu_title] = self.menuBar().addMenu(menu_title)
            action = make_action(self, text, slot, tip=tip)
            menus[menu_title].addAction(action)
            self.app_actions[name] = action
        self.panels = PanelLayout(
            self,
            [self.articles_dock, self.actors_dock, self.guidelines_dock, self.tags_dock],
            menus["&View"],
        )
        self.menuBar().insertMenu(menus["&Edit"].menuAction(), menus.pop("&File"))
        self.labels_menu = self.menuBar().addMenu("&Labels")
        self.menuBar().insertMenu(menus["&Help"].menuAction(), self.labels_menu)
        self.delete_action = self.app_actions["delete_mark"]
        # Delete acts on the selected mark only from the text or the marks table: in a form
        # field or the actor registry the key keeps its own meaning.
        self.removeAction(self.delete_action)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.text_view.addAction(self.delete_action)
        self.mark_table.addAction(self.delete_action)
        self.snap_action = self.app_actions["snap_to_words"]
        self.ask_actor_action = self.app_actions["ask_actor"]
        for action, attribute in (
            (self.snap_action, "snap_to_words"),
            (self.ask_actor_action, "ask_actor"),
        ):
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, a=attribute: setattr(self.coding, a, on))

    def _apply_shortcuts(self, tagset: TagSet) -> None:
        """Bind each app action to its key: the tag set's choice, else the default."""
        for name in tagset.shortcuts:
            if name not in self.app_actions:
                self.key_problems.append(f"shortcuts: no action named {name!r}")
        used: dict[str, str] = {}  # key -> action name, to refuse one key for two actions
        for name, action in self.app_actions.items():
            keys = tagset.shortcuts.get(name) or default_keys(name)
            sequences = []
            for key in keys:
                sequence = QKeySequence(key)
                if sequence.isEmpty():
                    self.key_problems.append(f"shortcuts: {name}: {key!r} is not a key")
                elif sequence.toString() in used:
                    self.key_problems.append(
                        f"shortcuts: {name}: {key!r} is already used by {used[sequence.toString()]}"
                    )
                else:
                    used[sequence.toString()] = name
                    sequences.append(sequence)
            action.setShortcuts(sequences)
            shown = ", ".join(q.toString(QKeySequence.SequenceFormat.NativeText) for q in sequences)
            tip = action.statusTip() or action.text().replace("&", "")
            action.setToolTip(f"{tip} ({shown})" if shown else tip)

    def _apply_tagset(self, tagset: TagSet) -> None:
        self.key_problems = []
        self._apply_shortcuts(tagset)
        for action in self.label_actions:
            for widget in self._coding_widgets():
                widget.removeAction(action)
            action.deleteLater()
        self.labels_menu.clear()
        self.label_actions = []
        taken = {
            sequence.toString()
            for action in self.app_actions.values()
            for sequence in action.shortcuts()
        }
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
            # Label keys act where coding happens, not while typing in a form or a search box.
            self.removeAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for widget in self._coding_widgets():
                widget.addAction(action)
            self.labels_menu.addAction(action)
            self.label_actions.append(action)
        if self.key_problems:
            self.statusBar().showMessage(
                "Tag-set keys left unbound: " + "; ".join(self.key_problems), 15000
            )
        self.tag_panel.set_tagset(tagset)
        self.document_panel.set_tagset(tagset)

    def show_guidelines(self) -> None:
        """Bring the guidelines panel to the front."""
        self.guidelines_dock.show()
        self.guidelines_dock.raise_()

    def show_shortcuts(self) -> None:
        """Open the shortcuts sheet, generated from the actions and the tag set."""
        from annotator.gui.dialogs.shortcuts_dialog import ShortcutsDialog, shortcut_rows

        rows = shortcut_rows(self.app_actions, self.label_actions)
        self.shortcuts_dialog = ShortcutsDialog(rows, self)
        self.shortcuts_dialog.show()

    def _coding_widgets(self) -> list[QWidget]:
        """Return the widgets in which label keys work: the text, the lists, the tag panel."""
        widgets: list[QWidget] = [
            self.text_view,
            self.mark_table,
            self.article_list,
            self.tag_panel,
        ]
        if self._review_view is not None:
            widgets += [self._review_view.text_view, self._review_view.unit_table]
        return widgets

    # -- the review and agreement views, made when first needed ------------------------------

    REVIEW_TAB, AGREEMENT_TAB = 1, 2

    @property
    def review_view(self) -> ReviewView:
        """Return the review view (made now if it was not yet: it is not shown at start)."""
        if self._review_view is None:
            from annotator.gui.review_view import ReviewView

            view = ReviewView(self.session, self.undo_stack, self.reveal_article)
            view.message.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
            for action in self.label_actions:
                view.text_view.addAction(action)
                view.unit_table.addAction(action)
            self._review_view = view
            self._place_view(self.REVIEW_TAB, view)
            view.show_article(self.current_article_id)
        return self._review_view

    @property
    def agreement_view(self) -> AgreementView:
        """Return the agreement view (made now if it was not yet: it is not shown at start)."""
        if self._agreement_view is None:
            from annotator.gui.agreement_view import AgreementView

            view = AgreementView(self.session)
            view.review_requested.connect(self.review_article)
            self._agreement_view = view
            self._place_view(self.AGREEMENT_TAB, view)
        return self._agreement_view

    def _place_view(self, index: int, view: QWidget) -> None:
        """Put a view made late in place of its tab's stand-in, keeping the chosen tab."""
        current = self.views.currentIndex()
        stand_in = self.views.widget(index)
        title = self.views.tabText(index)
        self.views.blockSignals(True)
        self.views.removeTab(index)
        self.views.insertTab(index, view, title)
        self.views.setCurrentIndex(current)
        self.views.blockSignals(False)
        stand_in.deleteLater()

    def _view_chosen(self, index: int) -> None:
        """Make the view of a tab whose stand-in was just chosen (say, by a click)."""
        made = {
            self.REVIEW_TAB: lambda: self.review_view,
            self.AGREEMENT_TAB: lambda: self.agreement_view,
        }
        if index in made:
            made[index]()

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
        if self._review_view is not None:
            self._review_view.show_article(article_id)
        self.document_panel.show_labels(self.session.document_labels(article_id))
        # The title alone: reading a 50 MB text here would stall the window.
        self.setWindowTitle(f"{self.session.article_title(article_id)} — annotator")

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

    def set_status(self, status: str) -> None:
        """Set the coder's status of the open article (undoable)."""
        if self.current_article_id is None:
            return
        self.document_panel.commit_note()
        old = self.session.document_labels(self.current_article_id)
        self._document_edited(old, replace(old, status=ArticleStatus(status)), "status")

    def set_status_and_next(self, status: str) -> None:
        """Set the open article's status, then open the next article the list shows."""
        current = self.current_article_id
        if current is None:
            return
        self.set_status(status)
        following = self.session.next_article_id(current, self.article_model.article_filter)
        if following is not None:
            self.open_article(following)
            self.text_view.setFocus()
        else:
            self.statusBar().showMessage("That was the last article in the list.", 5000)

    def focus_text(self) -> None:
        """Put the keyboard in the article text."""
        self.text_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def edit_selected_mark(self) -> None:
        """Put the keyboard in the selected mark's form (Enter or Esc comes back)."""
        if self.selected_mark() is None:
            self.statusBar().showMessage("Select a mark first (click it, or make one).", 4000)
            return
        self.mark_details.focus_first()

    def focus_actors(self) -> None:
        """Show the actor registry and put the keyboard in its search box."""
        self.actors_dock.show()
        self.actors_dock.raise_()
        self.actor_registry.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.actor_registry.search.selectAll()

    def focus_note(self) -> None:
        """Put the keyboard in the open article's note."""
        self.document_panel.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.document_panel.note.selectAll()

    def focus_article_search(self) -> None:
        """Put the keyboard in the article search box."""
        self.article_filter.search.setFocus()
        self.article_filter.search.selectAll()

    def _step_article(self, step: int) -> None:
        row = self.article_list.currentIndex().row() + step
        if 0 <= row < self.article_model.rowCount():
            self.article_list.selectRow(row)

    # -- marks (the coding view does the work) -----------------------------------------------

    @property
    def selected_mark_id(self) -> str | None:
        """Return the id of the selected mark, if any."""
        return self.coding.selected_mark_id

    def mark_selection(self, kind: MarkKind, label: str) -> Mark | None:
        """Turn the selected text into a mark of this label (in review: a gold mark)."""
        if self._review_view is not None and self.views.currentWidget() is self._review_view:
            return self._review_view.add_gold(kind, label)
        return self.coding.mark_selection(kind, label)

    def show_view(self, view: QWidget) -> None:
        """Bring the coding or review view to the front, keyboard in its main part."""
        self.views.setCurrentWidget(view)
        if view is self.coding:
            self.text_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif view is self._review_view:
            self._review_view.unit_table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.agreement_view.article_table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def review_article(self, article_id: str) -> None:
        """Open an article in the review view (from the agreement view's article list)."""
        self.open_article(article_id)
        self.show_view(self.review_view)

    def _review_step(self, direction: int) -> None:
        if self.views.currentWidget() is not self._review_view:
            self.show_view(self.review_view)
        self.review_view.step(direction)

    def select_mark(self, mark_id: str | None) -> None:
        """Select a mark (None: none)."""
        self.coding.select_mark(mark_id)

    def selected_mark(self) -> Mark | None:
        """Return the selected mark, if any."""
        return self.coding.selected_mark()

    def _undo_or_redo(self, step: Callable[[], None]) -> None:
        """Save a note being typed first, so that it becomes its own undo step, then step."""
        self.document_panel.commit_note()
        try:
            step()
        except AnnotatorError as exc:
            self.statusBar().showMessage(f"Could not undo or redo: {exc}", 8000)

    def reveal_article(self, article_id: str) -> None:
        """Show an article unless it is already open (undo and redo use this)."""
        if article_id != self.current_article_id:
            self.open_article(article_id)

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
        if not self.coding.push(
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
        from PySide6.QtWidgets import QInputDialog

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

    def _choose_and_import(self) -> None:
        from annotator.gui.workflows.import_workflow import choose_and_import

        choose_and_import(self)

    def _choose_and_export(self) -> None:
        from annotator.gui.workflows.export_workflow import choose_and_export

        choose_and_export(self)

    def _choose_and_merge(self) -> None:
        from annotator.gui.workflows.merge_workflow import choose_and_merge

        choose_and_merge(self)

    def import_files(
        self,
        paths: list[Path],
        format_name: str | None = None,
        label_map: dict[str, tuple[MarkKind, str]] | None = None,
    ) -> ImportWorkflow:
        """Start importing files in the background, asking to map unknown labels."""
        from annotator.gui.workflows.import_workflow import ImportWorkflow

        return ImportWorkflow(self, paths, format_name, label_map).start()

    def merge_project(self, theirs: Path) -> MergeWorkflow:
        """Start merging a teammate's project in the background; then show what it brought."""
        from annotator.gui.workflows.merge_workflow import MergeWorkflow

        return MergeWorkflow(self, theirs).start()

    def export_to(self, path: Path, format_name: str = "jsonl") -> ExportWorkflow:
        """Start exporting every coder's coding in the background."""
        from annotator.gui.workflows.export_workflow import ExportWorkflow

        return ExportWorkflow(self, path, format_name).start()

    def offer_actor_links(
        self, proposals: list[ActorLinkProposal] | None = None, context: str = ""
    ) -> None:
        """Open the dialog of proposed actor links (without blocking); link what is checked."""
        proposals = self.session.proposed_actor_links() if proposals is None else proposals
        if not proposals:
            self.statusBar().showMessage("No actors to link: no two share a name.", 8000)
            return
        from annotator.gui.dialogs.actor_links_dialog import ActorLinksDialog

        dialog = self.actor_links_dialog = ActorLinksDialog(proposals, self)
        dialog.finished.connect(lambda _result: self._actor_links_chosen(dialog, context))
        dialog.open()

    def _actor_links_chosen(self, dialog: ActorLinksDialog, context: str) -> None:
        from annotator.gui.dialogs.actor_links_dialog import LinkActorsCommand

        chosen = dialog.checked()
        if not chosen or dialog.choice == "later":
            return
        if dialog.choice == "decline":
            n = self.session.decline_actor_links(p.ids for p in chosen)
            self.statusBar().showMessage(f"{n} pair(s) will not be proposed again.", 8000)
            return
        linked = 0
        plural = "actor" if len(chosen) == 1 else "actors"
        # One macro: a single Undo splits every actor of this dialog apart again.
        self.undo_stack.beginMacro(f"Link {len(chosen)} {plural} {context}".rstrip())
        try:
            for p in chosen:
                command = LinkActorsCommand(self.session, p.keep, p.absorb)
                self.undo_stack.push(command)
                linked += 1
        except AnnotatorError as exc:
            failure = f"Linked {linked}; “{p.absorb.name}” was not: {command.failure or exc}"
            self.statusBar().showMessage(failure, 15000)
            return
        finally:
            self.undo_stack.endMacro()
        self.statusBar().showMessage(f"Linked {linked} actor(s); Undo splits them again.", 8000)


def _size_article_columns(view: QTableView) -> None:
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
