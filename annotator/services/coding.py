"""The open article as the coding view holds it: its marks as rows, looked up by id and span.

A mark row is a plain tuple of the fields the view shows (``Field`` names the indexes); the
mark's text is the article's ``text[start:end]``. Rows cost a fraction of a ``Mark`` to read,
which matters at 20,000 marks; a ``Mark`` is read from the store only for the mark a coder
selects or edits. Nothing here imports Qt.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter, sub

from annotator.core.model import Mark
from annotator.services.base import SessionBase
from annotator.storage.coding import MARK_ROW_FIELDS

MarkRow = tuple  # the values of MARK_ROW_FIELDS, in that order


class Field:
    """Indexes into a mark row."""

    ID, KIND, START, END, LABEL, ACTOR_ID, SPEAKER_ID, TARGET_ID, STANCE, FORM, INTENSITY = range(
        len(MARK_ROW_FIELDS)
    )


_ID_OF, _START_OF, _END_OF = itemgetter(Field.ID), itemgetter(Field.START), itemgetter(Field.END)

# A mark longer than this is kept out of the span index (a whole-article mark would otherwise
# make every lookup scan from the start); the few of them are checked one by one.
LONG_SPAN = 4096


def mark_row(mark: Mark) -> MarkRow:
    """Return a mark's row."""
    return (
        mark.id,
        mark.kind.value,
        mark.start,
        mark.end,
        mark.label,
        mark.actor_id,
        mark.speaker_id,
        mark.target_id,
        mark.stance,
        mark.form,
        mark.intensity,
    )


def position_key(row: MarkRow) -> tuple[int, int, str]:
    """Return the order of marks in the text: by start, the longer first, then by id."""
    return (row[Field.START], -row[Field.END], row[Field.ID])


def row_actor_ids(row: MarkRow) -> Iterator[str]:
    """Yield the ids of the actors a row refers to (as mention, speaker or target)."""
    for index in (Field.ACTOR_ID, Field.SPEAKER_ID, Field.TARGET_ID):
        if row[index]:
            yield row[index]


