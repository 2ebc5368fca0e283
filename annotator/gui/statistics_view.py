"""The Statistics view: the coding as charts and the tables behind them (services/statistics,
drawn by analysis/charts on a matplotlib Qt canvas), counted on a worker thread and saved as
PNG, SVG or CSV."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis.statistics import NAMES
from annotator.core import renderers
from annotator.core.model import GOLD_ANNOTATOR
from annotator.gui.background import Progress, Recomputer
from annotator.gui.signals import follow
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.analysis.statistics import Statistic

# (title, suggested name, filter) -> the path chosen, or None (the window's file chooser)
ChooseFile = Callable[[str, str, str], Path | None]
ALL_CODERS = "All coders"
ALL_ACTORS = "All actors"


@dataclass(frozen=True)
class Counted:
    """What the worker counted: the choices to offer and the statistics."""

    coders: list[str]
    speakers: list[tuple[str, str, int]]  # (actor id, name, claims made)
    articles: int
    statistics: list[Statistic]
    speaker: str | None  # whose claims the timelines counted


class StatisticsView(QWidget):
    """A list of statistics; the chosen one's chart above its table. Counts are made again
    when the view comes to the front after the coding changed (or on Recount)."""

    message = Signal(str, int)
    computed = Signal()  # new numbers are shown

    def __init__(self, session: Session, choose_file: ChooseFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.choose_file = choose_file
        self.statistics: list[Statistic] = []
        self._canvas: QWidget | None = None
        self.counting = Recomputer(
            self,
            self._work,
            self._show,
            self._failed,
            lambda: not session.is_closed and session.path is not None,
        )

        self.coder_combo = QComboBox()
        self.coder_combo.setToolTip("Whose coding to count")
        self.coder_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.coder_combo.currentIndexChanged.connect(self._coders_chosen)
        # Thousands of actors: typed into with a completer rather than scrolled through.
        self.actor_combo = QComboBox()
        self.actor_combo.setEditable(True)
        self.actor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.actor_combo.setMinimumContentsLength(16)
        self.actor_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.actor_combo.setToolTip(
            "The timelines count only the claims this actor made (type a name); the other "
            "statistics count everyone's"
        )
        completer = self.actor_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.actor_combo.addItem(ALL_ACTORS, None)
        self.actor_combo.currentIndexChanged.connect(self._coders_chosen)
        self.scope = QLabel()
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh_button = QPushButton("Recount")
        self.refresh_button.setToolTip("Count everything again from the coding")
        self.refresh_button.clicked.connect(self.refresh)
        self.save_chart_button = QPushButton("Save chart…")
        self.save_chart_button.setToolTip("Save the chart as PNG or SVG")
        self.save_chart_button.clicked.connect(self.save_chart)
        self.save_table_button = QPushButton("Save table…")
        self.save_table_button.setToolTip("Save the chart's numbers as CSV")
        self.save_table_button.clicked.connect(self.save_table)

        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_current)
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self._compose()
        for signal in (session.marks_replaced, session.mark_added, session.mark_removed):
            follow(signal, self, self.counting.changed)
        for signal in (session.mark_changed, session.document_changed, session.articles_changed):
            follow(signal, self, self.counting.changed)
        follow(session.closed, self, self.counting.cancel)

    def _compose(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Count:"))
        top.addWidget(self.coder_combo)
        top.addWidget(QLabel("Timelines of:"))
        top.addWidget(self.actor_combo)
        top.addWidget(self.scope, 1)
        top.addWidget(self.save_chart_button)
        top.addWidget(self.save_table_button)
        top.addWidget(self.refresh_button)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart_area)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.table)
        lower_layout.addWidget(self.note)
        right.addWidget(lower)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    # -- counting -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Count when the view comes to the front, if the coding changed since."""
        super().showEvent(event)
        self.counting.view_shown()

    def chosen_coders(self) -> list[str] | None:
        """Return the coders the combo box chose (None: all)."""
        data = self.coder_combo.currentData()
        return None if data is None else [data]

    def chosen_speaker(self) -> str | None:
        """Return the actor whose claims the timelines count (None: every actor's)."""
        return self.actor_combo.currentData()

    def is_computing(self) -> bool:
        """Say whether counting is under way."""
        return self.counting.is_computing()

    def refresh(self) -> None:
        """Count every statistic again on a worker thread; show them when done."""
        if self.counting.refresh():
            self.refresh_button.setEnabled(False)
            self.scope.setText("Counting…")

    def _work(self) -> Callable[[Progress], Counted]:
        path, coders, speaker = self.session.path, self.chosen_coders(), self.chosen_speaker()
        assert path is not None  # the Recomputer runs only on a project with a file

        def work(_progress: Progress) -> Counted:
            worker = Session.open(path, None, read_only=True)  # its own connection, reading only
            try:
                store = worker.store
                if speaker is not None and not store.has_actor(speaker):
                    speaker_id = None  # merged into another or deleted since it was chosen
                else:
                    speaker_id = speaker
                return Counted(
                    store.coders_with_work(),
                    store.speakers(coders),
                    store.count_articles(),
                    worker.statistics(coders, speaker_id=speaker_id),
                    speaker_id,
                )
            finally:
                worker.close()

        return work

    def _failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.scope.setText(f"Not counted: {error}")
        self.message.emit(f"Statistics could not be counted: {error}", 8000)

    def _coders_chosen(self, _index: int) -> None:
        if self.sender().signalsBlocked():
            return
        self.refresh()

    # -- showing ------------------------------------------------------------------------------

    def _show(self, counted: Counted) -> None:
        self.refresh_button.setEnabled(True)
        self.statistics = counted.statistics
        self._fill_coders(counted.coders)
        self._fill_speakers(counted.speakers)
        if self.chosen_speaker() != counted.speaker:
            # The actor chosen made no claim among these coders' (or is gone): the combo says
            # "All actors" now, so the timelines must count everyone's.
            self.refresh()
        self.scope.setText(f"{self.coder_combo.currentText()}: {counted.articles:,} article(s)")
        row = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        self.list.addItems([NAMES[s.key] for s in self.statistics])
        for index, statistic in enumerate(self.statistics):
            self.list.item(index).setToolTip(statistic.table.title)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.statistics) - 1))
        self._show_current(self.list.currentRow())
        self.computed.emit()

    def _fill_speakers(self, speakers: list[tuple[str, str, int]]) -> None:
        current = self.actor_combo.currentData()
        self.actor_combo.blockSignals(True)
        self.actor_combo.clear()
        self.actor_combo.addItem(ALL_ACTORS, None)
        for actor_id, name, claims in speakers:
            self.actor_combo.addItem(f"{name} ({claims})", actor_id)
        self.actor_combo.setCurrentIndex(max(self.actor_combo.findData(current), 0))
        self.actor_combo.blockSignals(False)

    def _fill_coders(self, coders: list[str]) -> None:
        current = self.coder_combo.currentData()
        self.coder_combo.blockSignals(True)
        self.coder_combo.clear()
        self.coder_combo.addItem(ALL_CODERS, None)
        for coder in coders:
            title = "Gold (adjudicated)" if coder == GOLD_ANNOTATOR else coder
            self.coder_combo.addItem(title, coder)
        index = self.coder_combo.findData(current)
        self.coder_combo.setCurrentIndex(max(index, 0))
        self.coder_combo.blockSignals(False)

    def current(self) -> Statistic | None:
        """Return the statistic shown, if any."""
        row = self.list.currentRow()
        return self.statistics[row] if 0 <= row < len(self.statistics) else None

    def _show_current(self, _row: int) -> None:
        statistic = self.current()
        for button in (self.save_chart_button, self.save_table_button):
            button.setEnabled(statistic is not None)
        if statistic is None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from annotator.analysis import charts

        canvas = FigureCanvasQTAgg(charts.figure(statistic))
        canvas.setMinimumHeight(int(canvas.figure.get_figheight() * canvas.figure.dpi * 0.8))
        self.chart_area.setWidget(canvas)  # the old canvas is deleted with its figure
        self._canvas = canvas
        self._show_table(statistic)

    def _show_table(self, statistic: Statistic) -> None:
        table = statistic.table
        self.table.clear()
        self.table.setColumnCount(len(table.columns))
        self.table.setRowCount(len(table.rows))
        self.table.setHorizontalHeaderLabels([c.heading for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                item = QTableWidgetItem(renderers.shown(column, value))
                if column.right:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(table.note)
        self.note.setVisible(bool(table.note))

    # -- saving -------------------------------------------------------------------------------

    def save_chart(self) -> Path | None:
        """Ask where to save the chart (PNG or SVG, by the name's suffix); save it there."""
        statistic = self.current()
        if statistic is None:
            return None
        path = self.choose_file(
            "Save chart", f"{statistic.key}.png", "PNG image (*.png);;SVG image (*.svg)"
        )
        if path is None:
            return None
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".png")
        from annotator.analysis import charts

        return self._written(path, lambda: charts.save_as(statistic, path))

    def save_table(self) -> Path | None:
        """Ask where to save the chart's numbers as CSV; save them there."""
        statistic = self.current()
        if statistic is None:
            return None
        path = self.choose_file("Save table", f"{statistic.key}.csv", "CSV (*.csv)")
        if path is None:
            return None
        text = renderers.render(statistic.table, "csv")
        return self._written(path, lambda: path.write_text(text, encoding="utf-8", newline=""))

    def _written(self, path: Path, write: Callable[[], Any]) -> Path | None:
        try:
            write()
        except OSError as exc:
            self.message.emit(f"Not saved: {path}: {exc.strerror or exc}", 8000)
            return None
        self.message.emit(f"Saved {path}", 5000)
        return path
