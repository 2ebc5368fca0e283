"""The Network view: a discourse network of the claims (analysis/networks, DNA's semantics)
drawn with a force-directed layout; clicking a node or a tie lists the claims that made it, and
a claim opens its article with its words selected. The options are the command line's
(network_controls.py); a legend says what colours, shapes and widths mean.

Work stays off the UI thread and is not done twice: a worker reads the claims (only those of
the chosen coder and dates, in SQL), cuts them into time windows, and makes and lays out the
network of the window shown. The view keeps the last read and its windows: another filter
or window option computes again from the claims read, without reading the project, and
stepping to another window makes and lays out only that window's network (once: the windows
seen are kept until an option or the coding changes).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis.options import NetworkOptionError, NetworkOptions
from annotator.core.errors import ValidationError
from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.text import elide
from annotator.gui.background import BackgroundTask, Progress, Recomputer, run_with_progress
from annotator.gui.network_controls import WINDOW_UNITS, NetworkControls
from annotator.gui.network_legend import (
    NEUTRAL,
    TOPIC_EDGE,
    TOPIC_FILL,
    NetworkLegend,
    legend_entries,
    tie_colour,
    type_colours,
)
from annotator.gui.signals import follow
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.analysis.networks import Network, Node, WindowedNetworks
    from annotator.analysis.statements import Statement

ChooseFile = Callable[[str, str, str], Path | None]
SCALE = 320.0  # scene units per layout unit
# A scene of a hundred thousand items takes seconds to build on the UI thread: the strongest
# ties and the busiest nodes' labels are drawn (the others' tooltips name them; the file
# saved has everything).
MAX_TIES, MAX_LABELS = 3000, 150
COLUMNS = ("Date", "Coder", "Speaker", "Topic", "Stance", "Target", "Claim")
FILE_TYPES = "GraphML (*.graphml);;GEXF for Gephi (*.gexf);;Edge list (*.csv)"


@dataclass(frozen=True)
class Read:
    """The claims of one read of the project, and what the options offer from them."""

    key: tuple[Path, str | None, str | None, str | None]  # project, coder, from, to
    version: int  # of the coding, as the view counts its changes
    statements: tuple[Statement, ...]
    coders: tuple[str, ...]  # every coder with claims, and gold
    speaker_types: tuple[str, ...]  # the filter's choices
    types: tuple[str, ...]  # of speakers and targets: the colours, the same in every window
    topics: tuple[str, ...]
    first: str | None  # the claims' first and last day
    last: str | None


@dataclass(frozen=True)
class Drawn:
    """A network ready to draw: the matrix, the statements it was made of, the layout, and
    which window it is (0 without time windows)."""

    network: Network
    statements: tuple[Statement, ...]
    places: dict[str, tuple[float, float]]
    index: int = 0


@dataclass(frozen=True)
class Job:
    """What a worker is asked for; what the view already has is passed, not computed again."""

    path: Path
    key: tuple[Path, str | None, str | None, str | None]
    version: int
    options: NetworkOptions
    index: int
    read: Read | None  # the claims, if already read with this key and version
    made: WindowedNetworks | None  # the windows, if already cut with these options


@dataclass(frozen=True)
class Result:
    """A worker's answer: the claims read, their windows and the window shown (None: there is
    no window)."""

    read: Read
    made: WindowedNetworks
    drawn: Drawn | None


class NodeItem(QGraphicsEllipseItem):
    """A node: its size says how many claims name it."""

    def __init__(self, node: Node, radius: float, colour: QColor):
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.node = node
        self.setBrush(QBrush(colour))
        self.setPen(QPen(QColor("#333333"), 1))
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(2)
        self.setToolTip(f"{node.label}\n{node.type or node.kind} · {node.frequency} claim(s)")


class TieItem(QGraphicsLineItem):
    """A tie: its width says its weight, its colour its sign (network_legend.tie_colour)."""

    def __init__(
        self,
        row: Node,
        column: Node,
        weight: float,
        start: QPointF,
        end: QPointF,
        colour: QColor,
        tip: str,
    ):
        super().__init__(start.x(), start.y(), end.x(), end.y())
        self.row, self.column, self.weight = row, column, weight
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setPen(QPen(colour, 1.0 + min(math.log1p(abs(weight)) * 2.0, 9.0)))
        self.setZValue(1)
        self.setToolTip(tip)


class GraphView(QGraphicsView):
    """The scene, fitted into the view whenever the view's size changes (the window, the
    splitter, or the legend's lines do)."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        """Keep the whole network in sight."""
        super().resizeEvent(event)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


