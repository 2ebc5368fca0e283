"""Article text: normalisation, content-hash ids, and the date and title found in the text."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata

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


def fold_name(name: str) -> str:
    """Return a name or alias as names are compared: Unicode case folded, spaces collapsed.

    "Imran  KHAN" and "imran khan" fold alike; the store keeps this form of every actor name
    and alias, indexed, so that lookups by name never fold the whole registry.
    """
    return " ".join(name.casefold().split())


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


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’", "«": "»", "‹": "›", '"': '"', "'": "'"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
# Words whose final period belongs to them ("Gen. Hayat", "the U.S.").
_ABBREVIATIONS = frozenset(
    "gen lt col maj capt sgt adm dr mr mrs ms prof st jr sr gov sen rep pres vs inc ltd corp"
    " co".split()
)


def _is_trimmable(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span narrowed so it neither starts nor ends with white space or punctuation.

    Brackets and quotes stay when their partner is inside the span, and so does the period of
    an abbreviation ("U.S.", "Gen.").
    """
    start, end = max(0, start), min(len(text), end)
    while True:
        start, end = _trim_once(text, start, end)
        # A span wrapped whole in a pair ("(CPEC)", “…”) loses the pair too.
        if _wrapped(text, start, end):
            start, end = start + 1, end - 1
        else:
            return start, end


def _wrapped(text: str, start: int, end: int) -> bool:
    """Say whether the span's first and last characters are one pair enclosing the rest."""
    if end - start < 2 or _PAIRS.get(text[start]) != text[end - 1]:
        return False
    opener, closer = text[start], text[end - 1]
    if opener == closer:  # straight quotes: no nesting to check
        return opener not in text[start + 1 : end - 1]
    depth = 0
    for i in range(start, end):
        depth += (text[i] == opener) - (text[i] == closer)
        if depth == 0 and i < end - 1:
            return False
    return True


def _trim_once(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end:
        ch = text[start]
        if not _is_trimmable(ch) or (ch in _PAIRS and _PAIRS[ch] in text[start + 1 : end]):
            break
        start += 1
    while end > start:
        ch = text[end - 1]
        if not _is_trimmable(ch):
            break
        if ch in _CLOSERS and _CLOSERS[ch] in text[start : end - 1]:
            break
        if ch == "." and _ends_abbreviation(text[start : end - 1]):
            break
        end -= 1
    return start, end


def _ends_abbreviation(before: str) -> bool:
    """Say whether the text before a final period ends with an abbreviation."""
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    return bool(word) and (
        "." in word or (len(word) == 1 and word.isalpha()) or word.lower() in _ABBREVIATIONS
    )


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch) == "Mn" or ch in "-'’_"


def elide(text: str, limit: int) -> str:
    """Return the text on one line, cut to at most limit characters with "…" where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span widened to whole words where an edge falls inside one.

    "…cooperative partne" becomes "…cooperative partner", "mran Khan" becomes "Imran Khan";
    an edge between words, or beside punctuation, stays.
    """
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return start, end
    while 0 < start < len(text) and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while 0 < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        end += 1
    return start, end


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """Say whether a span starts or ends inside a word (snapping would widen it)."""
    return snap_to_words(text, start, end) != (max(0, start), min(len(text), end))


def resize_span(
    text: str, start: int, end: int, edge: str, step: int, snap_to_words: bool = True
) -> tuple[int, int]:
    """Return the span with one edge moved by a word (or a character) in direction step (±1).

    ``edge`` is "start" or "end"; the span never becomes empty or leaves the text.
    """
    if edge not in ("start", "end") or step not in (-1, 1):
        raise ValueError("edge must be 'start' or 'end' and step -1 or 1")
    position = start if edge == "start" else end
    if not snap_to_words:
        position += step
    elif edge == "end":
        position = (
            _next_word_end(text, position) if step > 0 else _previous_word_end(text, position)
        )
    else:
        position = (
            _next_word_start(text, position) if step > 0 else _previous_word_start(text, position)
        )
    if snap_to_words and (position >= end if edge == "start" else position <= start):
        return (start, end)  # no whole word left to give up: leave the mark as it is
    if edge == "start":
        return (max(0, min(position, end - 1)), end)
    return (start, min(len(text), max(position, start + 1)))


def _next_word_end(text: str, i: int) -> int:
    j = i
    while j < len(text) and not _is_word_char(text[j]):
        j += 1
    if j == len(text):
        return i  # no word ahead: stay
    while j < len(text) and _is_word_char(text[j]):
        j += 1
    return j


def _previous_word_end(text: str, i: int) -> int:
    while i > 0 and _is_word_char(text[i - 1]):
        i -= 1
    while i > 0 and not _is_word_char(text[i - 1]):
        i -= 1
    return i


def _previous_word_start(text: str, i: int) -> int:
    j = i
    while j > 0 and not _is_word_char(text[j - 1]):
        j -= 1
    if j == 0:
        return i  # no word behind: stay
    while j > 0 and _is_word_char(text[j - 1]):
        j -= 1
    return j


def _next_word_start(text: str, i: int) -> int:
    while i < len(text) and _is_word_char(text[i]):
        i += 1
    while i < len(text) and not _is_word_char(text[i]):
        i += 1
    return i
