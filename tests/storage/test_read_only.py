"""A project the user cannot write opens read-only (issue 12, point 7): reading, searching,
exporting and agreement work; a change is refused with one clear message; nothing is written."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import ReadOnlyError
from annotator.core.model import ArticleFilter, ArticleStatus, MarkKind
from annotator.session import Session
from tests.conftest import add, code_two_coders


def frozen_copy(session, tmp_path):
    """Return a copy of a coded project, closed, its bytes as they are."""
    code_two_coders(session)
    session.close()
    copy = tmp_path / "frozen" / "p.db"
    copy.parent.mkdir()
    shutil.copy(session.path, copy)
    return copy


def test_read_only_reads_exports_and_refuses_changes(session, tmp_path):
    path = frozen_copy(session, tmp_path)
    before = path.read_bytes()
    reader = Session.open(path, "carol", read_only=True)
    assert reader.store.read_only and reader.annotator == "carol"
    summaries = reader.article_summaries()
    assert len(summaries) == 5
    found = reader.article_list_keys(ArticleFilter(text="Pakistan"))
    assert 0 < len(found) <= 5
    out = tmp_path / "out.jsonl"
    assert reader.export_file(out) > 0
    rows = reader.agreement()
    assert rows and all(row.measure for row in rows)
    with pytest.raises(ReadOnlyError, match="is open read-only .*: nothing was changed"):
        reader.set_status(summaries[0].id, ArticleStatus.DONE)
    with pytest.raises(ReadOnlyError):
        add(reader, summaries[0].id, MarkKind.ACTOR, "Pakistan", "Country")
    reader.close()
    assert path.read_bytes() == before  # not even the coder was recorded


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any file: permissions cannot refuse")
def test_an_unwritable_file_opens_read_only_by_itself(session, tmp_path):
    path = frozen_copy(session, tmp_path)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        result = CliRunner().invoke(cli, ["articles", "--db", str(path)])
        assert result.exit_code == 0 and "5 article(s)" in result.output
        status = CliRunner().invoke(cli, ["status", "--db", str(path), "0", "done"])
        assert "is open read-only" in status.output
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
