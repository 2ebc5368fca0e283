"""Ask how to map the labels of another tool that the tag set does not know."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.core.label_map import SKIP, LabelMap, format_target, parse_target
from annotator.core.tagset import TagSet


class LabelMapDialog(QDialog):
    """One row per unknown label, each with a choice of our labels or "skip" (its marks left
    out); the usual NER tags come with their proposal chosen."""

    def __init__(
        self,
        unknown: list[str],
        tagset: TagSet,
        parent: QWidget | None = None,
        proposed: LabelMap | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Map unknown labels")
        intro = QLabel(
            "These labels of the imported files are not in the project's tag set. Choose the "
            "label each becomes, or skip to leave its marks out. Usual named-entity tags come "
            "with a proposal. The project remembers the choice for its next imports."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        proposed = proposed or {}
        for label in unknown:
            combo = QComboBox()
            if label not in proposed:  # no silent default: each such label is chosen
                combo.addItem("— choose —", None)
            for kind, ours in tagset.all_span_labels():
                combo.addItem(f"{kind.value}: {ours.name}", f"{kind.value}:{ours.name}")
            combo.addItem("skip (leave these marks out)", SKIP)
            if label in proposed:
                combo.setCurrentIndex(combo.findData(format_target(proposed[label])))
            name = QLabel(label)
            name.setTextFormat(Qt.TextFormat.PlainText)  # another tool's label: plain text
            form.addRow(name, combo)
            self.choices[label] = combo
            combo.currentIndexChanged.connect(lambda _i: self._allow_ok())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Many labels (a CoNLL tag set has dozens) scroll, so OK stays on a laptop's screen.
        rows = QWidget()
        rows.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(rows)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(rows.sizeHint().width() + bar)
        scroll.setMinimumHeight(min(rows.sizeHint().height(), 360))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self._allow_ok()

    def _allow_ok(self) -> None:
        self.ok.setEnabled(all(box.currentData() is not None for box in self.choices.values()))

    def label_map(self) -> LabelMap:
        """Return the chosen mapping."""
        return {label: parse_target(str(box.currentData())) for label, box in self.choices.items()}
