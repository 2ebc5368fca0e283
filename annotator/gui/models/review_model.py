"""One article's review as tables: the units (a column per coder, then gold) and document labels.

Both models adapt a Qt-free ``ArticleReview``; the review view replaces it after every change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.model import GOLD_ANNOTATOR, Mark
from annotator.core.text import elide
from annotator.gui.models.mark_table_model import mark_fields
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.core.review_units import agreement_key
from annotator.session import ArticleReview, ReviewUnit
from annotator.gui.plain_text import plain_tip

# Row tints by state: agreed green, disagreed red, decided (gold or rejected) blue-grey.
STATE_COLOURS = {
    "single": "#f4efd8",
    "agreed": "#dff3d8",
    "disagreed": "#f9d6d5",
    "gold": "#dbe7f6",
    "rejected": "#e4e4e4",
}
STATE_TITLES = {
    "single": "needs a 2nd coder",
    "agreed": "agreed",
    "disagreed": "differs",
    "gold": "gold ✓",
    "rejected": "rejected",
}
# Coder colours for the legend, the lane markers and the column titles (colour-blind safe).
CODER_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")


def coder_colour(index: int) -> str:
    """Return the colour of the index-th coder of a review."""
    return CODER_COLOURS[index % len(CODER_COLOURS)]


class ReviewUnitModel(ReadOnlyTableModel):
    """Rows are units; columns: kind, text, one per coder, gold, state."""

    KIND, TEXT = 0, 1

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.review: ArticleReview | None = None
        self._text = ""
        self._names: Mapping[str, str] = {}
        self.HEADERS = ("Kind", "Text", "Gold", "State")

    def set_review(self, review: ArticleReview | None, text: str, names: Mapping[str, str]) -> None:
        """Show a review; ``names`` maps actor ids to names for the cells."""
        self.beginResetModel()
        self.review, self._text, self._names = review, text, names
        coders = review.coders if review else ()
        self.HEADERS = ("Kind", "Text", *coders, "Gold", "State")
        self.endResetModel()

    @property
    def gold_column(self) -> int:
        """Return the gold column's index."""
        return len(self.HEADERS) - 2

    @property
    def state_column(self) -> int:
        """Return the state column's index."""
        return len(self.HEADERS) - 1

    def coder_of_column(self, column: int) -> str | None:
        """Return the coder a column shows, or None for the other columns."""
        if self.review is None or not 2 <= column < self.gold_column:
            return None
        return self.review.coders[column - 2]

    def unit(self, row: int) -> ReviewUnit | None:
        """Return the unit of a row."""
        if self.review is None or not 0 <= row < len(self.review.units):
            return None
        return self.review.units[row]

    def _row_count(self) -> int:
        return len(self.review.units) if self.review else 0

    def describe(self, mark: Mark, unit: ReviewUnit) -> str:
        """Return a cell's text: label and fields, with the span when it differs from the unit's."""
        span = ""
        if (mark.start, mark.end) != (unit.start, unit.end):
            span = f"“{_short(mark.text, 30)}” "
        return f"{span}{mark.label} {mark_fields(mark, self._names)}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a cell's text, tint, font and tooltip."""
        unit = self.unit(index.row())
        if unit is None:
            return None
        column = index.column()
        coder = self.coder_of_column(column)
        marks: tuple[Mark, ...] = ()
        if coder is not None:
            marks = unit.marks.get(coder, ())
        elif column == self.gold_column:
            marks = unit.gold
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.KIND:
                return unit.kind.value
            if column == self.TEXT:
                return _short(self._text[unit.start : unit.end], 60)
            if column == self.state_column:
                return STATE_TITLES[unit.state]
            return " | ".join(self.describe(m, unit) for m in marks) if marks else "—"
        if role == Qt.ItemDataRole.ToolTipRole:
            if marks:
                return plain_tip(
                    "\n".join(
                        f"{m.label}: “{_short(m.text, 80)}” {mark_fields(m, self._names)}"
                        + (" (rejected)" if m.id in unit.rejected else "")
                        for m in marks
                    )
                )
            if column == self.TEXT:
                return plain_tip(self._text[unit.start : unit.end])
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if coder is not None and marks and unit.gold:
                # The coder whose version is gold stands out in its row.
                gold_keys = {agreement_key(g) for g in unit.gold}
                if any(agreement_key(m) in gold_keys for m in marks):
                    return QColor("#b9d3f0")
            return QColor(STATE_COLOURS[unit.state])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#202020")  # readable on every tint, also under a dark palette
        if role == Qt.ItemDataRole.FontRole and marks and all(m.id in unit.rejected for m in marks):
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class DocumentLabelsModel(ReadOnlyTableModel):
    """Rows are the coders (then gold); columns their tone, focus stance and topics."""

    HEADERS = ("Coder", "Tone", "Focus stance", "Topics")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.review: ArticleReview | None = None

    def set_review(self, review: ArticleReview | None) -> None:
        """Show a review's document labels."""
        self.beginResetModel()
        self.review = review
        self.endResetModel()

    def coder(self, row: int) -> str | None:
        """Return the coder of a row (gold is the last row)."""
        if self.review is None:
            return None
        rows = (*self.review.coders, GOLD_ANNOTATOR)
        return rows[row] if 0 <= row < len(rows) else None

    def _row_count(self) -> int:
        return len(self.review.coders) + 1 if self.review else 0

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a coder's labels; cells that differ from another coder's are tinted."""
        coder = self.coder(index.row())
        if coder is None or self.review is None:
            return None
        labels = self.review.labels[coder]
        values = (coder, labels.tone or "—", labels.focus_stance or "—", ", ".join(labels.topics))
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()] or "—"
        if role == Qt.ItemDataRole.BackgroundRole and index.column() > 0:
            if coder == GOLD_ANNOTATOR:
                return QColor(STATE_COLOURS["gold"])
            field = ("tone", "focus_stance", "topics")[index.column() - 1]
            seen = {getattr(self.review.labels[c], field) for c in self.review.coders}
            if len(self.review.coders) < 2:
                return QColor(STATE_COLOURS["single"])
            return QColor(STATE_COLOURS["agreed" if len(seen) == 1 else "disagreed"])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#202020")
        return None


def _short(text: str, limit: int) -> str:
    return elide(text, limit)
