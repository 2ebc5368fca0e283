"""The selected mark's form: label, and the actor, speaker, target, stance, form, intensity.

For a claim it is the claim form: Tab walks speaker, target, topic, stance and form; in each
field a letter jumps to the matching choice and a number key picks that choice; Enter or Esc
returns to the article.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from annotator.core.model import Actor, Mark, MarkKind
from annotator.core.tagset import INTENSITIES, TagSet
from annotator.gui.models.actor_choice_model import ActorChoiceModel, Choice, LoadChoices
from annotator.gui.plain_text import plain_tip
from annotator.gui.widgets.focus_frame import FocusFrame

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
_ACTOR_FIELDS = ("actor_id", "speaker_id", "target_id")


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
    """Shows the selected mark's fields as combo boxes; emits edits, never writes itself.

    The actor fields list every actor through models read when first needed (``actor_choices``
    loads them, ``actor_tooltip`` gives an actor's aliases); without them the form lists the
    actors passed to ``show_mark``.
    """

    mark_edited = Signal(object, object, str)  # old Mark, new Mark, what changed
    finished = Signal()  # Enter or Esc in a field: back to the article

    def __init__(
        self,
        parent: QWidget | None = None,
        actor_choices: LoadChoices | None = None,
        actor_tooltip: Callable[[str], str] | None = None,
    ):
        super().__init__("Selected mark", parent)
        self._mark: Mark | None = None
        self._tagset: TagSet | None = None
        self._filled: dict[str, tuple[MarkKind, TagSet | None]] = {}  # what each field lists
        self._updating = False
        self._actor_models: dict[bool, ActorChoiceModel] = {}  # by "(none)" offered
        self._offered: list[Choice] | None = None
        if actor_choices is not None:
            self._actor_models = {
                with_none: ActorChoiceModel(actor_choices, with_none, actor_tooltip, self)
                for with_none in (False, True)
            }
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
            combo.setMinimumContentsLength(10)  # wider when there is room; not a wider window
            combo.currentIndexChanged.connect(lambda _i, f=field: self._edited(f))
            combo.installEventFilter(self)
            if field in _ACTOR_FIELDS:
                combo.view().setUniformItemSizes(True)  # thousands of actors: no sizing each
            self._form.addRow(title, combo)
            self.editors[field] = combo
        self._form.addRow(self.guideline)
        self.focus_frame = FocusFrame(self)
        for combo in self.editors.values():
            self.focus_frame.watch(combo)
        self.show_mark(None, None)

    def actors_changed(self, actor_ids: Collection[str] | None = None) -> None:
        """Follow a change of these actors (None: of any, read again when next needed)."""
        for model in self._actor_models.values():
            if actor_ids is None:
                model.mark_stale()
            else:
                model.actors_changed(actor_ids)

    def show_mark(
        self, mark: Mark | None, tagset: TagSet | None, actors: list[Actor] | None = None
    ) -> None:
        """Show a mark's fields (None hides the editors).

        ``actors`` are the actors to offer when the form was made without ``actor_choices``.
        """
        self._mark, self._tagset = mark, tagset
        if actors is not None and mark is not None:
            self._offer(actors)
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

    def _offer(self, actors: list[Actor]) -> None:
        """Offer these actors in the actor fields (a form made without ``actor_choices``)."""
        choices = [(a.id, a.name, a.type) for a in actors]
        if choices == self._offered:
            return
        self._offered = choices
        aliases = {a.id: "Aliases: " + "; ".join(a.aliases) for a in actors}
        for old in self._actor_models.values():
            old.deleteLater()

        def offered(actor_ids: Collection[str] | None) -> list[Choice]:
            return choices if actor_ids is None else [c for c in choices if c[0] in actor_ids]

        self._actor_models = {
            with_none: ActorChoiceModel(offered, with_none, aliases.get, self)
            for with_none in (False, True)
        }

    def _fill(self, field: str, combo: QComboBox, mark: Mark) -> None:
        assert self._tagset is not None
        if field in _ACTOR_FIELDS:
            self._fill_actors(field, combo, mark)
            return
        choices: list[tuple[str, Any, str]]
        filled = self._filled.get(field)
        if filled is not None and filled[0] == mark.kind and filled[1] is self._tagset:
            # Same choices as shown: only the current one changes.
            combo.setCurrentIndex(max(combo.findData(getattr(mark, field)), 0))
            return
        combo.clear()
        if field == "label":
            choices = [(x.name, x.name, x.description) for x in self._tagset.spans[mark.kind]]
        elif field == "intensity":
            choices = [(str(i), i, "1 weak · 2 moderate · 3 strong") for i in INTENSITIES]
        else:
            labels = self._tagset.claim_stance if field == "stance" else self._tagset.claim_form
            choices = [(_NONE, None, "")] + [(x.name, x.name, x.description) for x in labels]
        for text, value, tip in choices:
            combo.addItem(text, value)
            combo.setItemData(
                combo.count() - 1, plain_tip(tip) if tip else "", Qt.ItemDataRole.ToolTipRole
            )
        self._filled[field] = (mark.kind, self._tagset)
        index = combo.findData(getattr(mark, field))
        combo.setCurrentIndex(max(index, 0))

    def _fill_actors(self, field: str, combo: QComboBox, mark: Mark) -> None:
        model = self._actor_models.get(field != "actor_id")
        if model is None:
            return
        model.ensure_current()
        if combo.model() is not model:
            combo.setModel(model)
        combo.setCurrentIndex(max(model.row_of(getattr(mark, field)), 0))

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


class FormArea(QScrollArea):
    """Holds a form whose rows and wrapped labels change often, without relaying out around it.

    A form's new size hint goes up through every splitter and layout to the window, which then
    repaints far more than the form (a new mark repainted the whole window). Here a change stays
    inside; only a change of the width the form needs is passed on.
    """

    def __init__(self, form: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidget(form)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._passed_on = -1  # the width the form needed when the layouts were last told
        form.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Return the form's minimum width (and the scroll bar's), and a small height."""
        form = self.widget()
        needed = form.minimumSizeHint().width() if form is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(needed + bar, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """Return the form's preferred size (its width at least the minimum)."""
        form = self.widget()
        hint = form.sizeHint() if form is not None else QSize()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Pass a change of the width the form needs on to the layouts around."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            form = self.widget()
            needed = form.minimumSizeHint().width() if form is not None else 0
            if needed != self._passed_on:
                self._passed_on = needed
                self.updateGeometry()
        return super().eventFilter(watched, event)

