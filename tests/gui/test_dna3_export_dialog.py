"""The export dialog offers the DNA 3 format with its options, from the registry alone."""

from __future__ import annotations


def test_the_export_dialog_offers_dna3_with_its_options(qtbot):
    """Chosen, dna3 shows its password, undated date and person types; the fields' values
    are the options an export gets."""
    from annotator.gui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(["alice", "bob"])
    qtbot.addWidget(dialog)
    index = dialog.format_box.findData("dna3")
    assert dialog.format_box.itemText(index).startswith("Discourse Network Analyzer 3 project")
    dialog.format_box.setCurrentIndex(index)
    assert list(dialog.option_fields) == ["password", "undated", "person_types"]
    assert dialog.options() == {"undated": "1970-01-01", "person_types": "Person"}
    dialog.option_fields["password"].setText("sample")
    assert dialog.options()["password"] == "sample"
