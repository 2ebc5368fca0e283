"""How other tools' labels become ours: a label map (other label → KIND:LABEL, or ``skip``),
read from a file (JSON or CSV), and the usual named-entity tag sets proposed by default.

A label mapped to ``skip`` is left out: its marks are not stored (and the import says how many).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import ValidationError
from annotator.core.model import MarkKind

if TYPE_CHECKING:
    from annotator.core.tagset import TagSet

SKIP = "skip"
LabelTarget = tuple[MarkKind, str] | None  # None: leave marks with that label out
LabelMap = dict[str, LabelTarget]

# The tags of the usual NER tag sets (CoNLL-2003, OntoNotes as spaCy writes it, WikiNER,
# Label Studio's and doccano's templates) and what each becomes here: an actor type of the
# default tag set, or left out (dates, amounts and the like are no actors). Nationalities and
# groups (NORP: "Pakistani", "Chinese") name their country more often than not in news on CPEC.
COMMON_NER: dict[str, str] = {
    "PER": "actor:Person",
    "PERSON": "actor:Person",
    "ORG": "actor:Organization",
    "ORGANIZATION": "actor:Organization",
    "ORGANISATION": "actor:Organization",
    "GPE": "actor:Country",
    "LOC": "actor:Country",
    "LOCATION": "actor:Country",
    "NORP": "actor:Country",
    "MISC": SKIP,
    "FAC": SKIP,
    "EVENT": SKIP,
    "PRODUCT": SKIP,
    "WORK_OF_ART": SKIP,
    "LAW": SKIP,
    "LANGUAGE": SKIP,
    "DATE": SKIP,
    "TIME": SKIP,
    "PERCENT": SKIP,
    "MONEY": SKIP,
    "QUANTITY": SKIP,
    "ORDINAL": SKIP,
    "CARDINAL": SKIP,
}


def parse_target(text: str, tagset: TagSet | None = None) -> LabelTarget:
    """Parse ``KIND:LABEL`` (a label of the tag set, any case) or ``skip``; ValueError if not."""
    text = text.strip()
    if text.casefold() == SKIP:
        return None
    kind, colon, label = text.partition(":")
    kinds = {k.value for k in MarkKind}
    if not colon or kind.strip().casefold() not in kinds or not label.strip():
        raise ValueError(f"{text!r} is not KIND:LABEL (KIND actor, claim or sentiment) or skip")
    found_kind, label = MarkKind(kind.strip().casefold()), label.strip()
    if tagset is not None:
        ours = {(k, name.name.casefold()): name.name for k, name in tagset.all_span_labels()}
        if (found_kind, label.casefold()) not in ours:
            raise ValueError(f"{text!r}: the tag set has no {found_kind.value} label {label!r}")
        label = ours[(found_kind, label.casefold())]
    return (found_kind, label)


def format_target(target: LabelTarget) -> str:
    """Return a target as ``KIND:LABEL`` or ``skip``."""
    return SKIP if target is None else f"{target[0].value}:{target[1]}"


def parse_pair(pair: str, tagset: TagSet | None = None) -> tuple[str, LabelTarget]:
    """Parse ``FROM=KIND:LABEL`` (or ``FROM=skip``); FROM may itself hold ``=`` (the last one
    separates)."""
    source, sep, target = pair.rpartition("=")
    if not sep or not source:
        raise ValueError(f"{pair!r} is not FROM=KIND:LABEL or FROM=skip")
    return source, parse_target(target, tagset)


def read_label_map(path: Path, tagset: TagSet | None = None) -> LabelMap:
    """Read a label map file: a JSON object ``{"PER": "actor:Person", "DATE": "skip"}``, or CSV
    rows ``other label,KIND:LABEL`` (a header row ``label,target`` may come first)."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: cannot be read as a label map ({exc})") from exc
    if path.suffix.casefold() == ".json" or content.lstrip().startswith("{"):
        return _from_json(path, content, tagset)
    return _from_csv(path, content, tagset)


def _from_json(path: Path, content: str, tagset: TagSet | None) -> LabelMap:
    try:
        data = json.loads(content)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ValidationError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise ValidationError(f'{path}: expected an object of "label": "KIND:LABEL" or "skip"')
    mapping: LabelMap = {}
    for source, target in data.items():
        try:
            mapping[source] = parse_target(target, tagset)
        except ValueError as exc:
            raise ValidationError(f"{path}: {source!r}: {exc}") from exc
    return mapping


def _from_csv(path: Path, content: str, tagset: TagSet | None) -> LabelMap:
    mapping: LabelMap = {}
    for number, row in enumerate(csv.reader(io.StringIO(content)), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise ValidationError(f"{path}:{number}: expected two columns: label,KIND:LABEL")
        source, target = row[0], row[1]
        if number == 1 and target.strip().casefold() in ("target", "to", "ours", "label"):
            continue  # a header row
        try:
            mapping[source] = parse_target(target, tagset)
        except ValueError as exc:
            raise ValidationError(f"{path}:{number}: {exc}") from exc
    return mapping


def proposed_map(unknown: Iterable[str], tagset: TagSet) -> LabelMap:
    """Return what the usual NER tags among ``unknown`` become (those the tag set can take)."""
    proposed: LabelMap = {}
    for label in unknown:
        target = COMMON_NER.get(label.strip().upper())
        if target is None:
            continue
        try:
            proposed[label] = parse_target(target, tagset)
        except ValueError:
            continue  # a tag set without that actor type: left for the user
    return proposed


def common_ner_map(tagset: TagSet) -> LabelMap:
    """Return the whole usual-NER table for this tag set (``--label-map ner``), each tag in
    upper and lower case."""
    table = proposed_map(COMMON_NER, tagset)
    return {**table, **{label.lower(): target for label, target in table.items()}}


def to_json(mapping: LabelMap) -> str:
    """Return a label map as the JSON a label map file holds."""
    return json.dumps({k: format_target(v) for k, v in sorted(mapping.items())}, ensure_ascii=False)


def from_json(text: str | None) -> LabelMap:
    """Return a label map saved with :func:`to_json` (empty for none or a damaged one)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
        return {str(k): parse_target(str(v)) for k, v in data.items()}
    except (json.JSONDecodeError, ValueError, AttributeError):
        return {}


def describe(mapping: LabelMap, labels: Sequence[str] | None = None) -> str:
    """Return ``PER → actor:Person, DATE → skip`` for the labels given (default: all)."""
    shown = labels if labels is not None else sorted(mapping)
    return ", ".join(f"{label} → {format_target(mapping[label])}" for label in shown)
