"""The open article as it is coded: its text, the marks table with filters, the mark form.

Every edit made here is a QUndoCommand on the window's undo stack; nothing writes directly.
"""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Mark, MarkKind
from annotator.core.tagset import TagSet
from annotator.core.text import cuts_a_word, elide, resize_span, trim_span
from annotator.gui.commands import (
    AddMarkCommand,
    AddMarksCommand,
    RejectSuggestionCommand,
    RemoveMarkCommand,
    Reveal,
    UpdateMarkCommand,
    push_or_explain,
)
from annotator.gui.coding_loader import ArticleLoader, SuggestionScanner
from annotator.gui.models.mark_table_model import ANY, MarkTableModel
from annotator.gui.signals import follow
from annotator.gui.steps import StepRunner
from annotator.gui.widgets.actor_picker import ActorChoice, ActorPickerPopup
from annotator.gui.widgets.article_view import ArticleTextView
from annotator.gui.widgets.mark_details import FormArea, MarkDetailsWidget
from annotator.gui.widgets.column_room import ColumnRoom
from annotator.gui.widgets.painted_table import PaintedTableView
from annotator.services.coding import Field, MarkRow
from annotator.services.marks import actor_refs
from annotator.session import Session, Suggestion


class CodingView(QWidget):
    """Text, marks and the mark form of one article, for the current coder."""

    message = Signal(str, int)  # a status-bar message and how long to show it (ms)
    mark_selected = Signal(object)  # the selected mark's id, or None
    loaded = Signal()  # a long article, shown while it was read, is now wholly shown

    def __init__(
        self,
        session: Session,
        undo_stack: QUndoStack,
        reveal: Reveal,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.session = session
        self.undo_stack = undo_stack
        self._reveal = reveal
        self.article_id: str | None = None
        self.selected_mark_id: str | None = None
        self._snap_to_words = True
        self._has_marked: tuple[str | None, bool] = (None, False)  # (coder, made a mark yet)
        self.ask_actor = True
        self._pending_actor: tuple[str, tuple[int, int], str] | None = None
        self._selected_cache: tuple[MarkRow, Mark] | None = None  # the selected mark, read once

        self.text_view = ArticleTextView(self._mark_colour)
        self.text_view.mark_clicked.connect(self.select_mark)
        self.text_view.empty_clicked.connect(lambda: self.select_mark(None))
        self.text_view.escape_pressed.connect(lambda: self.select_mark(None))
        self.text_view.resize_requested.connect(self.resize_selected_mark)
        self.text_view.describe = self.describe_mark
        self.text_view.suggestion_key.connect(self._suggestion_key)
        self.text_view.describe_suggestion = self._describe_suggestion

        self.mark_model = MarkTableModel(session, self)
        self.mark_table = marks_table_view(self.mark_model)
        self.mark_table.selectionModel().currentRowChanged.connect(self._mark_row_changed)
        self.filters = self._filter_bar()

        self.runner = StepRunner(self)
        self.loader = ArticleLoader(session, self.text_view, self.mark_model, self.runner, self)
        self.loader.loaded.connect(self._article_loaded)
        self.scanner = SuggestionScanner(session, self.text_view, self.runner, self)

        self.mark_details = MarkDetailsWidget(
            actor_choices=session.actor_choices, actor_tooltip=self._actor_tooltip
        )
        self.mark_details.mark_edited.connect(self.edit_mark)
        self.mark_details.finished.connect(self.text_view.setFocus)
        self.actor_picker = ActorPickerPopup(session, self)
        self.actor_picker.chosen.connect(self._actor_chosen)
        self.actor_picker.cancelled.connect(self._actor_pick_cancelled)
        self._compose()

        # After the model's (made above): it has taken each change when these run.
        # Bound methods, not lambdas: a signal holds them weakly, so a closed view lets go.
        follow(session.mark_added, self, self._mark_added)
        follow(session.mark_removed, self, self._mark_removed)
        follow(session.mark_changed, self, self._mark_changed)
        follow(session.marks_replaced, self, self._marks_replaced)
        follow(session.actors_changed, self, self._actors_changed)
        follow(session.tagset_changed, self, self._tagset_changed)
        follow(session.suggestions_changed, self, self._suggestions_changed)
        follow(session.closed, self, self._session_closed)

    def _compose(self) -> None:
        # The marks' text and details share the table's free width; sized to their contents,
        # long details left the text column a sliver.
        self.mark_table.horizontalHeader().setSectionResizeMode(
            self.mark_model.DETAILS, QHeaderView.ResizeMode.Stretch
        )
        marks_box = QWidget()
        marks_layout = QVBoxLayout(marks_box)
        marks_layout.setContentsMargins(0, 4, 0, 0)
        marks_layout.addLayout(self.filters)
        marks_layout.addWidget(self.mark_table)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(marks_box)
        bottom.addWidget(FormArea(self.mark_details))
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text_view)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def _filter_bar(self) -> QGridLayout:
        # The table's own headers say what it lists: a title beside the filters made the
        # coding view (and the window) 130 px wider.
        # Two rows of two: in one row the four made the coding view too wide for a laptop.
        bar = QGridLayout()
        bar.setSpacing(4)
        self.kind_filter = QComboBox()
        self.label_filter = QComboBox()
        self.speaker_filter = QComboBox()
        self.stance_filter = QComboBox()
        for number, (combo, tip) in enumerate(
            (
                (self.kind_filter, "Show one kind of mark"),
                (self.label_filter, "Show one label (actor type, claim topic or polarity)"),
                (self.speaker_filter, "Show the claims of one speaker"),
                (self.stance_filter, "Show claims with one stance"),
            )
        ):
            combo.setToolTip(tip)
            combo.currentIndexChanged.connect(lambda _i: self._apply_filters())
            bar.addWidget(combo, number // 2, number % 2)
        self._refill_filters()
        # As wide as their longest choice ("International organization (actor)") they made
        # the window wider than a laptop screen; their open lists still show every choice.
        for combo in (self.kind_filter, self.label_filter, self.speaker_filter, self.stance_filter):
            combo.setSizeAdjustPolicy(combo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            # Qt keeps the minimum it computed from the longest choice; this one takes over.
            combo.setMinimumWidth(combo.sizeHint().width())
        return bar

    def _refill_filters(self) -> None:
        """Fill the filter choices from the tag set and the open article's speakers."""
        tagset = self.session.tagset
        kinds = [(k.value, k.value) for k in MarkKind]
        self._fill_filter(self.kind_filter, [("All kinds", ANY), *kinds])
        self._fill_filter(
            self.label_filter,
            [("All labels", ANY)]
            + [
                (f"{label.name} ({kind.value})", label.name)
                for kind, label in tagset.all_span_labels()
            ],
        )
        self._fill_filter(
            self.stance_filter,
            [("All stances", ANY), ("(no stance)", None)]
            + [(x.name, x.name) for x in tagset.claim_stance],
        )
        self._refill_speakers()

    def _refill_speakers(self) -> None:
        """Offer the speakers of the open article's claims in the speaker filter."""
        marks = self.mark_model.article_marks
        speakers = sorted(
            ((marks.name(i), i) for i in marks.speaker_ids()), key=lambda p: (p[0].casefold(), p[1])
        )
        self._fill_filter(
            self.speaker_filter, [("All speakers", ANY), ("(no speaker: drafts)", None)] + speakers
        )

    def _fill_filter(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != items:
            current = combo.currentText()  # by text: "(no stance)" carries None as its value
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findText(current), 0))
            combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.mark_model.set_filters(
            kind=self.kind_filter.currentData(),
            label=self.label_filter.currentData(),
            speaker=self.speaker_filter.currentData(),
            stance=self.stance_filter.currentData(),
        )

    # -- the article ------------------------------------------------------------------------

    def show_article(self, article_id: str | None) -> None:
        """Show an article (None: nothing) with the current coder's marks.

        A long article shows its first screen at once and the rest as it is read
        (``loading``, then ``loaded``).
        """
        self.article_id = article_id
        self.selected_mark_id = None
        self._selected_cache = None
        marks = self.loader.open(article_id)
        self.scanner.start(marks, replace_now=True)
        self._refill_speakers()
        self.refresh_details()
        # The first screen formatted now, with its suggestions: its first paint is its only one.
        self.text_view.highlighter.format_visible()
        self._show_first_run_hint()

    def _show_first_run_hint(self) -> None:
        """Show how to make a mark over the text until the coder has made one."""
        coder = self.session.annotator
        if self._has_marked[0] != coder:
            self._has_marked = (coder, self.session.coder_has_marks())
        show = self.article_id is not None and not self._has_marked[1]
        self.text_view.set_hint(first_run_hint(self.session.tagset) if show else "")

    @property
    def snap_to_words(self) -> bool:
        """Say whether mouse selections and resizing keys go by whole words (Edit menu)."""
        return self._snap_to_words

    @snap_to_words.setter
    def snap_to_words(self, on: bool) -> None:
        self._snap_to_words = on
        self.text_view.snap_mouse_selection = on

    @property
    def loading(self) -> bool:
        """Say whether the open article is still being read."""
        return self.loader.loading

    def wait_until_shown(self, timeout_ms: int = 60_000) -> bool:
        """Run the event loop until the open article is wholly shown; say whether it is."""
        if not self.loading:
            return True
        loop = QEventLoop()
        self.loaded.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        self.loaded.disconnect(loop.quit)
        return not self.loading

    def finish_background(self) -> None:
        """Do now what is left to do in the background (reading, matching suggestions)."""
        self.runner.finish()

    def _session_closed(self) -> None:
        self.runner.cancel()  # nothing more is read from a closed project

    def _article_loaded(self) -> None:
        self._refill_speakers()
        self.loaded.emit()

    @property
    def text(self) -> str:
        """Return the open article's text (as far as it is read)."""
        return self.mark_model.article_marks.text

    # -- making marks -----------------------------------------------------------------------

    def mark_selection(self, kind: MarkKind, label: str) -> Mark | None:
        """Turn the selected text into a mark of this label (an undoable, saved edit).

        With no text selected but a mark selected, change that mark's label instead. An actor
        mention first asks which actor it refers to (unless that is switched off).
        """
        span = self.text_view.selected_span()
        selected = self.selected_mark()
        if span is None and selected is not None:
            self.relabel_selected_mark(kind, label)
            return selected
        if self.article_id is None or span is None:
            self.message.emit("Select some text first, then choose a label.", 4000)
            return None
        if kind == MarkKind.ACTOR and self.ask_actor:
            self._pick_actor(self.article_id, span, label)
            return None
        mark = self._add_mark(self.article_id, kind, span, label)
        if mark is not None and kind == MarkKind.CLAIM:
            self.mark_details.focus_first()  # straight on to the claim form
        return mark

    def _pick_actor(self, article_id: str, span: tuple[int, int], label: str) -> None:
        text = self.text
        start, end = trim_span(text, *span)
        if start >= end:
            self.message.emit("The selection has no text to mark.", 4000)
            return
        self._pending_actor = (article_id, (start, end), label)
        rect = self.text_view.cursorRect(self.text_view.textCursor())
        at = self.text_view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4))
        self.actor_picker.open_for(text[start:end], label, at)

    def _actor_chosen(self, choice: ActorChoice) -> None:
        if self._pending_actor is None:
            return
        article_id, span, label = self._pending_actor
        self._pending_actor = None
        self.text_view.setFocus()
        self._add_mark(article_id, MarkKind.ACTOR, span, label, choice.actor_id, choice.new_name)

    def _actor_pick_cancelled(self) -> None:
        self._pending_actor = None
        self.text_view.setFocus()

    def _add_mark(
        self,
        article_id: str,
        kind: MarkKind,
        span: tuple[int, int],
        label: str,
        actor_id: str | None = None,
        new_actor_name: str | None = None,
    ) -> Mark | None:
        try:
            mark, new_actors = self.session.prepare_mark(
                article_id, kind, *span, label, actor_id=actor_id, new_actor_name=new_actor_name
            )
        except AnnotatorError as exc:
            self.message.emit(str(exc), 6000)
            return None
        highlighter = self.text_view.highlighter
        before = highlighter.selected_id
        # The new mark is shown emphasised as it is first painted, not painted twice.
        highlighter.set_selected(mark.id)
        if not self.push(AddMarkCommand(self.session, mark, new_actors, self._reveal)):
            highlighter.set_selected(before)
            return None
        cursor = self.text_view.textCursor()
        cursor.clearSelection()
        self.text_view.setTextCursor(cursor)
        self.select_mark(mark.id)
        if kind == MarkKind.CLAIM and not mark.speaker_id:
            self.message.emit("Claim kept as a draft: choose its speaker in the form.", 6000)
        elif self._cuts_a_word(mark):
            self.message.emit(
                f"Saved {kind.value} “{elide(mark.text, 40)}”, which starts or ends inside a word.",
                8000,
            )
        elif kind == MarkKind.ACTOR and mark.actor_id:
            name = self.session.actor(mark.actor_id).name
            self.message.emit(f"Saved mention of {name}: “{elide(mark.text, 40)}”.", 3000)
        else:
            self.message.emit(f"Saved {kind.value} “{elide(mark.text, 40)}” as {label}.", 3000)
        return mark

    def _cuts_a_word(self, mark: Mark) -> bool:
        """Say whether a mark starts or ends inside a word (the text around it, read as shown)."""
        marks = self.mark_model.article_marks
        origin = max(0, mark.start - 1)
        around = marks.text_of(origin, min(marks.length, mark.end + 1))
        return cuts_a_word(around, mark.start - origin, mark.end - origin)

    # -- changing marks ---------------------------------------------------------------------

    def relabel_selected_mark(self, kind: MarkKind, label: str) -> None:
        """Give the selected mark another label of its own kind."""
        mark = self.selected_mark()
        if mark is None:
            return
        if mark.kind != kind:
            self.message.emit(
                f"{_a(mark.kind.value).capitalize()} mark cannot take {_a(kind.value)} label; "
                f"select text to make a new {kind.value} mark.",
                6000,
            )
            return
        if mark.label != label:
            self.edit_mark(mark, mark.with_changes(label=label), "label")

    def resize_selected_mark(self, edge: str, step: int) -> None:
        """Move the selected mark's start or end by a word (or a character without snapping)."""
        mark = self.selected_mark()
        if mark is None:
            return
        text = self.text
        start, end = resize_span(text, mark.start, mark.end, edge, step, self.snap_to_words)
        if (start, end) != (mark.start, mark.end):
            self.edit_mark(
                mark, mark.with_changes(start=start, end=end, text=text[start:end]), "extent"
            )

    def edit_mark(self, old: Mark, new: Mark, what: str) -> None:
        """Change a mark's fields (undoable)."""
        if not self.push(UpdateMarkCommand(self.session, old, new, what, self._reveal)):
            self.refresh_details()  # put the editors back to the stored values

    def delete_selected_mark(self) -> None:
        """Delete the selected mark (undoable)."""
        mark = self.selected_mark()
        if mark is None:
            self.message.emit("No mark selected.", 3000)
            return
        self.push(RemoveMarkCommand(self.session, mark, self._reveal))

    def push(self, command: QUndoCommand) -> bool:
        """Apply an edit through the undo stack; on refusal say why and keep nothing."""
        return push_or_explain(self.undo_stack, command, self.message.emit)

    # -- selection --------------------------------------------------------------------------

    def select_mark(self, mark_id: str | None) -> None:
        """Select a mark in the table, emphasise it in the text and show its form."""
        if mark_id is not None and not self.mark_model.has_mark(mark_id):
            mark_id = None
        row = self.mark_model.row_of(mark_id) if mark_id else None
        if mark_id is not None and row is None:  # hidden by a filter: show all again
            for combo in (
                self.kind_filter,
                self.label_filter,
                self.speaker_filter,
                self.stance_filter,
            ):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self._apply_filters()
            row = self.mark_model.row_of(mark_id)
        self.selected_mark_id = mark_id
        if row is None:
            self.mark_table.selectionModel().clearCurrentIndex()
            self.mark_table.clearSelection()
        elif self.mark_table.currentIndex().row() != row:
            index = self.mark_model.index(row, 0)
            self.mark_table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.mark_table.scrollTo(index)
        found = self.mark_model.article_marks.get(mark_id) if mark_id else None
        if found is not None:
            self.text_view.reveal_span(found[Field.START], found[Field.END])
        self.refresh_details()

    def selected_mark(self) -> Mark | None:
        """Return the selected mark, if any."""
        found = (
            self.mark_model.article_marks.get(self.selected_mark_id)
            if self.selected_mark_id
            else None
        )
        if found is None:
            return None
        if self._selected_cache is None or self._selected_cache[0] is not found:
            self._selected_cache = (found, self.session.mark(found[Field.ID]))
        return self._selected_cache[1]

    def _mark_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        mark_id = self.mark_model.mark_id_at(current.row()) if current.isValid() else None
        if mark_id is not None and mark_id != self.selected_mark_id:
            self.select_mark(mark_id)

    def _mark_added(self, mark: Mark) -> None:
        if mark.annotator == self.session.annotator and not self._has_marked[1]:
            self._has_marked = (mark.annotator, True)
            self.text_view.set_hint("")
        if mark.article_id != self.article_id or not self.mark_model.has_mark(mark.id):
            return
        self.text_view.refresh_spans([(mark.start, mark.end)])
        if mark.kind == MarkKind.ACTOR:
            self.scanner.marks_changed([], [(mark.start, mark.end)])
        self._after_change([mark])

    def _mark_removed(self, mark: Mark) -> None:
        if mark.article_id != self.article_id or mark.annotator != self.session.annotator:
            return
        self.text_view.refresh_spans([(mark.start, mark.end)])
        if mark.kind == MarkKind.ACTOR:
            self.scanner.marks_changed([(mark.start, mark.end)], [])
        if self.selected_mark_id == mark.id:
            self.selected_mark_id = None
        self._after_change([mark])

    def _mark_changed(self, old: Mark, new: Mark) -> None:
        if new.article_id != self.article_id or not self.mark_model.has_mark(new.id):
            return
        self.text_view.refresh_spans([(old.start, old.end), (new.start, new.end)])
        self.scanner.marks_changed(
            [(old.start, old.end)] if old.kind == MarkKind.ACTOR else [],
            [(new.start, new.end)] if new.kind == MarkKind.ACTOR else [],
        )
        self._after_change([old, new])

    def _after_change(self, changed: list[Mark]) -> None:
        """Bring the filters and the form up to date after marks changed (only if they must)."""
        if any(m.kind == MarkKind.CLAIM for m in changed):
            self._refill_speakers()  # the speakers on offer follow the claims
        selected = self.selected_mark_id
        touches_selected = selected is not None and any(
            m.id == selected or (m.kind == MarkKind.ACTOR and m.actor_id) for m in changed
        )
        if touches_selected or (selected is None and self.text_view.selected_mark is not None):
            self.refresh_details()

    def _marks_replaced(self, article_id: str) -> None:
        if article_id != self.article_id:
            return
        if self.loading:  # many marks changed in an article still being read: read it again
            self.show_article(article_id)
            return
        marks = self.mark_model.article_marks  # the model has read them again
        self.text_view.highlighter.marks = marks
        self.text_view.highlighter.rehighlight()
        if self.selected_mark_id and not self.mark_model.has_mark(self.selected_mark_id):
            self.selected_mark_id = None
        self.scanner.start(marks, replace_now=False)
        self._refill_speakers()
        self.refresh_details()

    def _tagset_changed(self, _tagset: object) -> None:
        self._refill_filters()
        self.text_view.highlighter.rehighlight()  # label colours may have changed

    def _actors_changed(self, actor_ids: frozenset[str] | None = None) -> None:
        """Follow a registry change: of these actors only, or of any (None)."""
        self.mark_details.actors_changed(actor_ids)
        if self.article_id is not None:
            self.scanner.registry_changed(actor_ids)
        names = self.mark_model.article_marks.names  # of every actor the article refers to
        if actor_ids is None or not actor_ids.isdisjoint(names):
            self._refill_speakers()
        selected = self.selected_mark()
        if actor_ids is None or (
            selected is not None and not actor_ids.isdisjoint(actor_refs(selected))
        ):
            self.refresh_details()

    def refresh_details(self) -> None:
        """Show the selected mark in the form, the text and the claim links."""
        mark = self.selected_mark()
        self.mark_selected.emit(mark.id if mark else None)
        self.text_view.selected_mark = mark
        self.text_view.highlighter.set_selected(mark.id if mark else None)
        self.text_view.set_links(self._links(mark))
        self.mark_details.show_mark(mark, self.session.tagset)

    def _links(self, mark: Mark | None) -> list[tuple[Mark, Mark, str]]:
        """Return (mention, claim, role) for the selected claim's speaker and target mentions."""
        if mark is None or mark.kind == MarkKind.ACTOR:
            return []
        links = []
        rows = self.mark_model.article_marks.rows
        for role, actor_id in (("speaker", mark.speaker_id), ("target", mark.target_id)):
            if not actor_id:
                continue
            mentions = [
                r for r in rows if r[Field.ACTOR_ID] == actor_id and r[Field.KIND] == "actor"
            ]
            if mentions:
                # One arrow, from the mention nearest the claim: more would criss-cross the text.
                nearest = min(mentions, key=lambda r: abs(r[Field.START] - mark.start))
                links.append((self.session.mark(nearest[Field.ID]), mark, role))
        return links

    # -- suggested mentions -----------------------------------------------------------------

    @property
    def suggestions(self) -> list[Suggestion]:
        """Return the open article's suggested mentions (matched so far), by position."""
        shown = self.scanner.shown
        return shown.open() if shown is not None else []

    def _suggestions_changed(self, article_id: str) -> None:
        if article_id == self.article_id:
            self.scanner.rejections_changed()

    def _describe_suggestion(self, offset: int) -> str | None:
        shown = self.scanner.shown
        hit = shown.at(offset) if shown is not None else None
        if hit is None:
            return None
        name = self.mark_model.actor_name(hit.actor_id)
        if name == "?":
            name = self.session.actor_names([hit.actor_id]).get(hit.actor_id, "?")
        return f"Suggested: “{hit.text}” → {name} ({hit.label}) · Return accepts, Backspace rejects"

    def suggestion_at_caret(self) -> Suggestion | None:
        """Return the suggestion the caret is in (or just after), if any."""
        cursor = self.text_view.textCursor()
        offset = self.text_view.positions.from_qt(cursor.position())
        shown = self.scanner.shown
        return shown.at(offset, include_end=True) if shown is not None else None

    def _suggestion_key(self, what: str) -> None:
        if what == "accept_all":
            self.accept_all_suggestions()
            return
        suggestion = self.suggestion_at_caret()
        if suggestion is None:
            if what == "accept" and self.selected_mark() is None:
                self.message.emit("No suggested mention at the cursor.", 3000)
            return
        if what == "accept":
            self.accept_suggestion(suggestion)
        else:
            self.push(RejectSuggestionCommand(self.session, suggestion, self._reveal))
            self.message.emit(f"Suggestion “{suggestion.text}” rejected.", 3000)

    def accept_suggestion(self, suggestion: Suggestion) -> Mark | None:
        """Turn a suggestion into an actor mention of its actor (undoable)."""
        return self._add_mark(
            suggestion.article_id,
            MarkKind.ACTOR,
            (suggestion.start, suggestion.end),
            suggestion.label,
            actor_id=suggestion.actor_id,
        )

    def accept_all_suggestions(self) -> int:
        """Accept every suggestion in the open article, in one transaction and one undo step."""
        self.runner.finish()  # the whole article, every suggestion
        marks = self.session.prepare_suggested_marks(self.suggestions)
        if not marks:
            self.message.emit("No suggested mentions in this article.", 3000)
            return 0
        text = f"Accept {len(marks)} suggested mention(s)"
        if self.push(AddMarksCommand(self.session, marks, text, self._reveal)):
            self.message.emit(f"Accepted {len(marks)} suggested mention(s).", 4000)
            return len(marks)
        return 0

    def describe_mark(self, row: MarkRow) -> str:
        """Return a one-line description of a mark, as the hover text shows it."""
        marks = self.mark_model.article_marks
        text = " ".join(marks.text_of(row[Field.START], row[Field.END]).split())
        short = text if len(text) <= 60 else text[:59] + "…"
        details = self.mark_model.details(row)
        kind = str(row[Field.KIND]).capitalize()
        return f"{kind} · {row[Field.LABEL]}: “{short}” {details}".rstrip()

    def _mark_colour(self, kind: MarkKind, label: str) -> str:
        tagset = self.session.tagset
        if tagset.has_span_label(kind, label):
            return tagset.span_label(kind, label).color or "#dddddd"
        return "#dddddd"

    def _actor_tooltip(self, actor_id: str) -> str:
        return "Aliases: " + "; ".join(self.session.actor(actor_id).aliases)