class ArticleMarks:
    """One coder's marks on one article, by position, with the article's text and actor names.

    The text may arrive in pieces (``extend_text``) and the rows with it (``extend``), so that a
    long article can be shown while it is read.
    """

    def __init__(self, article_id: str | None = None, text: str = "", rows: Sequence = ()):
        self.article_id = article_id
        self._pieces: list[str] = [text] if text else []
        self._piece_starts: list[int] = [0] if text else []
        self._length = len(text)
        self._joined: str | None = text
        self.rows: list[MarkRow] = []
        self._starts: list[int] = []
        self._by_id: dict[str, MarkRow] = {}
        self._longest = 0  # the longest span in the index (not counting long marks)
        self._long: list[MarkRow] = []
        self.names: dict[str, str] = {}  # id -> name of the actors the rows refer to
        self._added_singly: set[str] = set()  # ids added one by one (not by extend)
        self.edits = 0  # rows added one by one, removed or replaced so far
        self.extend(rows)

    # -- text -------------------------------------------------------------------------------

    @property
    def length(self) -> int:
        """Return the length of the text so far, in code points."""
        return self._length

    @property
    def text(self) -> str:
        """Return the text so far (joined once if it came in pieces)."""
        if self._joined is None:
            self._joined = "".join(self._pieces)
            self._pieces = [self._joined]
            self._piece_starts = [0]
        return self._joined

    def extend_text(self, piece: str) -> None:
        """Append a piece of the article's text."""
        if piece:
            self._pieces.append(piece)
            self._piece_starts.append(self._length)
            self._length += len(piece)
            self._joined = None

    def text_of(self, start: int, end: int) -> str:
        """Return text[start:end] without joining the pieces."""
        if self._joined is not None:
            return self._joined[start:end]
        i = bisect_right(self._piece_starts, start) - 1
        out = []
        while start < end and i < len(self._pieces):
            base = self._piece_starts[i]
            piece = self._pieces[i]
            out.append(piece[start - base : end - base])
            start = base + len(piece)
            i += 1
        return "".join(out)

    # -- rows -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, mark_id: str) -> MarkRow | None:
        """Return the row of a mark, or None."""
        return self._by_id.get(mark_id)

    def still_held(self, rows: list[MarkRow], since: int | None = None) -> list[MarkRow]:
        """Return the rows that are held as they are (not changed or removed since read).

        ``since`` is ``edits`` when the rows were read: with no edit since, all are.
        """
        if since == self.edits:
            return rows
        get = self._by_id.get
        return [row for row in rows if get(row[0]) is row]

    def extend(self, rows: Iterable[MarkRow]) -> list[MarkRow]:
        """Add rows that start at or after every row held (a further piece); return the new.

        Rows already held (a mark made while the article was being read) are skipped.
        """
        added = list(rows)
        if self._added_singly:  # a mark made meanwhile may come again with its piece
            added = [r for r in added if r[Field.ID] not in self._by_id]
        if not added:
            return added
        if self.rows and position_key(added[0]) < position_key(self.rows[-1]):
            for row in added:
                self.add(row)
            return added
        # C-level passes (map, zip): tens of thousands of rows in a few milliseconds.
        starts = list(map(_START_OF, added))
        spans = list(map(sub, map(_END_OF, added), starts))
        self.rows.extend(added)
        self._starts.extend(starts)
        self._by_id.update(zip(map(_ID_OF, added), added, strict=True))
        longest = max(spans)
        if longest > LONG_SPAN:
            self._long.extend(r for r, n in zip(added, spans, strict=True) if n > LONG_SPAN)
            longest = max((n for n in spans if n <= LONG_SPAN), default=0)
        self._longest = max(self._longest, longest)
        return added

    def add(self, row: MarkRow) -> int:
        """Add one row; return its index in position order."""
        index = self._index_for(row)
        self.edits += 1
        self._added_singly.add(row[Field.ID])
        self.rows.insert(index, row)
        self._starts.insert(index, row[Field.START])
        self._by_id[row[Field.ID]] = row
        span = row[Field.END] - row[Field.START]
        if span > LONG_SPAN:
            self._long.append(row)
        else:
            self._longest = max(self._longest, span)
        return index

    def remove(self, mark_id: str) -> MarkRow | None:
        """Remove the row of a mark; return it (None if it was not held)."""
        row = self._by_id.pop(mark_id, None)
        if row is None:
            return None
        self.edits += 1
        index = self._index_of(row)
        del self.rows[index]
        del self._starts[index]
        if row[Field.END] - row[Field.START] > LONG_SPAN:
            self._long.remove(row)
        return row

    def replace(self, row: MarkRow) -> MarkRow | None:
        """Put a changed row in place of the mark's old one; return the old row."""
        old = self.remove(row[Field.ID])
        self.add(row)
        return old

    def _index_for(self, row: MarkRow) -> int:
        key = position_key(row)
        lo = bisect_left(self._starts, row[Field.START])
        hi = bisect_right(self._starts, row[Field.START])
        while lo < hi and position_key(self.rows[lo]) < key:
            lo += 1
        return lo

    def _index_of(self, row: MarkRow) -> int:
        index = self._index_for(row)
        if self.rows[index] is not row:
            index = self.rows.index(row, bisect_left(self._starts, row[Field.START]))
        return index

    # -- lookups ----------------------------------------------------------------------------

    def covering(self, start: int, end: int) -> list[MarkRow]:
        """Return the rows overlapping [start, end), by position."""
        first = bisect_left(self._starts, start - self._longest)
        limit = bisect_left(self._starts, end)
        s_end = Field.END
        found = [r for r in self.rows[first:limit] if r[s_end] > start]
        if self._long:
            extra = [r for r in self._long if r[Field.START] < end and r[s_end] > start]
            if extra:
                found = sorted({id(r): r for r in found + extra}.values(), key=position_key)
        return found

    def at(self, offset: int) -> list[MarkRow]:
        """Return the rows covering an offset, innermost (shortest) first."""
        hits = self.covering(offset, offset + 1)
        return sorted(hits, key=lambda r: (r[Field.END] - r[Field.START], r[Field.START]))

    def actor_ids(self, rows: Sequence[MarkRow] | None = None) -> set[str]:
        """Return the ids of every actor the rows (all held ones by default) refer to."""
        rows = self.rows if rows is None else rows
        ids: set[str] = set()
        for index in (Field.ACTOR_ID, Field.SPEAKER_ID, Field.TARGET_ID):
            ids.update(filter(None, map(itemgetter(index), rows)))
        return ids

    def speaker_ids(self) -> set[str]:
        """Return the ids of the claims' speakers."""
        return set(filter(None, map(itemgetter(Field.SPEAKER_ID), self.rows)))

    def name(self, actor_id: str | None, default: str = "?") -> str:
        """Return the name of an actor the rows refer to."""
        return self.names.get(actor_id or "", default)


class CodingMixin(SessionBase):
    """The reads of the coding view: rows, names and text pieces of the open article."""

    def mark_rows(
        self, article_id: str, start_from: int = 0, start_before: int | None = None
    ) -> list[MarkRow]:
        """Return the current coder's marks on an article as rows, by position."""
        return self.store.mark_rows(article_id, self._annotator, start_from, start_before)

    def article_marks(self, article_id: str) -> ArticleMarks:
        """Return the current coder's marks on an article with its text and actor names."""
        text = self.store.get_article(article_id).text
        self._hold_text(article_id, text)  # a mark made in it is checked against it
        marks = ArticleMarks(article_id, text, self.mark_rows(article_id))
        marks.names = self.actor_names(marks.actor_ids())
        return marks

    def actor_names(self, actor_ids: Iterable[str]) -> dict[str, str]:
        """Return the names of these actors by id."""
        return self.store.actor_names(actor_ids)

    def actor_choices(self, actor_ids: Iterable[str] | None = None) -> list[tuple[str, str, str]]:
        """Return (id, name, type) of every actor (or of these that exist), sorted by name."""
        return self.store.actor_choices(actor_ids)

    def article_title(self, article_id: str) -> str:
        """Return an article's title (without reading its text)."""
        return self.store.article_title(article_id)

    def article_size(self, article_id: str) -> int:
        """Return the size of an article's text in bytes, without reading it."""
        return self.store.article_size(article_id)

    def article_text_pieces(self, article_id: str, piece_bytes: int = 1 << 20) -> Iterator[str]:
        """Yield an article's text in pieces (close the iterator to stop early)."""
        return self.store.article_text_pieces(article_id, piece_bytes)
