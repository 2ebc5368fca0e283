"""Columns of text for a terminal, measured in the cells each character takes.

Python's format widths count code points: a Chinese or Japanese character takes two cells of a
terminal and a combining accent none, so names in those scripts pushed every column after
them out of line.
"""

from __future__ import annotations

import unicodedata

_ZERO_WIDTH = ("Mn", "Me", "Cf")  # combining marks and format characters (ZWJ, joiners)


def display_width(text: str) -> int:
    """Return how many terminal cells the text takes (wide characters two, combining none)."""
    width = 0
    for character in text:
        if unicodedata.category(character) in _ZERO_WIDTH:
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def cell(text: str, width: int, right: bool = False) -> str:
    """Return the text fitted to exactly width cells: cut with "…" if longer, padded if shorter."""
    text = " ".join(text.split())
    if display_width(text) > width:
        kept, used = [], 0
        for character in text:
            size = display_width(character)
            if used + size > width - 1:
                break
            kept.append(character)
            used += size
        text = "".join(kept) + "…"
    padding = " " * (width - display_width(text))
    return padding + text if right else text + padding


def statistic(value: float, digits: int = 3) -> str:
    """Return a statistic for a table: "n/a" where it is undefined (NaN)."""
    return "n/a" if value != value else f"{value:.{digits}f}"
