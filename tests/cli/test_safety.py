"""`annotator backup`, `backups`, `restore` and `check`, and the automatic backups made before
imports and merges (issue 12, point 11)."""

from __future__ import annotations

import os
import sqlite3
import time

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import MarkKind
from annotator.session import Session
from tests.conftest import add


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def coded(tmp_path):
    path = tmp_path / "p.db"
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    add(session, session.article_summaries()[0].id, MarkKind.ACTOR, "Pakistan", "Country")
    return session, path


def test_backup_while_open_and_check(tmp_path):
    """A copy made while the project is open is a complete project; check finds it sound."""
    session, path = coded(tmp_path)
    result = run("backup", "--db", path, tmp_path / "copy.db")
    assert result.exit_code == 0, result.output
    copy = Session.open(tmp_path / "copy.db", "bob")
    assert copy.article_count() == 5
    assert [m.text for m in copy.store.marks_for(copy.article_summaries()[0].id, "alice")] == [
        "Pakistan"
    ]
    copy.close()
    checked = run("check", "--db", tmp_path / "copy.db")
    assert checked.exit_code == 0, checked.output
    assert [line.split()[0] for line in checked.output.splitlines()] == ["ok"] * 7
    session.close()


def test_check_finds_a_mark_whose_text_is_not_its_articles(tmp_path):
    """A mark edited behind annotator's back (text no longer the article's slice): BAD, exit 1."""
    session, path = coded(tmp_path)
    session.close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE marks SET text = 'Pakistax'")
    raw.commit()
    raw.close()
    result = run("check", "--db", path)
    assert result.exit_code == 1
    assert "BAD  mark offsets" in result.output


def test_imports_and_merges_are_backed_up_and_restored(tmp_path):
    """An import makes a backup first; restore brings the project back to before it."""
    session, path = coded(tmp_path)
    session.close()
    article = tmp_path / "new.txt"
    article.write_text("A new article on the corridor.", encoding="utf-8")
    assert run("import", "--db", path, article).exit_code == 0
    listed = run("backups", "--db", path)
    assert listed.output.startswith("1 backup(s) of")
    assert "-before-import.db" in listed.output
    [backup] = sorted((tmp_path / "p.db.backups").glob("*-before-import.db"))
    assert Session.open(path, "x").article_count() == 6
    refused = run("restore", "--db", path, backup, input="n\n")
    assert refused.exit_code == 1 and Session.open(path, "x").article_count() == 6
    restored = run("restore", "--db", path, backup, "--yes")
    assert restored.exit_code == 0, restored.output
    assert Session.open(path, "x").article_count() == 5


def test_only_the_newest_backups_are_kept(tmp_path):
    """With --keep 2, three imports leave the two newest backups; --keep 0 makes none."""
    session, path = coded(tmp_path)
    session.close()
    assert run("backups", "--db", path, "--keep", "2").exit_code == 0
    for n in range(3):
        article = tmp_path / f"a{n}.txt"
        article.write_text(f"Article {n} on the corridor.", encoding="utf-8")
        run("import", "--db", path, article)
    assert len(list((tmp_path / "p.db.backups").glob("*.db"))) == 2
    run("backups", "--db", path, "--keep", "0")
    article = tmp_path / "a9.txt"
    article.write_text("Article nine on the corridor.", encoding="utf-8")
    run("import", "--db", path, article)
    assert len(list((tmp_path / "p.db.backups").glob("*.db"))) == 0


def test_a_copy_cut_short_is_cleared_away_later(tmp_path):
    """A hidden part-copy an hour old (its writer was killed) goes at the next automatic
    backup; a younger one (a copy maybe still being written) stays."""
    session, path = coded(tmp_path)
    session.close()
    folder = tmp_path / "p.db.backups"
    folder.mkdir()
    old = folder / ".2026-01-01-before-import.db.x1.partial"
    young = folder / ".2026-01-02-before-import.db.x2.partial-journal"
    for part in (old, young):
        part.write_bytes(b"cut short")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    article = tmp_path / "a.txt"
    article.write_text("An article on the corridor.", encoding="utf-8")
    assert run("import", "--db", path, article).exit_code == 0
    assert not old.exists() and young.exists()
    assert len(list(folder.glob("*-before-import.db"))) == 1


def test_check_finds_tallies_that_differ_from_the_marks(tmp_path):
    """The statistics' tallies are kept by triggers; one changed behind their back is found."""
    session, path = coded(tmp_path)
    session.close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE label_tallies SET n = n + 1")
    raw.commit()
    raw.close()
    result = run("check", "--db", path)
    assert result.exit_code == 1
    assert "BAD  statistics tallies" in result.output
