"""The agreement view: a coder × coder matrix, per-label bars and the least-agreed articles.

Every number comes from the session's agreement methods (the same rows `annotator agreement`
prints); this view only lays them out. The report is computed off the UI thread when the view is
shown after the coding changed, or on Recompute, never on every edit.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.background import BackgroundTask, Progress
from annotator.gui.coding_view import table_view
from annotator.gui.models.table_model import Index, ReadOnlyTableModel
from annotator.gui.signals import follow
from annotator.services.agreement import (
    AgreementCache,
    AgreementCancelledError,
    AgreementOverview,
    AgreementRow,
)
from annotator.session import Session
from annotator.gui.plain_text import plain_tip

LABEL_MEASURES = ("F1 (overlap match)", "F1 (exact match)", "Krippendorff alpha-u")


def heat(value: float) -> QColor:
    """Return a cell colour for an agreement value: red (≤ 0) through yellow to green (1)."""
    if value != value:  # NaN: undefined
        return QColor("#eeeeee")
    v = max(0.0, min(1.0, value))
    hue = 120 * v  # 0 red … 120 green
    return QColor.fromHsv(int(hue), 90, 245)


def shown(value: float) -> str:
    """Return a value as the report prints it (n/a when undefined)."""
    return "n/a" if value != value else f"{value:.3f}"


class MatrixModel(ReadOnlyTableModel):
    """A square table: one row and one column per coder, the pair's value in each cell."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.names: list[str] = []
        self.matrix: list[list[float]] = []

    def set_matrix(self, names: list[str], matrix: list[list[float]]) -> None:
        """Show a coder × coder matrix."""
        self.beginResetModel()
        self.names, self.matrix = names, matrix
        self.HEADERS = tuple(names)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.names)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Name the coders on both axes."""
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.names):
            return self.names[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return a pair's value, tinted by how high it is."""
        if not index.isValid():
            return None
        value = self.matrix[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if index.row() == index.column() else shown(value)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() != index.column():
            return heat(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#202020")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None


class ArticleAgreementModel(ReadOnlyTableModel):
    """Rows are the shared articles, least agreement first."""

    HEADERS = ("Article", "Mean F1 (overlap)", "Matched", "Unmatched")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.rows: list[AgreementRow] = []

    def set_rows(self, rows: list[AgreementRow]) -> None:
        """Show by-article rows."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Return an article's title and agreement."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.subject, shown(row.value), row.used, row.left_out)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            return heat(row.value)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor("#202020")
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(f"{row.subject}\nEnter or double-click: review this article")
        return None


class LabelBarsWidget(QWidget):
    """Horizontal bars, one per label: the value from 0 to 1, with used / left-out counts."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[AgreementRow] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[AgreementRow]) -> None:
        """Show one bar per row."""
        self.rows = rows
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Return a height that fits every bar."""
        return QSize(420, max(1, len(self.rows)) * self.ROW + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Return the height of every bar (the scroll area scrolls)."""
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """Draw each label's name, its bar and its numbers."""
        painter = QPainter(self)
        metrics = self.fontMetrics()
        names_width = min(
            max((metrics.horizontalAdvance(r.subject) for r in self.rows), default=0) + 12,
            int(self.width() * 0.4),
        )
        numbers_width = metrics.horizontalAdvance("0.000  (9999 used, 999 left out)") + 8
        bar_width = max(40, self.width() - names_width - numbers_width - 8)
        for i, row in enumerate(self.rows):
            top = 4 + i * self.ROW
            painter.setPen(self.palette().windowText().color())
            name = metrics.elidedText(row.subject, Qt.TextElideMode.ElideRight, names_width - 8)
            painter.drawText(
                QRectF(0, top, names_width - 6, self.ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            track = QRectF(names_width, top + 4, bar_width, self.ROW - 8)
            painter.fillRect(track, QColor("#ececec"))
            if row.value == row.value:
                length = bar_width * max(0.0, min(1.0, row.value))
                painter.fillRect(
                    QRectF(track.left(), track.top(), length, track.height()),
                    heat(row.value).darker(115),
                )
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRectF(track.right() + 8, top, numbers_width, self.ROW),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{shown(row.value)}  ({row.used} used, {row.left_out} left out)",
            )
        painter.end()


class AgreementView(QWidget):
    """Agreement between the project's coders, as matrix, bars and an article list.

    The report is computed once per refresh, on a worker thread with its own connection to the
    project, while the window stays usable: the numbers already shown stay until the new ones
    arrive, a progress bar follows the work and Cancel stops it. Articles whose marks did not
    change since the last computation are not read again (:class:`AgreementCache`).
    """

    review_requested = Signal(str)  # an article id to open in the review view
    message = Signal(str, int)
    computed = Signal()  # new numbers are shown

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self._overview: AgreementOverview | None = None
        self.cache = AgreementCache()  # articles read before, kept while unchanged
        self._task: BackgroundTask | None = None
        self._again = False  # refresh once the running computation has ended
        # Edits arrive in bursts (one accept, a merge): recompute once they are over.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(400)
        self._settle.timeout.connect(self._refresh_if_visible)

        self.scope = QLabel()
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.scope.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setFormat("reading %v of %m articles")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop computing; the numbers shown stay")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.refresh_button = QPushButton("Recompute")
        self.refresh_button.setToolTip("Compute every number again from the coding")
        self.refresh_button.clicked.connect(self.refresh)

        self.subject_combo = QComboBox()
        self.subject_combo.currentIndexChanged.connect(self._show_matrix)
        self.matrix_model = MatrixModel(self)
        self.matrix_table = table_view()
        self.matrix_table.setModel(self.matrix_model)
        self.matrix_table.verticalHeader().setVisible(True)
        self.matrix_table.setAlternatingRowColors(False)
        self.matrix_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        self.label_measure = QComboBox()
        for measure in LABEL_MEASURES:
            self.label_measure.addItem(measure)
        self.label_measure.currentIndexChanged.connect(self._show_bars)
        self.bars = LabelBarsWidget()
        bars_scroll = QScrollArea()
        bars_scroll.setWidget(self.bars)
        bars_scroll.setWidgetResizable(True)
        self.bars_scroll = bars_scroll

        self.article_model = ArticleAgreementModel(self)
        self.article_table = table_view()
        self.article_table.setModel(self.article_model)
        header = self.article_table.horizontalHeader()
        # Thousands of articles: fixed widths rather than measuring every row's contents.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        samples = ("Mean F1 (overlap)", "Matched 9999", "Unmatched 9999")
        for column, sample in enumerate(samples, 1):
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample) + 24)
        self.article_table.activated.connect(self._open_article)
        self._compose()
        for signal in (session.marks_replaced, session.mark_added, session.mark_removed):
            follow(signal, self, self._changed)
        follow(session.mark_changed, self, self._changed)
        follow(session.document_changed, self, self._changed)
        follow(session.articles_changed, self, self._changed)
        follow(session.closed, self, self.cancel)

    def _compose(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.scope, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.refresh_button)

        matrix_box = QGroupBox("Coder × coder")
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.addWidget(self.subject_combo)
        matrix_layout.addWidget(self.matrix_table)
        bars_box = QGroupBox("Per label, all coders")
        bars_layout = QVBoxLayout(bars_box)
        bars_layout.addWidget(self.label_measure)
        bars_layout.addWidget(self.bars_scroll)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(matrix_box)
        upper.addWidget(bars_box)
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 2)
        upper.setSizes([300, 700])
        articles_box = QGroupBox("Articles, least agreement first (Enter: review)")
        articles_layout = QVBoxLayout(articles_box)
        articles_layout.addWidget(self.article_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(articles_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Compute when the view comes to the front, if the coding changed since."""
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _changed(self, *_args: object) -> None:
        self._dirty = True
        if self.isVisible():
            self._settle.start()

    def _refresh_if_visible(self) -> None:
        if self._dirty and self.isVisible():
            self.refresh()

    # -- computing on a worker thread --------------------------------------------------------

    def is_computing(self) -> bool:
        """Say whether a computation is under way."""
        return self._task is not None

    def refresh(self) -> None:
        """Recompute every number from the coding, in the background; show them when done."""
        if self.session.is_closed or self.session.path is None:
            return
        self._dirty = False
        if self._task is not None:
            # The running computation may have read the coding before this change: let it
            # stop, and start again once it has.
            self._again = True
            self._task.cancel()
            return
        path, annotator, cache = self.session.path, self.session.annotator, self.cache

        def work(progress: Progress) -> AgreementOverview:
            # SQLite connections belong to their thread: the worker opens its own.
            worker = Session.open(path, annotator)
            try:
                return worker.agreement_overview(progress=progress, cache=cache)
            finally:
                worker.close()

        task = BackgroundTask(work)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(self._show)
        task.failed.connect(self._failed)
        task.finished.connect(self._ended)
        self._task = task
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.refresh_button.setEnabled(False)
        if self._overview is not None:
            self.scope.setText("Recomputing… the numbers below are from before the last edits.")
        else:
            self.scope.setText("Computing agreement…")
        task.start()

    def cancel(self, *_args: object) -> None:
        """Stop the computation under way (the numbers shown stay)."""
        self._again = False
        if self._task is not None:
            self._task.cancel()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, AgreementCancelledError):
            if self._overview is not None and not self._again:
                self._dirty = True
                self._show_scope(self._overview, stale=True)
            elif not self._again:
                self.scope.setText("Not computed: cancelled. Recompute to try again.")
            return
        self._dirty = True
        self.scope.setText(f"Agreement could not be computed: {error}")
        self.message.emit(f"Agreement could not be computed: {error}", 8000)

    def _ended(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.wait(1)  # its thread is at its very end: let it go before the task does
        self.progress.hide()
        self.cancel_button.hide()
        self.refresh_button.setEnabled(True)
        if self._again and not self.session.is_closed:
            self._again = False
            self.refresh()

    # -- showing -----------------------------------------------------------------------------

    def _show(self, overview: AgreementOverview) -> None:
        """Lay a computed report out: scope, matrix, bars and articles."""
        if self._again:  # the coding changed meanwhile: newer numbers are coming
            return
        self._overview = overview
        self._show_scope(overview, stale=self._dirty)
        current = self.subject_combo.currentData()
        self.subject_combo.blockSignals(True)
        self.subject_combo.clear()
        subjects = overview.pair_subjects()
        for measure, subject in subjects:
            self.subject_combo.addItem(f"{subject} — {measure}", (measure, subject))
        # The first time, actor mentions' F1: the measure most projects look at first.
        wanted = tuple(current) if current else ("F1 (overlap match)", "actor spans")
        self.subject_combo.setCurrentIndex(subjects.index(wanted) if wanted in subjects else 0)
        self.subject_combo.blockSignals(False)
        self._show_matrix()
        self._show_bars()
        self.article_model.set_rows(overview.article_rows)
        self.computed.emit()

    def _show_scope(self, overview: AgreementOverview, stale: bool) -> None:
        names = overview.coders
        if len(names) < 2:
            text = (
                "Agreement needs at least two coders' work: merge teammates' projects "
                "(File › Merge project…) first."
            )
        else:
            text = (
                f"{len(names)} coders ({', '.join(names)}) · {overview.n_articles} articles coded "
                "by all of them · each number says how many items it used and left out."
            )
        if stale:
            text += " The coding changed since: Recompute to bring the numbers up to date."
        self.scope.setText(text)

    def _show_matrix(self) -> None:
        choice = self.subject_combo.currentData()
        if not choice or self._overview is None:
            self.matrix_model.set_matrix([], [])
            return
        measure, subject = choice
        matrix = self._overview.pairwise_matrix(measure, subject)
        self.matrix_model.set_matrix(list(self._overview.coders), matrix)

    def _show_bars(self) -> None:
        measure = self.label_measure.currentText()
        label_rows = self._overview.label_rows if self._overview else []
        spans = [r for r in label_rows if r.measure == measure and r.coders.startswith("all")]
        fields = [
            r
            for r in label_rows
            if r.measure == "Krippendorff alpha" and r.coders.startswith("all")
        ]
        fields = [
            AgreementRow(r.measure, f"{r.subject} (alpha)", r.coders, r.value, r.used, r.left_out)
            for r in fields
        ]
        self.bars.set_rows(spans + fields)

    def _open_article(self, index: QModelIndex) -> None:
        row = self.article_model.rows[index.row()]
        if row.article_id is not None:
            self.review_requested.emit(row.article_id)

    def value_of(self, measure: str, subject: str, coders: str) -> float:
        """Return one number of the computed report (NaN if absent), for tests and tips."""
        if self._overview is None:
            return math.nan
        for row in (*self._overview.rows, *self._overview.label_rows):
            if (row.measure, row.subject, row.coders) == (measure, subject, coders):
                return row.value
        return math.nan
