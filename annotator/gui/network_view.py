"""The Network view: a discourse network of the claims (analysis/networks, DNA's semantics)
drawn with a force-directed layout; clicking a node or a tie lists the claims that made it, and
a claim opens its article with its words selected.

The statements are read, the matrix computed and the layout placed on a worker thread
(networkx places, a QGraphicsScene draws), so the window stays responsive on a big project.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
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
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.text import elide
from annotator.gui.background import Progress, Recomputer
from annotator.gui.signals import follow
from annotator.session import Session

if TYPE_CHECKING:
    from annotator.analysis.networks import Network, Node
    from annotator.analysis.statements import Statement

ChooseFile = Callable[[str, str, str], Path | None]
SCALE = 320.0  # scene units per layout unit
# A scene of a hundred thousand items takes seconds to build on the UI thread: the strongest
# ties and the busiest nodes' labels are drawn (the others' tooltips name them; the file
# saved has everything).
MAX_TIES, MAX_LABELS = 3000, 150
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#D55E00", "#000000")
POSITIVE, NEGATIVE, NEUTRAL = QColor("#009E73"), QColor("#D55E00"), QColor("#8a8a8a")
TYPES = {
    "onemode": "Actors tied by shared topics",
    "twomode": "Actors × topics",
    "speaker-target": "Who addresses whom",
}
AGGREGATIONS = {
    "onemode": ("subtract", "congruence", "conflict", "ignore"),
    "twomode": ("subtract", "ignore", "combine"),
    "speaker-target": ("subtract", "ignore", "combine"),
}
NORMALIZATIONS = {
    "onemode": ("no", "average", "jaccard", "cosine"),
    "twomode": ("no", "activity", "prominence"),
    "speaker-target": ("no", "activity", "prominence"),
}
COLUMNS = ("Date", "Coder", "Speaker", "Topic", "Stance", "Target", "Claim")


@dataclass(frozen=True)
class Drawn:
    """A network ready to draw: the matrix, the statements it was made from, the layout."""

    network: Network
    statements: tuple[Statement, ...]
    places: dict[str, tuple[float, float]]
    coders: tuple[str, ...]


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
    """A tie: its width says its weight, its colour its sign."""

    def __init__(self, row: Node, column: Node, weight: float, start: QPointF, end: QPointF):
        super().__init__(start.x(), start.y(), end.x(), end.y())
        self.row, self.column, self.weight = row, column, weight
        colour = POSITIVE if weight > 0 else NEGATIVE
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setPen(QPen(colour, 1.0 + min(math.log1p(abs(weight)) * 2.0, 9.0)))
        self.setZValue(1)
        self.setToolTip(f"{row.label} — {column.label}: {weight:g}")


class NetworkView(QWidget):
    """Options above, the network on the left, the claims of what is clicked on the right."""

    message = Signal(str, int)
    claim_requested = Signal(object)  # a Statement to open
    computed = Signal()

    def __init__(self, session: Session, choose_file: ChooseFile, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.choose_file = choose_file
        self.drawn: Drawn | None = None
        self.shown: list[Statement] = []
        self.computing = Recomputer(
            self,
            self._work,
            self._draw,
            self._failed,
            lambda: not session.is_closed and session.path is not None,
        )

        self.type_combo = QComboBox()
        for key, title in TYPES.items():
            self.type_combo.addItem(title, key)
        self.aggregation_combo = QComboBox()
        self.aggregation_combo.setToolTip(
            "How stances combine (DNA's qualifier aggregation): subtract = agreement − "
            "conflict (green ties agree, red ones conflict)"
        )
        self.normalization_combo = QComboBox()
        self.normalization_combo.setToolTip("DNA's normalization of tie weights")
        self.coder_combo = QComboBox()
        self.coder_combo.setToolTip("Whose claims make the network")
        self.coder_combo.addItem("All coders", None)
        for combo in (self.aggregation_combo, self.normalization_combo, self.coder_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_choices()
        self.type_combo.currentIndexChanged.connect(self._type_chosen)
        for combo in (self.aggregation_combo, self.normalization_combo, self.coder_combo):
            combo.currentIndexChanged.connect(self._option_chosen)
        self.scope = QLabel()
        self.scope.setTextFormat(Qt.TextFormat.PlainText)
        self.save_button = QPushButton("Save…")
        self.save_button.setToolTip("Save the network as GraphML, GEXF (Gephi) or an edge list")
        self.save_button.clicked.connect(self.save)

        self.scene = QGraphicsScene(self)
        self.scene.selectionChanged.connect(self._selection_changed)
        self.graph_view = QGraphicsView(self.scene)
        self.graph_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.graph_view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
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
            follow(signal, self, self.computing.changed)
        for signal in (session.mark_changed, session.articles_changed, session.actors_changed):
            follow(signal, self, self.computing.changed)
        follow(session.closed, self, self.computing.cancel)

    def _compose(self) -> None:
        top = QHBoxLayout()
        for label, widget in (
            ("Network:", self.type_combo),
            ("Stances:", self.aggregation_combo),
            ("Normalize:", self.normalization_combo),
            ("Claims of:", self.coder_combo),
        ):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.scope, 1)
        top.addWidget(self.save_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.claims_title)
        side_layout.addWidget(self.claims)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.graph_view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.graph_view.setMinimumWidth(320)
        self.splitter = splitter
        self._sized = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _fill_choices(self) -> None:
        kind = self.type_combo.currentData()
        for combo, values in (
            (self.aggregation_combo, AGGREGATIONS[kind]),
            (self.normalization_combo, NORMALIZATIONS[kind]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(values))
            combo.blockSignals(False)

    def _type_chosen(self, _index: int) -> None:
        self._fill_choices()
        self.refresh()

    def _option_chosen(self, _index: int) -> None:
        if not self.sender().signalsBlocked():
            self.refresh()

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

    def options(self) -> dict[str, str]:
        """Return the chosen network options (DNA's names)."""
        return {
            "network_type": self.type_combo.currentData(),
            "qualifier_aggregation": self.aggregation_combo.currentText(),
            "normalization": self.normalization_combo.currentText(),
        }

    def refresh(self) -> None:
        """Compute the network again on a worker thread; draw it when done."""
        if self.computing.refresh():
            self.scope.setText("Computing…")

    def _work(self) -> Callable[[Progress], Drawn]:
        path, chosen, coder = self.session.path, self.options(), self.coder_combo.currentData()
        assert path is not None  # the Recomputer runs only on a project with a file
        return lambda _progress: compute(path, chosen, coder)

    def _failed(self, error: BaseException) -> None:
        self.scope.setText(f"Not computed: {error}")
        self.message.emit(f"The network could not be computed: {error}", 8000)

    # -- drawing -----------------------------------------------------------------------------

    def _draw(self, drawn: Drawn) -> None:
        from annotator.analysis.ties import nodes, ties

        self.drawn = drawn
        self._fill_coders(drawn.coders)
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
                self.scene.addItem(TieItem(row, column, weight, places[row.id], places[column.id]))
        colours = _type_colours(nodes(network))
        busiest = sorted(nodes(network), key=lambda n: -n.frequency)[:MAX_LABELS]
        labelled = {n.id for n in busiest}
        for node in nodes(network):
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
        shown = "" if len(found) <= MAX_TIES else f" (the {MAX_TIES:,} strongest drawn)"
        self.scope.setText(
            f"{len(nodes(network))} node(s), {len(found)} tie(s){shown} from "
            f"{network.statements} claim(s)"
        )
        self.show_statements([], "Click a node or a tie to see its claims.")
        self.computed.emit()

    def _fill_coders(self, coders: tuple[str, ...]) -> None:
        current = self.coder_combo.currentData()
        self.coder_combo.blockSignals(True)
        self.coder_combo.clear()
        self.coder_combo.addItem("All coders", None)
        for coder in coders:
            title = "Gold (adjudicated)" if coder == GOLD_ANNOTATOR else coder
            self.coder_combo.addItem(title, coder)
        self.coder_combo.setCurrentIndex(max(self.coder_combo.findData(current), 0))
        self.coder_combo.blockSignals(False)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt override)
        """Keep the whole network in sight."""
        super().resizeEvent(event)
        if self.drawn is not None:
            self.graph_view.fitInView(self.scene.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

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
        """Ask where to save the network (GraphML, GEXF or CSV edge list, by suffix); save it."""
        from annotator.services.networks import write_networks

        if self.drawn is None:
            return None
        path = self.choose_file(
            "Save network",
            "network.graphml",
            "GraphML (*.graphml);;GEXF for Gephi (*.gexf);;Edge list (*.csv)",
        )
        if path is None:
            return None
        format_name = {".gexf": "gexf", ".csv": "csv"}.get(path.suffix.lower(), "graphml")
        if path.suffix.lower() not in (".gexf", ".csv", ".graphml"):
            path = path.with_suffix(".graphml")
        try:
            write_networks([self.drawn.network], path, format_name)
        except OSError as exc:
            self.message.emit(f"Not saved: {path}: {exc.strerror or exc}", 8000)
            return None
        self.message.emit(f"Saved {path}", 5000)
        return path


def compute(path: Path, chosen: dict[str, str], coder: str | None) -> Drawn:
    """Read the claims, compute the network and lay it out (on a worker thread)."""
    from annotator.analysis.networks import NetworkOptions, network
    from annotator.analysis.ties import layout
    from annotator.services.networks import project_statements

    worker = Session.open(path, None, read_only=True)  # its own connection, reading only
    try:
        store = worker.store
        coders = tuple(store.coders_of())
        if store.has_marks_by(GOLD_ANNOTATOR) and GOLD_ANNOTATOR not in coders:
            coders = (*coders, GOLD_ANNOTATOR)
        found = project_statements(store, [coder] if coder else None)
    finally:
        worker.close()
    made = network(found.statements, NetworkOptions(**chosen))
    return Drawn(made, tuple(found.statements), layout(made), coders)


def _type_colours(found: list[Node]) -> dict[str, QColor]:
    """Give each actor type a colour of the palette, in order of the types' names."""
    types = sorted({n.type for n in found if n.kind == "actor"})
    return {t: QColor(PALETTE[i % len(PALETTE)]) for i, t in enumerate(types)}


def _topic_item(node: Node, radius: float) -> QGraphicsRectItem:
    """Return a topic node: a grey square, selectable, carrying the node."""
    item = QGraphicsRectItem(-radius, -radius, 2 * radius, 2 * radius)
    item.setBrush(QBrush(QColor("#dddddd")))
    item.setPen(QPen(QColor("#555555"), 1))
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
    item.setZValue(2)
    item.setData(0, node)
    item.setToolTip(f"{node.label}\ntopic · {node.frequency} claim(s)")
    return item
