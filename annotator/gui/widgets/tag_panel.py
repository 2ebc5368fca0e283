"""The tag panel: one button per span label, grouped by kind, with its key and colour."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout, QWidget

from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet

GROUP_TITLES = {
    MarkKind.ACTOR: "Actor — who",
    MarkKind.CLAIM: "Claim — what is asserted (topic)",
    MarkKind.SENTIMENT: "Sentiment — polarity",
}


class TagPanelWidget(QWidget):
    """Buttons for every span label; clicking one asks for a mark of that label."""

    label_chosen = Signal(str, str)  # kind, label name

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(8)
        self.buttons: dict[tuple[MarkKind, str], QPushButton] = {}

    def set_tagset(self, tagset: TagSet) -> None:
        """Build the buttons for a tag set."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for kind in MarkKind:
            box = QGroupBox(GROUP_TITLES[kind])
            column = QVBoxLayout(box)
            column.setSpacing(3)
            column.setContentsMargins(6, 8, 6, 6)
            for label in tagset.spans[kind]:
                key = f"{label.key}  " if label.key else ""
                button = QPushButton(f"{key}{label.name}")
                # The article keeps focus (and its selection) when a button is clicked.
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                colour = QColor(label.color or "#dddddd")
                border = colour.darker(135).name()
                button.setStyleSheet(
                    "QPushButton { text-align: left; padding: 3px 8px; "
                    f"color: {readable_text_colour(colour)}; "
                    f"background: {colour.name()}; border: 1px solid {border}; "
                    "border-radius: 3px; }"
                    f"QPushButton:hover {{ background: {colour.lighter(110).name()}; }}"
                    f"QPushButton:pressed {{ background: {colour.darker(110).name()}; }}"
                )
                tip = label.description or label.name
                button.setToolTip(f"{tip}\nKey: {label.key}" if label.key else tip)
                button.clicked.connect(
                    lambda _=False, k=kind.value, n=label.name: self.label_chosen.emit(k, n)
                )
                column.addWidget(button)
                self.buttons[(kind, label.name)] = button
            self._layout.addWidget(box)
        self._layout.addStretch(1)


def readable_text_colour(background: QColor) -> str:
    """Return black or white, whichever reads better on the background (WCAG luminance)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(background.red())
        + 0.7152 * channel(background.green())
        + 0.0722 * channel(background.blue())
    )
    # Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
    return "#111111" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"
