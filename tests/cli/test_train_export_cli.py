"""`annotator export` of the training-data formats, through click against a real project."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import DocumentLabels, MarkKind
from tests.conftest import add

pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow comes with .[test] and .[train]")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Keep the user's real project and environment out of every test."""
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def coded(session, db_path):
    """Return a corpus project where alice and bob coded every article (a claim in the first,
    without a speaker)."""
    ids = [s.id for s in session.article_summaries()]
    add(session, ids[0], MarkKind.CLAIM, "all-weather strategic cooperative partner",
        "Bilateral friendship")
    for coder in ("alice", "bob"):
        session.set_annotator(coder)
        for article_id in ids:
            session.set_document_labels(DocumentLabels(article_id, coder, tone="neutral"))
    return db_path


def run(*args):
    """Invoke the CLI; return the result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_export_hf_with_a_split(coded, tmp_path):
    """`export --format hf --option split=… --option seed=… OUT` writes the folder: 5
    articles at 0.6/0.2/0.2 are 3, 1 and 1, two rows each; staged, so no partial is left."""
    out = tmp_path / "dataset"
    result = run(
        "export", "--format", "hf", "--option", "split=train=0.6,dev=0.2,test=0.2",
        "--option", "seed=11", out, "--db", coded,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 10 record(s) to {out}\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md", "dev.parquet", "test.parquet", "train.parquet",
    ]
    counts = {n: pq.read_table(out / f"{n}.parquet").num_rows for n in ("train", "dev", "test")}
    assert counts == {"train": 6, "dev": 2, "test": 2}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_hf_bad_split_is_a_clear_error(coded, tmp_path):
    """A bad split value is named, with no traceback and no folder left behind."""
    out = tmp_path / "dataset"
    result = run("export", "--format", "hf", "--option", "split=train=0.9,test=0.2", out,
                 "--db", coded)
    assert result.exit_code != 0
    assert "sum to 1.1, not 1" in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_export_llm_reports_notes_on_stderr(coded, tmp_path):
    """The writer's notes are summed up on stderr; the claim is written with a null speaker."""
    out = tmp_path / "chat.jsonl"
    result = run("export", "--format", "llm", out, "--db", coded)
    assert result.exit_code == 0
    assert result.stdout == f"wrote 10 record(s) to {out}\n"
    assert result.stderr.splitlines()[0] == "1 note(s) from the writer: 1 no speaker"
    assert "(alice): claim 'all-weather strategic cooperative partn…' has no speaker (null)" in (
        result.stderr
    )
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert json.loads(first["messages"][2]["content"])["claims"][0]["speaker"] is None


def test_export_gliner_to_stdout(coded):
    """gliner streams to standard output: one line per passage, notes on stderr only."""
    result = run("export", "--format", "gliner", "--option", "relations=1", "-", "--db", coded)
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert all(len(x["tokenized_text"]) <= 384 for x in lines)
    assert sum(1 for x in lines for e in x["ner"] if e[2] == "Bilateral friendship") == 1
    assert "1 no speaker" in result.stderr
