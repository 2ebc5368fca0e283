"""Plain-text articles: one ``.txt`` file per article, or a folder of them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.formats.base import (
    ArticleError,
    ArticleRecord,
    Format,
    FormatContext,
    Origin,
    ReadResult,
    make_article,
    read_text_or_report,
)

EXTENSIONS = (".txt",)


def text_files(folder: Path) -> list[Path]:
    """Return the ``.txt`` files in a folder and its subfolders, sorted by path."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)


def read_text_file(path: Path, result: ReadResult, context: FormatContext | None = None) -> None:
    """Read one article from a text file into the result, or record why it cannot be read."""
    result.articles += scan_text_file(path, result, context)


def scan_text_file(
    path: Path, result: ReadResult, context: FormatContext | None = None
) -> Iterator[ArticleRecord]:
    """Yield the article of a text file, or record why it cannot be read."""
    text = read_text_or_report(path, result)
    if text is None:
        return
    origin = Origin(str(path))
    try:
        article = make_article(text, source=path.name)
    except ArticleError as exc:
        result.problems.append(origin.problem(str(exc), code=exc.code))
        return
    yield ArticleRecord(article, origin)


FORMAT = Format(
    name="text",
    title="Plain-text articles",
    extensions=EXTENSIONS,
    carries=frozenset({"articles"}),
    read=read_text_file,
    scan=scan_text_file,
)
