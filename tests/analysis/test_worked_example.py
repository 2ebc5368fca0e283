"""The README's worked example: who supports and who opposes CPEC security measures.

``docs/examples/cpec-security.jsonl`` (written by ``make_cpec_security.py`` beside it) holds
the analyst's 23 claims on the five bundled articles: 15 on CPEC security (13 support, 2
oppose, by the two armed groups) and 8 on Counter-terrorism cooperation (all support). These
tests import it into a new project with the bundled corpus and check the numbers the README
shows, through the commands it shows.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections import Counter

import pytest
from click.testing import CliRunner

from annotator.__main__ import cli
from tests.conftest import REPO

EXAMPLES = REPO / "docs" / "examples"
EXAMPLE = EXAMPLES / "cpec-security.jsonl"
CPEC, CT = "CPEC security", "Counter-terrorism cooperation"
ARMED_GROUPS = {"Baloch Liberation Army", "Baloch insurgents"}


def run(*args):
    """Invoke the CLI; stdout and stderr apart."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def project(session, db_path):
    """Import the example into the new project with the bundled corpus; return its path."""
    report = session.import_paths([EXAMPLE])
    assert (report.articles_added, report.articles_present) == (0, 5)
    assert (report.records, report.marks) == (5, 50)
    return db_path


def test_the_example_is_what_the_script_writes():
    """The committed file is the script's output for the bundled corpus (no hand edits)."""
    spec = importlib.util.spec_from_file_location("make_cpec", EXAMPLES / "make_cpec_security.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    written = [json.loads(line) for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    assert written == script.records(script.bundled_articles())
    assert {r["annotator"] for r in written} == {"analyst"}


def test_two_mode_subtract_is_supports_minus_opposes(project):
    """Each actor's row: supports − opposes per topic; only the armed groups are negative."""
    result = run(
        "network",
        "--type",
        "twomode",
        "--qualifier-aggregation",
        "subtract",
        "--format",
        "matrix",
        "--db",
        project,
    )
    assert result.stdout == (
        ",Counter-terrorism cooperation,CPEC security\n"
        "Baloch insurgents,0,-1\n"
        "Baloch Liberation Army,0,-1\n"
        "China,1,2\n"
        "Chinese authorities,0,1\n"
        "Guo Shengkun,0,1\n"
        "ISPR,1,0\n"
        "Masood Khalid,0,1\n"
        "Meng Jianzhu,1,1\n"
        "Pakistan,1,2\n"
        "Pakistan military leadership,0,1\n"
        "Qamar Javed Bajwa,1,0\n"
        "Song Zhongping,0,1\n"
        "Wang Qishan,1,0\n"
        "Wang Yi,1,0\n"
        "Zhao Lijian,1,2\n"
        "Zubair Mahmood Hayat,0,1\n"
    )


def test_one_mode_subtract_ties(project, tmp_path):
    """Congruence − conflict over shared topics: China, Pakistan and Zhao Lijian agree on
    both topics (2 × 2 CPEC security + 1 CT = 5); each armed group conflicts with every CPEC
    security supporter (−2 with those who support it twice) and agrees with the other."""
    out = tmp_path / "ties.csv"
    result = run(
        "network",
        "--qualifier-aggregation",
        "subtract",
        "--format",
        "csv",
        "--out",
        out,
        "--db",
        project,
    )
    assert "wrote a 16 × 16 network of 23 statement(s)" in result.stderr
    ties = {
        frozenset((r["source"], r["target"])): float(r["weight"])
        for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    }
    assert len(ties) == 88
    assert sorted(ties.values(), reverse=True)[:6] == [5, 5, 5, 3, 3, 3]
    for a, b in [("China", "Pakistan"), ("China", "Zhao Lijian"), ("Pakistan", "Zhao Lijian")]:
        assert ties[frozenset((a, b))] == 5
    for other in ("China", "Pakistan", "Zhao Lijian"):
        assert ties[frozenset(("Meng Jianzhu", other))] == 3
    assert ties[frozenset(("Guo Shengkun", "Masood Khalid"))] == 1
    assert ties[frozenset(("Wang Qishan", "ISPR"))] == 1
    assert frozenset(("Wang Qishan", "Guo Shengkun")) not in ties  # no topic in common
    negative = {pair: w for pair, w in ties.items() if w < 0}
    assert len(negative) == 20 and all(pair & ARMED_GROUPS for pair in negative)
    assert ties[frozenset(ARMED_GROUPS)] == 1
    assert ties[frozenset(("Baloch Liberation Army", "China"))] == -2
    assert ties[frozenset(("Baloch insurgents", "Guo Shengkun"))] == -1
    assert sum(w > 0 for w in ties.values()) == 68


def test_claims_by_topic_and_stance(project):
    """15 claims on CPEC security (13 support, 2 oppose), 8 on counter-terrorism."""
    result = run("stats", "--only", "claims-by-topic-stance", "--db", project)
    assert result.stdout.splitlines() == [
        "Claims per topic and stance",
        "",
        "topic                          stance     claims",
        "CPEC security                  oppose          2",
        "CPEC security                  support        13",
        "Counter-terrorism cooperation  support         8",
    ]


def test_supports_and_opposes_per_actor_from_the_event_list(project):
    """The event list of CPEC security, tallied by speaker and stance (the README's table)."""
    result = run("network", "--type", "eventlist", "--topic", CPEC, "--db", project)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["topic"] for r in rows} == {CPEC} and len(rows) == 15
    tally = Counter((r["speaker"], r["stance"]) for r in rows)
    assert tally == {
        ("China", "support"): 2,
        ("Pakistan", "support"): 2,
        ("Zhao Lijian", "support"): 2,
        ("Chinese authorities", "support"): 1,
        ("Guo Shengkun", "support"): 1,
        ("Masood Khalid", "support"): 1,
        ("Meng Jianzhu", "support"): 1,
        ("Pakistan military leadership", "support"): 1,
        ("Song Zhongping", "support"): 1,
        ("Zubair Mahmood Hayat", "support"): 1,
        ("Baloch Liberation Army", "oppose"): 1,
        ("Baloch insurgents", "oppose"): 1,
    }
