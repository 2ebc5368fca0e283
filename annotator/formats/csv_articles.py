"""CSV of articles: one article per row, the text in a chosen column (import only).

Columns ``title``, ``date`` and ``source`` are used when present; every other column goes into
the article's ``meta``. The text column is ``text`` unless the ``text_column`` option names
another (CLI: ``--text-column``). The file is read as UTF-8 (a BOM is allowed).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from annotator.core.errors import ProblemCode
from annotator.formats.base import (
    ArticleError,
    ArticleRecord,
    Format,
    FormatContext,
    FormatOption,
    Origin,
    ReadResult,
    make_article,
    read_text_or_report,
)

_KNOWN = ("title", "date", "source")


def read_csv_file(path: Path, result: ReadResult, context: FormatContext | None = None) -> None:
    """Read one article per CSV row, collecting a problem per bad row."""
    column = (context.options.get("text_column") if context else None) or "text"
    content = read_text_or_report(path, result)
    if content is None:
        return
    # The csv module refuses a field over 128 KiB, and an article's text is one field: a long
    # report (or a book chapter) is no error. The file is held whole already.
    csv.field_size_limit(max(csv.field_size_limit(), len(content) + 1))
    reader = csv.DictReader(io.StringIO(content, newline=""))
    if reader.fieldnames is None or column not in reader.fieldnames:
        found = ", ".join(reader.fieldnames or []) or "none"
        result.problems.append(
            Origin(str(path), 1).problem(
                f"no column {column!r} (columns: {found}); choose one with --text-column",
                skippable=False,
                code=ProblemCode.MISSING_TEXT,
            )
        )
        return
    for row in reader:
        origin = Origin(str(path), reader.line_num)
        if None in row:
            result.problems.append(
                origin.problem("more values than columns", code=ProblemCode.BAD_SYNTAX)
            )
            continue
        meta = {k: v for k, v in row.items() if k not in (column, *_KNOWN) and v not in (None, "")}
        try:
            article = make_article(
                row.get(column) or "",
                title=row.get("title") or None,
                date=row.get("date") or None,
                source=row.get("source") or path.name,
                meta=meta,
            )
        except ArticleError as exc:
            result.problems.append(origin.problem(str(exc), code=exc.code))
            continue
        result.articles.append(ArticleRecord(article, origin))


FORMAT = Format(
    name="csv",
    title="CSV of articles",
    extensions=(".csv",),
    carries=frozenset({"articles"}),
    read=read_csv_file,
    read_options=(
        FormatOption(
            "text_column",
            "Column holding the text",
            default="text",
            help="The CSV column with each article's text (--text-column)",
        ),
    ),
)
