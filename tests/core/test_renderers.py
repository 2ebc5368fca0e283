"""Renderers by name: one Table printed as a terminal table, CSV, JSON or an HTML page."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from annotator.core import renderers
from annotator.core.renderers import Column, Table, render
from annotator.core.text_table import display_width

COLUMNS = (
    Column("name", width=10),
    Column("value", kind="statistic", width=7),
    Column("uses", kind="count", width=4),
    Column("left_out", "left out", kind="count", width=8),
    Column("article_id", "article", kind="id", width=8, terminal=False),
)
ROWS = [
    ("Wang Qishan", 0.5, 3, 1, "0123456789abcdef"),
    ("习近平", math.nan, 12345, 0, "fedcba9876543210"),
]


def table(**changes) -> Table:
    """Return the test table with some fields changed."""
    fields = {"title": "Test", "columns": COLUMNS, "rows": ROWS, **changes}
    return Table(**fields)


def test_the_registry_offers_every_format_in_order():
    assert renderers.names()[:4] == ["table", "csv", "json", "html"]
    with pytest.raises(ValueError, match="no renderer 'yaml'"):
        render(table(), "yaml")


@pytest.mark.parametrize("name", renderers.names())
def test_every_renderer_ends_its_output_with_a_newline(name):
    assert render(table(), name).endswith("\n")


def test_terminal_table_lines_up_in_cells_and_shows_undefined_as_not_available():
    lines = render(table(), "table").splitlines()
    assert lines == [
        "name         value uses left out",
        "Wang Qish…   0.500    3        1",
        "习近平         n/a 12345        0",
    ]
    # The CJK name takes two cells a character; numbers are padded, never cut.
    assert display_width(lines[2].split("n/a")[0]) == 10 + 1 + 7 - len("n/a")


def test_terminal_table_grows_a_column_and_leaves_the_last_as_it_is():
    columns = (Column("measure", width=4, grow=True), Column("text", gap=2))
    out = render(table(columns=columns, rows=[("long measure", "a  b"), ("x", "")]), "table")
    assert out == "measure       text\nlong measure  a  b\nx             \n"


def test_an_id_column_shows_its_first_characters():
    columns = (Column("id", kind="id", width=8), Column("title"))
    out = render(table(columns=columns, rows=[("0123456789", "Title")]), "table")
    assert out.splitlines()[1] == "01234567 Title"


def test_csv_uses_keys_and_statistics_as_people_read_them():
    rows = list(csv.reader(io.StringIO(render(table(), "csv"))))
    assert rows == [
        ["name", "value", "uses", "left_out", "article_id"],
        ["Wang Qishan", "0.500", "3", "1", "0123456789abcdef"],
        ["习近平", "n/a", "12345", "0", "fedcba9876543210"],
    ]


def test_json_keeps_values_unrounded_and_ids_whole():
    data = json.loads(render(table(), "json"))
    assert data[0] == {
        "name": "Wang Qishan",
        "value": 0.5,
        "uses": 3,
        "left_out": 1,
        "article_id": "0123456789abcdef",
    }
    assert math.isnan(data[1]["value"])


def test_sections_group_rows_in_the_order_of_their_first_row():
    grouped = table(sections=["b", "a", "b"], rows=[*ROWS, ROWS[0]]).grouped()
    assert [(name, len(rows)) for name, rows in grouped] == [("b", 2), ("a", 1)]
    assert table().grouped() == [("", ROWS)]


def test_flat_renderers_keep_the_rows_in_order_across_sections():
    """Sections are for the page; a terminal, CSV or JSON reader gets the rows as given."""
    rows = [ROWS[0], ROWS[1], ROWS[0]]
    data = json.loads(render(table(rows=rows, sections=["b", "a", "b"]), "json"))
    assert [row["name"] for row in data] == ["Wang Qishan", "习近平", "Wang Qishan"]


def test_html_is_one_escaped_page_with_a_table_per_section():
    page = render(
        table(
            title="A & B",
            rows=[("<b>x</b>", 1.0, 1, 0, "0123456789"), ("y", 0.25, 2, 0, "abcdefghij")],
            sections=["one <i>", "two"],
            intro="Coders: a&b",
            note="Read <this>",
        ),
        "html",
    )
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "<title>A &amp; B</title>" in page
    assert page.count("<table>") == 2
    assert (
        "<caption><strong>one &lt;i&gt;</strong> — Coders: a&amp;b<small>Read &lt;this&gt;" in page
    )
    assert "<td>&lt;b&gt;x&lt;/b&gt;</td>" in page
    assert '<td class="number">1.000</td>' in page
    assert "<td><code>01234567</code></td>" in page
    assert "<th>left out</th>" in page and "<th>article</th>" in page
    assert "<b>" not in page and "<i>" not in page
    assert "http" not in page  # nothing fetched

