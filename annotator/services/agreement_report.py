"""The agreement report as a table: its columns, its sections, and as one HTML page.

Pure: it arranges :class:`AgreementRow` lists that the session computed into a
:class:`~annotator.core.renderers.Table`, which any registered renderer prints; the page comes
from the ``html`` renderer's autoescaped template (no external assets, no JavaScript).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.renderers import Column, Table, render
from annotator.services.agreement import AgreementRow

USED_NOTE = (
    "Used: the items, spans or values a measure counted. Left out: those it could not use "
    "(spans no other coder matched, items a coder left empty, values alone in their unit, "
    "overlapping spans of one coder), so nothing is dropped silently. n/a: undefined, e.g. "
    "nobody used the label."
)

# The columns every report has; a by-article report adds ARTICLE_COLUMN.
COLUMNS = (
    Column("measure", width=30, grow=True),
    Column("subject", width=34),
    Column("coders", width=16),
    Column("value", kind="statistic", width=7),
    Column("used", kind="count", width=5),
    Column("left_out", "left out", kind="count", width=8),
)
# Left out of the terminal table: its lines are full, and the subject is the article's title.
ARTICLE_COLUMN = Column("article_id", "article", kind="id", width=8, terminal=False)


def section_of(row: AgreementRow) -> str:
    """Return the report section a row belongs to, from its subject and measure."""
    subject = row.subject
    if row.article_id is not None:
        return "Articles, least agreement first"
    if row.measure.startswith("mean "):
        return f"{row.coders} against each other coder"
    if subject in ("tone", "focus stance", "document fields") or subject.startswith("topic:"):
        return "Document labels"
    if subject.startswith(("actor:", "claim:", "sentiment:")):
        return "Span labels"
    if subject.endswith(" spans"):
        return "Spans"
    if subject.startswith("claim "):
        return "Claims (matched by overlap)"
    if subject.startswith("sentiment "):
        return "Sentiment marks (matched by overlap)"
    return "Other"


def agreement_table(
    rows: Sequence[AgreementRow],
    scope: tuple[Sequence[str], int] | None = None,
    title: str = "Inter-coder agreement",
) -> Table:
    """Return the rows as a table in sections; scope (coders, articles all coded) for its intro."""
    by_article = any(r.article_id is not None for r in rows)
    columns = COLUMNS + (ARTICLE_COLUMN,) if by_article else COLUMNS
    cells = []
    for r in rows:
        line: tuple[object, ...] = (r.measure, r.subject, r.coders, r.value, r.used, r.left_out)
        cells.append(line + (r.article_id,) if by_article else line)
    intro = ""
    if scope is not None:
        coders, n_articles = scope
        intro = f"Coders: {', '.join(coders)}; {n_articles} article(s) coded by all of them."
    return Table(
        title, columns, cells, sections=[section_of(r) for r in rows], intro=intro, note=USED_NOTE
    )


def render_html(
    rows: Sequence[AgreementRow],
    coders: Sequence[str],
    n_articles: int,
    title: str = "Inter-coder agreement",
) -> str:
    """Return the report as an HTML page: one table per section, each with a caption."""
    return render(agreement_table(rows, (coders, n_articles), title), "html")
