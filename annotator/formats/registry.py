"""Every file format annotator knows, by name: CLI choices and GUI file filters derive from it.

A format is one module of this package exposing ``FORMAT`` (or ``FORMATS``); adding a format is
adding its module to ``_MODULES``. Heavy optional libraries are imported inside readers and
writers, never at module import.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from annotator.formats.base import Format

_MODULES = (
    "plaintext",
    "csv_articles",
    "jsonl",
    "doccano",
    "label_studio",
    "brat",
    "conll",
    "webanno_tsv",
    "xmi",
    "spacy_docbin",
    "dna",
)


def _load() -> tuple[Format, ...]:
    formats: list[Format] = []
    for name in _MODULES:
        try:
            module = importlib.import_module(f"annotator.formats.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"annotator.formats.{name}":
                continue  # not written yet
            raise
        formats += list(getattr(module, "FORMATS", ())) or [module.FORMAT]
    return tuple(formats)


FORMATS: tuple[Format, ...] = _load()


def get(name: str) -> Format:
    """Return the format with this name; raise KeyError listing the known names."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    raise KeyError(f"unknown format {name!r}; known: {', '.join(f.name for f in FORMATS)}")


def for_path(path: Path) -> Format | None:
    """Return the readable format of a file: by extension, and by content where shared."""
    suffix = path.suffix.lower()
    candidates = [f for f in FORMATS if f.read and suffix in f.extensions]
    for fmt in candidates:
        if fmt.sniff is not None and fmt.sniff(path):
            return fmt
    return next((f for f in candidates if f.sniff is None), candidates[0] if candidates else None)


def readable() -> list[Format]:
    """Return the formats that can be imported."""
    return [f for f in FORMATS if f.read is not None]


def writable() -> list[Format]:
    """Return the formats that can be exported."""
    return [f for f in FORMATS if f.write is not None]
