"""The article text: read-only plain text with marks highlighted in their label's colour."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import Mark, MarkKind
from annotator.gui.text_positions import TextPositions


class MarkHighlighter(QSyntaxHighlighter):
    """Paint marks onto the document: innermost mark's colour as background, claims underlined."""

    def __init__(self, document: QTextDocument, colour_of: Callable[[Mark], str]):
        super().__init__(document)
        self._colour_of = colour_of
        self._positions = TextPositions("")
        self._spans: list[tuple[int, int, Mark]] = []  # Qt positions, sorted by start
        self._starts: list[int] = []
        self._longest = 0  # longest span, bounds how far back a covering mark can start
        self._selected_id: str | None = None
        self._suggested: list[tuple[int, int]] = []  # Qt positions of suggested mentions

    def set_suggestions(self, spans: list[tuple[int, int]], changed: list[tuple[int, int]]) -> None:
        """Show suggested mentions (code-point spans), repainting where they changed."""
        to_qt = self._positions.to_qt
        self._suggested = sorted((to_qt(s), to_qt(e)) for s, e in spans)
        self._rehighlight_spans(changed)

    def set_article(self, positions: TextPositions, marks: list[Mark]) -> None:
        """Take the positions map and marks of a newly shown article (no repaint)."""
        self._positions = positions
        self._selected_id = None
        self._index(marks)

    def set_marks(self, marks: list[Mark], changed: list[tuple[int, int]]) -> None:
        """Replace the marks and repaint only the blocks the changed spans touch."""
        self._index(marks)
        self._rehighlight_spans(changed)

    def set_selected(self, mark: Mark | None) -> None:
        """Emphasise the selected mark (and repaint the spans that change)."""
        old = self._find(self._selected_id)
        self._selected_id = mark.id if mark else None
        self._rehighlight_spans([(m.start, m.end) for m in (old, mark) if m is not None])

    def _find(self, mark_id: str | None) -> Mark | None:
        return next((m for _, _, m in self._spans if m.id == mark_id), None) if mark_id else None

    def _index(self, marks: list[Mark]) -> None:
        to_qt = self._positions.to_qt
        self._spans = sorted(((to_qt(m.start), to_qt(m.end), m) for m in marks), key=lambda s: s[0])
        self._starts = [s[0] for s in self._spans]
        self._longest = max((s[1] - s[0] for s in self._spans), default=0)

    def _rehighlight_spans(self, spans: list[tuple[int, int]]) -> None:
        document = self.document()
        done: set[int] = set()
        for start, end in spans:
            block = document.findBlock(self._positions.to_qt(start))
            last = document.findBlock(max(self._positions.to_qt(end) - 1, 0)).blockNumber()
            while block.isValid() and block.blockNumber() <= last:
                if block.blockNumber() not in done:
                    done.add(block.blockNumber())
                    self.rehighlightBlock(block)
                block = block.next()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        """Format the marks that overlap the current block."""
        block_start = self.currentBlock().position()
        block_end = block_start + self.currentBlock().length() - 1
        first = bisect_left(self._starts, block_start - self._longest)
        limit = bisect_left(self._starts, block_end)
        covering = [s for s in self._spans[first:limit] if s[1] > block_start]
        for start, end in self._suggested:
            if start < block_end and end > block_start:
                # Suggestions never overlap actor mentions; under a claim the claim's own
                # format wins and the suggestion shows only in the hover text.
                lo, hi = max(start, block_start), min(end, block_end)
                if not any(s[0] <= lo and s[1] >= hi for s in covering):
                    self.setFormat(lo - block_start, hi - lo, _suggestion_format())
        if not covering:
            return
        cuts = sorted(
            {block_start, block_end}
            | {max(s[0], block_start) for s in covering}
            | {min(s[1], block_end) for s in covering}
        )
        for seg_start, seg_end in zip(cuts, cuts[1:], strict=False):
            here = [s[2] for s in covering if s[0] <= seg_start and s[1] >= seg_end]
            if here:
                self.setFormat(seg_start - block_start, seg_end - seg_start, self._format(here))

    def _format(self, marks: list[Mark]) -> QTextCharFormat:
        fmt = QTextCharFormat()
        innermost = min(marks, key=lambda m: (m.end - m.start, m.kind != MarkKind.ACTOR))
        selected = any(m.id == self._selected_id for m in marks)
        innermost_selected = innermost.id == self._selected_id
        colour = QColor(self._colour_of(innermost))
        if innermost.kind == MarkKind.CLAIM:
            # Claims are long: a light tint keeps the text readable, the underline says which.
            colour = _tint(colour, 0.55 if innermost_selected else 0.3)
        elif innermost_selected:
            colour = colour.darker(125)
        fmt.setBackground(colour)
        claims = [m for m in marks if m.kind == MarkKind.CLAIM]
        if claims:
            # A draft claim (no speaker yet) is underlined with dashes.
            style = (
                QTextCharFormat.UnderlineStyle.SingleUnderline
                if claims[0].speaker_id
                else QTextCharFormat.UnderlineStyle.DashUnderline
            )
            fmt.setUnderlineStyle(style)
            fmt.setUnderlineColor(QColor(self._colour_of(claims[0])).darker(120))
        if selected:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt


