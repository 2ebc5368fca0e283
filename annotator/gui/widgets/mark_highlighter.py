"""Paint marks and suggested mentions onto the article text, a block when it is shown.

QSyntaxHighlighter formats every block of a document when its text is set, calling Python
once per block: seconds for a long article. Here a block is formatted just before it is first
painted (the view calls ``format_visible`` from its paint event), and again only when a change
touches it. A block's user state holds the generation its formats were made for; a new article,
tag set or a change over many blocks starts a new generation, which makes every block stale.

The marks' colours are not text formats: a dense article changes colour every few characters,
and each format range is one more piece Qt shapes and draws on its own (a paint of such text
cost three times a plain one). The layout gets only what changes the text itself (a claim's
underline); the colours are kept per block and painted under the text by the view
(``paint_backgrounds``), with a frame around the selected mark (a bold one would re-wrap its
paragraph, moving the text under the mouse). A new mark that changes only colours repaints its
block without laying it out again.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import MarkKind
from annotator.gui.text_positions import TextPositions
from annotator.services.coding import ArticleMarks, Field, MarkRow
from annotator.services.suggestions import ArticleSuggestions

ColourOf = Callable[[MarkKind, str], str]  # (kind, label) -> colour name

# Changes over more blocks than this repaint lazily by a new generation instead of one by one.
_MANY_BLOCKS = 200
_MANY_SPANS = 64  # so do changes at more places than this (new suggestions all over a text)

_ID, _KIND, _START, _END, _LABEL, _SPEAKER = (
    Field.ID,
    Field.KIND,
    Field.START,
    Field.END,
    Field.LABEL,
    Field.SPEAKER_ID,
)


class MarkHighlighter:
    """Formats a view's blocks: the innermost mark's colour as background, claims underlined."""

    def __init__(self, view: QPlainTextEdit, colour_of: ColourOf):
        self._view = view
        self._colour_of = colour_of
        self.positions = TextPositions("")
        self.marks = ArticleMarks()
        self.suggestions: ArticleSuggestions | None = None
        self._selected_id: str | None = None
        self._generation = 0
        self._colours: dict[tuple[str, str], QColor] = {}
        self._looks: dict[object, tuple[QColor, QTextCharFormat | None]] = {}  # by piece key
        self._text_looks: dict[object, QTextCharFormat] = {}  # by the claim over a piece
        self._suggestion_look = (
            suggestion_format().background().color(),
            _without_background(suggestion_format()),
        )
        # Per block number: the colours under its text, (start, end, colour) in Qt positions
        # within the block, and the text formats given to its layout (to tell a change).
        self._backgrounds: dict[int, list[tuple[int, int, QColor]]] = {}
        self._text_formats: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
        # Per block number: the colours they were made from, the block's line breaks then
        # (lines, width), and the rectangles to fill, by colour.
        self._rectangles: dict[int, tuple[object, object, list[tuple[QColor, list[QRectF]]]]] = {}

    # -- what is shown ----------------------------------------------------------------------

    def show(self, positions: TextPositions, marks: ArticleMarks) -> None:
        """Take a newly shown article's positions and marks (its blocks format when painted)."""
        self.positions = positions
        self.marks = marks
        self.suggestions = None
        self._selected_id = None
        self._generation += 1
        self._backgrounds.clear()
        self._text_formats.clear()
        self._rectangles.clear()

    def rehighlight(self) -> None:
        """Format every block again when next shown (label colours may have changed)."""
        self._colours.clear()
        self._looks.clear()
        self._text_looks.clear()
        self._generation += 1
        self._view.viewport().update()

    def set_selected(self, mark_id: str | None) -> None:
        """Emphasise the selected mark (repainting where the emphasis moves)."""
        if mark_id == self._selected_id:
            return
        spans = [
            (row[_START], row[_END])
            for row in (self.marks.get(self._selected_id or ""), self.marks.get(mark_id or ""))
            if row is not None
        ]
        self._selected_id = mark_id
        self.refresh(spans)

    @property
    def selected_id(self) -> str | None:
        """Return the id of the emphasised mark."""
        return self._selected_id

    def set_suggestions(
        self, suggestions: ArticleSuggestions | None, changed: Iterable[tuple[int, int]]
    ) -> None:
        """Show these suggested mentions, repainting the changed spans."""
        self.suggestions = suggestions
        self.refresh(changed)

    # -- formatting -------------------------------------------------------------------------

    def refresh(self, spans: Iterable[tuple[int, int]]) -> None:
        """Format again the blocks that these code-point spans touch (now if they are shown)."""
        spans = list(spans)
        if len(spans) > _MANY_SPANS:
            self._format_all_again()
            return
        document = self._view.document()
        blocks: dict[int, QTextBlock] = {}
        limit = self.positions.length
        for start, end in spans:
            start, end = max(0, min(start, limit)), max(0, min(end, limit))
            first = document.findBlock(self.positions.to_qt(start))
            last = document.findBlock(max(self.positions.to_qt(end) - 1, 0))
            if last.blockNumber() - first.blockNumber() > _MANY_BLOCKS:
                self._format_all_again()
                return
            block = first
            while block.isValid() and block.blockNumber() <= last.blockNumber():
                blocks[block.blockNumber()] = block
                block = block.next()
        formatted = {n: b for n, b in blocks.items() if b.userState() == self._generation}
        if not formatted:
            return  # never formatted (or stale already): done when they are shown
        visible = self._visible_numbers()
        for number, block in formatted.items():
            if number in visible:
                self.format_block(block)
            else:
                block.setUserState(-1)

    def _format_all_again(self) -> None:
        """Make every block stale and format the shown ones now (before they are painted)."""
        self._generation += 1
        self.format_visible()

    def format_visible(self) -> None:
        """Format the shown blocks that are not up to date (the view calls it before painting)."""
        view = self._view
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        bottom = view.viewport().height()
        while block.isValid():
            if block.userState() != self._generation:
                self.format_block(block)
            if view.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()

    def _visible_numbers(self) -> set[int]:
        view = self._view
        block = view.firstVisibleBlock()
        offset = view.contentOffset()
        bottom = view.viewport().height()
        numbers = set()
        while block.isValid():
            numbers.add(block.blockNumber())
            if view.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()
        return numbers

    def ensure_formatted(self, block: QTextBlock) -> None:
        """Format a block now if it is not up to date (for a caller reading its formats)."""
        if block.userState() != self._generation:
            self.format_block(block)

    def format_block(self, block: QTextBlock) -> None:
        """Work out a block's colours and text formats from the marks and suggestions over it.

        The layout is given new text formats (and laid out again) only if they changed; a
        change of colours alone repaints the block.
        """
        position = block.position()
        length = block.length() - 1  # without the paragraph separator
        identity = self.positions.identity
        if identity:
            start, end = position, position + length
        else:
            start = self.positions.from_qt(position)
            end = self.positions.from_qt(min(position + length, self._utf16_length()))
        colours: list[tuple[int, int, QColor]] = []
        texts: list[tuple[int, int, QTextCharFormat]] = []
        for seg_start, seg_end, key in self._segments(start, end):
            if not identity:
                seg_start = self.positions.to_qt(seg_start)
                seg_end = self.positions.to_qt(seg_end)
            seg_start -= position
            seg_end -= position
            colour, text_format = self._look(key)
            if colours and colours[-1][1] == seg_start and colours[-1][2] is colour:
                colours[-1] = (colours[-1][0], seg_end, colour)
            else:
                colours.append((seg_start, seg_end, colour))
            if text_format is None:
                continue
            if texts and texts[-1][1] == seg_start and texts[-1][2] is text_format:
                texts[-1] = (texts[-1][0], seg_end, text_format)
            else:
                texts.append((seg_start, seg_end, text_format))
        number = block.blockNumber()
        had_colours = self._backgrounds.pop(number, None)
        if colours:
            self._backgrounds[number] = colours
        block.setUserState(self._generation)
        if texts != self._text_formats.get(number, []):
            if texts:
                self._text_formats[number] = texts
            else:
                self._text_formats.pop(number, None)
            ranges = []
            for seg_start, seg_end, text_format in texts:
                piece = QTextLayout.FormatRange()
                piece.start, piece.length = seg_start, seg_end - seg_start
                piece.format = text_format
                ranges.append(piece)
            block.layout().setFormats(ranges)
            # As QSyntaxHighlighter does: lay the block out again and repaint it.
            self._view.document().markContentsDirty(position, block.length())
        elif colours or had_colours:
            self._repaint_block(block)

    def _repaint_block(self, block: QTextBlock) -> None:
        view = self._view
        area = view.blockBoundingGeometry(block).translated(view.contentOffset())
        view.viewport().update(area.toAlignedRect())

    def backgrounds(self, block: QTextBlock) -> list[tuple[int, int, QColor]]:
        """Return a block's colours: (start, end, colour) in Qt positions within the block."""
        return list(self._backgrounds.get(block.blockNumber(), ()))

    def paint_backgrounds(self, area: QRect) -> None:
        """Paint the colours of the shown blocks in an area of the viewport (before the text),
        and a frame around the selected mark."""
        view = self._view
        offset = view.contentOffset()
        bottom = area.bottom()
        painter: QPainter | None = None
        selected = self._selected_span()
        block = view.firstVisibleBlock()
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            number = block.blockNumber()
            colours = self._backgrounds.get(number)
            if colours and geometry.bottom() >= area.top():
                if painter is None:
                    painter = QPainter(view.viewport())
                    painter.setClipRect(area)
                    painter.setPen(Qt.PenStyle.NoPen)
                layout = block.layout()
                # The rectangles, kept while the colours and the block's line breaks stay.
                lines = (layout.lineCount(), layout.lineAt(0).width())
                held = self._rectangles.get(number)
                if held is None or held[0] is not colours or held[1] != lines:
                    rectangles = _colour_rectangles(layout, colours)
                    held = self._rectangles[number] = (colours, lines, rectangles)
                painter.translate(geometry.topLeft())
                for colour, rectangles in held[2]:
                    painter.setBrush(colour)
                    painter.drawRects(rectangles)
                if selected is not None:
                    self._frame_selected(painter, block, selected)
                painter.translate(-geometry.topLeft())
            block = block.next()
        if painter is not None:
            painter.end()

    def _selected_span(self) -> tuple[int, int] | None:
        """Return the selected mark's span in Qt positions (None: no mark selected)."""
        row = self.marks.get(self._selected_id) if self._selected_id else None
        if row is None:
            return None
        return self.positions.to_qt(row[_START]), self.positions.to_qt(row[_END])

    def _frame_selected(self, painter: QPainter, block: QTextBlock, span: tuple[int, int]) -> None:
        """Frame the selected mark's part in a block, line by line (in block coordinates)."""
        start = max(span[0], block.position()) - block.position()
        end = min(span[1], block.position() + block.length() - 1) - block.position()
        if start >= end:
            return
        pieces = _colour_rectangles(block.layout(), [(start, end, _FRAME_COLOUR)])
        if not pieces:
            return
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(_FRAME_COLOUR, 1.5))
        # Outside the letters by 2 px on either side (a frame on the first and last glyphs
        # hid them: "I" of "Imran" read as a bar); within the line's height, which the
        # repaint of the block covers.
        painter.drawRects([r.adjusted(-2.0, 0.75, 2.0, -0.75) for r in pieces[0][1]])
        painter.restore()

    def _utf16_length(self) -> int:
        return self.positions.to_qt(self.positions.length)

    def _segments(self, start: int, end: int) -> list[tuple[int, int, object]]:
        """Return (start, end, look) pieces of [start, end): marks over suggestions.

        A look is the key of what a piece shows (``_look`` makes its colour and text format).
        """
        rows = self.marks.covering(start, end)
        suggested = self.suggestions.in_range(start, end) if self.suggestions else []
        if not rows and not suggested:
            return []
        cuts = {start, end}
        cuts.update([row[_START] for row in rows if row[_START] > start])
        cuts.update([row[_END] for row in rows if row[_END] < end])
        cuts.update([s.start for s in suggested if s.start > start])
        cuts.update([s.end for s in suggested if s.end < end])
        ordered = sorted(cuts)
        selected_id = self._selected_id
        selected_here = selected_id is not None and any(row[_ID] == selected_id for row in rows)
        pieces: list[tuple[int, int, object]] = []
        # The marks over the current piece, kept sorted by (length, not an actor mention,
        # position): the first is the innermost, the one whose colour shows.
        active: list[tuple[int, bool, int, MarkRow]] = []
        claims: list[tuple[int, MarkRow]] = []  # the claims over it, by position
        expiry = end + 1  # the first end among the active marks
        fmt: object = None
        next_row = 0
        row_count = len(rows)
        suggestion_count = len(suggested)
        next_suggestion = 0
        for seg_start, seg_end in zip(ordered, ordered[1:], strict=False):
            changed = False
            if seg_start >= expiry:
                active = [e for e in active if e[3][_END] > seg_start]
                claims = [c for c in claims if c[1][_END] > seg_start]
                expiry = min([e[3][_END] for e in active]) if active else end + 1
                changed = True
            while next_row < row_count and rows[next_row][_START] <= seg_start:
                row = rows[next_row]
                kind = row[_KIND]
                insort(active, (row[_END] - row[_START], kind != "actor", next_row, row))
                if kind == "claim":
                    claims.append((next_row, row))
                if row[_END] < expiry:
                    expiry = row[_END]
                next_row += 1
                changed = True
            if active:
                if changed or fmt is None or fmt is _SUGGESTED:
                    innermost = active[0][3]
                    claim = claims[0][1] if claims else None
                    fmt = (
                        innermost[_KIND],
                        innermost[_LABEL],
                        innermost[_ID] == selected_id,
                        None if claim is None else (claim[_LABEL], bool(claim[_SPEAKER])),
                        selected_here and any(e[3][_ID] == selected_id for e in active),
                    )
            else:
                while (
                    next_suggestion < suggestion_count
                    and suggested[next_suggestion].end <= seg_start
                ):
                    next_suggestion += 1
                if not (
                    next_suggestion < suggestion_count
                    and suggested[next_suggestion].start <= seg_start
                ):
                    fmt = None
                    continue
                fmt = _SUGGESTED
            if pieces and pieces[-1][1] == seg_start and pieces[-1][2] == fmt:
                pieces[-1] = (pieces[-1][0], seg_end, fmt)
            else:
                pieces.append((seg_start, seg_end, fmt))
        return pieces

    def _look(self, key: object) -> tuple[QColor, QTextCharFormat | None]:
        """Return the colour and text format (None: plain) of a piece's look (made once)."""
        look = self._looks.get(key)
        if look is None:
            if key is _SUGGESTED:
                look = self._suggestion_look
            else:
                look = self._looks[key] = self._make_look(*key)  # type: ignore[misc]
        return look

    def _make_look(
        self,
        kind: str,
        label: str,
        innermost_selected: bool,
        claim: tuple[str, bool] | None,
        selected: bool,
    ) -> tuple[QColor, QTextCharFormat | None]:
        colour = QColor(self._colour(kind, label))
        if kind == "claim":
            # Claims are long: a light tint keeps the text readable, the underline says which.
            colour = tint(colour, 0.55 if innermost_selected else 0.3)
        elif innermost_selected:
            colour = colour.darker(125)
        # The text formats are shared by key, so that equal ones are one object (merged).
        # The selected mark keeps its glyphs (a bold one would re-wrap its paragraph under the
        # mouse): the view frames it instead (``paint_backgrounds``).
        text_key = claim
        text_format = self._text_looks.get(text_key)
        if text_format is None and claim is not None:
            fmt = QTextCharFormat()
            if claim is not None:
                claim_label, has_speaker = claim
                # A draft claim (no speaker yet) is underlined with dashes.
                fmt.setUnderlineStyle(
                    QTextCharFormat.UnderlineStyle.SingleUnderline
                    if has_speaker
                    else QTextCharFormat.UnderlineStyle.DashUnderline
                )
                fmt.setUnderlineColor(QColor(self._colour("claim", claim_label)).darker(120))
            text_format = self._text_looks[text_key] = fmt
        return colour, text_format

    def _colour(self, kind: str, label: str) -> QColor:
        colour = self._colours.get((kind, label))
        if colour is None:
            colour = self._colours[(kind, label)] = QColor(self._colour_of(MarkKind(kind), label))
        return colour


