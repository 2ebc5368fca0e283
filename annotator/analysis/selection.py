"""Which statements a network is made of: DNA's ``filterStatements`` (see networks.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from annotator.analysis.options import NetworkOptions
from annotator.analysis.statements import Statement


@dataclass(frozen=True)
class Selection:
    """The statements a network is made of: the originals and, of them, the filtered ones."""

    originals: tuple[Statement, ...]
    filtered: tuple[Statement, ...]
    start: str | None  # the range: as given, else the originals' first and last date
    stop: str | None


def select_statements(statements: Iterable[Statement], options: NetworkOptions) -> Selection:
    """Return the originals and the filtered statements (DNA's filterStatements)."""
    given = list(statements)
    order = {}
    for s in given:
        order.setdefault(s.article_id, len(order))
    originals = [
        s
        for s in given
        if (not options.coders or s.coder in options.coders) and _in_range(s.date, options)
    ]
    originals.sort(
        key=lambda s: (s.date is None, s.date or "", order[s.article_id], s.start, s.end, s.id)
    )
    if options.qualifier is not None:
        for s in originals:
            s.qualifier  # noqa: B018 -- an unknown stance is refused here, not half-way
    dates = [s.date for s in originals if s.date is not None]
    start = options.start or (min(dates) if dates else None)
    stop = options.stop or (max(dates) if dates else None)
    return Selection(tuple(originals), tuple(_filtered(originals, options)), start, stop)


def _filtered(originals: Sequence[Statement], options: NetworkOptions) -> list[Statement]:
    """Return the originals the filters keep, without duplicates, in order."""
    kept = []
    seen: set[tuple[object, ...]] = set()
    for s in originals:
        if options.actor_types and s.speaker_type not in options.actor_types:
            continue
        if options.topics and s.topic not in options.topics:
            continue
        if options.network_type != "eventlist" and _lacks_value(s, options):
            continue
        if options.duplicates != "include":
            key = (_period(s, options.duplicates), *_duplicate_values(s, options))
            if key in seen:
                continue
            seen.add(key)
        kept.append(s)
    return kept


def _lacks_value(s: Statement, options: NetworkOptions) -> bool:
    if options.network_type == "speaker-target" and s.target is None:
        return True
    return options.uses_qualifier and s.stance is None


def _duplicate_values(s: Statement, options: NetworkOptions) -> tuple[object, ...]:
    """Return what makes two statements identical: DNA's variable1, variable2, qualifier."""
    stance = s.stance if options.uses_qualifier else None
    if options.network_type == "speaker-target":
        return (s.speaker, s.target, s.topic, stance)
    return (node_value(s, options.variable1), node_value(s, options.variable2), stance)


def _period(s: Statement, duplicates: str) -> object:
    """Return the part of the range within which identical statements are duplicates."""
    if duplicates == "document":
        return s.article_id
    if duplicates == "acrossrange" or s.date is None:
        return None
    day = date.fromisoformat(s.date)
    if duplicates == "week":
        iso = day.isocalendar()
        return (iso.year, iso.week)  # with the year, unlike DNA (see the module docstring)
    if duplicates == "month":
        return (day.year, day.month)
    return day.year


def node_value(s: Statement, variable: str) -> str | None:
    """Return a statement's value of a variable: actor (the speaker's id), topic or target."""
    if variable == "actor":
        return s.speaker
    return s.target if variable == "target" else s.topic


def _in_range(day: str | None, options: NetworkOptions) -> bool:
    if options.start is None and options.stop is None:
        return True
    if day is None:
        return False
    return (options.start or day) <= day <= (options.stop or day)
