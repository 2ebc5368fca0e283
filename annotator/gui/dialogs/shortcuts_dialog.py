"""The shortcuts sheet: every key of the window and of the tag set, generated, never typed."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.actions import FIXED_KEYS


def shortcut_rows(
    app_actions: dict[str, QAction], label_actions: list[QAction]
) -> list[tuple[str, str, str]]:
    """Return (group, keys, what) for every bound action and fixed key, as the sheet lists them."""

    def keys(action: QAction) -> str:
        return ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )

    rows = [
        ("Window", keys(a), a.text().replace("&", "").rstrip("…"))
        for a in app_actions.values()
        if a.shortcuts()
    ]
    for action in label_actions:
        group, _, name = action.text().partition(": ")
        if action.shortcuts():
            rows.append((group, keys(action), name))
    rows += list(FIXED_KEYS)
    return rows


class ShortcutsDialog(QDialog):
    """A read-only table of every shortcut."""

    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        free = self.screen().availableGeometry()  # a laptop's 720 px must show its Close button
        self.resize(min(640, free.width() - 40), min(720, free.height() - 80))
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Where / what", "Keys", "Does"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
