"""`annotator network` on a real project: two coders' claims, their networks and files.

Alice codes (article 1, 2019-07-30, plus one claim in article 3, 2022-05-12):
  India      Economic cooperation  oppose
  Wang       Bilateral friendship  support  → Pakistan
  Wang       Economic cooperation  support
  Gen Hayat  Economic cooperation  support
  Zhao       Bilateral friendship  support  (2022-05-12)
  and a draft claim without a speaker (from code_two_coders).
Bob codes (article 1):
  Wang       Economic cooperation  support  (the same claim as alice's)
  India      Economic cooperation  support  (alice: oppose)
"""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import MarkKind
from tests.conftest import add, code_two_coders


def run(*args):
    """Invoke the CLI; stdout and stderr apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def claim(session, article_id, needle, topic, speaker, stance, after=0, **changes):
    """Mark a claim with a speaker and stance; return the stored mark."""
    mark = add(session, article_id, MarkKind.CLAIM, needle, topic, after=after)
    changes = {"speaker_id": speaker.actor_id, "stance": stance, **changes}
    return session.update_mark(mark.with_changes(**changes)).mark


@pytest.fixture
def project(session, db_path):
    """Code the claims of the module docstring; return the project's path."""
    a0 = code_two_coders(session)
    a2 = session.article_summaries()[2].id
    text = session.article(a0).text
    p = text.index("During his meeting with Gen Hayat, Wang said")
    session.set_annotator("alice")
    india = add(session, a0, MarkKind.ACTOR, "India", "Country")
    hayat = add(session, a0, MarkKind.ACTOR, "Gen Hayat", "Military/Security", after=p)
    wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    pakistan = add(session, a0, MarkKind.ACTOR, "Pakistan", "Country", after=p)
    claim(session, a0, "conveyed its protest to China as the CPEC traversed",
          "Economic cooperation", india, "oppose")
    claim(session, a0, "Pakistan is the only all-weather strategic cooperative partner of China",
          "Bilateral friendship", wang, "support", after=p, target_id=pakistan.actor_id)
    claim(session, a0, "make solid progress on the construction of the CPEC",
          "Economic cooperation", wang, "support")
    claim(session, a0, "Pakistan firmly supports the joint construction of the BRI",
          "Economic cooperation", hayat, "support")
    zhao = add(session, a2, MarkKind.ACTOR, "Zhao Lijian", "Person")
    claim(session, a2, "The two foreign ministers reached an important consensus",
          "Bilateral friendship", zhao, "support")
    session.set_annotator("bob")
    bob_wang = add(session, a0, MarkKind.ACTOR, "Wang", "Person", after=p)
    bob_india = add(session, a0, MarkKind.ACTOR, "India", "Country")
    claim(session, a0, "make solid progress on the construction of the CPEC",
          "Economic cooperation", bob_wang, "support")
    claim(session, a0, "conveyed its protest to China as the CPEC traversed",
          "Economic cooperation", bob_india, "support")
    return db_path


def test_two_mode_matrix_of_every_coder(project):
    """Alice's and bob's claims pooled: Wang × Economic cooperation counts both coders'."""
    result = run("network", "--type", "twomode", "--format", "matrix", "--db", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        ",Bilateral friendship,Economic cooperation\n"
        "Gen Hayat,0,1\n"
        "India,0,2\n"
        "Wang,1,2\n"
        "Zhao Lijian,1,0\n"
    )
    assert result.stderr == "1 draft claim(s) without a speaker left out\n"


def test_duplicates_per_document(project):
    """In one article bob's Wang claim repeats alice's; with subtract India's opposite stances
    are two statements that cancel out (−1 + 1)."""
    result = run("network", "--type", "twomode", "--format", "matrix", "--duplicates",
                 "document", "--qualifier-aggregation", "subtract", "--db", project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "Gen Hayat,0,1", "India,0,0", "Wang,1,1", "Zhao Lijian,1,0",
    ]


def test_one_mode_congruence_graphml_of_one_coder(project, tmp_path):
    """Alice's stances (R = +1 − (−1) = 2): on Economic cooperation Gen Hayat and Wang
    support (congruence 1) and India opposes (proximity 0 to both); on Bilateral friendship
    Wang and Zhao support (congruence 1)."""
    out = tmp_path / "alice.graphml"
    result = run("network", "--coder", "alice", "--qualifier-aggregation", "congruence",
                 "--out", out, "--db", project)
    assert result.exit_code == 0, result.output
    assert "wrote a 4 × 4 network of 5 statement(s)" in result.stderr
    g = nx.read_graphml(out)
    names = {node: data["name"] for node, data in g.nodes(data=True)}
    weights = {frozenset((names[u], names[v])): d["weight"] for u, v, d in g.edges(data=True)}
    assert weights == {
        frozenset({"Gen Hayat", "Wang"}): 1.0, frozenset({"Wang", "Zhao Lijian"}): 1.0,
    }
    assert g.graph["qualifier_aggregation"] == "congruence"
    assert (g.graph["start"], g.graph["stop"]) == ("2019-07-30", "2022-05-12")


def test_dates_and_conflict_dl(project, tmp_path):
    """--to leaves out the 2022 claim; the DL file holds alice's conflict matrix."""
    out = tmp_path / "conflict.dl"
    result = run("network", "--coder", "alice", "--qualifier-aggregation", "conflict",
                 "--to", "2019-12-31", "--format", "dl", "--out", out, "--db", project)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        "dl n=3\nformat=fullmatrix\nlabels embedded\ndata:\n"
        '"Gen Hayat" "India" "Wang"\n'
        '"Gen Hayat" 0.000000 1.000000 0.000000\n'
        '"India" 1.000000 0.000000 1.000000\n'
        '"Wang" 0.000000 1.000000 0.000000\n'
    )


