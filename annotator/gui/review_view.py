"""The review view: one article with every coder's marks, and the adjudicator's gold decisions.

The text shows each unit (overlapping marks of one kind) tinted by its state; the selected unit
gets a frame in each coder's colour round exactly what that coder marked. The table has a column
per coder and one for gold. Enter accepts (the coder whose cell is current, or the agreed mark),
Backspace rejects, F8 / Shift+F8 go to the next / previous open disagreement, label keys add a
gold mark on selected text. Every decision is an undoable command calling one Session method.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.model import Mark, MarkKind
from annotator.gui.coding_view import table_view
from annotator.gui.commands import Reveal, push_or_explain
from annotator.gui.models.review_model import (
    STATE_COLOURS,
    DocumentLabelsModel,
    ReviewUnitModel,
    coder_colour,
)
from annotator.gui.review_commands import (
    AcceptGoldCommand,
    AddGoldMarkCommand,
    EditGoldMarkCommand,
    GoldLabelsCommand,
    PremergeCommand,
    RejectUnitCommand,
)
from annotator.gui.signals import follow
from annotator.gui.widgets.article_view import ArticleTextView
from annotator.gui.widgets.mark_details import MarkDetailsWidget
from annotator.services.coding import Field, MarkRow
from annotator.session import ArticleReview, ReviewUnit, Session

PREMERGE_RULES = (
    ("all", "every coder made it"),
    ("coded", "every coder of this article made it"),
    ("vote", "at least N coders made it"),
)


class ReviewTextView(ArticleTextView):
    """The article text with units tinted by state; the selected unit framed per coder."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(lambda _kind, state: STATE_COLOURS.get(state, "#dddddd"), parent)
        # The selected unit's spans, per coder: (colour, spans), framed in that colour.
        self.lanes: list[tuple[str, list[tuple[int, int]]]] = []

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Paint the text, then a frame in each coder's colour round their spans in the unit."""
        super().paintEvent(event)
        if not self.lanes:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for lane, (colour, spans) in enumerate(self.lanes):
            painter.setPen(QPen(QColor(colour), 1.5))
            # Nested frames: wider for each further coder, so equal spans stay visible.
            grow = 2.0 + 2.5 * lane
            for start, end in spans:
                for rect in self.span_rects(start, end):
                    painter.drawRoundedRect(rect.adjusted(-grow, -lane, grow, lane), 3, 3)
        painter.end()


