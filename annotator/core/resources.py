"""Locate files shipped with annotator: the bundled corpus, JSON Schemas and tag sets."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _bundled_dir(name: str) -> Path:
    # A wheel carries top-level folders under annotator/_bundled/; a source checkout or an
    # editable install finds them beside the package.
    for candidate in (_PACKAGE_DIR / "_bundled" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def corpus_dir() -> Path:
    """Return the folder of the bundled news articles."""
    return _bundled_dir("corpus")


def schema_path(name: str) -> Path:
    """Return the path of a JSON Schema shipped in ``schemas/``."""
    return _bundled_dir("schemas") / name


def default_tagset_path() -> Path:
    """Return the path of the default political-claims tag set."""
    return _PACKAGE_DIR / "tagsets" / "political_claims.json"


def default_guidelines_path() -> Path:
    """Return the path of the coding guidelines written for the default tag set (Markdown)."""
    return _PACKAGE_DIR / "tagsets" / "political_claims.md"
