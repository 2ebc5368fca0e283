"""The agreement views beyond the main report: per label, per coder, the pair matrix, and the
alpha-u and sentiment rows — on a project three coders coded through the real services."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.agreement import unitizing_alpha
from annotator.core.model import DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import add

ACTORS = {
    "alice": [("China", "Country"), ("Pakistan", "Country"), ("Imran Khan", "Person")],
    "bob": [
        ("China", "Country"),
        ("Pakistan", "Country"),
        ("Pakistan Prime Minister Imran Khan", "Person"),
    ],
    "carol": [("China", "Country"), ("Imran Khan", "Person")],
}
S1 = "discussed steps to enhance security"
S2 = "safety of over 10,000 Chinese people"
S3 = "anti-terrorism and security measures"
SENTIMENT = {  # (needle, polarity, intensity)
    "alice": [(S1, "positive", 2), (S2, "positive", 1)],
    "bob": [(S1, "positive", 3), (S2, "negative", 1)],
    "carol": [(S1, "positive", 2), (S3, "negative", 3)],
}
TONES = {
    "alice": ("positive", "negative"),
    "bob": ("positive", "neutral"),
    "carol": ("positive", "negative"),
}


def three_coders(path) -> Session:
    """Return a project where alice, bob and carol coded the first two articles."""
    session = Session.open(path, "alice")
    session.import_bundled_corpus()
    first, second = [s.id for s in session.article_summaries()[:2]]
    for coder in ("alice", "bob", "carol"):
        session.set_annotator(coder)
        for article_id, tone in zip((first, second), TONES[coder], strict=True):
            session.set_document_labels(DocumentLabels(article_id, coder, tone=tone))
        for needle, label in ACTORS[coder]:
            add(session, first, MarkKind.ACTOR, needle, label)
        for needle, polarity, intensity in SENTIMENT[coder]:
            mark = add(session, first, MarkKind.SENTIMENT, needle, polarity)
            session.update_mark(mark.with_changes(intensity=intensity))
    return session


@pytest.fixture
def team(tmp_path):
    session = three_coders(tmp_path / "team.db")
    yield session
    session.close()


def by_key(rows):
    return {(r.measure, r.subject, r.coders): r for r in rows}


def check(row, value, used, left_out):
    assert (round(row.value, 3), row.used, row.left_out) == (value, used, left_out)


def test_scope_is_the_coders_and_their_shared_articles(team):
    names, shared = team.agreement_scope()
    assert names == ["alice", "bob", "carol"]
    assert shared == sorted(s.id for s in team.article_summaries()[:2])
    assert team.agreement_scope(["carol", "alice", "carol", "nobody"])[0] == ["carol", "alice"]


def test_intensity_is_ordinal_alpha_on_matched_sentiment_marks(team):
    """Units: S1 (2, 3, 2), S2 (1, 1, –), S3 (–, –, 3); by hand D_o = 0.9, D_e = 4.5."""
    rows = by_key(team.agreement())
    check(rows[("Krippendorff alpha (ordinal)", "sentiment intensity", "all (3)")], 0.8, 5, 1)
    # alice+bob alone: (2, 3) and (1, 1); D_o = 0.5, D_e = 3.
    check(rows[("Krippendorff alpha (ordinal)", "sentiment intensity", "alice+bob")], 0.833, 4, 0)
    # Polarity on the same units: S1 all positive, S2 positive/negative; D_o = D_e = 0.4.
    check(rows[("Krippendorff alpha", "sentiment polarity", "all (3)")], 0.0, 5, 1)
    # alice+carol share only S1 (2, 2): one value throughout, so alpha is undefined; S2
    # (alice) and S3 (carol) are alone in their unit.
    pair = rows[("Krippendorff alpha (ordinal)", "sentiment intensity", "alice+carol")]
    assert math.isnan(pair.value) and (pair.used, pair.left_out) == (2, 2)


def test_unitizing_alpha_pools_the_shared_articles_end_to_end(team):
    """alpha-u of actor spans equals unitizing_alpha on the first article's offsets."""
    first, second = sorted(s.id for s in team.article_summaries()[:2])
    length = len(team.article(first).text) + 1 + len(team.article(second).text) + 1
    spans = []
    for coder in ("alice", "bob", "carol"):
        team.set_annotator(coder)
        spans.append(
            [(m.start, m.end, m.label) for m in team.marks(first) if m.kind == MarkKind.ACTOR]
        )
    expected = unitizing_alpha(spans, length).value
    row = by_key(team.agreement())[("Krippendorff alpha-u", "actor spans", "all (3)")]
    assert row.value == pytest.approx(expected)
    assert (round(row.value, 3), row.used, row.left_out) == (round(expected, 3), 8, 0)
    assert 0.0 < row.value < 1.0


