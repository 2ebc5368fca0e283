"""Article text: normalisation, content-hash ids, and the date and title found in the text."""

from __future__ import annotations

import datetime
import hashlib
import re

_DATE_LINE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*")
# Lines that page scrapes carry but that are never a headline.
_BOILERPLATE = re.compile(
    r"^(logo|advertisement|image source\b.*|photo\b.*|read more\b.*|share\b.*|also read\b.*)$",
    re.IGNORECASE,
)
TITLE_MAX_CHARS = 100


def normalize_text(text: str) -> str:
    """Return text with a leading BOM dropped and CR LF / CR newlines turned into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_id(normalized_text: str) -> str:
    """Return the article id: the hex SHA-256 of the normalised text's UTF-8 bytes."""
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()


def leading_date(text: str) -> str | None:
    """Return the YYYY-MM-DD of a leading ``date YYYY-MM-DD`` line prefix, if any."""
    match = _DATE_LINE.match(text)
    return match.group(1) if match and is_calendar_date(match.group(1)) else None


def is_calendar_date(value: str) -> bool:
    """Say whether a YYYY-MM-DD string is a real calendar date (not 2019-02-30)."""
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def guess_title(text: str) -> str:
    """Return the first meaningful line, without the date prefix, shortened to a headline."""
    body = _DATE_LINE.sub("", text, count=1)
    for raw in body.split("\n"):
        line = " ".join(raw.split())
        if len(line.split()) < 3 or _BOILERPLATE.match(line):
            continue
        return _shorten(line)
    first = " ".join(body.split())
    return _shorten(first) if first else "(untitled)"


def _shorten(line: str) -> str:
    if len(line) <= TITLE_MAX_CHARS:
        return line
    # Prefer the end of the first sentence, else cut at a word boundary.
    sentence_end = re.search(r"[.!?](?=\s)", line[:TITLE_MAX_CHARS])
    if sentence_end and sentence_end.end() > 30:
        return line[: sentence_end.end()]
    cut = line.rfind(" ", 0, TITLE_MAX_CHARS - 1)
    return line[: cut if cut > 30 else TITLE_MAX_CHARS - 1].rstrip(" ,;:") + "…"


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span narrowed so it neither starts nor ends with white space."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
