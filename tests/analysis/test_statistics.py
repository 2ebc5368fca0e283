"""The statistics: built from hand-made aggregate rows (pure), and from a coded project (the
storage's queries), each asserted against values counted by hand."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from annotator.analysis import charts
from annotator.analysis.statistics import KEYS, CodingCounts, build_all
from annotator.cli import cli
from annotator.core.model import ArticleStatus, MarkKind
from tests.conftest import add, code_two_coders


def by_key(statistics):
    return {s.key: s for s in statistics}


def test_built_from_rows_as_counted_by_hand():
    counts = CodingCounts(
        articles=10,
        coders=["alice", "bob"],
        status=[("alice", "done", 3), ("alice", "in_progress", 1), ("bob", "skipped", 2)],
        queues=[("alice", 6, 3)],
        minutes=[("alice", 3, 7.0, 7.0)],
        topic_stance=[
            ("Trade", "support", 2),
            ("CPEC security", "oppose", 1),
            ("CPEC security", "", 4),
        ],
        claims_per_month=[
            ("2024-11", "CPEC security", "support", 2),
            ("2025-02", "CPEC security", "oppose", 1),
            ("2025-02", "Trade", "", 3),
            ("", "Trade", "support", 5),
        ],
        topic_order=["CPEC security", "Trade"],
    )
    stats = by_key(build_all(counts))
    assert list(stats) == list(KEYS)
    # 10 articles: alice set 4 statuses (6 untouched are new), bob 2.
    assert stats["progress"].table.rows == [("alice", 6, 1, 3, 0), ("bob", 8, 0, 0, 2)]
    assert stats["progress"].chart.series["done"] == [3, 0]
    assert stats["queues"].table.rows == [("alice", 6, 3, 3)]
    assert stats["time-per-article"].table.rows == [("alice", 3, 7.0, 7.0)]
    topic_stance = stats["claims-by-topic-stance"].chart
    assert topic_stance.categories == ["CPEC security", "Trade"]  # the tag set's order
    assert topic_stance.series == {
        "support": [0.0, 2.0],
        "oppose": [1.0, 0.0],
        "(none)": [4.0, 0.0],
    }
    timeline = stats["timeline-by-topic"]
    # Every month from the first to the last, empty ones as 0; undated claims said, not drawn.
    assert timeline.chart.categories == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert timeline.chart.series == {"CPEC security": [2, 0, 0, 1], "Trade": [0, 0, 0, 3]}
    assert timeline.table.note == "5 claim(s) in articles without a date are not shown."
    assert stats["timeline-by-stance"].table.rows == [
        ("2024-11", "support", 2),
        ("2025-02", "(none)", 3),
        ("2025-02", "oppose", 1),
    ]


def test_an_empty_project_draws_empty_charts(tmp_path):
    stats = build_all(CodingCounts(articles=0, coders=[]))
    assert all(s.table.rows == [] for s in stats)
    written = charts.save(stats[0], tmp_path)
    assert [p.name for p in written] == ["progress.png", "progress.svg"]
    assert "Nothing coded yet" in written[1].read_text(encoding="utf-8")


@pytest.fixture
def coded(session):
    """The bundled corpus coded by alice and bob (tests.conftest.code_two_coders), plus two
    claims by alice with speakers and stances, and alice's first article done."""
    article_id = code_two_coders(session)
    session.set_annotator("alice")
    xi = next(
        m for m in session.marks(article_id) if m.text == "Xi Jinping" and m.annotator == "alice"
    )
    claim = next(m for m in session.marks(article_id) if m.kind == MarkKind.CLAIM)
    session.update_mark(claim.with_changes(speaker_id=xi.actor_id, stance="support"))
    second = session.article_summaries()[1].id
    add(session, second, MarkKind.ACTOR, "Pakistan", "Country")
    new = add(session, second, MarkKind.CLAIM, "Pakistan", "CPEC security")
    country = next(m for m in session.marks(second) if m.kind == MarkKind.ACTOR)
    session.update_mark(new.with_changes(speaker_id=country.actor_id, stance="oppose"))
    session.set_status(article_id, ArticleStatus.DONE)
    session.assign([article_id, second], "alice")
    return session, article_id, second


