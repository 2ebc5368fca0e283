"""Every file format annotator knows, by name: CLI choices and GUI file filters derive from it."""

from __future__ import annotations

from pathlib import Path

from annotator.formats import jsonl, plaintext
from annotator.formats.base import Format

FORMATS: tuple[Format, ...] = (plaintext.FORMAT, jsonl.FORMAT)


def get(name: str) -> Format:
    """Return the format with this name; raise KeyError listing the known names."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(f"unknown format {name!r}; known: {', '.join(f.name for f in FORMATS)}")


def for_path(path: Path) -> Format | None:
    """Return the readable format a file's extension names, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if f.read and suffix in f.extensions), None)


def readable() -> list[Format]:
    """Return the formats that can be imported."""
    return [f for f in FORMATS if f.read is not None]


def writable() -> list[Format]:
    """Return the formats that can be exported."""
    return [f for f in FORMATS if f.write is not None]
