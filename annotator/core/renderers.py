"""One table, printed for people or programs: renderers registered by name.

A command hands a :class:`Table` (a title, columns, rows, and for a report in several parts the
section of each row) to the renderer the user chose; the commands' ``--format`` choices are the
registry's names, so a renderer added here is offered everywhere. ``table`` lines columns up
for a terminal (wide CJK characters take two cells), ``csv`` and ``json`` are for programs,
``html`` is one self-contained page from an autoescaped Jinja2 template. No click and no Qt,
so the window can reuse them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from annotator.core.text_table import cell, display_width, statistic

if TYPE_CHECKING:
    import jinja2

# text: cut to its width with "…"; id: its first `width` characters (a prefix the commands
# accept); count and statistic: right-aligned and never cut, since a cut number would lie.
ColumnKind = Literal["text", "id", "count", "statistic"]
Row = Sequence[Any]


@dataclass(frozen=True)
class Column:
    """One column: its key for programs, its title for people, and how a terminal shows it."""

    key: str  # CSV header and JSON key
    title: str = ""  # terminal and HTML header (the key when empty)
    kind: ColumnKind = "text"
    width: int | None = None  # terminal cells; None: the value as it is (a last column)
    grow: bool = False  # widen to the longest value instead of cutting
    gap: int = 1  # spaces before the column in the terminal table
    terminal: bool = True  # False: left out of the terminal table, whose lines are full

    @property
    def heading(self) -> str:
        """Return the name people read."""
        return self.title or self.key

    @property
    def right(self) -> bool:
        """Return whether values are aligned to the right (numbers are)."""
        return self.kind in ("count", "statistic")


@dataclass(frozen=True)
class Table:
    """Rows under columns; with ``sections``, each row's section (one HTML table per section)."""

    title: str
    columns: Sequence[Column]
    rows: Sequence[Row]
    sections: Sequence[str] = ()  # empty: all rows in one section
    intro: str = ""  # what the table covers (HTML: under the title and in every caption)
    note: str = ""  # how to read it (HTML: in every caption)

    def grouped(self) -> list[tuple[str, list[Row]]]:
        """Return (section, rows) pairs, sections in the order of their first row."""
        if not self.sections:
            return [("", list(self.rows))]
        groups: dict[str, list[Row]] = {}
        for section, row in zip(self.sections, self.rows, strict=True):
            groups.setdefault(section, []).append(row)
        return list(groups.items())


Renderer = Callable[[Table], str]
RENDERERS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a function that renders a Table as text under a name (a --format choice)."""

    def register(render: Renderer) -> Renderer:
        RENDERERS[name] = render
        return render

    return register


def names() -> list[str]:
    """Return the renderers' names in the order they were registered."""
    return list(RENDERERS)


def render(table: Table, name: str) -> str:
    """Return the table rendered by the named renderer (every line ends with a newline)."""
    try:
        chosen = RENDERERS[name]
    except KeyError:
        raise ValueError(f"no renderer {name!r} (known: {', '.join(RENDERERS)})") from None
    return chosen(table)


def shown(column: Column, value: Any) -> str:
    """Return a value as people read it: statistics to 3 places ("n/a" if undefined), ids short."""
    if value is None:
        return ""
    if column.kind == "statistic":
        return statistic(value)
    text = str(value)
    if column.kind == "id" and column.width is not None:
        return text[: column.width]
    return text


@renderer("table")
def render_table(table: Table) -> str:
    """Return the rows as columns lined up for a terminal, under one header line."""
    picked = [(i, c) for i, c in enumerate(table.columns) if c.terminal]
    rows = [[shown(c, row[i]) for i, c in picked] for row in table.rows]
    widths = []
    for j, (_, column) in enumerate(picked):
        width = column.width
        if column.grow:
            longest = max((display_width(row[j]) for row in rows), default=0)
            width = max(width or 0, longest, display_width(column.heading))
        widths.append(width)
    columns = [c for _, c in picked]
    lines = [_line([c.heading for c in columns], columns, widths)]
    lines += [_line(row, columns, widths) for row in rows]
    return "".join(line + "\n" for line in lines)


def _line(texts: Sequence[str], columns: Sequence[Column], widths: Sequence[int | None]) -> str:
    parts = []
    for j, (text, column, width) in enumerate(zip(texts, columns, widths, strict=True)):
        if width is None:
            fitted = text
        elif column.right:  # numbers are padded, never cut
            fitted = " " * (width - display_width(text)) + text
        else:
            fitted = cell(text, width)
        parts.append((" " * column.gap if j else "") + fitted)
    return "".join(parts)


@renderer("csv")
def render_csv(table: Table) -> str:
    """Return the rows as CSV under the columns' keys, statistics as in the terminal table."""
    import csv  # imported when used, as are json and Jinja2: start-up stays quick
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(c, v) for c, v in zip(table.columns, row, strict=True)])
    return buffer.getvalue()


def _csv_value(column: Column, value: Any) -> Any:
    if column.kind == "statistic" and value is not None:
        return statistic(value)
    return value


@renderer("json")
def render_json(table: Table) -> str:
    """Return the rows as a JSON list of objects keyed by the columns' keys, values unrounded."""
    import json

    data = [{c.key: v for c, v in zip(table.columns, row, strict=True)} for row in table.rows]
    # An undefined statistic stays NaN (Python's json reads it back) instead of failing the dump.
    return json.dumps(data, indent=1, allow_nan=True) + "\n"


@renderer("html")
def render_html(table: Table) -> str:
    """Return the table as one self-contained HTML page: one HTML table per section."""
    sections = []
    for name, rows in table.grouped():
        cells = [
            [(c.kind, shown(c, v)) for c, v in zip(table.columns, row, strict=True)] for row in rows
        ]
        sections.append((name, cells))
    return _environment().get_template("report.html.j2").render(table=table, sections=sections)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    # Autoescaping on for every value: coder names, labels and titles come from users' files.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("annotator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
