"""The Network view's options as controls, two rows of them: what network (type, stances,
normalization, duplicates, isolates) and of which claims (coder, speakers' types, topics,
dates, time windows). Together they read as one NetworkOptions (analysis/options.py, DNA's
names and meaning); a combo offers only what applies to the chosen network type."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis.options import TIME_WINDOWS, NetworkOptions
from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.text import elide

TYPES = {
    "onemode": "Actors tied by shared topics",
    "twomode": "Actors × topics",
    "speaker-target": "Who addresses whom",
}
# The view's order (options.py has DNA's): the stance-aware choice first.
AGGREGATIONS = {
    "onemode": ("subtract", "congruence", "conflict", "ignore"),
    "twomode": ("subtract", "ignore", "combine"),
    "speaker-target": ("subtract", "ignore", "combine"),
}
NORMALIZATIONS = {
    "onemode": ("no", "average", "jaccard", "cosine"),
    "twomode": ("no", "activity", "prominence"),
    "speaker-target": ("no", "activity", "prominence"),
}
DUPLICATES = {
    "include": "Count every claim",
    "document": "Count identical claims once per article",
    "week": "Count identical claims once per ISO week",
    "month": "Count identical claims once per calendar month",
    "year": "Count identical claims once per year",
    "acrossrange": "Count identical claims once in the whole date range",
}
# DNA's units by the words the combo shows: statements are claims here.
WINDOW_UNITS = {unit: {"no": "none", "events": "claims"}.get(unit, unit) for unit in TIME_WINDOWS}
# A first size that gives a few windows on a news corpus (DNA's 100 is meant for events):
# a window spans size // 2 units on each side of its middle day.
WINDOW_SIZES = {"days": 31, "weeks": 5, "months": 3, "years": 3, "events": 21}
NO_TYPE = "(no type)"
ISO = "yyyy-MM-dd"


class StayOpenMenu(QMenu):
    """A menu of checkboxes that stays open while they are ticked with the mouse."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """Toggle a checkable action without closing the menu."""
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            return
        super().mouseReleaseEvent(event)


class ChecklistButton(QPushButton):
    """A button with a menu of checkable values: none ticked means all of them."""

    chosen_changed = Signal()

    def __init__(self, noun: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.noun = noun  # plural: "types", "topics"
        self.setToolTip(tip)
        self.setMenu(StayOpenMenu(self))
        self.all_action = QAction(f"All {noun}", self)
        self.all_action.setCheckable(True)
        self.all_action.triggered.connect(self._all_chosen)
        self.value_actions: dict[str, QAction] = {}
        self.set_values([])

    def values(self) -> list[str]:
        """Return the values offered, in menu order."""
        return list(self.value_actions)

    def chosen(self) -> frozenset[str]:
        """Return the ticked values (empty: no filter)."""
        return frozenset(v for v, a in self.value_actions.items() if a.isChecked())

    def set_values(self, values: Iterable[str]) -> None:
        """Offer these values (and any ticked one, so that it can be unticked)."""
        chosen = self.chosen()
        menu = self.menu()
        menu.clear()
        menu.addAction(self.all_action)
        menu.addSeparator()
        self.value_actions = {}
        for value in sorted({*values, *chosen}, key=lambda v: (v.casefold(), v)):
            action = QAction(elide(value, 40) if value else NO_TYPE, self)
            action.setCheckable(True)
            action.setChecked(value in chosen)
            action.setToolTip(value)
            action.triggered.connect(self._value_chosen)
            menu.addAction(action)
            self.value_actions[value] = action
        self._show_choice()

    def choose(self, values: Iterable[str]) -> None:
        """Tick exactly these values (none: all), as clicks in the menu would."""
        wanted = set(values)
        for value, action in self.value_actions.items():
            action.setChecked(value in wanted)
        self._show_choice()
        self.chosen_changed.emit()

    def _all_chosen(self) -> None:
        self.choose(())

    def _value_chosen(self) -> None:
        self._show_choice()
        self.chosen_changed.emit()

    def _show_choice(self) -> None:
        chosen = sorted(self.chosen())
        self.all_action.setChecked(not chosen)
        if not chosen:
            text = f"All {self.noun}"
        elif len(chosen) == 1:
            text = elide(chosen[0], 24) or NO_TYPE
        else:
            text = f"{len(chosen)} {self.noun}"
        self.setText(text)


class OptionalDate(QWidget):
    """A date that applies only when ticked: unticked, no limit."""

    changed = Signal()

    def __init__(self, label: str, tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.check.setToolTip(tip)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(ISO)
        self.edit.setToolTip(tip)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(self._date_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)

    def value(self) -> str | None:
        """Return the day as YYYY-MM-DD, or None when unticked."""
        return self.edit.date().toString(ISO) if self.check.isChecked() else None

    def set_value(self, day: str | None) -> None:
        """Tick and set a day (None: untick), as a user would."""
        if day is not None:
            self.edit.setDate(QDate.fromString(day, ISO))
        self.check.setChecked(day is not None)

    def suggest(self, day: str | None) -> None:
        """Show a day to start from while unticked (the claims' first or last)."""
        if day is not None and not self.check.isChecked():
            self.edit.blockSignals(True)
            self.edit.setDate(QDate.fromString(day, ISO))
            self.edit.blockSignals(False)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        self.changed.emit()

    def _date_changed(self, _day: QDate) -> None:
        if self.check.isChecked():
            self.changed.emit()


class NetworkControls(QWidget):
    """The network's options in two rows; ``changed`` when the user changes one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.type_combo = QComboBox()
        for key, title in TYPES.items():
            self.type_combo.addItem(title, key)
        self.aggregation_combo = QComboBox()
        self.aggregation_combo.setToolTip(
            "How stances combine (DNA's qualifier aggregation): subtract = agreement − "
            "conflict (green ties agree, red ones conflict)"
        )
        self.normalization_combo = QComboBox()
        self.normalization_combo.setToolTip("DNA's normalization of tie weights")
        self.duplicates_combo = QComboBox()
        for value, tip in DUPLICATES.items():
            self.duplicates_combo.addItem(value, value)
            self.duplicates_combo.setItemData(
                self.duplicates_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole
            )
        self.duplicates_combo.setToolTip(
            "DNA's duplicates: count identical claims (same speaker and topic, target too for "
            "who addresses whom, same stance when stances count) once per article, ISO week, "
            "month, year or the whole range — or include every one"
        )
        self.isolates_box = QCheckBox("Isolates")
        self.isolates_box.setToolTip(
            "Keep every actor and topic of the claims read as a node, those the filters or "
            "the time window leave without claims too (unconnected)"
        )
        self.coder_combo = QComboBox()
        self.coder_combo.setToolTip("Whose claims make the network")
        self.coder_combo.addItem("All coders", None)
        self.actor_types = ChecklistButton(
            "types", "Only claims whose speaker is of these actor types"
        )
        self.topics = ChecklistButton("topics", "Only claims on these topics")
        self.date_from = OptionalDate(
            "From",
            "Only claims in articles dated on or after this day (undated ones are then "
            "left out); unticked: no limit",
        )
        self.date_to = OptionalDate(
            "to",
            "Only claims in articles dated on or before this day (undated ones are then "
            "left out); unticked: no limit",
        )
        self.window_combo = QComboBox()
        for value, title in WINDOW_UNITS.items():
            self.window_combo.addItem(title, value)
        self.window_combo.setToolTip(
            "One network per moving time window (DNA's time windows): step through them with "
            "the slider; each window spans size ÷ 2 units (or claims) on each side of its "
            "middle, and only windows wholly inside the dates are made"
        )
        self.window_size = QSpinBox()
        self.window_size.setRange(1, 100_000)
        self.window_size.setValue(WINDOW_SIZES["days"])
        self.window_size.setEnabled(False)
        self.window_size.setToolTip("The window's size in its unit (DNA's window size)")
        for combo in (
            self.aggregation_combo,
            self.normalization_combo,
            self.coder_combo,
            self.duplicates_combo,
            self.window_combo,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_choices()
        self.type_combo.currentIndexChanged.connect(self._type_chosen)
        self.aggregation_combo.currentIndexChanged.connect(self._aggregation_chosen)
        for combo in (self.normalization_combo, self.coder_combo, self.duplicates_combo):
            combo.currentIndexChanged.connect(self._option_chosen)
        self.window_combo.currentIndexChanged.connect(self._window_unit_chosen)
        self.window_size.valueChanged.connect(lambda _v: self.changed.emit())
        self.isolates_box.toggled.connect(lambda _on: self.changed.emit())
        for widget in (self.actor_types, self.topics):
            widget.chosen_changed.connect(self.changed)
        for date_widget in (self.date_from, self.date_to):
            date_widget.changed.connect(self.changed)
        self.first_row, self.second_row = QHBoxLayout(), QHBoxLayout()
        self._compose()

    def _compose(self) -> None:
        for row, items in (
            (
                self.first_row,
                (
                    ("Network:", self.type_combo),
                    ("Stances:", self.aggregation_combo),
                    ("Normalize:", self.normalization_combo),
                    ("Duplicates:", self.duplicates_combo),
                    ("", self.isolates_box),
                ),
            ),
            (
                self.second_row,
                (
                    ("Claims of:", self.coder_combo),
                    ("Speakers:", self.actor_types),
                    ("", self.topics),
                    ("", self.date_from),
                    ("", self.date_to),
                    ("Time windows:", self.window_combo),
                    ("", self.window_size),
                ),
            ),
        ):
            for text, widget in items:
                if text:
                    label = QLabel(text)
                    label.setBuddy(widget)
                    row.addWidget(label)
                row.addWidget(widget)
        self.second_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.first_row)
        layout.addLayout(self.second_row)

    # -- reading -----------------------------------------------------------------------------

    def options(self) -> NetworkOptions:
        """Return the chosen options; raise NetworkOptionError if they do not go together."""
        return NetworkOptions(
            network_type=self.type_combo.currentData(),
            qualifier_aggregation=self.aggregation_combo.currentText(),
            normalization=self.normalization_combo.currentText(),
            duplicates=self.duplicates_combo.currentData(),
            start=self.date_from.value(),
            stop=self.date_to.value(),
            actor_types=self.actor_types.chosen(),
            topics=self.topics.chosen(),
            isolates=self.isolates_box.isChecked(),
            time_window=self.window_combo.currentData(),
            window_size=self.window_size.value(),
        )

    def coder(self) -> str | None:
        """Return the coder whose claims are chosen (None: every coder's)."""
        return self.coder_combo.currentData()

    def windows_on(self) -> bool:
        """Say whether time windows are chosen."""
        return self.window_combo.currentData() != "no"

    # -- filling from what was read -------------------------------------------------------

    def fill_coders(self, coders: Iterable[str]) -> None:
        """Offer every coder's claims, each coder's, and gold's."""
        current = self.coder_combo.currentData()
        self.coder_combo.blockSignals(True)
        self.coder_combo.clear()
        self.coder_combo.addItem("All coders", None)
        for coder in coders:
            title = "Gold (adjudicated)" if coder == GOLD_ANNOTATOR else coder
            self.coder_combo.addItem(title, coder)
        self.coder_combo.setCurrentIndex(max(self.coder_combo.findData(current), 0))
        self.coder_combo.blockSignals(False)

    def fill_values(self, types: Iterable[str], topics: Iterable[str]) -> None:
        """Offer the speakers' types and the topics of the claims read."""
        self.actor_types.set_values(types)
        self.topics.set_values(topics)

    def suggest_dates(self, first: str | None, last: str | None) -> None:
        """Show the claims' first and last day in the unticked date fields."""
        self.date_from.suggest(first)
        self.date_to.suggest(last)

    # -- keeping choices valid ------------------------------------------------------------

    def _fill_choices(self) -> None:
        kind = self.type_combo.currentData()
        _refill(self.aggregation_combo, AGGREGATIONS[kind])
        self._fill_normalizations()

    def _fill_normalizations(self) -> None:
        kind = self.type_combo.currentData()
        # DNA's combine numbers combinations of stances: a share of them means nothing.
        combined = self.aggregation_combo.currentText() == "combine"
        _refill(self.normalization_combo, ("no",) if combined else NORMALIZATIONS[kind])

    def _type_chosen(self, _index: int) -> None:
        self._fill_choices()
        self.changed.emit()

    def _aggregation_chosen(self, _index: int) -> None:
        self._fill_normalizations()
        self.changed.emit()

    def _option_chosen(self, _index: int) -> None:
        self.changed.emit()

    def _window_unit_chosen(self, _index: int) -> None:
        unit = self.window_combo.currentData()
        self.window_size.setEnabled(unit != "no")
        self.window_size.blockSignals(True)
        if unit != "no":
            suggested = set(WINDOW_SIZES.values())
            if self.window_size.value() in suggested:  # not one the user typed: this unit's
                self.window_size.setValue(WINDOW_SIZES[unit])
            self.window_size.setSuffix(f" {WINDOW_UNITS[unit]}")
        self.window_size.blockSignals(False)
        self.changed.emit()


def _refill(combo: QComboBox, values: Iterable[str]) -> None:
    """Offer these values, keeping the current one if it is among them."""
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(list(values))
    combo.setCurrentIndex(max(combo.findText(current), 0))
    combo.blockSignals(False)