def test_unitizing_alpha_leaves_out_one_coders_overlapping_spans(tmp_path):
    """alice's nested Person mentions cannot both be units: one is counted as left out."""
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_bundled_corpus()
    first = session.article_summaries()[0].id
    add(session, first, MarkKind.ACTOR, "Pakistan Prime Minister Imran Khan", "Person")
    add(session, first, MarkKind.ACTOR, "Imran Khan", "Person")
    session.set_annotator("bob")
    add(session, first, MarkKind.ACTOR, "Pakistan Prime Minister Imran Khan", "Person")
    rows = by_key(session.agreement())
    check(rows[("Krippendorff alpha-u", "actor spans", "all (2)")], 1.0, 2, 1)
    session.close()


def test_by_label_pools_pairs_and_lists_each_pair(team):
    rows = by_key(team.agreement_by_label())
    # Country: alice and bob agree on two, carol has one: 2 × 4 matched / 10 spans.
    check(rows[("F1 (exact match)", "actor:Country", "all (3)")], 0.8, 4, 2)
    check(rows[("F1 (exact match)", "actor:Country", "alice+bob")], 1.0, 2, 0)
    check(rows[("F1 (exact match)", "actor:Country", "bob+carol")], 0.667, 1, 1)
    # Person: bob's longer span matches only by overlap.
    check(rows[("F1 (exact match)", "actor:Person", "all (3)")], 0.333, 1, 4)
    check(rows[("F1 (overlap match)", "actor:Person", "all (3)")], 1.0, 3, 0)
    check(rows[("F1 (overlap match)", "sentiment:positive", "all (3)")], 0.75, 3, 2)
    check(rows[("F1 (overlap match)", "sentiment:negative", "all (3)")], 0.0, 0, 4)
    assert rows[("Krippendorff alpha-u", "actor:Country", "all (3)")].used == 5
    # Document fields keep Krippendorff's alpha: tone (p, p, p) and (n, u, n) → 1 − 10/22.
    check(rows[("Krippendorff alpha", "tone", "all (3)")], 0.545, 6, 0)
    subjects = list(dict.fromkeys(r.subject for r in team.agreement_by_label()))
    assert subjects[:4] == [
        "actor:Person",
        "actor:Country",
        "sentiment:positive",
        "sentiment:negative",
    ]
    assert "claim:CPEC security" not in subjects  # nobody used it


def test_by_coder_averages_each_coders_pairs(team):
    rows = by_key(team.agreement_by_coder())
    # Tone kappa: alice+bob 1/3, alice+carol 1, bob+carol 1/3; the other fields are undefined.
    check(rows[("mean Cohen kappa", "document fields", "alice")], 0.667, 36, 4)
    check(rows[("mean Cohen kappa", "document fields", "bob")], 0.333, 36, 4)
    # Actor F1 (overlap): alice+bob 1.0, alice+carol 0.8, bob+carol 0.8.
    check(rows[("mean F1 (overlap match)", "actor spans", "alice")], 0.9, 5, 1)
    check(rows[("mean F1 (overlap match)", "actor spans", "carol")], 0.8, 4, 2)
    # Exact: alice+bob 2/3, alice+carol 0.8, bob+carol 0.4.
    check(rows[("mean F1 (exact match)", "actor spans", "bob")], 0.533, 3, 5)
    assert math.isnan(rows[("mean Cohen kappa (matched claims)", "claim attributes", "bob")].value)
    assert ("mean Krippendorff alpha (ordinal)", "sentiment intensity", "carol") in rows
    assert {r.coders for r in team.agreement_by_coder(["alice", "carol"])} == {"alice", "carol"}