class NetworkView(QWidget):
    """Options above, the network on the left with its legend below, the claims of what is
    clicked on the right; with time windows, a slider steps through them."""

    message = Signal(str, int)
    claim_requested = Signal(object)  # a Statement to open
    computed = Signal()

    def __init__(self, session: Session, choose_file: ChooseFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.choose_file = choose_file
        self.drawn: Drawn | None = None
        self.result: Result | None = None  # the last read and its windows
        self.window_cache: dict[int, Drawn] = {}  # the windows of result.made laid out so far
        self.version = 0  # counts changes of the coding: a read of an older one is stale
        self.shown: list[Statement] = []
        self.saving: BackgroundTask | None = None
        self.computing = Recomputer(
            self,
            self._work,
            self._shown,
            self._failed,
            lambda: not session.is_closed and session.path is not None,
        )

        self.controls = NetworkControls()
        self.controls.changed.connect(self.refresh)
        self.scope = QLabel()  # above the graph: what it shows, or why nothing
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.scope.setWordWrap(True)
        self.save_button = QPushButton("Save…")
        self.save_button.setToolTip(
            "Save the network shown (with time windows: this window's) as GraphML, GEXF "
            "(Gephi) or an edge list"
        )
        self.save_button.clicked.connect(self.save)

        self.window_slider = QSlider(Qt.Orientation.Horizontal)
        self.window_slider.setRange(0, 0)
        self.window_slider.setPageStep(1)
        self.window_slider.setToolTip("Step through the time windows (arrow keys: one by one)")
        self.window_slider.valueChanged.connect(self._window_chosen)
        self.window_label = QLabel()
        self.window_label.setTextFormat(Qt.TextFormat.PlainText)
        self.save_windows_button = QPushButton("Save all windows…")
        self.save_windows_button.setToolTip(
            "Save every window's network into a new folder, one file per window named by its "
            "number and middle day"
        )
        self.save_windows_button.clicked.connect(self.save_windows)

        self.scene = QGraphicsScene(self)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.graph_view = GraphView(self.scene)
        self.graph_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.graph_view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.legend = NetworkLegend()
        self.claims_title = QLabel("Click a node or a tie to see its claims.")
        self.claims_title.setTextFormat(Qt.TextFormat.PlainText)
        self.claims_title.setWordWrap(True)
        self.claims = QTableWidget(0, len(COLUMNS))
        self.claims.setHorizontalHeaderLabels(COLUMNS)
        self.claims.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.claims.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.claims.verticalHeader().setVisible(False)
        self.claims.horizontalHeader().setStretchLastSection(True)
        self.claims.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.claims.cellActivated.connect(self._claim_activated)
        self.claims.setToolTip("Enter or double-click: open the article with the claim selected")
        self._compose()
        for signal in (session.marks_replaced, session.mark_added, session.mark_removed):
            follow(signal, self, self._coding_changed)
        for signal in (session.mark_changed, session.articles_changed, session.actors_changed):
            follow(signal, self, self._coding_changed)
        follow(session.closed, self, self.computing.cancel)

    def _compose(self) -> None:
        self.controls.first_row.addStretch(1)
        self.controls.first_row.addWidget(self.save_button)
        self.window_bar = QWidget()
        bar = QHBoxLayout(self.window_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel("Window:"))
        bar.addWidget(self.window_slider, 1)
        bar.addWidget(self.window_label)
        bar.addWidget(self.save_windows_button)
        self.window_bar.setVisible(False)
        graph = QWidget()
        graph_layout = QVBoxLayout(graph)
        graph_layout.setContentsMargins(0, 0, 0, 0)
        graph_layout.setSpacing(2)
        graph_layout.addWidget(self.scope)
        graph_layout.addWidget(self.graph_view, 1)
        graph_layout.addWidget(self.legend)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.claims_title)
        side_layout.addWidget(self.claims)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(graph)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.graph_view.setMinimumWidth(320)
        self.splitter = splitter
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.controls)
        layout.addWidget(self.window_bar)
        layout.addWidget(splitter, 1)

    # -- computing ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Compute when the view comes to the front, if the coding changed since."""
        super().showEvent(event)
        if not self._sized:  # the network three fifths of the width, the claims the rest
            self._sized = True
            width = max(self.splitter.width(), 800)
            self.splitter.setSizes([width * 3 // 5, width - width * 3 // 5])
        self.computing.view_shown()

    def is_computing(self) -> bool:
        """Say whether a network is being computed."""
        return self.computing.is_computing()

    def refresh(self) -> None:
        """Compute the network again on a worker thread; draw it when done."""
        if self.computing.refresh():
            self.scope.setText("Computing…")

    def _coding_changed(self, *_args: object) -> None:
        self.version += 1  # the claims read are stale: the next computation reads again
        self.computing.changed()

    def _work(self) -> Callable[[Progress], Result]:
        path = self.session.path
        assert path is not None  # the Recomputer runs only on a project with a file
        try:
            options = self.controls.options()
        except NetworkOptionError as exc:
            error = exc

            def refused(_progress: Progress) -> Result:
                raise error

            return refused
        key = (path, self.controls.coder(), options.start, options.stop)
        last, read, made = self.result, None, None
        if last is not None and last.read.key == key and last.read.version == self.version:
            read = last.read
            if last.made.options == options:
                made = last.made
        job = Job(path, key, self.version, options, self.window_slider.value(), read, made)
        return lambda _progress: compute(job)

    def _shown(self, result: Result) -> None:
        if self.result is None or result.made is not self.result.made:
            self.window_cache = {}
        if self.result is None or result.read is not self.result.read:
            read = result.read
            self.controls.fill_coders(read.coders)
            self.controls.fill_values(read.speaker_types, read.topics)
            self.controls.suggest_dates(read.first, read.last)
        self.result = result
        self._show_windows(result.made)
        drawn = result.drawn
        if drawn is None:
            self._draw_nothing(result.made)
            return
        self.window_cache[drawn.index] = drawn
        if drawn.index == self.window_slider.value():
            self._draw(drawn)
        # else the slider moved on meanwhile: that window's computation is on its way

    def _failed(self, error: BaseException) -> None:
        self.scope.setText(f"Not computed: {error}")
        if isinstance(error, NetworkOptionError):  # the options say so: nothing to draw
            self._clear()
            return
        self.message.emit(f"The network could not be computed: {error}", 8000)

    # -- time windows ------------------------------------------------------------------------

    def _show_windows(self, made: WindowedNetworks) -> None:
        """Show the slider when there are time windows, over as many as there are."""
        on = made.options.time_window != "no"
        self.window_bar.setVisible(on)
        self.window_slider.blockSignals(True)
        self.window_slider.setRange(0, max(len(made) - 1, 0) if on else 0)
        self.window_slider.blockSignals(False)
        self.save_windows_button.setEnabled(on and len(made) > 0)
        self._label_window()

    def _label_window(self) -> None:
        result = self.result
        if result is None or result.made.options.time_window == "no":
            self.window_label.clear()
            return
        made, index = result.made, self.window_slider.value()
        if not len(made):
            self.window_label.setText("no window")
            return
        window = made.windows[index]
        self.window_label.setText(
            f"{index + 1} of {len(made)}: middle {window.middle} "
            f"({window.start} … {window.stop}), {len(window.items)} claim(s)"
        )

    def _window_chosen(self, index: int) -> None:
        self._label_window()
        if index in self.window_cache:
            self._draw(self.window_cache[index])
        else:
            self.refresh()

    def step_window(self, index: int) -> None:
        """Show the index-th time window (as moving the slider does)."""
        self.window_slider.setValue(index)

    # -- drawing -----------------------------------------------------------------------------

    def _clear(self) -> None:
        self.drawn = None
        self.scene.blockSignals(True)
        self.scene.clear()
        self.scene.blockSignals(False)
        self.scene.setSceneRect(QRectF(0, 0, 1, 1))  # no scroll bars around nothing
        self.graph_view.resetTransform()
        self.legend.show_entries([])
        self.show_statements([], "Click a node or a tie to see its claims.")

    def _draw_nothing(self, made: WindowedNetworks) -> None:
        """Say why there is no window to draw."""
        self._clear()
        options, selection = made.options, made.selection
        unit = WINDOW_UNITS[options.time_window]
        self.scope.setText(
            f"No window of {options.window_size} {unit} fits in the claims' dates, "
            f"{selection.start or '?'} … {selection.stop or '?'}"
        )
        self.computed.emit()

    def _draw(self, drawn: Drawn) -> None:
        from annotator.analysis.ties import nodes, ties

        assert self.result is not None
        self.drawn = drawn
        network = drawn.network
        self.scene.blockSignals(True)
        self.scene.clear()
        self.scene.blockSignals(False)
        places = {
            node_id: QPointF(x * SCALE, -y * SCALE) for node_id, (x, y) in drawn.places.items()
        }
        found = ties(network)
        drawn_ties = sorted(found, key=lambda t: -abs(t[2]))[:MAX_TIES]
        for i, j, weight in drawn_ties:
            row, column = network.rows[i], network.columns[j]
            if row.id in places and column.id in places and row.id != column.id:
                self.scene.addItem(
                    TieItem(
                        row,
                        column,
                        weight,
                        places[row.id],
                        places[column.id],
                        tie_colour(weight, network.options),
                        _tie_tip(network, row, column, weight),
                    )
                )
        colours = type_colours(self.result.read.types)
        every = nodes(network)
        busiest = sorted(every, key=lambda n: -n.frequency)[:MAX_LABELS]
        labelled = {n.id for n in busiest}
        for node in every:
            if node.id not in places:
                continue
            radius = 5.0 + 3.0 * math.sqrt(node.frequency)
            if node.kind == "topic":
                item: QGraphicsItem = _topic_item(node, radius)
            else:
                item = NodeItem(node, radius, colours.get(node.type, NEUTRAL))
            item.setPos(places[node.id])
            self.scene.addItem(item)
            if node.id not in labelled:
                continue
            label = QGraphicsSimpleTextItem(elide(node.label, 28))  # plain text, never HTML
            label.setPos(places[node.id] + QPointF(radius + 2, -8))
            label.setZValue(3)
            self.scene.addItem(label)
        self.scene.setSceneRect(self.scene.itemsBoundingRect().adjusted(-40, -40, 40, 40))
        self.graph_view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self.legend.show_entries(
            legend_entries(
                {n.type for n in every if n.kind == "actor"},
                colours,
                any(n.kind == "topic" for n in every),
                network.options,
            )
        )
        shown = "" if len(found) <= MAX_TIES else f" (the {MAX_TIES:,} strongest drawn)"
        self.scope.setText(
            f"{len(every)} node(s), {len(found)} tie(s){shown} from {network.statements} claim(s)"
        )
        self.show_statements([], "Click a node or a tie to see its claims.")
        self.computed.emit()

    # -- what a click shows -------------------------------------------------------------------

    def _selection_changed(self) -> None:
        from annotator.analysis.ties import node_statements, tie_statements

        if self.drawn is None:
            return
        items = self.scene.selectedItems()
        if not items:
            return
        item, drawn = items[0], self.drawn
        if isinstance(item, TieItem):
            found = tie_statements(drawn.network, item.row, item.column, drawn.statements)
            title = f"{item.row.label} — {item.column.label} (weight {item.weight:g})"
        else:
            node = item.data(0) if not isinstance(item, NodeItem) else item.node
            found = node_statements(drawn.network, node, drawn.statements)
            title = node.label
        self.show_statements(found, f"{title}: {len(found)} claim(s)")

    def select_node(self, node_id: str) -> bool:
        """Select a node by id, as a click does; say whether it is drawn."""
        for item in self.scene.items():
            node = item.node if isinstance(item, NodeItem) else item.data(0)
            if node is not None and getattr(node, "id", None) == node_id:
                self.scene.clearSelection()
                item.setSelected(True)
                return True
        return False

    def select_tie(self, row_id: str, column_id: str) -> bool:
        """Select a tie by its nodes' ids, as a click does; say whether it is drawn."""
        for item in self.scene.items():
            if isinstance(item, TieItem) and {item.row.id, item.column.id} == {row_id, column_id}:
                self.scene.clearSelection()
                item.setSelected(True)
                return True
        return False

    def show_statements(self, statements: list[Statement], title: str) -> None:
        """List claims beside the network."""
        self.shown = list(statements)
        self.claims_title.setText(title)
        self.claims.setRowCount(len(self.shown))
        for row, s in enumerate(self.shown):
            values = (
                s.date or "",
                s.coder,
                s.speaker_name,
                s.topic,
                s.stance or "",
                s.target_name or "",
                elide(s.text, 200),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(s.text if column == len(values) - 1 else value)
                self.claims.setItem(row, column, item)
        self.claims.resizeColumnsToContents()
        for column in range(len(COLUMNS) - 1):  # the claim's words get what is left
            self.claims.setColumnWidth(column, min(self.claims.columnWidth(column), 160))

    def _claim_activated(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.shown):
            self.claim_requested.emit(self.shown[row])

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> Path | None:
        """Ask where to save the network shown (GraphML, GEXF or CSV edge list, by suffix);
        save it. With time windows, the window shown."""
        from annotator.services.networks import write_network

        if self.drawn is None:
            return None
        middle = self.drawn.network.middle
        suggested = f"network-{middle}.graphml" if middle else "network.graphml"
        path = self.choose_file("Save network", suggested, FILE_TYPES)
        if path is None:
            return None
        path, format_name = _with_format(path)
        try:
            write_network(self.drawn.network, path, format_name)
        except OSError as exc:
            self.message.emit(f"Not saved: {path}: {exc.strerror or exc}", 8000)
            return None
        self.message.emit(f"Saved {path}", 5000)
        return path

    def save_windows(self) -> BackgroundTask | None:
        """Ask for a folder's name (its type: the files'); save every time window's network
        into it, one file per window, on a worker thread behind a progress dialog."""
        from annotator.services.networks import write_networks

        result = self.result
        if result is None or result.made.options.time_window == "no" or not len(result.made):
            return None
        chosen = self.choose_file(
            "Save all windows: a new folder of this name, one file per window",
            "windows.graphml",
            FILE_TYPES,
        )
        if chosen is None:
            return None
        named, format_name = _with_format(chosen)
        folder, made = named.with_suffix(""), result.made

        def work(progress: Progress) -> list[Path]:
            found = []
            for i in range(len(made)):
                if not progress(i, len(made)):
                    raise InterruptedError("cancelled")
                found.append(made.network(i))
            return write_networks(found, folder, format_name)

        def saved(written: list[Path]) -> None:
            self.message.emit(f"Saved {len(written)} window(s) into {folder}", 5000)

        def failed(error: BaseException) -> None:
            if isinstance(error, InterruptedError):
                return
            if isinstance(error, OSError):
                error = ValidationError(f"{folder}: {error.strerror or error}")
            self.message.emit(f"Not saved: {error}", 8000)

        self.saving = run_with_progress(self, "Saving the windows…", work, saved, failed)
        return self.saving


def compute(job: Job) -> Result:
    """Read the claims (unless read), cut them into windows (unless cut), make and lay out the
    network of the window asked for (on a worker thread)."""
    from annotator.analysis.networks import windowed_networks
    from annotator.analysis.ties import layout

    read = job.read or read_claims(job)
    made = job.made or windowed_networks(read.statements, job.options)
    if not len(made):
        return Result(read, made, None)
    index = min(max(job.index, 0), len(made) - 1)
    network = made.network(index)
    return Result(read, made, Drawn(network, made.statements(index), layout(network), index))


def read_claims(job: Job) -> Read:
    """Read the chosen coder's claims in the chosen dates, and the coders, from the project."""
    from annotator.services.networks import project_statements

    _path, coder, start, stop = job.key
    worker = Session.open(job.path, None, read_only=True)  # its own connection, reading only
    try:
        store = worker.store
        coders = tuple(store.coders_of())
        if store.has_marks_by(GOLD_ANNOTATOR) and GOLD_ANNOTATOR not in coders:
            coders = (*coders, GOLD_ANNOTATOR)
        found = project_statements(store, [coder] if coder else None, start, stop)
    finally:
        worker.close()
    statements = found.statements
    targets = {s.target_type for s in statements if s.target is not None}
    speaker_types = {s.speaker_type for s in statements}
    dates = sorted({s.date for s in statements if s.date is not None})
    return Read(
        key=job.key,
        version=job.version,
        statements=statements,
        coders=coders,
        speaker_types=tuple(sorted(speaker_types)),
        types=tuple(sorted(speaker_types | {t or "" for t in targets})),
        topics=tuple(sorted({s.topic for s in statements})),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def _with_format(path: Path) -> tuple[Path, str]:
    """Return the path (.graphml added if its suffix names no format) and its format."""
    format_name = {".gexf": "gexf", ".csv": "csv"}.get(path.suffix.lower(), "graphml")
    if path.suffix.lower() not in (".gexf", ".csv", ".graphml"):
        path = path.with_suffix(".graphml")
    return path, format_name


def _tie_tip(network: Network, row: Node, column: Node, weight: float) -> str:
    """Return a tie's tooltip: its nodes and weight (combine: the stances it stands for)."""
    tip = f"{row.label} — {column.label}: {weight:g}"
    stances = network.combinations.get(int(weight)) if network.combinations else None
    return f"{tip} ({' + '.join(stances)})" if stances else tip


def _topic_item(node: Node, radius: float) -> QGraphicsRectItem:
    """Return a topic node: a grey square, selectable, carrying the node."""
    item = QGraphicsRectItem(-radius, -radius, 2 * radius, 2 * radius)
    item.setBrush(QBrush(TOPIC_FILL))
    item.setPen(QPen(TOPIC_EDGE, 1))
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
    item.setZValue(2)
    item.setData(0, node)
    item.setToolTip(f"{node.label}\ntopic · {node.frequency} claim(s)")
    return item
