"""The HTML agreement report: one self-contained page, one table per section, all escaped."""

from __future__ import annotations

import json
import math
from html.parser import HTMLParser

from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import MarkKind
from annotator.core.resources import default_tagset_path
from annotator.services.agreement import AgreementRow
from annotator.services.agreement_report import USED_NOTE, render_html, section_of
from annotator.session import Session
from tests.conftest import add
from tests.services.test_agreement_views import three_coders

VOID = {"meta", "br", "hr", "img", "link", "input"}


class Tables(HTMLParser):
    """Collect each table's caption and rows of cell texts; check that tags nest."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tables: list[dict] = []
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th", "caption"):
            self._text = []

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append("".join(self._text or []))
            self._text = None
        elif tag == "caption":
            self.tables[-1]["caption"] = "".join(self._text or [])
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def parse(page: str) -> Tables:
    parser = Tables()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], parser.stack
    return parser


def test_values_are_escaped_and_nan_shows_as_not_available():
    rows = [
        AgreementRow("Cohen kappa", "<script>alert(1)</script>", "a&b+c", 0.5, 3, 1),
        AgreementRow("Cohen kappa", "tone", "a&b+c", math.nan, 0, 2),
    ]
    page = render_html(rows, ["a&b", "c"], 7)
    assert "<script>" not in page and "&lt;script&gt;" in page
    tables = parse(page).tables
    assert len(tables) == 2  # "Other" and "Document labels"
    assert tables[0]["rows"][1] == [
        "Cohen kappa",
        "<script>alert(1)</script>",
        "a&b+c",
        "0.500",
        "3",
        "1",
    ]
    assert tables[1]["rows"][1][3:] == ["n/a", "0", "2"]
    assert "Coders: a&b, c; 7 article(s) coded by all of them." in tables[0]["caption"]
    assert USED_NOTE in tables[1]["caption"]


def test_sections_follow_the_subject():
    assert section_of(AgreementRow("Cohen kappa", "topic:CPEC security", "a+b", 1.0, 1, 0)) == (
        "Document labels"
    )
    assert section_of(
        AgreementRow("F1 (exact match)", "claim:CPEC security", "a+b", 1.0, 1, 0)
    ) == ("Span labels")
    assert section_of(
        AgreementRow("Cohen kappa (matched claims)", "claim stance", "a+b", 1, 1, 0)
    ) == ("Claims (matched by overlap)")
    assert section_of(AgreementRow("mean Cohen kappa", "document fields", "bob", 1.0, 1, 0)) == (
        "bob against each other coder"
    )


def test_agreement_command_writes_a_self_contained_page(tmp_path):
    three_coders(tmp_path / "p.db").close()
    db = str(tmp_path / "p.db")
    page = CliRunner().invoke(cli, ["agreement", "--format", "html", "--db", db]).output
    parsed = parse(page)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not [value for name, value in parsed.attrs if name in ("src", "href")]
    captions = [t["caption"].split(" — ")[0] for t in parsed.tables]
    assert captions == [
        "Document labels",
        "Spans",
        "Claims (matched by overlap)",
        "Sentiment marks (matched by overlap)",
    ]
    assert all("Coders: alice, bob, carol; 2 article(s)" in t["caption"] for t in parsed.tables)
    cells = {tuple(row[:3]): row[3:] for t in parsed.tables for row in t["rows"][1:]}
    assert cells[("Cohen kappa", "tone", "alice+bob")] == ["0.333", "2", "0"]
    assert cells[("F1 (overlap match)", "actor spans", "alice+carol")] == ["0.800", "2", "1"]
    assert cells[("Krippendorff alpha (ordinal)", "sentiment intensity", "all (3)")] == [
        "0.800",
        "5",
        "1",
    ]


def test_html_by_article_and_by_coder(tmp_path):
    three_coders(tmp_path / "p.db").close()
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    page = runner.invoke(cli, ["agreement", "--by", "article", "--format", "html", "--db", db])
    (table,) = parse(page.output).tables
    assert table["rows"][0][-1] == "article"
    assert [len(row[-1]) for row in table["rows"][1:]] == [8, 8]
    page = runner.invoke(cli, ["agreement", "--by", "coder", "--format", "html", "--db", db])
    tables = parse(page.output).tables
    assert [t["caption"].split(" — ")[0] for t in tables] == [
        "alice against each other coder",
        "bob against each other coder",
        "carol against each other coder",
    ]
    assert ["mean Cohen kappa", "document fields", "alice", "0.667", "36", "4"] in tables[0]["rows"]


MARKUP_CODER = "<script>alert(1)</script> & sons"
MARKUP_LABEL = "R&D <script>"


def test_markup_in_a_coder_name_and_a_label_is_escaped_on_the_page(tmp_path):
    """A coder or label named like markup shows as text: the page's template autoescapes."""
    tagset = json.loads(default_tagset_path().read_text(encoding="utf-8"))
    tagset["spans"]["actor"].append({"name": MARKUP_LABEL, "color": "#cccccc"})
    tagset_file = tmp_path / "tags.json"
    tagset_file.write_text(json.dumps(tagset), encoding="utf-8")
    db = tmp_path / "p.db"
    session = Session.open(db, "alice")
    session.import_bundled_corpus()
    session.load_tagset(tagset_file)
    article_id = session.article_summaries()[0].id
    for coder in ("alice", MARKUP_CODER):
        session.set_annotator(coder)
        add(session, article_id, MarkKind.ACTOR, "Xi Jinping", MARKUP_LABEL)
    session.close()
    result = CliRunner().invoke(
        cli, ["agreement", "--by", "label", "--format", "html", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    page = result.output
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; sons" in page
    assert "R&amp;D &lt;script&gt;" in page
    parsed = parse(page)
    assert "script" not in parsed.tags
    rows = [row for table in parsed.tables for row in table["rows"][1:]]
    assert [f"actor:{MARKUP_LABEL}", f"{MARKUP_CODER}+alice"] in [row[1:3] for row in rows]
    assert MARKUP_CODER in parsed.tables[0]["caption"]
