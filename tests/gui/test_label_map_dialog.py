"""The label-mapping dialog: the usual NER tags come chosen, any other label must be chosen
before OK (no silent default), and skip is a choice."""

from __future__ import annotations

from annotator.core.label_map import proposed_map
from annotator.core.model import MarkKind
from annotator.core.tagset import default_tagset
from annotator.gui.dialogs.label_map_dialog import LabelMapDialog


def test_proposals_chosen_others_to_choose(qtbot):
    tagset = default_tagset()
    unknown = ["PER", "DATE", "Stakeholder"]
    dialog = LabelMapDialog(unknown, tagset, None, proposed_map(unknown, tagset))
    qtbot.addWidget(dialog)
    assert dialog.choices["PER"].currentData() == "actor:Person"
    assert dialog.choices["DATE"].currentData() == "skip"
    assert dialog.choices["Stakeholder"].currentText() == "— choose —"
    assert not dialog.ok.isEnabled()
    stakeholder = dialog.choices["Stakeholder"]
    stakeholder.setCurrentIndex(stakeholder.findData("actor:Organization"))
    assert dialog.ok.isEnabled()
    assert dialog.label_map() == {
        "PER": (MarkKind.ACTOR, "Person"),
        "DATE": None,
        "Stakeholder": (MarkKind.ACTOR, "Organization"),
    }
