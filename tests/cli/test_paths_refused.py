"""Paths that cannot be written are refused by name, never with a traceback (issue 12,
point 10): an export into a missing folder or under a file, and --db under a file."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli import cli


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_export_into_a_missing_folder(tmp_path):
    db = tmp_path / "p.db"
    assert run("import", "--db", db, tmp_path / "none.txt").exit_code == 1  # makes the project
    result = run("export", "--db", db, "--format", "jsonl", tmp_path / "missing" / "out.jsonl")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"Error: {tmp_path / 'missing'}: no such folder; create it first" in result.output


def test_export_and_db_under_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("", encoding="utf-8")
    db = tmp_path / "p.db"
    run("import", "--db", db, tmp_path / "none.txt")
    for format_name, out in (("jsonl", afile / "out.jsonl"), ("brat", afile / "brat")):
        result = run("export", "--db", db, "--format", format_name, out)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
        assert f"Error: {afile} is a file, not a folder: cannot write under it" in result.output
    article = tmp_path / "a.txt"
    article.write_text("An article on the corridor.", encoding="utf-8")
    result = run("import", "--db", afile / "p.db", article)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"Error: {afile / 'p.db'}: {afile} is a file, not a folder" in result.output