def marks_table_view(model: MarkTableModel) -> QTableView:
    """Return the marks table: sorted by the model, columns sized once, not to their contents.

    Its rows are painted in one pass from the model's ``cell`` (see painted_table.py).
    """
    view = table_view(PaintedTableView(model.cell))
    view.setModel(model)
    header = view.horizontalHeader()
    # Sizing to contents asks for every row's text (thousands of Python calls per change).
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    metrics = view.fontMetrics()
    # Narrow enough that the text keeps a readable column on a laptop, where the table gets
    # about 400 px; a longer label or offset is cut with "…" (its tooltip and the form say it).
    widths = {
        MarkTableModel.KIND: metrics.horizontalAdvance("sentiment") + 14,
        MarkTableModel.LABEL: metrics.horizontalAdvance("Bilateral friend") + 30,
        MarkTableModel.START: metrics.horizontalAdvance("0000000") + 10,
        MarkTableModel.END: metrics.horizontalAdvance("0000000") + 10,
    }
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(MarkTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
    view.setSortingEnabled(True)
    view.sortByColumn(MarkTableModel.START, Qt.SortOrder.AscendingOrder)
    # On a laptop the table gets ~400 px: the kind (its label says it) and the end make way
    # for the text and details.
    view.column_room = ColumnRoom(  # type: ignore[attr-defined]
        view, {MarkTableModel.END: 560, MarkTableModel.KIND: 480}
    )
    return view


def table_view(view: QTableView | None = None) -> QTableView:
    """Return a read-only, row-selecting table view in the window's style (``view`` set up)."""
    view = QTableView() if view is None else view
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Columns sized to their contents measure the rows shown, not the first 1,000 (Qt's
    # default): a one-row change in a long list asked for some 24,000 cells.
    header.setResizeContentsPrecision(0)
    return view


def _a(word: str) -> str:
    """Return the word with its indefinite article ("an actor", "a claim")."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def first_run_hint(tagset: TagSet) -> str:
    """Return the hint shown over the text until the coder's first mark, from the tag set's keys."""
    what = {
        MarkKind.ACTOR: "an actor",
        MarkKind.CLAIM: "a claim",
        MarkKind.SENTIMENT: "a sentiment",
    }
    parts = []
    for kind, name in what.items():
        keys = [label.key for label in tagset.spans[kind] if label.key]
        if keys:
            parts.append(f"{keys[0]}–{keys[-1]} {name}" if len(keys) > 1 else f"{keys[0]} {name}")
    keys_text = ", ".join(parts) if parts else "a label's button in the Tags panel"
    return f"Select text, then press a label key ({keys_text}). F1 lists every key."
