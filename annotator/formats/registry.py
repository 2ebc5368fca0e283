"""Every file format annotator knows, by name: CLI choices and GUI file filters derive from it.

A format is one module of this package exposing ``FORMAT`` (or ``FORMATS``): its reader and
writer. The registry lists what menus, file dialogs and ``--format`` choices need (name, title,
extensions, what it can do) without importing those modules, so that start-up does not pay for
networkx, cassis or spaCy; a module is imported when its format is first used to read or write.
Adding a format is adding its module and one entry to ``ENTRIES`` (tests/formats/test_registry.py
checks that every entry says what its module's ``Format`` says).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.formats.base import Format

_FULL = frozenset({"articles", "spans", "relations", "attributes", "document labels", "coders"})


@dataclass(frozen=True)
class FormatEntry:
    """What the registry knows of a format without importing its module."""

    name: str
    title: str
    extensions: tuple[str, ...]
    carries: frozenset[str]
    module: str  # in annotator.formats
    reads: bool = False
    writes: bool = False
    streams: bool = False  # also writable to standard output
    folder: bool = False  # reads/writes a folder rather than one file
    sniffs: bool = False  # tells its files from others' of the same extension by content

    def file_filter(self) -> str:
        """Return a file-dialog filter such as ``JSONL (*.jsonl *.ndjson)``."""
        return f"{self.title} ({' '.join('*' + ext for ext in self.extensions)})"

    def load(self) -> Format:
        """Import the format's module and return its Format (reader and writer)."""
        module = importlib.import_module(f"annotator.formats.{self.module}")
        for fmt in getattr(module, "FORMATS", ()) or (module.FORMAT,):
            if fmt.name == self.name:
                return fmt
        raise LookupError(f"annotator.formats.{self.module} defines no format {self.name!r}")


_READ = {"reads": True}
_READ_WRITE = {"reads": True, "writes": True}
_READ_WRITE_STREAM = {"reads": True, "writes": True, "streams": True}

ENTRIES: tuple[FormatEntry, ...] = (
    FormatEntry(
        "text", "Plain-text articles", (".txt",), frozenset({"articles"}), "plaintext", **_READ
    ),
    FormatEntry(
        "csv", "CSV of articles", (".csv",), frozenset({"articles"}), "csv_articles", **_READ
    ),
    FormatEntry(
        "jsonl", "annotator JSONL", (".jsonl", ".ndjson"), _FULL, "jsonl", **_READ_WRITE_STREAM
    ),
    FormatEntry(
        "doccano", "doccano JSONL", (".jsonl",), _FULL, "doccano", **_READ_WRITE_STREAM, sniffs=True
    ),
    FormatEntry(
        "label-studio",
        "Label Studio JSON",
        (".json",),
        _FULL,
        "label_studio",
        **_READ_WRITE_STREAM,
        sniffs=True,
    ),
    FormatEntry(
        "label-studio-min",
        "Label Studio JSON-MIN",
        (".json",),
        _FULL,
        "label_studio",
        **_READ_WRITE_STREAM,
        sniffs=True,
    ),
    FormatEntry(
        "brat",
        "brat standoff",
        (".ann",),
        frozenset({"articles", "spans", "relations", "attributes", "coders"}),
        "brat",
        **_READ_WRITE,
        folder=True,
    ),
    FormatEntry(
        "conll",
        "CoNLL-2003 / IOB",
        (".conll", ".iob"),
        frozenset({"spans", "coders"}),
        "conll",
        **_READ_WRITE_STREAM,
    ),
    FormatEntry(
        "webanno-tsv",
        "WebAnno TSV 3.3 (INCEpTION)",
        (".tsv",),
        frozenset({"articles", "spans", "relations", "attributes"}),
        "webanno_tsv",
        **_READ_WRITE,
        folder=True,
    ),
    FormatEntry(
        "xmi",
        "UIMA CAS XMI (INCEpTION)",
        (".xmi", ".zip"),
        _FULL,
        "xmi",
        **_READ_WRITE,
        folder=True,
    ),
    FormatEntry("spacy", "spaCy DocBin", (".spacy",), _FULL, "spacy_docbin", writes=True),
    FormatEntry(
        "hf",
        "Hugging Face dataset (Parquet)",
        (".parquet",),
        _FULL,
        "hf_parquet",
        writes=True,
        folder=True,
    ),
    FormatEntry(
        "gliner",
        "GLiNER training JSONL",
        (".jsonl",),
        frozenset({"spans", "relations"}),
        "gliner",
        writes=True,
        streams=True,
    ),
    FormatEntry(
        "llm",
        "LLM chat fine-tuning JSONL",
        (".jsonl",),
        frozenset({"articles", "spans", "relations", "attributes"}),
        "llm_chat",
        reads=True,
        writes=True,
        streams=True,
        sniffs=True,
    ),
    FormatEntry(
        "dna3",
        "Discourse Network Analyzer 3 project",
        (".dna",),
        frozenset({"articles", "spans", "relations", "attributes", "coders"}),
        "dna3",
        **_READ_WRITE,
    ),
    FormatEntry(
        "dna",
        "Discourse Network Analyzer statements and networks",
        (".csv",),
        frozenset({"relations", "attributes", "coders"}),
        "dna",
        writes=True,
        folder=True,
    ),
)


def entry(name: str) -> FormatEntry:
    """Return the registry's entry of a format; raise KeyError listing the known names."""
    for candidate in ENTRIES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"unknown format {name!r}; known: {', '.join(e.name for e in ENTRIES)}")


def get(name: str) -> Format:
    """Return the format with this name (importing its module); raise KeyError if unknown."""
    return entry(name).load()


def for_path(path: Path) -> Format | None:
    """Return the readable format of a file: by extension, and by content where shared."""
    suffix = path.suffix.lower()
    candidates = [e for e in ENTRIES if e.reads and suffix in e.extensions]
    for candidate in candidates:
        if candidate.sniffs:
            fmt = candidate.load()
            if fmt.sniff is not None and fmt.sniff(path):
                return fmt
    chosen = next((e for e in candidates if not e.sniffs), candidates[0] if candidates else None)
    return chosen.load() if chosen is not None else None


def for_folder(folder: Path) -> Format | None:
    """Return the folder format whose files a folder holds (brat, XMI, WebAnno TSV), if any
    (a folder of .txt articles has none)."""
    for candidate in ENTRIES:
        if not (candidate.reads and candidate.folder):
            continue
        extensions = [ext for ext in candidate.extensions if ext != ".zip"]
        if any(next(folder.rglob(f"*{ext}"), None) for ext in extensions):
            return candidate.load()
    return None


def readable() -> list[FormatEntry]:
    """Return the formats that can be imported."""
    return [e for e in ENTRIES if e.reads]


def writable() -> list[FormatEntry]:
    """Return the formats that can be exported."""
    return [e for e in ENTRIES if e.writes]


def __getattr__(name: str) -> tuple[Format, ...]:
    # FORMATS (every Format, with its reader and writer) imports every format module: only
    # for callers that need them all (tests that go over the whole registry).
    if name == "FORMATS":
        return tuple(e.load() for e in ENTRIES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
