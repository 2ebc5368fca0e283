"""The fields a format's options take in a dialog (a choice, or free text), and their values
as `--option KEY=VALUE` gives them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.formats.base import FormatOption

OptionField = QComboBox | QLineEdit


def option_field(option: FormatOption) -> OptionField:
    """Return the field for one option, showing its default."""
    if option.choices:
        box = QComboBox()
        box.addItems(list(option.choices))
        return box
    line = QLineEdit(option.default)
    line.setPlaceholderText("(not set)")
    return line


def option_values(fields: dict[str, OptionField]) -> dict[str, str]:
    """Return the options the fields hold (empty text: not given)."""
    values = {}
    for key, field in fields.items():
        value = field.currentText() if isinstance(field, QComboBox) else field.text().strip()
        if value:
            values[key] = value
    return values
