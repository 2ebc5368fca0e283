"""`annotator merge --link-actors/--no-link-actors` and `annotator link-actors`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import annotator.cli.importing
from annotator.__main__ import cli
from annotator.session import Session
from tests.storage.test_actor_links import ids_by_coder, project


def run(*args, input=None):
    """Invoke the CLI and return the result."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.fixture
def two(tmp_path):
    """Alice's and Bob's projects, each with its own actor "China"; return the files."""
    alice, article_id = project(
        tmp_path / "a.db", "alice", [("China", "Country", 0), ("China", "Country", 1)]
    )
    alice.close()
    bob, _ = project(tmp_path / "b.db", "bob", [("China", "Country", 2)])
    bob.close()
    return tmp_path / "a.db", tmp_path / "b.db", article_id


def state(db, article_id):
    """Return the actors' names and each coder's actor ids of the article, in Alice's project."""
    session = Session.open(db, "alice")
    try:
        return [a.name for a in session.actors()], ids_by_coder(session, article_id)
    finally:
        session.close()


def test_merge_with_link_actors_links_without_asking(two):
    """--link-actors links every proposal; Bob's mention moves to Alice's actor."""
    ours, theirs, article_id = two
    result = run("merge", theirs, "--db", ours, "--link-actors")
    assert result.exit_code == 0, result.output
    assert "  1. 'China' (Country; 2 mark(s); " in result.output
    assert result.output.splitlines()[-1] == "linked 1, declined 0, left for later 0"
    names, ids = state(ours, article_id)
    assert names == ["China"] and len({*ids["alice"], *ids["bob"]}) == 1
    again = run("merge", theirs, "--db", ours)
    assert "proposed actor link" not in again.output
    assert state(ours, article_id)[0] == ["China"]


def test_merge_with_no_link_actors_only_reports(two, monkeypatch):
    """--no-link-actors lists the proposals and asks nothing, even in a terminal."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: True)
    ours, theirs, article_id = two
    result = run("merge", theirs, "--db", ours, "--no-link-actors")
    assert result.exit_code == 0, result.output
    assert "1 proposed actor link(s)" in result.output and "link 'China'" not in result.output
    assert state(ours, article_id)[0] == ["China", "China"]


def test_merge_in_a_terminal_asks_for_each_link(two, monkeypatch):
    """In a terminal, merge asks; y links."""
    monkeypatch.setattr(annotator.cli.importing, "_stdin_is_terminal", lambda: True)
    ours, theirs, article_id = two
    result = run("merge", theirs, "--db", ours, input="y\n")
    assert result.exit_code == 0, result.output
    assert "1. link 'China' (" in result.output
    assert result.output.splitlines()[-1] == "linked 1, declined 0, left for later 0"
    names, ids = state(ours, article_id)
    assert names == ["China"] and ids["bob"] == ids["alice"][:1]


def test_merge_outside_a_terminal_does_not_ask(two):
    """Piped or scripted, merge only lists the proposals."""
    ours, theirs, article_id = two
    result = run("merge", theirs, "--db", ours, input="y\n")
    assert "link them with `annotator link-actors`" in result.output
    assert state(ours, article_id)[0] == ["China", "China"]


def test_link_actors_command_later_never_and_yes(two):
    """link-actors asks; n leaves the pair, never declines it, --yes links what is left."""
    ours, theirs, article_id = two
    run("merge", theirs, "--db", ours)
    later = run("link-actors", "--db", ours, input="n\n")
    assert later.output.splitlines()[-1] == "linked 0, declined 0, left for later 1"
    never = run("link-actors", "--db", ours, input="never\n")
    assert never.output.splitlines()[-1] == "linked 0, declined 1, left for later 0"
    assert run("link-actors", "--db", ours).output == "no actors to link\n"
    linked = run("link-actors", "--db", ours, "--yes", "--include-declined")
    assert linked.output.splitlines()[-1] == "linked 1, declined 0, left for later 0"
    assert state(ours, article_id)[0] == ["China"]


def test_link_actors_errors_are_clean(tmp_path):
    """A missing project is a clean error, not a traceback."""
    result = run("link-actors", "--db", tmp_path / "nope.db")
    assert result.exit_code == 1
    assert "no project database" in result.output