def _x_of(result: object) -> float:
    """Return the x of QTextLine.cursorToX, which PySide returns as an (x, position) pair."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]


def _suggestion_format() -> QTextCharFormat:
    """Return the faint look of a suggested mention: a grey dotted underline."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor("#6b6b6b"))
    fmt.setBackground(QColor("#f1f1f1"))
    return fmt


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


def _tint(colour: QColor, strength: float) -> QColor:
    """Return the colour mixed with white: strength 1 is the colour, 0 is white."""
    return QColor(
        round(255 - (255 - colour.red()) * strength),
        round(255 - (255 - colour.green()) * strength),
        round(255 - (255 - colour.blue()) * strength),
    )


class ArticleTextView(QPlainTextEdit):
    """Shows one article as plain text (never HTML) and reports selections and clicks."""

    mark_clicked = Signal(str)  # mark id
    empty_clicked = Signal()
    resize_requested = Signal(str, int)  # edge ("start" | "end"), step (-1 | 1)
    suggestion_key = Signal(str)  # "accept", "accept_all" or "reject", at the caret
    escape_pressed = Signal()

    def __init__(self, colour_of: Callable[[Mark], str], parent: QWidget | None = None):
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
        self.positions = TextPositions("")
        self.highlighter = MarkHighlighter(self.document(), colour_of)
        self._marks: list[Mark] = []
        self.selected_mark: Mark | None = None  # set by the window; arrows then resize it
        self.links: list[tuple[Mark, Mark, str]] = []  # (mention, claim, role) drawn as arrows
        self.describe: Callable[[Mark], str] = lambda m: f"{m.kind.value} · {m.label}: “{m.text}”"
        self.describe_suggestion: Callable[[int], str | None] = lambda offset: None

    def show_article(self, text: str, marks: list[Mark]) -> None:
        """Show an article's text with its marks."""
        self.positions = TextPositions(text)
        self._marks = list(marks)
        self.highlighter.set_article(self.positions, self._marks)
        self.setPlainText(text)  # plain text: markup in articles is shown, never interpreted

    def shown_marks(self) -> list[Mark]:
        """Return the marks painted now."""
        return list(self._marks)

    def update_marks(self, marks: list[Mark], changed: list[Mark]) -> None:
        """Replace the shown marks, repainting only where the changed marks are."""
        self._marks = list(marks)
        self.highlighter.set_marks(self._marks, [(m.start, m.end) for m in changed])

    def selected_span(self) -> tuple[int, int] | None:
        """Return the selection as code-point offsets, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.positions.cursor_span(cursor)

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
        """Paint the text, then the selected claim's links to its speaker and target."""
        super().paintEvent(event)
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

    def first_visible_offset(self) -> int:
        """Return the code-point offset of the first character at the top of the view."""
        return self.positions.from_qt(self.cursorForPosition(QPoint(0, 0)).position())

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the line holding a code-point offset is the first one shown."""
        position = self.positions.to_qt(max(0, min(offset, self.positions.length)))
        target = self.document().findBlock(position)
        line = 0
        block = self.document().firstBlock()
        while block.isValid() and block != target:
            line += max(block.lineCount(), 1)
            block = block.next()
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

    def marks_at(self, offset: int) -> list[Mark]:
        """Return the shown marks covering a code-point offset, innermost first."""
        hits = [m for m in self._marks if m.start <= offset < m.end]
        return sorted(hits, key=lambda m: (m.end - m.start, m.start))

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
                QToolTip.showText(event.globalPos(), text, self.viewport())
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
        """Select the innermost mark under a plain click."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        hits = self.marks_at(self.positions.from_qt(position))
        if hits:
            self.mark_clicked.emit(hits[0].id)
        else:
            self.empty_clicked.emit()