def suggestion_format() -> QTextCharFormat:
    """Return the faint look of a suggested mention: a grey dotted underline."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor("#6b6b6b"))
    fmt.setBackground(QColor("#f1f1f1"))
    return fmt


def tint(colour: QColor, strength: float) -> QColor:
    """Return the colour mixed with white: strength 1 is the colour, 0 is white."""
    return QColor(
        round(255 - (255 - colour.red()) * strength),
        round(255 - (255 - colour.green()) * strength),
        round(255 - (255 - colour.blue()) * strength),
    )


_SUGGESTED = object()  # the look of a suggested mention (no mark over it)
_FRAME_COLOUR = QColor("#1f1f1f")  # the selected mark's frame


def _without_background(fmt: QTextCharFormat) -> QTextCharFormat:
    """Return a copy of a text format without its background (painted apart)."""
    copy = QTextCharFormat(fmt)
    copy.clearBackground()
    return copy


def _colour_rectangles(
    layout: QTextLayout, colours: list[tuple[int, int, QColor]]
) -> list[tuple[QColor, list[QRectF]]]:
    """Return the rectangles of a laid-out block's coloured pieces, line by line, by colour.

    As Qt fills a text format's background: from each line's top, its height, between the
    piece's ends on it. In the block's own coordinates.
    """
    lines = [layout.lineAt(i) for i in range(layout.lineCount())]
    bounds = [(line.textStart(), line.textStart() + line.textLength()) for line in lines]
    by_colour: dict[int, tuple[QColor, list[QRectF]]] = {}
    at = 0  # the first line that may hold the next piece (pieces come in order)
    for start, end, colour in colours:
        while at < len(lines) and bounds[at][1] <= start:
            at += 1
        i = at
        while i < len(lines) and bounds[i][0] < end:
            lo, hi = max(start, bounds[i][0]), min(end, bounds[i][1])
            if lo < hi:
                line = lines[i]
                left = _x_of(line.cursorToX(lo))
                rectangle = QRectF(left, line.y(), _x_of(line.cursorToX(hi)) - left, line.height())
                by_colour.setdefault(colour.rgba(), (colour, []))[1].append(rectangle)
            i += 1
    return list(by_colour.values())


def _x_of(result: object) -> float:
    """Return the x of QTextLine.cursorToX, which PySide returns as an (x, position) pair."""
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]