def test_pairwise_matrix_is_symmetric_with_a_unit_diagonal(team):
    names, matrix = team.pairwise_matrix("F1 (overlap match)", "actor spans")
    assert names == ["alice", "bob", "carol"]
    assert [[round(v, 3) for v in row] for row in matrix] == [
        [1.0, 1.0, 0.8],
        [1.0, 1.0, 0.8],
        [0.8, 0.8, 1.0],
    ]
    rows = team.agreement()
    _, tone = team.pairwise_matrix("Cohen kappa", "tone", rows=rows)
    assert [[round(v, 3) for v in row] for row in tone] == [
        [1.0, 0.333, 1.0],
        [0.333, 1.0, 0.333],
        [1.0, 0.333, 1.0],
    ]
    _, none = team.pairwise_matrix("Krippendorff alpha-u", "actor spans", rows=rows)
    assert none[0][0] == 1.0 and math.isnan(none[0][1]) and math.isnan(none[2][1])


def test_pair_subjects_are_what_the_matrix_can_show(team):
    subjects = team.pair_subjects()
    assert subjects[0] == ("Cohen kappa", "tone")
    for present in [
        ("F1 (overlap match)", "actor spans"),
        ("F1 (exact match)", "sentiment spans"),
        ("Cohen kappa (matched claims)", "claim stance"),
        ("Krippendorff alpha (ordinal)", "sentiment intensity"),
    ]:
        assert present in subjects
    assert ("Krippendorff alpha-u", "actor spans") not in subjects
    assert ("Fleiss kappa", "tone") not in subjects
    assert len(subjects) == len(set(subjects))


def test_by_article_rows_carry_the_article_id(team):
    rows = team.disagreement_by_article()
    assert {r.article_id for r in rows} == set(team.agreement_scope()[1])
    assert all(r.article_id is None for r in team.agreement())


def test_no_shared_articles_means_no_rows(tmp_path):
    session = Session.open(tmp_path / "p.db", "alice")
    session.import_bundled_corpus()
    first, second = [s.id for s in session.article_summaries()[:2]]
    add(session, first, MarkKind.ACTOR, "China", "Country")
    session.set_annotator("bob")
    add(session, second, MarkKind.ACTOR, "China", "Country")
    assert session.agreement() == session.agreement_by_label() == []
    assert session.agreement_by_coder() == session.pair_subjects() == []
    session.close()


def test_gamma_without_the_extra_is_an_error_naming_it(team, monkeypatch):
    from annotator.core.errors import AnnotatorError
    from annotator.services import agreement

    monkeypatch.setattr(agreement, "gamma_available", lambda: False)
    with pytest.raises(AnnotatorError, match=r"annotator\[gamma\]"):
        team.agreement(gamma=True)


def test_cli_by_label_and_by_coder(tmp_path):
    three_coders(tmp_path / "p.db").close()
    db = str(tmp_path / "p.db")
    runner = CliRunner()
    lines = runner.invoke(cli, ["agreement", "--by", "label", "--format", "csv", "--db", db]).output
    assert "F1 (exact match),actor:Country,all (3),0.800,4,2" in lines.splitlines()
    result = runner.invoke(cli, ["agreement", "--by", "coder", "--db", db])
    assert result.exit_code == 0
    line = next(
        line
        for line in result.output.splitlines()
        if line.startswith("mean F1 (overlap match)") and "actor spans" in line and "alice" in line
    )
    assert line.split()[-4:] == ["alice", "0.900", "5", "1"]
    csv_article = runner.invoke(
        cli, ["agreement", "--by", "article", "--format", "csv", "--db", db]
    )
    assert csv_article.output.splitlines()[0].endswith(",left_out,article_id")
    json_article = runner.invoke(
        cli, ["agreement", "--by", "article", "--format", "json", "--db", db]
    ).output
    assert [len(row["article_id"]) for row in json.loads(json_article)] == [64, 64]
    misuse = runner.invoke(cli, ["agreement", "--by", "label", "--gamma", "--db", db])
    assert misuse.exit_code == 2 and "--gamma goes with --by measure" in misuse.output
