"""The selected mark's fields: label, and the actor, speaker, target, stance, form, intensity."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from annotator.core.model import Actor, Mark, MarkKind
from annotator.core.tagset import INTENSITIES, TagSet

_NONE = "(none)"
_KIND_TITLES = {
    MarkKind.ACTOR: "Actor mention",
    MarkKind.CLAIM: "Claim",
    MarkKind.SENTIMENT: "Sentiment",
}
# Which editors each kind shows, by field name.
_FIELDS = {
    MarkKind.ACTOR: ("label", "actor_id"),
    MarkKind.CLAIM: ("label", "speaker_id", "target_id", "stance", "form"),
    MarkKind.SENTIMENT: ("label", "intensity", "target_id"),
}
_FIELD_TITLES = {
    "label": "Label",
    "actor_id": "Refers to",
    "speaker_id": "Speaker",
    "target_id": "Target",
    "stance": "Stance",
    "form": "Form",
    "intensity": "Intensity",
}


class MarkDetailsWidget(QGroupBox):
    """Shows the selected mark's fields as combo boxes; emits edits, never writes itself."""

    mark_edited = Signal(object, object, str)  # old Mark, new Mark, what changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Selected mark", parent)
        self._mark: Mark | None = None
        self._tagset: TagSet | None = None
        self._actors: list[Actor] = []
        self._updating = False
        self._form = QFormLayout(self)
        self.summary = QLabel("Click a highlight or a row to select a mark.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self._form.addRow(self.summary)
        self.editors: dict[str, QComboBox] = {}
        for field, title in _FIELD_TITLES.items():
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i, f=field: self._edited(f))
            self._form.addRow(title, combo)
            self.editors[field] = combo
        self.show_mark(None, None, [])

    def show_mark(self, mark: Mark | None, tagset: TagSet | None, actors: list[Actor]) -> None:
        """Show a mark's fields (None hides the editors)."""
        self._mark, self._tagset, self._actors = mark, tagset, actors
        self._updating = True
        shown = set(_FIELDS[mark.kind]) if mark else set()
        for field, combo in self.editors.items():
            self._form.setRowVisible(combo, field in shown)
            if field in shown and mark is not None:
                self._fill(field, combo, mark)
        if mark is None:
            self.summary.setText("Click a highlight or a row to select a mark.")
        else:
            text = " ".join(mark.text.split())
            short = text if len(text) <= 120 else text[:119] + "…"
            self.summary.setText(f"{_KIND_TITLES[mark.kind]}: “{short}”")
        self._updating = False

    def _fill(self, field: str, combo: QComboBox, mark: Mark) -> None:
        combo.clear()
        assert self._tagset is not None
        choices: list[tuple[str, Any]]
        if field == "label":
            choices = [(label.name, label.name) for label in self._tagset.spans[mark.kind]]
        elif field in ("actor_id", "speaker_id", "target_id"):
            choices = [(_NONE, None)] if field != "actor_id" else []
            choices += [(f"{a.name} ({a.type})", a.id) for a in self._actors]
        elif field == "intensity":
            choices = [(str(i), i) for i in INTENSITIES]
        else:
            labels = self._tagset.claim_stance if field == "stance" else self._tagset.claim_form
            choices = [(_NONE, None)] + [(label.name, label.name) for label in labels]
        for text, value in choices:
            combo.addItem(text, value)
        index = combo.findData(getattr(mark, field))
        combo.setCurrentIndex(max(index, 0))

    def _edited(self, field: str) -> None:
        if self._updating or self._mark is None:
            return
        value = self.editors[field].currentData()
        if value == getattr(self._mark, field):
            return
        self.mark_edited.emit(
            self._mark, self._mark.with_changes(**{field: value}), _FIELD_TITLES[field].lower()
        )
