"""Coders and assignments: each coder's queue, per-status counts, merged with projects."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import ArticleFilter, ArticleStatus, DocumentLabels
from annotator.session import Session


def test_queue_filter_and_coder_overview(session):
    """Assigned articles form the coder's queue; the overview counts marks, queue, statuses."""
    ids = [s.id for s in session.article_summaries()]
    assert session.assign(ids[:2], "alice") == 2
    assert session.assign(ids[:2], "alice") == 0
    queue = session.article_summaries(filter=ArticleFilter(assigned_only=True))
    assert [s.id for s in queue] == ids[:2]
    session.set_document_labels(DocumentLabels(ids[0], "alice", status=ArticleStatus.DONE))
    assert session.coders() == [("alice", 0, 2, {"done": 1})]
    assert session.unassign([ids[0]], "alice") == 1
    assert [s.id for s in session.article_summaries(filter=ArticleFilter(assigned_only=True))] == [
        ids[1]
    ]


def test_assign_and_coders_commands(tmp_path):
    """`annotator assign` puts articles on a queue; `annotator coders` shows it."""
    db = tmp_path / "p.db"
    session = Session.open(db, "lead")
    session.import_bundled_corpus()
    prefix = session.article_summaries()[0].id[:8]
    session.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["assign", "bob", prefix, "--db", str(db)])
    assert result.output == "1 article(s) added to bob's queue\n"
    lines = runner.invoke(cli, ["coders", "--db", str(db)]).output.splitlines()
    assert lines[1].split() == ["bob", "0", "1", "-"]
