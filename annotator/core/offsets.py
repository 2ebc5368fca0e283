"""Conversion between Python code-point offsets and UTF-16 code-unit offsets.

Our offsets are ``str`` indexes (code points). Qt and Java-based tools count UTF-16 code units,
in which every character outside the Basic Multilingual Plane (most emoji, flags) takes two.
Combining marks are code points of their own in both systems and need no conversion.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def astral_indexes(text: str, offset: int = 0) -> list[int]:
    """Return the code-point indexes (plus ``offset``) of the characters outside the BMP."""
    # Two quick answers in C for the common case (none), before a scan that finds them.
    if text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text):
        return []
    return [match.start() + offset for match in _ASTRAL.finditer(text)]


class Utf16Map:
    """Convert offsets for one text between code points and UTF-16 code units."""

    def __init__(self, text: str):
        # Code-point indexes of astral characters; empty for pure-BMP text (the common case).
        self._astral = astral_indexes(text)
        self._length = len(text)
        # UTF-16 index at which each astral character starts.
        self._astral_utf16 = [cp + n for n, cp in enumerate(self._astral)]

    def extend(self, more: str) -> None:
        """Append text (a text shown piece by piece keeps one map)."""
        added = astral_indexes(more, self._length)
        self._astral_utf16 += [cp + n for n, cp in enumerate(added, len(self._astral))]
        self._astral += added
        self._length += len(more)

    @property
    def length(self) -> int:
        """Return the text's length in code points."""
        return self._length

    @property
    def utf16_length(self) -> int:
        """Return the text's length in UTF-16 code units."""
        return self._length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """Return the UTF-16 offset of a code-point offset."""
        if not 0 <= offset <= self._length:
            raise ValueError(f"offset {offset} outside text of length {self._length}")
        return offset + bisect_right(self._astral, offset - 1)

    def from_utf16(self, offset: int) -> int:
        """Return the code-point offset of a UTF-16 offset; the middle of a pair rounds down."""
        if not 0 <= offset <= self.utf16_length:
            raise ValueError(f"UTF-16 offset {offset} outside text of {self.utf16_length} units")
        # Each astral character starting before this offset added one extra unit; an offset
        # inside a surrogate pair counts that character too, so it rounds down to its start.
        return offset - bisect_right(self._astral_utf16, offset - 1)
