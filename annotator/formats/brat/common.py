"""What reading and writing brat share: type names, attribute values and our notes."""

from __future__ import annotations

import re

from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet

EXTENSIONS = (".ann",)
CONF_NAME = "annotation.conf"
SPEAKER, TARGET = "speaker", "target"
STANCE, FORM, INTENSITY = "Stance", "Form", "Intensity"
# brat's rule allowing any two entities to overlap in any way (contain, cross, equal spans).
OVERLAP_LINE = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"

_UNSAFE = re.compile(r"[^\w-]+")
_NOTE_ITEM = re.compile(r"\s*([a-z ]+): ((?:[^;\\]|\\.)*)(?:;|$)")


def brat_type_name(name: str) -> str:
    """Return a name as a brat type or attribute value: no spaces, slashes or punctuation."""
    return _UNSAFE.sub("_", name).strip("_") or "_"


def brat_types(tagset: TagSet) -> dict[tuple[MarkKind, str], str]:
    """Return the brat type of every span label; unique, so it maps back to kind and label."""
    types: dict[tuple[MarkKind, str], str] = {}
    taken: set[str] = {SPEAKER, TARGET}
    for kind, label in tagset.all_span_labels():
        name = brat_type_name(label.name)
        if name.casefold() in taken:
            name = f"{kind.value}-{name}"
        while name.casefold() in taken:
            name += "_"
        taken.add(name.casefold())
        types[(kind, label.name)] = name
    return types


def attribute_values(tagset: TagSet) -> dict[str, dict[str, str]]:
    """Return, per attribute, our value names by their safe brat value."""
    return {
        STANCE: {brat_type_name(x.name): x.name for x in tagset.claim_stance},
        FORM: {brat_type_name(x.name): x.name for x in tagset.claim_form},
        INTENSITY: {str(n): str(n) for n in (1, 2, 3)},
    }


def parse_note(note: str) -> dict[str, str]:
    """Return the ``key: value`` items of one of our notes; empty for other notes."""
    items: dict[str, str] = {}
    position = 0
    while position < len(note):
        match = _NOTE_ITEM.match(note, position)
        if not match or match.end() == position:
            return {}
        items[match.group(1)] = _unescape(match.group(2))
        position = match.end()
    return items if "coder" in items else {}


def escape_note_value(value: str) -> str:
    """Escape a note's value: backslash, ``;``, tab and line breaks get a backslash."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


def _unescape(value: str) -> str:
    codes = {"t": "\t", "n": "\n", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: codes.get(m.group(1), m.group(1)), value)
