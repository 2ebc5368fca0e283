"""What reading and writing Label Studio files share: the controls, and the one place where
Label Studio's offsets meet ours."""

from __future__ import annotations

from typing import Any

from annotator.core.model import Mark, MarkKind
from annotator.core.offsets import Utf16Map

EXTENSIONS = (".json",)
SPAN_CONTROLS = {kind.value: kind for kind in MarkKind}
REGION_CHOICES = ("stance", "form", "intensity")
DOCUMENT_CHOICES = ("tone", "focus_stance", "topics", "status")


# -- offsets: the one place where Label Studio's unit meets ours ---------------------------------


def code_point_span(text: str, start: int, end: int, span_text: Any) -> tuple[int, int, bool]:
    """Return (start, end, converted): Label Studio offsets as code points.

    Offsets that already select ``span_text`` (or any in-range offsets when there is no text)
    are code points; offsets whose UTF-16 reading selects ``span_text`` are converted. Others
    are returned unchanged, for the import to report as outside the text or not matching it.
    """
    if 0 <= start < end <= len(text) and (
        not isinstance(span_text, str) or text[start:end] == span_text
    ):
        return start, end, False
    if isinstance(span_text, str):
        units = Utf16Map(text)
        if units.length != units.utf16_length and 0 <= start < end <= units.utf16_length:
            s, e = units.from_utf16(start), units.from_utf16(end)
            if text[s:e] == span_text:
                return s, e, True
    return start, end, False


def label_studio_span(mark: Mark) -> tuple[int, int]:
    """Return a mark's offsets as Label Studio stores them (code points: unchanged)."""
    return mark.start, mark.end
