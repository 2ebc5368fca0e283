"""The project's agreement report: document labels and spans between two coders."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import add


def two_coders(path):
    """Return a project where alice and bob coded the first two articles, partly alike."""
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    first, second = [s.id for s in session.article_summaries()[:2]]
    for coder, tones, needles in (
        ("alice", ("positive", "negative"), ["China", "Pakistan"]),
        ("bob", ("positive", "neutral"), ["China", "India"]),
    ):
        session.set_annotator(coder)
        for article_id, tone in zip((first, second), tones, strict=True):
            session.set_document_labels(DocumentLabels(article_id, coder, tone=tone))
        for needle in needles:
            add(session, first, MarkKind.ACTOR, needle, "Country")
    return session


def test_report_rows_have_values_and_counts(tmp_path):
    """Tone kappa uses both articles; actor F1 counts one match and two unmatched spans."""
    session = two_coders(tmp_path / "p.db")
    rows = {(r.measure, r.subject, r.coders): r for r in session.agreement()}
    tone = rows[("Cohen kappa", "tone", "alice+bob")]
    assert tone.used == 2 and tone.left_out == 0
    assert round(tone.value, 3) == 0.333
    actors = rows[("F1 (exact match)", "actor spans", "alice+bob")]
    assert (actors.used, actors.left_out, round(actors.value, 3)) == (1, 2, 0.5)
    assert ("Krippendorff alpha", "tone", "all (2)") in rows
    session.close()


def test_agreement_command_prints_csv(tmp_path):
    """`annotator agreement --format csv` prints one line per measure."""
    two_coders(tmp_path / "p.db").close()
    result = CliRunner().invoke(
        cli, ["agreement", "--format", "csv", "--db", str(tmp_path / "p.db")]
    )
    lines = result.output.splitlines()
    assert lines[0] == "measure,subject,coders,value,used,left_out"
    assert "Cohen kappa,tone,alice+bob,0.333,2,0" in lines
    data = json.loads(
        CliRunner()
        .invoke(cli, ["agreement", "--format", "json", "--db", str(tmp_path / "p.db")])
        .output
    )
    assert {"measure", "subject", "coders", "value", "used", "left_out"} == set(data[0])


def test_articles_are_listed_least_agreement_first(tmp_path):
    """The first article (China agreed, Pakistan vs India) comes before an unmarked one."""
    session = two_coders(tmp_path / "p.db")
    rows = session.disagreement_by_article()
    first = session.article(session.article_summaries()[0].id).title
    assert rows[0].subject == first
    assert rows[0].article_id == session.article_summaries()[0].id  # the GUI opens it
    assert (rows[0].used, rows[0].left_out, round(rows[0].value, 3)) == (1, 2, 0.5)
    assert len(rows) == 2
    session.close()
