"""What reading and writing doccano lines share: the offsets option and the one place where
doccano's offsets meet ours, where our extra fields are found, and the document categories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.model import AnnotatedDocument
from annotator.core.offsets import Utf16Map
from annotator.formats._common import is_offset
from annotator.formats.base import FormatOption

EXTENSIONS = (".jsonl",)
OFFSETS = FormatOption(
    "offsets",
    "Offsets count",
    ("utf16", "codepoints"),
    help="utf16: UTF-16 units, as doccano's annotation page counts (an emoji is 2); "
    "codepoints: Python str indexes, as scripts write them (an emoji is 1)",
)
# A category's prefix and the document field it names: ``topic:X`` is one of the topics.
DOCUMENT_PREFIXES = {"tone": "tone", "focus_stance": "focus_stance", "topic": "topics"}

# Converts one offset of a line's text: (the text's UTF-16 map, the offset, is it an end).
OffsetConverter = Callable[[Utf16Map, Any, bool], Any]


def document_categories(coding: AnnotatedDocument) -> list[str]:
    """Return the document labels as prefixed categories (``tone:positive``)."""
    doc = coding.document
    cats = []
    if doc.tone is not None:
        cats.append(f"tone:{doc.tone}")
    if doc.focus_stance is not None:
        cats.append(f"focus_stance:{doc.focus_stance}")
    cats += [f"topic:{t}" for t in doc.topics]
    return cats


def extra(data: dict[str, Any], key: str) -> Any:
    """Return one of our extra fields, top level or (as doccano may keep it) inside meta."""
    if key in data:
        return data[key]
    meta = data.get("meta")
    return meta.get(key) if isinstance(meta, dict) else None


# -- offsets: the one place where doccano's unit meets ours --------------------------------------


def convert_offsets(data: dict[str, Any], convert: OffsetConverter) -> None:
    """Convert, in place, every offset of a doccano line (spans, entities, doccano 1.0
    annotations, our attributes and actor mentions) with ``convert(map, offset, is_end)``."""
    text = data.get("text")
    if not isinstance(text, str):
        return
    units = Utf16Map(text)
    for key in ("label", "entities"):
        items = data.get(key)
        for item in items if isinstance(items, list) else ():
            if isinstance(item, list) and len(item) == 3:
                _convert_pair(item, 0, 1, units, convert)
            else:
                _convert_object(item, units, convert)
    for items in (data.get("annotations"), extra(data, "attributes")):
        for item in items if isinstance(items, list) else ():
            _convert_object(item, units, convert)
    actors = extra(data, "actors")
    for actor in actors if isinstance(actors, list) else ():
        mentions = actor.get("mentions") if isinstance(actor, dict) else None
        for span in mentions if isinstance(mentions, list) else ():
            if isinstance(span, list) and len(span) == 2:
                _convert_pair(span, 0, 1, units, convert)


def _convert_object(item: Any, units: Utf16Map, convert: OffsetConverter) -> None:
    """Convert the ``start_offset`` and ``end_offset`` of an object that has both."""
    if isinstance(item, dict) and "start_offset" in item and "end_offset" in item:
        _convert_pair(item, "start_offset", "end_offset", units, convert)


def _convert_pair(
    item: Any, start_key: Any, end_key: Any, units: Utf16Map, convert: OffsetConverter
) -> None:
    item[start_key] = convert(units, item[start_key], False)
    item[end_key] = convert(units, item[end_key], True)


def from_utf16(units: Utf16Map, offset: Any, is_end: bool) -> Any:
    """Return the code-point offset of a UTF-16 one (anything else as it is, for the checks
    to name); an end inside a surrogate pair takes the whole character."""
    if not is_offset(offset) or not 0 <= offset <= units.utf16_length:
        return offset
    found = units.from_utf16(offset)
    return found + 1 if is_end and units.to_utf16(found) != offset else found


def to_utf16(units: Utf16Map, offset: Any, is_end: bool) -> Any:
    """Return the UTF-16 offset of a code-point one (the writer's offsets are all valid)."""
    return units.to_utf16(offset)
