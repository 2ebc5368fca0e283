"""The tag panel: one button per span label, grouped by kind, with its key and colour.

When its panel is short of room the buttons get denser: two to a row with their names cut
short, then chips showing only their key, four to a row (the name is in every tooltip); the
window never has to widen for them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet
from annotator.gui.plain_text import plain_tip

SHORT_NAME = 12  # characters; a group whose label names are all this short gets two columns
CHIPS_PER_ROW = 4
FULL, TWO_COLUMNS, CHIPS = 0, 1, 2  # densities
SHORTENED = 12  # characters of a name kept two to a row
COMPACT_TITLES = {MarkKind.ACTOR: "Actor", MarkKind.CLAIM: "Claim", MarkKind.SENTIMENT: "Sentiment"}
GROUP_TITLES = {
    MarkKind.ACTOR: "Actor — who",
    MarkKind.CLAIM: "Claim — what is asserted (topic)",
    MarkKind.SENTIMENT: "Sentiment — polarity",
}


class TagPanelWidget(QWidget):
    """Buttons for every span label; clicking one asks for a mark of that label."""

    label_chosen = Signal(str, str)  # kind, label name
    rebuilt = Signal()  # the buttons were made anew for a tag set (their widths changed)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(6, 6, 6, 6)
        self._layout.setSpacing(8)
        self.buttons: dict[tuple[MarkKind, str], QPushButton] = {}
        self.density = FULL
        # By kind: its box, and each button with its label's key ("" if none) and name.
        self._groups: list[tuple[MarkKind, QGroupBox, list[tuple[QPushButton, str, str]]]] = []

    @property
    def compact(self) -> bool:
        """Say whether the buttons are denser than one full name to a row."""
        return self.density != FULL

    def set_density(self, density: int) -> None:
        """Show names one to a row (FULL), cut short two to a row, or key chips (CHIPS)."""
        if density != self.density:
            self.density = density
            self._arrange()

    def _arrange(self) -> None:
        for kind, box, buttons in self._groups:
            box.setTitle(COMPACT_TITLES[kind] if self.compact else GROUP_TITLES[kind])
            grid = box.layout()
            assert isinstance(grid, QGridLayout)
            for button, _key, _name in buttons:
                grid.removeWidget(button)
            short = all(len(name) <= SHORT_NAME for _b, _key, name in buttons)
            # Short names (the polarities) sit two to a row, so the document panel below
            # stays in view; long ones get the whole width.
            columns = {FULL: 2 if short else 1, TWO_COLUMNS: 2, CHIPS: CHIPS_PER_ROW}[self.density]
            for i, (button, key, name) in enumerate(buttons):
                cut = name if len(name) <= SHORTENED else name[: SHORTENED - 1].rstrip() + "…"
                texts = {
                    FULL: f"{key}  {name}" if key else name,
                    TWO_COLUMNS: f"{key}  {cut}" if key else cut,
                    CHIPS: key or name[:3],  # a chip without a key shows the name's start
                }
                button.setText(texts[self.density])
                grid.addWidget(button, i // columns, i % columns)

    def set_tagset(self, tagset: TagSet) -> None:
        """Build the buttons for a tag set."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self._groups = []
        for kind in MarkKind:
            box = QGroupBox(GROUP_TITLES[kind])
            grid = QGridLayout(box)
            grid.setSpacing(3)
            grid.setContentsMargins(6, 8, 6, 6)
            buttons = []
            for label in tagset.spans[kind]:
                button = QPushButton()
                # The article keeps focus (and its selection) when a button is clicked.
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                colour = QColor(label.color or "#dddddd")
                border = colour.darker(135).name()
                button.setStyleSheet(
                    "QPushButton { text-align: left; padding: 2px 8px; "
                    f"color: {readable_text_colour(colour)}; "
                    f"background: {colour.name()}; border: 1px solid {border}; "
                    "border-radius: 3px; }"
                    f"QPushButton:hover {{ background: {colour.lighter(110).name()}; }}"
                    f"QPushButton:pressed {{ background: {colour.darker(110).name()}; }}"
                )
                tip = label.description or label.name
                tip = f"{label.name}: {tip}" if tip != label.name else tip
                button.setToolTip(plain_tip(f"{tip}\nKey: {label.key}" if label.key else tip))
                button.clicked.connect(
                    lambda _=False, k=kind.value, n=label.name: self.label_chosen.emit(k, n)
                )
                buttons.append((button, label.key or "", label.name))
                self.buttons[(kind, label.name)] = button
            self._groups.append((kind, box, buttons))
            self._layout.addWidget(box)
        self._arrange()
        self._layout.addStretch(1)
        self.rebuilt.emit()


DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


def readable_text_colour(background: QColor) -> str:
    """Return dark or white text, whichever contrasts more with the background (WCAG)."""
    lit = luminance(background)
    dark = luminance(QColor(DARK_TEXT))
    # WCAG contrast of two colours: (lighter + 0.05) / (darker + 0.05).
    return DARK_TEXT if (lit + 0.05) / (dark + 0.05) >= 1.05 / (lit + 0.05) else LIGHT_TEXT


def luminance(colour: QColor) -> float:
    """Return a colour's relative luminance (WCAG 2), 0 for black to 1 for white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )
