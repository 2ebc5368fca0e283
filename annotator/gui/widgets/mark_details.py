"""The selected mark's form: label, and the actor, speaker, target, stance, form, intensity.

For a claim it is the claim form: Tab walks speaker, target, topic, stance and form; in each
field a letter jumps to the matching choice and a number key picks that choice; Enter or Esc
returns to the article.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from annotator.core.model import Actor, Mark, MarkKind
from annotator.core.tagset import INTENSITIES, TagSet

_NONE = "(none)"
_KIND_TITLES = {
    MarkKind.ACTOR: "Actor mention",
    MarkKind.CLAIM: "Claim",
    MarkKind.SENTIMENT: "Sentiment",
}
# Which editors each kind shows, in Tab order.
_FIELDS = {
    MarkKind.ACTOR: ("actor_id", "label"),
    MarkKind.CLAIM: ("speaker_id", "target_id", "label", "stance", "form"),
    MarkKind.SENTIMENT: ("label", "intensity", "target_id"),
}
_FIELD_TITLES = {
    "actor_id": "Refers to",
    "speaker_id": "Speaker",
    "target_id": "Target",
    "label": "Label",
    "stance": "Stance",
    "form": "Form",
    "intensity": "Intensity",
}
_LABEL_TITLES = {MarkKind.ACTOR: "Type", MarkKind.CLAIM: "Topic", MarkKind.SENTIMENT: "Polarity"}


class ChoiceComboBox(QComboBox):
    """A combo box where number key N picks the N-th real choice ("(none)" is 0)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        """Pick a choice by its number; other keys behave as usual (letters search)."""
        text = event.text()
        if text.isdigit() and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            offset = 1 if self.count() and self.itemData(0) is None else 0
            index = int(text) - 1 + offset if text != "0" else 0
            if 0 <= index < self.count():
                self.setCurrentIndex(index)
            event.accept()
            return
        super().keyPressEvent(event)


class MarkDetailsWidget(QGroupBox):
    """Shows the selected mark's fields as combo boxes; emits edits, never writes itself."""

    mark_edited = Signal(object, object, str)  # old Mark, new Mark, what changed
    finished = Signal()  # Enter or Esc in a field: back to the article

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
        self.guideline = QLabel()
        self.guideline.setWordWrap(True)
        self.guideline.setTextFormat(Qt.TextFormat.PlainText)
        self.guideline.setStyleSheet("color: #444;")
        for field, title in _FIELD_TITLES.items():
            combo = ChoiceComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(lambda _i, f=field: self._edited(f))
            combo.installEventFilter(self)
            self._form.addRow(title, combo)
            self.editors[field] = combo
        self._form.addRow(self.guideline)
        self.show_mark(None, None, [])

    def show_mark(self, mark: Mark | None, tagset: TagSet | None, actors: list[Actor]) -> None:
        """Show a mark's fields (None hides the editors)."""
        self._mark, self._tagset, self._actors = mark, tagset, actors
        self._updating = True
        shown = _FIELDS[mark.kind] if mark else ()
        for field, combo in self.editors.items():
            self._form.setRowVisible(combo, field in shown)
            if field in shown and mark is not None:
                self._fill(field, combo, mark)
        previous: QWidget = self
        for field in shown:  # Tab walks the fields in the kind's order
            QWidget.setTabOrder(previous, self.editors[field])
            previous = self.editors[field]
        if mark is not None:
            label_title = self._form.labelForField(self.editors["label"])
            if isinstance(label_title, QLabel):
                label_title.setText(_LABEL_TITLES[mark.kind])
        self.summary.setText(self._summary(mark))
        self._show_guideline(mark)
        self._updating = False

    def focus_first(self) -> None:
        """Put the keyboard in the first field (the speaker, for a claim)."""
        if self._mark is not None:
            # A keyboard reason, so the style draws the focus frame as for Tab.
            self.editors[_FIELDS[self._mark.kind][0]].setFocus(Qt.FocusReason.TabFocusReason)

    def _summary(self, mark: Mark | None) -> str:
        if mark is None:
            return "Click a highlight or a row to select a mark."
        text = " ".join(mark.text.split())
        short = text if len(text) <= 120 else text[:119] + "…"
        draft = (
            "  — draft: choose a speaker"
            if mark.kind == MarkKind.CLAIM and not mark.speaker_id
            else ""
        )
        return f"{_KIND_TITLES[mark.kind]}: “{short}”{draft}"

    def _show_guideline(self, mark: Mark | None) -> None:
        if mark is None or self._tagset is None:
            self.guideline.clear()
            return
        if self._tagset.has_span_label(mark.kind, mark.label):
            label = self._tagset.span_label(mark.kind, mark.label)
            self.guideline.setText(f"{label.name}: {label.description}")

    def _fill(self, field: str, combo: QComboBox, mark: Mark) -> None:
        combo.clear()
        assert self._tagset is not None
        choices: list[tuple[str, Any, str]]
        if field == "label":
            choices = [(x.name, x.name, x.description) for x in self._tagset.spans[mark.kind]]
        elif field in ("actor_id", "speaker_id", "target_id"):
            choices = [(_NONE, None, "")] if field != "actor_id" else []
            choices += [
                (f"{a.name} ({a.type})", a.id, "Aliases: " + "; ".join(a.aliases))
                for a in self._actors
            ]
        elif field == "intensity":
            choices = [(str(i), i, "1 weak · 2 moderate · 3 strong") for i in INTENSITIES]
        else:
            labels = self._tagset.claim_stance if field == "stance" else self._tagset.claim_form
            choices = [(_NONE, None, "")] + [(x.name, x.name, x.description) for x in labels]
        for text, value, tip in choices:
            combo.addItem(text, value)
            combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Enter or Esc in a closed field hands the keyboard back to the article."""
        if event.type() == QEvent.Type.KeyPress and isinstance(watched, QComboBox):
            assert isinstance(event, QKeyEvent)
            closing = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
            if closing and not watched.view().isVisible():
                self.finished.emit()
                return True
        return super().eventFilter(watched, event)