def test_a_coded_project_counts_as_by_hand(coded):
    session, first, second = coded
    dates = {a.id: a.date for a in session.article_summaries()}
    stats = by_key(session.statistics())
    # Marking the second article put it in progress; the first is done; three are new.
    assert stats["progress"].table.rows == [("alice", 3, 1, 1, 0), ("bob", 5, 0, 0, 0)]
    assert stats["queues"].table.rows == [("alice", 2, 1, 1)]
    labels = {(k, label): n for k, label, n in stats["marks-per-label"].table.rows}
    assert labels == {
        ("actor", "Person"): 3,  # alice's Imran Khan and Xi Jinping, bob's Xi Jinping
        ("actor", "Government"): 1,
        ("actor", "Country"): 1,
        ("claim", "CPEC security"): 2,
        ("sentiment", "positive"): 1,
    }
    assert stats["claims-by-topic-stance"].table.rows == [
        ("CPEC security", "oppose", 1),
        ("CPEC security", "support", 1),
    ]
    top = {name: (m, c) for name, _t, m, c in stats["top-actors"].table.rows}
    assert top["Xi Jinping"] == (2, 1) and top["Pakistan"] == (1, 1)
    # The first article is of 2019-07; the second has no date: its claim is said, not drawn.
    assert (dates[first], dates[second]) == ("2019-07-30", None)
    assert stats["timeline-by-stance"].table.rows == [("2019-07", "support", 1)]
    assert stats["timeline-by-topic"].table.note == (
        "1 claim(s) in articles without a date are not shown."
    )
    [(coder, articles, median, mean)] = stats["time-per-article"].table.rows
    assert (coder, articles) == ("alice", 1) and median == mean >= 0
    only_bob = by_key(session.statistics(["bob"]))
    assert only_bob["progress"].table.rows == [("bob", 5, 0, 0, 0)]
    assert only_bob["claims-by-topic-stance"].table.rows == []


def test_stats_command_prints_and_writes_figures(coded, db_path, tmp_path):
    session, *_ = coded
    session.close()
    runner = CliRunner()
    shown = runner.invoke(cli, ["stats", "--db", str(db_path), "--only", "progress"])
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == "Progress: articles by status per coder"
    assert re.search(r"^alice\s+3\s+1\s+1\s+0$", shown.output, re.M)
    out = tmp_path / "figures"
    written = runner.invoke(
        cli, ["stats", "--db", str(db_path), "--coder", "alice", "--out", str(out)]
    )
    assert written.exit_code == 0, written.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{key}.{suffix}" for key in KEYS for suffix in ("csv", "png", "svg")
    )
    assert (out / "progress.csv").read_text(encoding="utf-8").splitlines() == [
        "coder,new,in_progress,done,skipped",
        "alice,3,1,1,0",
    ]
    assert (out / "progress.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (out / "claims-by-topic-stance.svg").read_text(encoding="utf-8")
    assert "CPEC security" in svg  # text stays text in the SVG
    refused = runner.invoke(cli, ["stats", "--db", str(db_path), "--gold", "--coder", "bob"])
    assert refused.exit_code == 2 and "exclusive" in refused.output


def test_timelines_count_one_actors_claims(coded, db_path):
    session, first, _second = coded
    xi = next(a for a in session.actors() if a.name == "Xi Jinping")
    pakistan = next(a for a in session.actors() if a.name == "Pakistan")
    of_xi = by_key(session.statistics(speaker_id=xi.id))
    assert of_xi["timeline-by-stance"].table.title == (
        "Claims per month by stance: claims made by Xi Jinping"
    )
    assert of_xi["timeline-by-stance"].table.rows == [("2019-07", "support", 1)]
    assert of_xi["timeline-by-topic"].table.rows == [("2019-07", "CPEC security", 1)]
    assert of_xi["timeline-by-topic"].table.note == ""  # Pakistan's undated claim is not Xi's
    # The other statistics are not filtered by the actor.
    assert of_xi["claims-by-topic-stance"].table.rows == [
        ("CPEC security", "oppose", 1),
        ("CPEC security", "support", 1),
    ]
    of_pakistan = by_key(session.statistics(speaker_id=pakistan.id))
    assert of_pakistan["timeline-by-stance"].table.rows == []
    assert of_pakistan["timeline-by-topic"].table.note == (
        "1 claim(s) in articles without a date are not shown."
    )
    assert by_key(session.statistics(["bob"], speaker_id=xi.id))[
        "timeline-by-stance"
    ].table.rows == []
    session.close()
    runner = CliRunner()
    shown = runner.invoke(
        cli,
        ["stats", "--db", str(db_path), "--only", "timeline-by-stance", "--actor", "xi  JINPING"],
    )
    assert shown.exit_code == 0, shown.output
    assert shown.output.splitlines()[0] == "Claims per month by stance: claims made by Xi Jinping"
    assert re.search(r"^2019-07\s+support\s+1$", shown.output, re.M)
    unknown = runner.invoke(cli, ["stats", "--db", str(db_path), "--actor", "Nobody"])
    assert unknown.exit_code == 2 and "no actor named 'Nobody'" in unknown.output
