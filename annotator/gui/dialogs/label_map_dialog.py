"""Ask how to map the labels of another tool that the tag set does not know."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet


class LabelMapDialog(QDialog):
    """One row per unknown label, each with a choice of our labels (nothing is dropped)."""

    def __init__(self, unknown: list[str], tagset: TagSet, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Map unknown labels")
        intro = QLabel(
            "These labels of the imported files are not in the project's tag set. Choose the "
            "label each becomes; the import is stored only when every one is mapped."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        for label in unknown:
            combo = QComboBox()
            for kind, ours in tagset.all_span_labels():
                combo.addItem(f"{kind.value}: {ours.name}", f"{kind.value}:{ours.name}")
            form.addRow(label, combo)
            self.choices[label] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def label_map(self) -> dict[str, tuple[MarkKind, str]]:
        """Return the chosen mapping."""
        result = {}
        for label, combo in self.choices.items():
            kind, _, name = str(combo.currentData()).partition(":")
            result[label] = (MarkKind(kind), name)
        return result
