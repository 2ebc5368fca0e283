"""File › Export's choices: the format and its options, whose coding, which articles — what the
command line's `annotator export` takes as flags."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import GOLD_ANNOTATOR
from annotator.gui.dialogs.format_options import OptionField, option_field, option_values
from annotator.formats import registry
from annotator.formats.registry import FormatEntry

EVERY_CODER = "Every coder"
GOLD = "Gold (adjudicated)"


class ExportDialog(QDialog):
    """Choose a format, its options, the coders and the articles to export."""

    def __init__(self, coders: list[str], search: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.formats = registry.writable()
        self.format_box = QComboBox()
        for fmt in self.formats:
            self.format_box.addItem(f"{fmt.title} ({fmt.name})", fmt.name)
        self.coder_box = QComboBox()
        self.coder_box.addItem(EVERY_CODER, None)
        for coder in coders:
            self.coder_box.addItem(coder, coder)
        self.coder_box.addItem(GOLD, GOLD_ANNOTATOR)
        self.search = QLineEdit(search)
        self.search.setPlaceholderText("every article (or: words the articles must have)")
        self.search.setToolTip("Export only the articles this full-text search finds")
        self.form = QFormLayout()
        self.form.addRow("&Format:", self.format_box)
        self.form.addRow("&Whose coding:", self.coder_box)
        self.form.addRow("&Articles:", self.search)
        self.option_fields: dict[str, OptionField] = {}
        self._option_rows = 0
        self.format_box.currentIndexChanged.connect(lambda _i: self._show_options())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose where…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        # The last export's format and coder again: a team exports the same way each time.
        settings = QSettings()
        last = self.format_box.findData(settings.value("export/format", "jsonl"))
        self.format_box.setCurrentIndex(max(0, last))
        whose = self.coder_box.findText(str(settings.value("export/whose", EVERY_CODER)))
        self.coder_box.setCurrentIndex(max(0, whose))
        self.accepted.connect(self._remember)
        self._show_options()

    def _remember(self) -> None:
        settings = QSettings()
        settings.setValue("export/format", self.chosen_format().name)
        settings.setValue("export/whose", self.coder_box.currentText())

    def chosen_format(self) -> FormatEntry:
        """Return the chosen format."""
        return self.formats[self.format_box.currentIndex()]

    def annotator(self) -> str | None:
        """Return the coder whose coding is exported (gold: 'gold'), None for every coder."""
        return self.coder_box.currentData()

    def options(self) -> dict[str, str]:
        """Return the format options and the article search, as `export --option` takes them."""
        options = option_values(self.option_fields)
        if self.search.text().strip():
            options["articles"] = self.search.text().strip()
        return options

    def _show_options(self) -> None:
        for _ in range(self._option_rows):
            self.form.removeRow(self.form.rowCount() - 1)
        self.option_fields = {}
        # The format's module is imported for its options only when it is chosen.
        for option in self.chosen_format().load().write_options:
            field = option_field(option)
            self.form.addRow(f"{option.title}:", field)
            self.option_fields[option.key] = field
        self._option_rows = len(self.option_fields)
