"""The article text: read-only plain text with marks highlighted in their label's colour.

Marks are formatted onto a block when it is first shown (see mark_highlighter.py); a long
article's text can be appended piece by piece while the first screen is already shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Mark
from annotator.core.text import snap_to_words
from annotator.gui.text_positions import TextPositions
from annotator.gui.widgets.mark_highlighter import ColourOf, MarkHighlighter
from annotator.services.coding import ArticleMarks, Field, MarkRow, mark_row, position_key
from annotator.gui.plain_text import plain_tip

_SNAP_MARGIN = 64  # characters of text around a selection read to widen it to whole words


def _x_of(result: object) -> float:
    """Return the x of QTextLine.cursorToX, which PySide returns as an (x, position) pair."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def _overlaps(a: Mark, b: Mark) -> bool:
    return a.start < b.end and b.start < a.end


def _draw_arrow(painter: QPainter, source: QRectF, target: QRectF, colour: QColor) -> None:
    """Draw a curved arrow from above one rectangle to above another."""
    start = QPointF(source.center().x(), source.top())
    end = QPointF(target.left() + 6, target.top())
    lift = max(18.0, abs(end.x() - start.x()) / 6)
    top = min(start.y(), end.y()) - lift
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
    painter.drawPath(path)
    painter.setBrush(colour)
    head = QPolygonF([end, QPointF(end.x() - 4, end.y() - 7), QPointF(end.x() + 4, end.y() - 7)])
    painter.drawPolygon(head)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _describe_row(row: MarkRow) -> str:
    return f"{row[Field.KIND]} · {row[Field.LABEL]}"