class ReviewView(QWidget):
    """Review and adjudicate one article: every coder's marks, gold, and agreement."""

    message = Signal(str, int)  # a status-bar message and how long to show it (ms)

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
        self.review: ArticleReview | None = None
        self._shown_text_of: str | None = None
        self._dirty = False

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)  # built from escaped coder names

        self.text_view = ReviewTextView()
        self.text_view.mark_clicked.connect(self._unit_clicked)
        self.text_view.suggestion_key.connect(self._text_key)
        self.text_view.describe = self._describe_unit

        self.unit_model = ReviewUnitModel(self)
        self.unit_table = table_view()
        self.unit_table.setModel(self.unit_model)
        self.unit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.unit_table.setAlternatingRowColors(False)  # the rows' tints carry the state
        self.unit_table.selectionModel().currentChanged.connect(self._current_changed)
        self.unit_table.activated.connect(lambda _index: self.accept_current())
        self.unit_table.installEventFilter(self)

        self.gold_form = MarkDetailsWidget()
        self.gold_form.setTitle("Gold mark")
        self.gold_form.mark_edited.connect(self._gold_edited)
        self.gold_form.finished.connect(self.unit_table.setFocus)
        self.provenance = QLabel()
        self.provenance.setWordWrap(True)
        self.provenance.setTextFormat(Qt.TextFormat.PlainText)

        self.labels_model = DocumentLabelsModel(self)
        self.labels_table = table_view()
        self.labels_table.setModel(self.labels_model)
        self.labels_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.take_labels_button = QPushButton("Take selected coder's labels for gold")
        self.take_labels_button.clicked.connect(self.take_selected_labels)

        self.rule_combo = QComboBox()
        self.rule_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.rule_combo.setMinimumContentsLength(12)
        for rule, tip in PREMERGE_RULES:
            self.rule_combo.addItem(f"{rule}: {tip}", rule)
            last = self.rule_combo.count() - 1
            self.rule_combo.setItemData(last, tip, Qt.ItemDataRole.ToolTipRole)
        self.votes = QSpinBox()
        self.votes.setRange(1, 99)
        self.votes.setValue(2)
        self.votes.setPrefix("N = ")
        self.rule_combo.currentIndexChanged.connect(
            lambda: self.votes.setEnabled(self.rule_combo.currentData() == "vote")
        )
        self.votes.setEnabled(False)
        self.buttons = {
            "previous": QPushButton("◀ Previous (Shift+F8)"),
            "next": QPushButton("Next (F8) ▶"),
            "accept": QPushButton("Accept (Enter)"),
            "reject": QPushButton("Reject (Backspace)"),
            "premerge": QPushButton("Accept"),
        }
        self.buttons["previous"].clicked.connect(lambda: self.step(-1))
        self.buttons["next"].clicked.connect(lambda: self.step(1))
        self.buttons["accept"].clicked.connect(self.accept_current)
        self.buttons["reject"].clicked.connect(self.reject_current)
        self.buttons["premerge"].clicked.connect(self.premerge)
        for button in self.buttons.values():
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the table
        self._compose()

        for signal in (session.mark_added, session.mark_removed, session.document_changed):
            follow(signal, self, self._changed)
        follow(session.mark_changed, self, self._changed)
        follow(session.marks_replaced, self, self._changed)
        follow(session.actors_changed, self, self._changed)
        follow(session.tagset_changed, self, self._changed)

    def _compose(self) -> None:
        header = QVBoxLayout()
        header.setContentsMargins(6, 4, 6, 0)
        header.addWidget(self.title)
        line = QHBoxLayout()
        line.addWidget(self.summary, 1)
        line.addWidget(self.legend)
        header.addLayout(line)

        units_box = QWidget()
        units = QVBoxLayout(units_box)
        units.setContentsMargins(0, 4, 0, 0)
        bar = QHBoxLayout()
        for name in ("previous", "next", "accept", "reject"):
            bar.addWidget(self.buttons[name])
        bar.addStretch(1)
        units.addLayout(bar)
        units.addWidget(self.unit_table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 4, 0, 0)
        side_layout.addWidget(self.gold_form)
        side_layout.addWidget(self.provenance)
        premerge_box = QGroupBox("Pre-merge: accept every mark the coders agree on")
        premerge_layout = QHBoxLayout(premerge_box)
        premerge_layout.addWidget(self.rule_combo, 1)
        premerge_layout.addWidget(self.votes)
        premerge_layout.addWidget(self.buttons["premerge"])
        side_layout.addWidget(premerge_box)
        labels_box = QGroupBox("Document labels")
        labels_layout = QVBoxLayout(labels_box)
        labels_layout.addWidget(self.labels_table)
        labels_layout.addWidget(self.take_labels_button)
        side_layout.addWidget(labels_box, 1)

        # The text beside the gold form and labels; the units table below, full width, since
        # it has a column per coder.
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.text_view)
        top.addWidget(side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(units_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([470, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

    # -- showing ----------------------------------------------------------------------------

    def show_article(self, article_id: str | None) -> None:
        """Review an article (shown now if visible, else when the view is next shown)."""
        if article_id == self.article_id and not self._dirty and self.review is not None:
            return
        self.article_id = article_id
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Bring the review up to date when the view comes to the front."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _changed(self, *_args: object) -> None:
        # Coalesced: one accept can emit several signals; one refresh after them is enough.
        if not self._dirty:
            self._dirty = True
            QTimer.singleShot(0, self, self._refresh_if_visible)

    def _refresh_if_visible(self) -> None:
        if self._dirty and self.isVisible() and not self.session.is_closed:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the article's review from the session and show it, keeping the place."""
        self._dirty = False
        current = self.unit_table.currentIndex()
        previous = self.current_unit()
        column = current.column() if current.isValid() else 1
        if self.article_id is None:
            self.review = None
            self.unit_model.set_review(None, "", {})
            self.labels_model.set_review(None)
            self.text_view.show_article("", [])
            self.title.setText("No article")
            self.summary.setText("")
            return
        article = self.session.article(self.article_id)
        review = self.session.review(self.article_id)
        self.review = review
        names = {a.id: a.name for a in self.session.actors()}
        self.unit_model.set_review(review, article.text, names)
        self.labels_model.set_review(review)
        pseudo = [_unit_mark(i, u, article.text) for i, u in enumerate(review.units)]
        if self._shown_text_of != self.article_id:
            self.text_view.show_article(article.text, pseudo)
            self._shown_text_of = self.article_id
        else:
            self.text_view.update_marks(pseudo, pseudo)
        self.title.setText(article.title)
        self.summary.setText(self._summary_text(review))
        self.legend.setText(_legend(review.coders))
        header = self.unit_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.unit_model.KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            self.unit_model.state_column, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setStretchLastSection(False)
        for column_index in range(1, self.unit_model.state_column):
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.Stretch)
        row = _nearest_row(review, previous)
        if row is not None:
            self.unit_table.setCurrentIndex(
                self.unit_model.index(row, min(column, self.unit_model.state_column))
            )
        else:
            self._show_gold(None)

    def _summary_text(self, review: ArticleReview) -> str:
        if len(review.coders) < 2:
            who = review.coders[0] if review.coders else "nobody"
            return f"Coded by {who}: a review needs at least two coders' work on this article."
        f1 = "n/a" if review.mean_f1 != review.mean_f1 else f"{review.mean_f1:.2f}"
        return (
            f"{len(review.coders)} coders · agreement on this article: mean F1 (overlap) {f1}, "
            f"{review.matched} matched, {review.unmatched} unmatched · {len(review.units)} units, "
            f"{review.disagreements} with differences, {review.open_units} still open"
        )

    def _describe_unit(self, row: MarkRow) -> str:
        unit = self._unit_of_pseudo(row[Field.ID])
        if unit is None or self.review is None:
            return ""
        lines = [f"{unit.kind.value}: {unit.state}"]
        for coder in self.review.coders:
            marks = unit.marks[coder]
            described = "; ".join(self.unit_model.describe(m, unit) for m in marks) or "—"
            lines.append(f"{coder}: {described}")
        gold = "; ".join(self.unit_model.describe(m, unit) for m in unit.gold) or "—"
        return "\n".join([*lines, f"gold: {gold}"])

    # -- selection --------------------------------------------------------------------------

    def current_unit(self) -> ReviewUnit | None:
        """Return the unit of the table's current row."""
        return self.unit_model.unit(self.unit_table.currentIndex().row())

    def select_unit(self, row: int, column: int | None = None) -> None:
        """Make a unit current (keeping the column), and show it in the text."""
        current = self.unit_table.currentIndex()
        keep = current.column() if current.isValid() else 1
        column = keep if column is None else column
        self.unit_table.setCurrentIndex(self.unit_model.index(row, column))

    def _unit_of_pseudo(self, pseudo_id: str) -> ReviewUnit | None:
        return self.unit_model.unit(int(pseudo_id.split(":", 1)[1]))

    def _unit_clicked(self, pseudo_id: str) -> None:
        self.select_unit(int(pseudo_id.split(":", 1)[1]))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        unit = self.unit_model.unit(current.row())
        if unit is None:
            self._show_gold(None)
            return
        self.text_view.highlighter.set_selected(f"unit:{current.row()}")
        coders = self.review.coders if self.review else ()
        self.text_view.lanes = [
            (coder_colour(i), [(m.start, m.end) for m in unit.marks[coder]])
            for i, coder in enumerate(coders)
        ]
        self.text_view.viewport().update()
        self.text_view.reveal_span(unit.start, unit.end)
        self._show_gold(unit)

    def _show_gold(self, unit: ReviewUnit | None) -> None:
        gold = unit.gold[0] if unit and unit.gold else None
        self.gold_form.show_mark(gold, self.session.tagset, self.session.actors() if gold else [])
        if gold is None:
            self.gold_form.summary.setText("No gold mark in the selected unit.")
        if unit is None:
            self.provenance.setText("")
        elif gold is None:
            self.provenance.setText(
                "No gold mark here yet. Enter accepts the current coder's version "
                "(or the agreed one); Backspace rejects them all."
            )
        else:
            found = self.session.gold_records([gold.id])[0][1]
            self.provenance.setText(
                f"{found.how} by {found.adjudicator}, {found.decided_at[:16].replace('T', ' ')}; "
                f"from {len(found.sources)} coder mark(s)"
                if found
                else "No provenance recorded."
            )

    # -- decisions --------------------------------------------------------------------------

    def step(self, direction: int) -> ReviewUnit | None:
        """Go to the next (1) or previous (-1) unit that is an open disagreement."""
        if self.review is None:
            return None
        row = self.unit_table.currentIndex().row()
        rows = range(row + 1, len(self.review.units)) if direction > 0 else range(row - 1, -1, -1)
        if row < 0 and direction < 0:
            rows = range(len(self.review.units) - 1, -1, -1)
        for candidate in rows:
            if self.review.units[candidate].state == "disagreed":
                self.select_unit(candidate)
                self.unit_table.setFocus()
                return self.review.units[candidate]
        where = "after" if direction > 0 else "before"
        self.message.emit(f"No open disagreement {where} this one (Ctrl+Down: next article).", 5000)
        return None

    def accept_current(self) -> Mark | None:
        """Accept the current unit: the current coder column's marks, or the agreed mark."""
        unit = self.current_unit()
        if unit is None or self.article_id is None:
            self.message.emit("No unit selected.", 3000)
            return None
        coder = self.unit_model.coder_of_column(self.unit_table.currentIndex().column())
        groups: list[list[str]]
        if coder is not None:
            groups = [[m.id] for m in unit.marks[coder]]
            if not groups:
                self.message.emit(f"{coder} made no mark here: nothing to accept.", 5000)
                return None
            what = f"Accept {coder}'s {unit.kind.value}"
        elif unit.agreed:
            groups = [[m.id for m in unit.coder_marks]]
            what = f"Accept agreed {unit.kind.value}"
        elif len({c for c, marks in unit.marks.items() if marks}) == 1:
            only = next(c for c, marks in unit.marks.items() if marks)
            groups = [[m.id] for m in unit.marks[only]]
            what = f"Accept {only}'s {unit.kind.value}"
        else:
            self.message.emit(
                "The coders differ here: move to a coder's cell (←/→) and press Enter.", 6000
            )
            return None
        command = AcceptGoldCommand(
            self.session, self.article_id, groups, [g.id for g in unit.gold], what, self._reveal
        )
        if self.push(command):
            self.message.emit(f"{what} into gold.", 3000)
            return command.made[0]
        return None

    def reject_current(self) -> bool:
        """Keep the current unit's marks out of gold (removing any gold mark in it)."""
        unit = self.current_unit()
        if unit is None or self.article_id is None:
            self.message.emit("No unit selected.", 3000)
            return False
        mark_ids = [m.id for m in unit.coder_marks]
        if not mark_ids:
            # Only a gold mark the adjudicator added: rejecting it means removing it.
            gold_ids = [g.id for g in unit.gold]
            command: QUndoCommand = AcceptGoldCommand(
                self.session, self.article_id, [], gold_ids, "Remove gold", self._reveal
            )
        else:
            command = RejectUnitCommand(
                self.session, self.article_id, mark_ids, [g.id for g in unit.gold], self._reveal
            )
        return self.push(command)

    def premerge(self) -> int:
        """Accept into gold every mark of this article agreed under the chosen rule."""
        if self.article_id is None:
            return 0
        rule = str(self.rule_combo.currentData())
        command = PremergeCommand(
            self.session, self.article_id, rule, self.votes.value(), self._reveal
        )
        if not self.push(command):
            return 0
        self.message.emit(f"Pre-merge ({rule}): {len(command.made)} mark(s) into gold.", 5000)
        return len(command.made)

    def add_gold(self, kind: MarkKind, label: str) -> Mark | None:
        """Make the selected text a gold mark; without a selection, relabel the unit's gold."""
        if self.article_id is None:
            return None
        span = self.text_view.selected_span()
        if span is None:
            unit = self.current_unit()
            gold = unit.gold[0] if unit and unit.gold else None
            if gold is None or gold.kind != kind:
                self.message.emit(
                    f"Select text to add a gold {kind.value}, or select a gold {kind.value}.", 5000
                )
                return None
            self._gold_edited(gold, gold.with_changes(label=label), "label")
            return None
        try:
            mark, new_actors = self.session.prepare_mark(self.article_id, kind, *span, label)
        except AnnotatorError as exc:
            self.message.emit(f"Not saved: {exc}", 6000)
            return None
        if self.push(AddGoldMarkCommand(self.session, mark, new_actors, self._reveal)):
            self.text_view.select_span(span[1], span[1])  # drop the selection
            return mark
        return None

    def take_selected_labels(self) -> bool:
        """Make the selected coder's document labels the gold ones."""
        coder = self.labels_model.coder(self.labels_table.currentIndex().row())
        if self.article_id is None or coder is None or coder == "gold":
            self.message.emit("Select a coder's row in the document labels first.", 4000)
            return False
        return self.push(GoldLabelsCommand(self.session, self.article_id, coder, self._reveal))

    def _gold_edited(self, old: Mark, new: Mark, what: str) -> None:
        if not self.push(EditGoldMarkCommand(self.session, old, new, what, self._reveal)):
            self._show_gold(self.current_unit())

    def _text_key(self, what: str) -> None:
        if what == "accept":
            self.accept_current()
        elif what == "reject":
            self.reject_current()

    def push(self, command: QUndoCommand) -> bool:
        """Apply a decision through the undo stack; on refusal say why and keep nothing."""
        if not push_or_explain(self.undo_stack, command, self.message.emit):
            return False
        if self._dirty:
            self.refresh()  # show the decision at once (the view may not be visible in tests)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Backspace or Delete in the units table rejects the current unit."""
        if watched is self.unit_table and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Backspace,
                Qt.Key.Key_Delete,
            ):
                self.reject_current()
                return True
        return super().eventFilter(watched, event)


def _unit_mark(index: int, unit: ReviewUnit, text: str) -> Mark:
    """A stand-in mark for a unit, so the text view can tint, select and describe it."""
    return Mark(
        id=f"unit:{index}",
        article_id="",
        annotator="review",
        kind=unit.kind,
        start=unit.start,
        end=unit.end,
        text=text[unit.start : unit.end],
        label=unit.state,
        speaker_id="-",  # solid underline for claims: "draft" means nothing here
    )


def _nearest_row(review: ArticleReview, previous: ReviewUnit | None) -> int | None:
    """Return the row of the unit where the previous one was (or the first row)."""
    if not review.units:
        return None
    if previous is None:
        return 0
    for row, unit in enumerate(review.units):
        if (unit.start, unit.end) >= (previous.start, previous.end):
            return row
    return len(review.units) - 1


def _legend(coders: tuple[str, ...]) -> str:
    chips = [
        f'<span style="color:{coder_colour(i)}; font-weight:bold;">▁▁ {escape(c)}</span>'
        for i, c in enumerate(coders)
    ]
    return "&nbsp;&nbsp;".join(chips)
