"""Reading the open article into the coding view: at once when short, piece by piece when long.

An article up to ``PROGRESSIVE_BYTES`` is read in one go (text, mark rows, the names of the
actors its marks refer to). A longer one shows its first piece at once and reads the rest a
piece at a time between the window's events (``StepRunner``): each piece is appended to the
text, its marks to the model. Suggested mentions are matched in the background the same way,
a slice of text per step, after the text is read. When some actors' names change (a new
actor, a new alias), only the places where those names occur are matched again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from PySide6.QtCore import QObject, Signal

from annotator.gui.models.mark_table_model import MarkTableModel
from annotator.gui.steps import StepRunner
from annotator.gui.widgets.article_view import ArticleTextView
from annotator.services.coding import ArticleMarks
from annotator.services.suggestions import (
    AliasMatcher,
    ArticleSuggestions,
    FoldedText,
    actor_cover,
    rematch_words,
)
from annotator.session import Session

PROGRESSIVE_BYTES = 2 << 20  # longer articles are shown while they are read
PIECE_BYTES = 256 << 10  # text read and appended, with its marks, per step
ROWS_PER_TABLE_UPDATE = 20_000  # the table takes a long article's rows in batches
SCAN_CHARS = 16 << 10  # text matched against the actors' names per step
FIRST_SCAN_CHARS = 8 << 10  # matched at once when an article opens: its first screens


class ArticleLoader(QObject):
    """Shows an article's text and marks in the coding view, reading long ones progressively."""

    loaded = Signal()  # the whole article is shown (text, marks and the table)

    def __init__(
        self,
        session: Session,
        text_view: ArticleTextView,
        mark_model: MarkTableModel,
        runner: StepRunner,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._session = session
        self._text_view = text_view
        self._model = mark_model
        self._runner = runner
        runner.done.connect(lambda name: self.loaded.emit() if name == "article" else None)

    @property
    def loading(self) -> bool:
        """Say whether the open article is still being read."""
        return self._runner.has("article")

    def open(self, article_id: str | None) -> ArticleMarks:
        """Show an article (its first piece at least); return its marks, filled as it is read."""
        self._runner.cancel("article")
        if article_id is None:
            marks = ArticleMarks()
        elif self._session.article_size(article_id) <= PROGRESSIVE_BYTES:
            marks = self._session.article_marks(article_id)
        else:
            pieces = self._session.article_text_pieces(article_id, PIECE_BYTES)
            marks = ArticleMarks(article_id)
            self._append(marks, next(pieces, ""), show=False)
            self._model.show_article(article_id, marks)
            self._text_view.show_article(marks.text, marks)
            self._runner.add("article", self._read_rest(marks, pieces))
            return marks
        self._model.show_article(article_id, marks)
        self._text_view.show_article(marks.text, marks)
        return marks

    def _append(self, marks: ArticleMarks, piece: str, show: bool = True) -> list[tuple]:
        """Add a piece of text and the marks starting in it; return the rows added."""
        start = marks.length
        marks.extend_text(piece)
        if show:
            self._text_view.append_text(piece)
        assert marks.article_id is not None
        rows = marks.extend(self._session.mark_rows(marks.article_id, start, marks.length))
        unknown = marks.actor_ids(rows) - marks.names.keys()
        if unknown:
            marks.names.update(self._session.actor_names(unknown))
        return rows

    def _read_rest(self, marks: ArticleMarks, pieces: Iterator[str]) -> Iterator[None]:
        waiting: list[tuple] = []  # rows read but not yet in the table
        edits = marks.edits  # edits made meanwhile may have changed or removed some
        try:
            for piece in pieces:
                yield  # reading a piece is one step; appending it and its marks another
                waiting += self._append(marks, piece)
                if len(waiting) >= ROWS_PER_TABLE_UPDATE:
                    # In batches: every insertion makes the table lay out and paint again.
                    self._model.rows_appended(waiting, edits)
                    waiting, edits = [], marks.edits
                yield
        finally:
            pieces.close()  # type: ignore[attr-defined]
        self._model.rows_appended(waiting, edits)


class SuggestionScanner(QObject):
    """Keeps the open article's suggested mentions: matched in steps, updated per mark change."""

    changed = Signal()  # the open suggestions changed

    def __init__(
        self,
        session: Session,
        text_view: ArticleTextView,
        runner: StepRunner,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._session = session
        self._text_view = text_view
        self._runner = runner
        self.shown: ArticleSuggestions | None = None
        self._pending: ArticleSuggestions | None = None  # a rescan, shown when complete
        self._marks = ArticleMarks()
        # The matcher the shown suggestions were found with, and its revision then.
        self._matcher: AliasMatcher | None = None
        self._revision = 0
        # The shown article's text folded, kept while it is shown (names are looked for in it).
        self._folded: tuple[ArticleSuggestions, FoldedText] | None = None
        self._held = False  # see hold()

    def start(self, marks: ArticleMarks, replace_now: bool) -> None:
        """Match the article's text against the actors' names (again, after a change).

        The first slice is matched at once; with ``replace_now`` the (partial) result is shown
        at once too, else the suggestions shown stay until the rescan is complete.
        """
        self._runner.cancel("suggestions")
        self._marks = marks
        if self._held:
            self._pending = None
            self._show(None)  # the article's are matched on release()
            return
        if marks.article_id is None:
            self._pending = None
            self._show(None)
            return
        found = ArticleSuggestions(
            marks.article_id, self._session.rejected_suggestions(marks.article_id), marks.text_of
        )
        job = self._scan(found)
        if replace_now or self.shown is None or self.shown.article_id != marks.article_id:
            self._pending = None
            self._show(found)
        else:
            self._pending = found
        if next(job, "done") != "done":
            self._runner.add("suggestions", job)

    def hold(self) -> None:
        """Match nothing until ``release()``: ``start`` only notes the article to match.

        The window holds the matching while it makes its first frame: building the matcher
        over the whole registry is a large part of the start-up, and the text can be read
        without its suggestions for the moment it takes.
        """
        self._held = True

    def release(self) -> None:
        """Match the article noted while held (at once for its first slice, as ``start``)."""
        if self._held:
            self._held = False
            self.start(self._marks, replace_now=True)

    def finish(self) -> None:
        """Complete the matching now (a caller needs every suggestion)."""
        self.release()
        self._runner.finish("suggestions")

    def _scan(self, found: ArticleSuggestions) -> Iterator[None]:
        marks = self._marks
        matcher = self._session.alias_matcher()
        self._matcher, self._revision = matcher, matcher.revision
        covers = actor_cover(marks)
        while True:
            length = marks.length
            start = found.scanned_to
            if start >= length:
                if self._runner.has("article"):
                    yield  # the rest of the text is still being read
                    continue
                break
            # A window of the text from the character before the slice to the longest name
            # past it: enough to tell whole words, without joining a long text's pieces.
            budget = SCAN_CHARS if start else FIRST_SCAN_CHARS
            origin = max(0, start - 1)
            window = marks.text_of(origin, min(length, start + budget + matcher.longest + 1))
            cut = window.find("\n", start + budget - origin)
            stop = min(length, start + budget) if cut < 0 else origin + cut + 1
            found.add_matches(
                [
                    (s + origin, e + origin, form)
                    for s, e, form in matcher.find(
                        window, start - origin, stop - origin, found.resume - origin
                    )
                ],
                covers,
            )
            found.scanned_to = stop
            if found is self.shown:
                self._text_view.refresh_spans([(start, stop)])
                self.changed.emit()
            if stop < marks.length or self._runner.has("article"):
                yield  # more to match (a short text is matched in one go)
        if found is self._pending:
            self._pending = None
            self._show(found)

    def _show(self, found: ArticleSuggestions | None) -> None:
        old = self.shown
        self.shown = found
        spans = []
        if old is not None and found is not None and old.article_id == found.article_id:
            # A rescan of the article shown: repaint where either set has a suggestion.
            spans = [(s.start, s.end) for s in old.open() + found.open()]
        self._text_view.highlighter.set_suggestions(found, spans)
        self.changed.emit()

    def marks_changed(self, removed: list[tuple[int, int]], added: list[tuple[int, int]]) -> None:
        """Hide the suggestions under new actor mentions, show those no mention covers now."""
        changed: list[tuple[int, int]] = []
        for found in (self.shown, self._pending):
            if found is not None:
                hidden = found.cover(added)
                shown = found.uncover(removed)
                if found is self.shown:
                    changed += hidden + shown
        if changed:
            self._text_view.refresh_spans(changed)
            self.changed.emit()

    def registry_changed(self, actor_ids: Collection[str] | None) -> None:
        """Match again where changed actors' names occur (the whole article if need be)."""
        found = self.shown
        if found is None:
            return
        matcher = self._session.alias_matcher()
        words = None
        if actor_ids is not None and self._pending is None and matcher is self._matcher:
            words = matcher.words_changed_since(self._revision)
        if words is None:  # rebuilt, or changed beyond what it remembers
            self.start(self._marks, replace_now=False)
            return
        self._revision = matcher.revision
        if not words:
            return
        marks = self._marks

        def repaint(spans: list[tuple[int, int]]) -> None:
            if spans and found is self.shown:
                self._text_view.refresh_spans(spans)
                self.changed.emit()

        if self._folded is None or self._folded[0] is not found:
            self._folded = (found, FoldedText(marks.text_of, marks.length))
        job = rematch_words(
            found,
            matcher,
            words,
            marks.text_of,
            marks.length,
            actor_cover(marks),
            repaint,
            self._folded[1],
        )
        # After a scan under way (it goes on with the new names); else at once.
        if self._runner.has("suggestions") or next(job, "done") != "done":
            self._runner.add("suggestions", job)

    def rejections_changed(self) -> None:
        """Take the coder's rejections again (one was made or undone)."""
        if self.shown is None:
            return
        rejected = self._session.rejected_suggestions(self.shown.article_id)
        changed = self.shown.set_rejected(rejected)
        if self._pending is not None:
            self._pending.set_rejected(rejected)
        self._text_view.refresh_spans(changed)
        self.changed.emit()