class ArticleTextView(QPlainTextEdit):
    """Shows one article as plain text (never HTML) and reports selections and clicks."""

    mark_clicked = Signal(str)  # mark id
    empty_clicked = Signal()
    resize_requested = Signal(str, int)  # edge ("start" | "end"), step (-1 | 1)
    suggestion_key = Signal(str)  # "accept", "accept_all" or "reject", at the caret
    escape_pressed = Signal()

    def __init__(self, colour_of: ColourOf, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setUndoRedoEnabled(False)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.highlighter = MarkHighlighter(self, colour_of)
        # Blocks scrolled into view are formatted before they are painted.
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.highlighter.format_visible())
        self.selected_mark: Mark | None = None  # set by the window; arrows then resize it
        # A mouse selection is widened to whole words (unless Alt is held): a sloppy drag
        # would otherwise save "cooperative partne" (Edit › Snap to words turns it off).
        self.snap_mouse_selection = True
        # A first-run hint drawn over the foot of the text while the coder has no mark yet.
        self.hint = ""
        self.links: list[tuple[Mark, Mark, str]] = []  # (mention, claim, role) drawn as arrows
        self.describe: Callable[[MarkRow], str] = _describe_row
        self.describe_suggestion: Callable[[int], str | None] = lambda offset: None

    @property
    def positions(self) -> TextPositions:
        """Return the map between the shown text's code-point offsets and Qt positions."""
        return self.highlighter.positions

    @property
    def marks(self) -> ArticleMarks:
        """Return the marks shown."""
        return self.highlighter.marks

    def show_article(self, text: str, marks: Sequence[Mark] | ArticleMarks) -> None:
        """Show an article's text (so far, if more is to be appended) with its marks."""
        if not isinstance(marks, ArticleMarks):
            marks = ArticleMarks(None, text, sorted(map(mark_row, marks), key=position_key))
        self.highlighter.show(TextPositions(text), marks)
        self.setPlainText(text)  # plain text: markup in articles is shown, never interpreted

    def append_text(self, more: str) -> None:
        """Append a further piece of the shown article's text (the view stays where it is)."""
        self.positions.extend(more)
        document = self.document()
        layout = document.documentLayout()
        last = document.lastBlock()
        shown = self.blockBoundingGeometry(last).translated(self.contentOffset()).top() <= (
            self.viewport().height()
        )
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        # The layout would repaint the whole view for text added below it; only the scroll
        # bar's range needs to follow (and the view, if the end is on screen).
        layout.blockSignals(True)
        try:
            cursor.insertText(more)
        finally:
            layout.blockSignals(False)
        layout.documentSizeChanged.emit(layout.documentSize())
        if shown:
            self.viewport().update()

    def update_marks(self, marks: Sequence[Mark], changed: Sequence[Mark]) -> None:
        """Replace the shown marks, repainting only where the changed marks are."""
        self.highlighter.marks = ArticleMarks(
            None, "", sorted(map(mark_row, marks), key=position_key)
        )
        self.highlighter.refresh([(m.start, m.end) for m in changed])

    def refresh_spans(self, spans: Sequence[tuple[int, int]]) -> None:
        """Repaint where marks changed (code-point spans); the marks object is shared."""
        self.highlighter.refresh(spans)

    def formats_at(self, offset: int) -> list[QTextLayout.FormatRange]:
        """Return what is painted at a code-point offset (formatting its block if due).

        One range at most: the text format there with the colour painted under it as its
        background.
        """
        position = self.positions.to_qt(offset)
        block = self.document().findBlock(position)
        self.highlighter.ensure_formatted(block)
        inside = position - block.position()
        found = [r for r in block.layout().formats() if r.start <= inside < r.start + r.length]
        colours = [c for c in self.highlighter.backgrounds(block) if c[0] <= inside < c[1]]
        if not colours:
            return found
        piece = found[0] if found else QTextLayout.FormatRange()
        if not found:
            piece.start, piece.length = colours[0][0], colours[0][1] - colours[0][0]
        fmt = QTextCharFormat(piece.format)
        fmt.setBackground(colours[0][2])
        piece.format = fmt
        return [piece]

    def selected_span(self) -> tuple[int, int] | None:
        """Return the selection as code-point offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.positions.cursor_span(cursor)

    def snap_selection(self) -> None:
        """Widen the selection to whole words where an edge falls inside one."""
        span = self.selected_span()
        if span is None:
            return
        marks = self.marks
        # The text around the selection: a word longer than this margin is not widened whole.
        origin = max(0, span[0] - _SNAP_MARGIN)
        around = marks.text_of(origin, min(marks.length, span[1] + _SNAP_MARGIN))
        start, end = snap_to_words(around, span[0] - origin, span[1] - origin)
        if (start + origin, end + origin) != span:
            self.select_span(start + origin, end + origin)

    def select_span(self, start: int, end: int) -> None:
        """Select a span given in code-point offsets."""
        cursor = self.textCursor()
        self.positions.select(cursor, start, end)
        self.setTextCursor(cursor)

    def set_links(self, links: list[tuple[Mark, Mark, str]]) -> None:
        """Draw these mention→claim links (speaker solid, target dashed), boxing the mentions."""
        if links != self.links:
            self.links = list(links)
            self.viewport().update()

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """Return the viewport rectangles a span covers, one per line it is on."""
        rects: list[QRectF] = []
        first, last = self.positions.to_qt(start), self.positions.to_qt(end)
        block = self.document().findBlock(first)
        offset = self.contentOffset()
        while block.isValid() and block.position() <= last:
            origin = self.blockBoundingGeometry(block).translated(offset).topLeft()
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                line_start = block.position() + line.textStart()
                line_end = line_start + line.textLength()
                lo, hi = max(first, line_start), min(last, line_end)
                if lo >= hi:
                    continue
                x1 = _x_of(line.cursorToX(lo - block.position()))
                x2 = _x_of(line.cursorToX(hi - block.position()))
                rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
            block = block.next()
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Paint the marks' colours, the text, then the selected claim's links."""
        self.highlighter.format_visible()
        self.highlighter.paint_backgrounds(event.rect())
        super().paintEvent(event)
        if self.hint:
            self._paint_hint()
        if not self.links:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mention, claim, role in self.links:
            colour = QColor("#1f4e8c" if role == "speaker" else "#8c1f4e")
            pen = QPen(colour, 1.6)
            if role == "target":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            mention_rects = self.span_rects(mention.start, mention.end)
            claim_rects = self.span_rects(claim.start, claim.end)
            for rect in mention_rects:
                painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
            if mention_rects and claim_rects and not _overlaps(mention, claim):
                _draw_arrow(painter, mention_rects[0], claim_rects[0], colour)
        painter.end()

    def set_hint(self, hint: str) -> None:
        """Show (or, with "", hide) a hint over the foot of the text."""
        if hint != self.hint:
            self.hint = hint
            self.viewport().update()

    def _paint_hint(self) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        area = self.viewport().rect().adjusted(12, 0, -12, -10)
        box = metrics.boundingRect(
            area, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), self.hint
        ).adjusted(-10, -6, 10, 6)
        box.moveBottom(area.bottom())
        box.moveLeft(area.left() + (area.width() - box.width()) // 2)
        painter.setPen(QPen(QColor("#9a9a9a"), 1))
        painter.setBrush(QColor(255, 255, 240, 235))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(QColor("#333333"))
        painter.drawText(
            box.adjusted(10, 6, -10, -6),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
            self.hint,
        )
        painter.end()

    def first_visible_offset(self) -> int:
        """Return the code-point offset of the first character at the top of the view."""
        return self.positions.from_qt(self.cursorForPosition(QPoint(0, 0)).position())

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding a code-point offset is the first one shown."""
        position = self.positions.to_qt(max(0, min(offset, self.positions.length)))
        target = self.document().findBlock(position)
        line = max(target.firstLineNumber(), 0)  # kept by the document, no walk over blocks
        if target.isValid() and target.layout() is not None:
            line += target.layout().lineForTextPosition(position - target.position()).lineNumber()
        self.verticalScrollBar().setValue(line)

    def reveal_span(self, start: int, end: int) -> None:
        """Scroll so a span is visible, without changing the selection."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return
        self.positions.select(cursor, end, start)
        cursor.clearSelection()  # the cursor rests at the span's start
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def marks_at(self, offset: int) -> list[MarkRow]:
        """Return the rows of the shown marks covering a code-point offset, innermost first."""
        return self.marks.at(offset)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Shift+arrows resize the selected mark (Ctrl: its start); Esc deselects it.

        Return accepts the suggestion at the caret, Shift+Return all of them, Backspace rejects.
        """
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        if (
            self.selected_mark is not None
            and not self.textCursor().hasSelection()
            and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and mods & shift
        ):
            step = 1 if key == Qt.Key.Key_Right else -1
            edge = "start" if mods & ctrl else "end"
            # Moving the start right shrinks the mark, as moving the end left does.
            self.resize_requested.emit(edge, step)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & ~shift:
            self.suggestion_key.emit("accept_all" if mods & shift else "accept")
            event.accept()
            return
        if key == Qt.Key.Key_Backspace and not mods:
            self.suggestion_key.emit("reject")
            event.accept()
            return
        super().keyPressEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """On hover, list every mark at that position (overlapping marks included)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), plain_tip(text), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, point: QPoint) -> str:
        """Return the hover text for a viewport point: one line per mark there, outermost first."""
        offset = self.positions.from_qt(self.cursorForPosition(point).position())
        lines = [self.describe(m) for m in reversed(self.marks_at(offset))]
        suggestion = self.describe_suggestion(offset)
        return "\n".join(lines + ([suggestion] if suggestion else []))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """Widen a dragged selection to whole words; select the innermost mark under a click."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if self.snap_mouse_selection and not exact:
                self.snap_selection()
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        hits = self.marks_at(self.positions.from_qt(position))
        if hits:
            self.mark_clicked.emit(hits[0][Field.ID])
        else:
            self.empty_clicked.emit()
