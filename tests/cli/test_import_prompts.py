"""`annotator import` in a terminal asks which of our labels another tool's labels become;
from a script it fails as before, naming them."""

from __future__ import annotations

import json

from click.testing import CliRunner

import annotator.cli.importing
from annotator.cli import cli
from annotator.session import Session

TEXT = "Officials of Pakistan met in Beijing."


def doccano_file(tmp_path, labels=("GPE", "LOC")):
    path = tmp_path / "ner.jsonl"
    record = {"text": TEXT, "label": [[13, 21, labels[0]], [29, 36, labels[1]]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def run(tmp_path, input=None, labels=("GPE", "LOC")):
    db = tmp_path / "p.db"
    path = doccano_file(tmp_path, labels)
    args = ["import", "--format", "doccano", "--db", str(db), str(path)]
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False), db


def test_unknown_labels_are_asked_for_in_a_terminal(tmp_path, monkeypatch):
    """Each unknown label is asked for once; the import then stores the mapped marks."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: True)
    result, db = run(tmp_path, input="actor:Country\nactor:country\n")
    assert result.exit_code == 0, result.output
    # GPE and LOC are usual NER tags: proposed (Enter takes the proposal shown).
    assert "Proposed for the usual NER tags: GPE → actor:Country, LOC → actor:Country" in (
        result.output
    )
    assert "'GPE' becomes (KIND:LABEL or skip) [actor:Country]" in result.output
    assert "'LOC' becomes" in result.output
    assert result.output.rstrip().endswith(
        "1 article(s) added, 1 annotation record(s) with 2 mark(s)"
    )
    session = Session.open(db)
    [article] = session.article_summaries()
    marks = session.store.marks_for(article.id, session.store.coders_of(article.id)[0])
    assert sorted((m.text, m.label) for m in marks) == [
        ("Beijing", "Country"),
        ("Pakistan", "Country"),
    ]
    session.close()


def test_an_empty_answer_stops_and_stores_nothing(tmp_path, monkeypatch):
    """Giving up at the prompt leaves the project as it was, with the problems shown."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: True)
    result, db = run(tmp_path, input="\n", labels=("GPX", "LOC"))
    assert "'GPX' becomes (KIND:LABEL or skip, empty to stop)" in result.output
    assert result.exit_code == 1
    assert "unknown label 'GPX'" in result.output
    session = Session.open(db)
    assert session.article_count() == 0
    session.close()


def test_a_script_is_not_asked(tmp_path, monkeypatch):
    """Without a terminal the import fails at once, naming the labels and --map-label."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: False)
    result, _db = run(tmp_path)
    assert result.exit_code == 1
    assert "becomes" not in result.output
    assert "--map-label 'GPE'=KIND:LABEL" in result.output


def test_bad_records_are_offered_to_be_skipped_in_a_terminal(tmp_path, monkeypatch):
    """A folder with an unreadable .txt: asked, "y" imports the rest and names the skipped."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: True)
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "good.txt").write_text("An article on the corridor.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"caf\xe9")
    db = tmp_path / "p.db"
    args = ["import", "--db", str(db), str(folder)]
    result = CliRunner().invoke(cli, args, input="y\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Skip the bad records and import the rest? (Skip bad records) [y/N]" in result.output
    assert f"warning: {folder / 'bad.txt'}:1: skipped: not UTF-8 text" in result.output
    assert result.output.rstrip().endswith("1 article(s) added, 1 record(s) skipped")
    no = CliRunner().invoke(cli, args, input="n\n", catch_exceptions=False)
    assert no.exit_code == 1 and "not UTF-8 text" in no.output
