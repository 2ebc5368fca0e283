"""Before an import: the options the chosen files' formats take when read (doccano's offsets,
the least score of pre-annotated marks), as `annotator import --option` takes them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from annotator.formats.base import Format
from annotator.gui.dialogs.format_options import OptionField, option_field, option_values


class ImportOptionsDialog(QDialog):
    """One field per read option of the formats being imported, each at its default."""

    def __init__(self, formats: list[Format], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import options")
        intro = QLabel("How to read the chosen files:")
        form = QFormLayout()
        self.fields: dict[str, OptionField] = {}
        for fmt in formats:
            for option in fmt.read_options:
                if option.key in self.fields:
                    continue
                field = option_field(option)
                form.addRow(f"{fmt.title}: {option.title}:", field)
                self.fields[option.key] = field
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def options(self) -> dict[str, str]:
        """Return the options chosen."""
        return option_values(self.fields)
