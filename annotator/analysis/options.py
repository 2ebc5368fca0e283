"""The options of a discourse network, with DNA's names; what they mean: networks.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from annotator.analysis.statements import QUALIFIER
from annotator.analysis.windows import UNITS
from annotator.core.errors import ValidationError

NETWORK_TYPES = ("onemode", "twomode", "eventlist", "speaker-target")
VARIABLES = ("actor", "topic")
AGGREGATIONS = {
    "onemode": ("ignore", "congruence", "conflict", "subtract"),
    "twomode": ("ignore", "combine", "subtract"),
    "speaker-target": ("ignore", "combine", "subtract"),
    # DNA keeps only these two for an event list; a qualifier then only matters to duplicates.
    "eventlist": ("ignore", "subtract"),
}
NORMALIZATIONS = {
    "onemode": ("no", "average", "jaccard", "cosine"),
    "twomode": ("no", "activity", "prominence"),
    "speaker-target": ("no", "activity", "prominence"),
    "eventlist": ("no",),
}
DUPLICATES = ("include", "document", "week", "month", "year", "acrossrange")
TIME_WINDOWS = ("no", *UNITS, "events")
STANCE_OF = {q: stance for stance, q in QUALIFIER.items()}
# The network file formats, whose writers are exports.FORMATS (named here, where the command
# line reads its choices without loading numpy and networkx).
FILE_FORMATS = ("graphml", "gexf", "csv", "matrix", "dl")


class NetworkOptionError(ValidationError):
    """A network option has no meaning, or none together with another option."""


@dataclass(frozen=True)
class NetworkOptions:
    """How to make a network from statements (DNA's names; see the module docstring)."""

    network_type: str = "onemode"
    variable1: str = "actor"
    variable2: str = "topic"
    qualifier: str | None = "stance"
    qualifier_aggregation: str = "ignore"
    normalization: str = "no"
    duplicates: str = "include"
    start: str | None = None
    stop: str | None = None
    actor_types: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    coders: frozenset[str] = frozenset()
    isolates: bool = False
    time_window: str = "no"
    window_size: int = 100  # DNA's default

    def __post_init__(self) -> None:
        # Any iterable of names will do (CLI tuples, lists); the stored form is canonical.
        for name in ("actor_types", "topics", "coders"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        for problem in self.problems():
            raise NetworkOptionError(problem)

    def problems(self) -> list[str]:
        """Return what is wrong with these options, each in a sentence."""
        kind = self.network_type
        if kind not in NETWORK_TYPES:
            return [f"no network type {kind!r} (known: {', '.join(NETWORK_TYPES)})"]
        found = [*self._variable_problems(), *self._dated_problems()]
        aggregation, normalization = self.qualifier_aggregation, self.normalization
        if aggregation not in AGGREGATIONS[kind]:
            found.append(
                f"qualifier aggregation {aggregation!r} does not apply to a {kind} network "
                f"(choose from {', '.join(AGGREGATIONS[kind])})"
            )
        if normalization not in NORMALIZATIONS[kind]:
            found.append(
                f"normalization {normalization!r} does not apply to a {kind} network "
                f"(choose from {', '.join(NORMALIZATIONS[kind])})"
            )
        if aggregation == "combine" and normalization != "no":
            found.append("'combine' cannot be normalized: its weights name combinations")
        if self.qualifier not in ("stance", None):
            found.append(f"no qualifier {self.qualifier!r} (the stance, or none)")
        elif self.qualifier is None and aggregation != "ignore":
            found.append(f"qualifier aggregation {aggregation!r} needs the stance qualifier")
        if self.duplicates not in DUPLICATES:
            found.append(f"no duplicates setting {self.duplicates!r}")
        return found

    def _variable_problems(self) -> list[str]:
        if self.network_type in ("speaker-target", "eventlist"):
            if (self.variable1, self.variable2) != ("actor", "topic"):
                return [f"a {self.network_type} has fixed variables: actor and topic"]
            return []
        if {self.variable1, self.variable2} != set(VARIABLES):
            return ["variable1 and variable2 must be 'actor' and 'topic', one each"]
        return []

    def _dated_problems(self) -> list[str]:
        found = []
        for name in ("start", "stop"):
            value = getattr(self, name)
            if value is not None and not _is_iso_date(value):
                found.append(f"{name} {value!r} is not a YYYY-MM-DD date")
        if not found and self.start and self.stop and self.start > self.stop:
            found.append(f"start {self.start} is after stop {self.stop}")
        if self.time_window not in TIME_WINDOWS:
            found.append(f"no time window {self.time_window!r} (known: {', '.join(TIME_WINDOWS)})")
        elif self.time_window != "no" and self.network_type == "eventlist":
            found.append("an event list has no time windows: every statement is a row already")
        if self.time_window != "no" and self.window_size < 1:
            found.append(f"window size {self.window_size} is not a positive number")
        return found

    @property
    def uses_qualifier(self) -> bool:
        """Say whether stances decide weights or duplicates (the aggregation is not ignore)."""
        return self.qualifier is not None and self.qualifier_aggregation != "ignore"


def _is_iso_date(value: str) -> bool:
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False