def test_speaker_target_edge_list(project):
    """Only Wang's claim names a target: one directed tie, Wang → Pakistan."""
    result = run("network", "--type", "speaker-target", "--format", "csv", "--db", project)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["source"], r["target"], r["weight"]) for r in rows] == [("Wang", "Pakistan", "1")]


def test_event_list(project):
    """One row per statement of alice, in date order, then by offset in the article."""
    result = run("network", "--type", "eventlist", "--coder", "alice", "--db", project)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["speaker"], r["stance"], r["date"]) for r in rows] == [
        ("India", "oppose", "2019-07-30"),
        ("Wang", "support", "2019-07-30"),
        ("Wang", "support", "2019-07-30"),
        ("Gen Hayat", "support", "2019-07-30"),
        ("Zhao Lijian", "support", "2022-05-12"),
    ]


def test_time_windows_write_one_file_per_window(project, tmp_path):
    """Yearly windows of one year from 2019-07-30 to 2022-05-12: three fit; the first holds
    the 2019 statements, the 2022 claim falls after the last window's middle year."""
    folder = tmp_path / "windows"
    result = run("network", "--type", "twomode", "--time-window", "years", "--window-size", 1,
                 "--format", "gexf", "--out", folder, "--db", project)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "1-2019-07-30.gexf", "2-2020-07-30.gexf", "3-2021-07-30.gexf",
    ]
    first = nx.read_gexf(folder / "1-2019-07-30.gexf")
    assert sorted(d["label"] for _, d in first.nodes(data=True)) == [
        "Bilateral friendship", "Economic cooperation", "Gen Hayat", "India", "Wang",
    ]
    assert nx.read_gexf(folder / "2-2020-07-30.gexf").number_of_nodes() == 0
    again = run("network", "--time-window", "years", "--window-size", 1, "--out", folder,
                "--db", project)
    assert again.exit_code == 1 and "not empty" in again.output


def test_compare_coders(project):
    """Congruence networks: alice ties Gen Hayat–Wang and Wang–Zhao (as above); bob's India
    and Wang both support (only one stance in bob's claims: R = 0, proximity 1): India–Wang.

    Union of 4 actors → pairs HI, HW, HZ, IW, IZ, WZ: alice x = (0, 1, 0, 0, 0, 1), bob
    y = (0, 0, 0, 1, 0, 0). Edges 2 and 1, none shared: Jaccard 0.
    Pearson: Σxy − n·x̄·ȳ = 0 − 6 · ⅓ · ⅙ = −⅓; Σ(x − x̄)² = 2 − 6/9 = 4/3;
    Σ(y − ȳ)² = 1 − 6/36 = 5/6 → r = −⅓ / √(10/9) = −0.316.
    """
    result = run("network", "--compare-coders", "--qualifier-aggregation", "congruence",
                 "--db", project)
    assert result.exit_code == 0, result.output
    header, row = result.stdout.splitlines()
    assert header.split() == ["coder", "other", "nodes", "edges", "other's", "shared",
                              "jaccard", "pearson"]
    assert row.split() == ["alice", "bob", "4", "2", "1", "0", "0.000", "-0.316"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--qualifier-aggregation", "combine"], "'combine' does not apply to a onemode"),
        (["--type", "twomode", "--normalization", "jaccard"], "normalization 'jaccard'"),
        (["--gold", "--coder", "alice"], "--gold and --coder exclude each other"),
        (["--type", "eventlist", "--format", "dl"], "an event list is written as csv"),
        (["--time-window", "days"], "give --out FOLDER"),
        (["--compare-coders", "--coder", "alice"], "needs two coders or more"),
        (["--from", "2020-01-02", "--to", "2020-01-01"], "is after stop"),
    ],
)
def test_bad_combinations_are_usage_errors(project, args, message):
    """Options that mean nothing together stop with a usage error saying why."""
    result = run("network", *args, "--db", project)
    assert result.exit_code == 2
    assert message in result.output


def test_unknown_coder(project):
    """A coder who never coded is named as unknown, with the project's coders."""
    result = run("network", "--coder", "zed", "--db", project)
    assert result.exit_code == 1
    assert "no coder 'zed' has coded in this project (coders: alice, bob)" in result.output


def test_gold_is_read_only_when_asked_for(project):
    """Pre-merged gold holds the one claim both coders made alike (Wang, Economic cooperation,
    support); --gold reads only it, and the default (every coder) leaves gold out."""
    result = run("premerge", "--db", project)
    assert result.exit_code == 0, result.output
    gold = run("network", "--type", "twomode", "--format", "matrix", "--gold", "--db", project)
    assert gold.exit_code == 0, gold.output
    assert gold.stdout == ",Economic cooperation\nWang,1\n"
    coders = run("network", "--type", "twomode", "--format", "matrix", "--db", project)
    assert coders.stdout.splitlines()[3] == "Wang,1,2"  # alice's and bob's, not gold's
    versus = run("network", "--compare-coders", "--type", "twomode", "--coder", "alice",
                 "--coder", "gold", "--db", project)
    # alice: 5 edges over Gen Hayat, India, Wang, Zhao × 2 topics; gold: Wang–Economic only.
    assert versus.stdout.splitlines()[1].split()[:6] == ["alice", "gold", "6", "5", "1", "1"]
