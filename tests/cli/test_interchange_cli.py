"""CLI options of import and export: label maps, lenient, format options, article selection."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import MarkKind
from annotator.session import Session
from tests.conftest import add


def run(*args):
    """Invoke the CLI and return the result."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_bad_map_label_is_a_usage_error(tmp_path):
    """--map-label must be FROM=KIND:LABEL."""
    result = run("import", tmp_path, "--map-label", "PER=person", "--db", tmp_path / "p.db")
    assert result.exit_code == 2
    assert "'person' is not KIND:LABEL (KIND actor, claim or sentiment) or skip" in result.output


def test_export_articles_search_selects_records(tmp_path):
    """--articles keeps only articles matching a full-text search."""
    db = tmp_path / "p.db"
    session = Session.open(db, "alice")
    session.import_bundled_corpus()
    for summary in session.article_summaries():
        text = session.article(summary.id).text
        if "China" in text:
            add(session, summary.id, MarkKind.ACTOR, "China", "Country")
    session.close()
    out = tmp_path / "out.jsonl"
    result = run("export", "--articles", "Zhao Lijian", out, "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 and "Zhao Lijian" in records[0]["text"]


def test_csv_import_with_text_column(tmp_path):
    """--text-column picks the CSV column holding the text."""
    path = tmp_path / "a.csv"
    path.write_text("body\nA short article about the corridor.\n", encoding="utf-8")
    result = run("import", path, "--text-column", "body", "--db", tmp_path / "p.db")
    assert result.output == "1 article(s) added\n"


def test_export_gold_writes_only_the_gold_layer(tmp_path):
    """--gold exports the adjudicated layer only, and says so in each record."""
    db = tmp_path / "p.db"
    session = Session.open(db, "alice")
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "China", "Country")
    session.set_annotator("gold")
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    session.close()
    out = tmp_path / "gold.jsonl"
    assert run("export", "--gold", out, "--db", db).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["annotator"], [m["text"] for m in r["marks"]]) for r in records] == [
        ("gold", ["Xinhua"])
    ]
    assert run("export", "--gold", "--annotator", "alice", out, "--db", db).exit_code == 2


def test_merge_command_reports_what_it_brought(tmp_path):
    """`annotator merge` prints what was added and proposes same-name actors."""
    for name, coder in (("a.db", "alice"), ("b.db", "bob")):
        session = Session.open(tmp_path / name, coder)
        session.import_bundled_corpus()
        add(session, session.article_summaries()[0].id, MarkKind.ACTOR, "China", "Country")
        session.close()
    result = run("merge", tmp_path / "b.db", "--db", tmp_path / "a.db")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("added: 1 coders, 1 actors, 1 marks")
    assert lines[1] == "updated: nothing"
    assert lines[2] == "deleted: nothing"
    assert lines[3] == "1 proposed actor link(s) (one actor under two ids?):"
    assert lines[4].startswith("  1. 'China' (Country; 1 mark(s); ")
    assert lines[5] == "link them with `annotator link-actors` (or merge with --link-actors)"
    again = run("merge", tmp_path / "b.db", "--db", tmp_path / "a.db")
    assert again.output.splitlines()[0] == "added: nothing"


def test_premerge_command(tmp_path):
    """`annotator premerge` fills the gold layer from agreed marks."""
    db = tmp_path / "p.db"
    session = Session.open(db, "alice")
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    for coder in ("alice", "bob"):
        session.set_annotator(coder)
        add(session, article_id, MarkKind.ACTOR, "China", "Country")
    session.close()
    result = run("premerge", "--db", db)
    assert result.output == "1 mark(s) in the gold layer from 5 article(s) (rule: all)\n"
