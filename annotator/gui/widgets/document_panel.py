"""Document-level labels of the open article: status, note, tone, stance, topics.

Compact (when its panel is narrow), tone and stance share one row of narrow combos (their full
choices open as usual, the field's name in the tooltip), the row names go, and the topics'
names are cut short; the window never has to widen for them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import ArticleStatus, DocumentLabels
from annotator.core.tagset import Label, TagSet
from annotator.gui.plain_text import plain_tip
from annotator.gui.statuses import STATUS_TEXT, status_icon

_UNSET = "—"


class DocumentPanelWidget(QGroupBox):
    """Edits one coder's document labels; emits the wanted labels, never writes itself."""

    labels_edited = Signal(object, object, str)  # old DocumentLabels, new DocumentLabels, what

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Document", parent)
        self._labels: DocumentLabels | None = None
        self._updating = False
        outer = QVBoxLayout(self)
        self.fields = QGridLayout()
        self.fields.setSpacing(4)
        self.status = QComboBox()
        self.status.setToolTip("Status: where you stand with this article")
        for status in ArticleStatus:
            self.status.addItem(status_icon(status), STATUS_TEXT[status], status.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note to yourself (Enter saves)")
        self.note.setToolTip("A note on this article, kept with your status; Enter or Tab saves it")
        self.tone = QComboBox()
        self.tone.setToolTip("Tone of the article")
        self.focus_stance = QComboBox()
        self._rows = [
            (QLabel("Status"), self.status),
            (QLabel("Tone"), self.tone),
            (QLabel("Stance"), self.focus_stance),
            (QLabel("Note"), self.note),
        ]
        self.compact = False
        self.topic_columns = 1
        self._arrange()
        outer.addLayout(self.fields)
        self.topics_box = QGroupBox("Topics")
        self._topics_grid = QGridLayout(self.topics_box)
        self._topics_grid.setContentsMargins(6, 4, 6, 4)
        self._topics_grid.setVerticalSpacing(2)
        outer.addWidget(self.topics_box)
        self.topic_boxes: dict[str, QCheckBox] = {}
        self.status.currentIndexChanged.connect(lambda _: self._status_edited())
        self.note.editingFinished.connect(self._note_edited)
        self.tone.currentIndexChanged.connect(lambda _: self._combo_edited("tone", self.tone))
        self.focus_stance.currentIndexChanged.connect(
            lambda _: self._combo_edited("focus_stance", self.focus_stance)
        )
        self.setEnabled(False)

    def set_compact(self, compact: bool, topic_columns: int = 1) -> None:
        """Put tone and stance in one row of narrow combos (compact), or everything in a form;
        lay the topics out in this many columns."""
        if compact != self.compact or topic_columns != self.topic_columns:
            self.compact, self.topic_columns = compact, topic_columns
            self._arrange()
            for i, (name, box) in enumerate(self.topic_boxes.items()):
                box.setText(self._topic_text(name))
                self._topics_grid.removeWidget(box)
                self._topics_grid.addWidget(box, i // topic_columns, i % topic_columns)

    def _arrange(self) -> None:
        for label, field in self._rows:
            self.fields.removeWidget(label)
            self.fields.removeWidget(field)
        for combo, name in ((self.tone, "Tone"), (self.focus_stance, "Stance")):
            if combo.count():  # without its row name, the empty choice says which field it is
                combo.setItemText(0, f"{name}: {_UNSET}" if self.compact else _UNSET)
        for row, (label, field) in enumerate(self._rows):
            label.setVisible(not self.compact)
            if isinstance(field, QComboBox):
                # Compact, the combos show a few letters; their lists still open whole.
                field.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                    if self.compact
                    else QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow
                )
                field.setMinimumContentsLength(3 if self.compact else 0)
            if self.compact:
                # Tone and stance side by side; status and note under them, whole width.
                place = {self.tone: (0, 0, 1, 1), self.focus_stance: (0, 1, 1, 1)}
                at = place.get(field, (1 if field is self.status else 2, 0, 1, 2))
                self.fields.addWidget(field, *at)
            else:
                self.fields.addWidget(label, row, 0)
                self.fields.addWidget(field, row, 1, 1, 2)

    def _topic_text(self, name: str) -> str:
        # Two to a row, names are cut shorter so that the pair fits beside each other.
        limit = 16 if self.topic_columns == 1 else 13
        return name if not self.compact or len(name) <= limit else name[: limit - 1].rstrip() + "…"

    def set_tagset(self, tagset: TagSet) -> None:
        """Fill the choices from a tag set."""
        self._updating = True
        for combo, labels in ((self.tone, tagset.tone), (self.focus_stance, tagset.focus_stance)):
            combo.clear()
            name = "Tone" if combo is self.tone else "Stance"
            combo.addItem(f"{name}: {_UNSET}" if self.compact else _UNSET, None)
            for label in labels:
                combo.addItem(label.name, label.name)
                combo.setItemData(
                    combo.count() - 1, plain_tip(label.description), Qt.ItemDataRole.ToolTipRole
                )
        self.focus_stance.setToolTip(plain_tip(f"Stance toward the focus: {tagset.focus}"))
        for box in self.topic_boxes.values():
            box.deleteLater()
        self.topic_boxes = {}
        for i, label in enumerate(tagset.topics):
            box = self._topic_box(label)
            columns = self.topic_columns
            self._topics_grid.addWidget(box, i // columns, i % columns)
        self._updating = False
        if self._labels is not None:
            self.show_labels(self._labels)

    def _topic_box(self, label: Label) -> QCheckBox:
        box = QCheckBox(self._topic_text(label.name))
        tip = f"{label.name}: {label.description}" if label.description else label.name
        box.setToolTip(plain_tip(tip))
        box.toggled.connect(lambda _checked: self._topics_edited())
        self.topic_boxes[label.name] = box
        return box

    @property
    def labels(self) -> DocumentLabels | None:
        """Return the labels shown (as stored when shown: not the note being typed)."""
        return self._labels

    def show_labels(self, labels: DocumentLabels | None) -> None:
        """Show an article's labels (None: no article open)."""
        self._labels = labels
        self.setEnabled(labels is not None)
        self._updating = True
        current = labels or DocumentLabels("", "")
        self.status.setCurrentIndex(self.status.findData(current.status.value))
        self.note.setText(current.note)
        self.note.setCursorPosition(0)
        for combo, value in ((self.tone, current.tone), (self.focus_stance, current.focus_stance)):
            index = combo.findData(value)
            combo.setCurrentIndex(index if index >= 0 else 0)
        for name, box in self.topic_boxes.items():
            box.setChecked(name in current.topics)
        self._updating = False

    def _combo_edited(self, field: str, combo: QComboBox) -> None:
        if self._updating or self._labels is None:
            return
        new = replace(self._labels, **{field: combo.currentData()})
        self.labels_edited.emit(self._labels, new, field.replace("_", " "))

    def _status_edited(self) -> None:
        if self._updating or self._labels is None:
            return
        status = ArticleStatus(self.status.currentData())
        if status != self._labels.status:
            self.labels_edited.emit(self._labels, replace(self._labels, status=status), "status")

    def commit_note(self) -> None:
        """Emit the note being typed as an edit now (call before showing another article)."""
        self._note_edited()

    def _note_edited(self) -> None:
        # editingFinished also comes on focus loss: only a real change is an edit (and undo step).
        if self._updating or self._labels is None:
            return
        note = self.note.text().strip()
        if note != self._labels.note:
            self.labels_edited.emit(self._labels, replace(self._labels, note=note), "note")

    def _topics_edited(self) -> None:
        if self._updating or self._labels is None:
            return
        topics = tuple(name for name, box in self.topic_boxes.items() if box.isChecked())
        self.labels_edited.emit(self._labels, replace(self._labels, topics=topics), "topics")
