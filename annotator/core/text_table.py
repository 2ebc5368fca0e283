"""Columns of text for a terminal, measured in the cells each character takes.

Python's format widths count code points: a Chinese or Japanese character takes two cells of a
terminal and a combining accent none, so names in those scripts pushed every column after
them out of line. Widths come from the wcwidth library, which also knows emoji sequences.
"""

from __future__ import annotations

from functools import cache


def display_width(text: str) -> int:
    """Return how many terminal cells the text takes (wide characters two, combining none).

    Measured by wcwidth (Unicode's East Asian Width and emoji tables, kept up to date there);
    it is imported only for text that is not plain ASCII, as its tables take 60 ms to load.
    """
    if text.isascii() and text.isprintable():
        return len(text)
    width = _wcswidth()(text)
    if width >= 0:
        return width
    # A control character makes the whole text unmeasurable: count the others one by one.
    from wcwidth import wcwidth

    return sum(max(0, wcwidth(character)) for character in text)


@cache
def _wcswidth():  # noqa: ANN202 — wcwidth's own function
    from wcwidth import wcswidth

    return wcswidth


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
