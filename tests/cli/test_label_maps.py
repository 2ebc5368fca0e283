"""Mapping other tools' labels at scale (issue 13, point 5): `--label-map FILE` (JSON or CSV) or
`ner`, `skip` leaving marks out, labels with '=', and the project remembering its map."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import cli
from annotator.session import Session

TEXT = "Imran Khan of Pakistan met officials of the CPC in Beijing on 5 May."


def ner_file(tmp_path, name="ner.jsonl", text=TEXT):
    spans = [("Imran Khan", "PER"), ("Pakistan", "GPE"), ("CPC", "ORG"), ("5 May", "DATE")]
    label = [[text.index(t), text.index(t) + len(t), tag] for t, tag in spans]
    path = tmp_path / name
    path.write_text(json.dumps({"text": text, "label": label}) + "\n", encoding="utf-8")
    return path


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def stored(db):
    session = Session.open(db, "reader")
    try:
        [article] = session.article_summaries()
        [coder] = session.store.coders_of(article.id)
        return sorted(
            (m.text, m.kind.value, m.label) for m in session.store.marks_for(article.id, coder)
        )
    finally:
        session.close()


EXPECTED = [
    ("CPC", "actor", "Organization"),
    ("Imran Khan", "actor", "Person"),
    ("Pakistan", "actor", "Country"),
]


def test_the_usual_ner_tags_with_label_map_ner(tmp_path):
    db = tmp_path / "p.db"
    result = run("import", "--db", db, "--label-map", "ner", ner_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert "1 mark(s) labelled 'DATE' left out (skip)" in result.output
    assert stored(db) == EXPECTED


def test_a_json_or_csv_label_map_file(tmp_path):
    as_json = tmp_path / "map.json"
    as_json.write_text(
        json.dumps(
            {
                "PER": "actor:Person",
                "GPE": "actor:Country",
                "ORG": "actor:Organization",
                "DATE": "skip",
            }
        )
    )
    db = tmp_path / "p.db"
    assert run("import", "--db", db, "--label-map", as_json, ner_file(tmp_path)).exit_code == 0
    assert stored(db) == EXPECTED
    as_csv = tmp_path / "map.csv"
    as_csv.write_text("PER,actor:Government\nGPE,actor:Country\nORG,skip\nDATE,skip\n")
    other = tmp_path / "q.db"
    assert run("import", "--db", other, "--label-map", as_csv, ner_file(tmp_path)).exit_code == 0
    assert stored(other) == [
        ("Imran Khan", "actor", "Government"),
        ("Pakistan", "actor", "Country"),
    ]


def test_map_label_wins_over_the_file_and_takes_labels_with_equals(tmp_path):
    text = "Pakistan and China."
    path = tmp_path / "eq.jsonl"
    label = [[0, 8, "type=GPE"], [13, 18, "GPE"]]
    path.write_text(json.dumps({"text": text, "label": label}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run(
        "import",
        "--db",
        db,
        "--label-map",
        "ner",
        "--map-label",
        "type=GPE=actor:Government",
        "--map-label",
        "GPE=actor:International organization",
        path,
    )
    assert result.exit_code == 0, result.output
    assert stored(db) == [
        ("China", "actor", "International organization"),
        ("Pakistan", "actor", "Government"),
    ]


def test_the_project_remembers_its_map_for_the_next_import(tmp_path):
    db = tmp_path / "p.db"
    assert run("import", "--db", db, "--label-map", "ner", ner_file(tmp_path)).exit_code == 0
    again = ner_file(
        tmp_path, "more.jsonl", text="Imran Khan of Pakistan met the CPC on 5 May again."
    )
    result = run("import", "--db", db, again)  # no map given: the saved one is used, and said
    assert result.exit_code == 0, result.output
    assert "mapped as saved in the project: DATE → skip, GPE → actor:Country" in result.output
    session = Session.open(db, "reader")
    assert session.saved_label_map()["PER"] is not None
    session.close()


def test_a_bad_label_map_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "map.csv"
    bad.write_text("PER,actor:Person\nORG,organisation\n")
    result = run("import", "--db", tmp_path / "p.db", "--label-map", bad, ner_file(tmp_path))
    assert result.exit_code == 1
    assert "map.csv:2: 'organisation' is not KIND:LABEL" in result.output
