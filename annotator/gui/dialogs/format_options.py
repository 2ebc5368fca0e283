"""The fields a format's options take in a dialog (a choice, or free text), and their values
as `--option KEY=VALUE` gives them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.formats.base import FormatOption
from annotator.gui.plain_text import plain_tip

OptionField = QComboBox | QLineEdit


def option_field(option: FormatOption) -> OptionField:
    """Return the field for one option, showing its default (and what it means, on hover)."""
    field: OptionField
    if option.choices:
        field = QComboBox()
        field.addItems(list(option.choices))
    else:
        field = QLineEdit(option.default)
        field.setPlaceholderText("(not set)")
    if option.help:
        field.setToolTip(plain_tip(option.help))
    return field


def option_values(fields: dict[str, OptionField]) -> dict[str, str]:
    """Return the options the fields hold (empty text: not given)."""
    values = {}
    for key, field in fields.items():
        value = field.currentText() if isinstance(field, QComboBox) else field.text().strip()
        if value:
            values[key] = value
    return values
