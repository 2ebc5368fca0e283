"""`annotator articles` filters and `annotator status`, through click's CliRunner."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from annotator.__main__ import cli
from annotator.core.model import Actor, ArticleStatus, MarkKind
from annotator.session import Session
from tests.conftest import REPO, add

CORPUS = REPO / "corpus"
# The bundled corpus's id prefixes, in list order; "Bajwa" occurs in the last two.
IDS = ["4e6daf29a0c4", "a410213daf56", "010bbc04cef3", "9c9ef78aa1a2", "cbb4b898b5d7"]


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    """Keep the user's real project and environment out of every test."""
    monkeypatch.delenv("ANNOTATOR_DB", raising=False)
    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def run():
    """Return a function that invokes the CLI with arguments and returns the result."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def project(run, db_path):
    """Return a corpus project where alice finished 4e6daf and marked Bajwa in 9c9ef7."""
    assert run("import", CORPUS, "--db", db_path).exit_code == 0
    session = Session.open(db_path, "alice")
    ids = [s.id for s in session.article_summaries()]
    session.set_status(ids[0], ArticleStatus.DONE)
    add(session, ids[3], MarkKind.ACTOR, "Bajwa", "Military/Security")
    session.set_status(ids[3], ArticleStatus.NEW)  # the mark moved it to in progress
    session.close()
    return db_path


def listed(result) -> list[str]:
    """Return the id column of an `articles` listing."""
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()[1:-1]]


# -- articles ---------------------------------------------------------------------------------


def test_articles_by_status(run, project):
    """--status lists the coder's articles with that status; it may be repeated."""
    result = run("articles", "--db", project, "--annotator", "alice", "--status", "done")
    assert listed(result) == IDS[:1]
    assert result.output.splitlines()[-1] == "1 article(s) of 5 match; counts and status are alice's"
    result = run(
        "articles", "--db", project, "--annotator", "alice", "--status", "new", "--status", "done"
    )
    assert listed(result) == IDS
    assert listed(run("articles", "--db", project, "--annotator", "bob", "--status", "new")) == IDS


def test_articles_search(run, project):
    """--search finds words in title and text, hyphenated and quoted input included."""
    assert listed(run("articles", "--db", project, "--search", "bajwa")) == IDS[3:]
    assert listed(run("articles", "--db", project, "--search", "baj")) == IDS[3:]
    assert listed(run("articles", "--db", project, "--search", "Islamabad Police")) == IDS[4:]
    for text in ('China-"Pakistan', '"', "NOT AND", "title:x"):
        assert run("articles", "--db", project, "--search", text).exit_code == 0, text


def test_articles_by_date(run, project):
    """--from and --to are inclusive bounds and leave out the undated article."""
    assert listed(run("articles", "--db", project, "--from", "2019-07-30")) == [
        IDS[0], IDS[2], IDS[4]
    ]
    assert listed(run("articles", "--db", project, "--to", "2019-07-30")) == [IDS[0], IDS[3]]
    result = run("articles", "--db", project, "--from", "2020-01-01", "--to", "2022-05-31")
    assert listed(result) == [IDS[2]]


def test_articles_bad_date_is_a_usage_error(run, project):
    """A date not written YYYY-MM-DD is refused by the option parser."""
    result = run("articles", "--db", project, "--from", "30/07/2019")
    assert result.exit_code == 2
    assert "Invalid value for '--from'" in result.output


def test_articles_by_label_and_actor(run, project):
    """--label KIND:NAME and --actor NAME list the articles where the coder used them."""
    alice = ("--db", project, "--annotator", "alice")
    assert listed(run("articles", *alice, "--label", "actor:Military/Security")) == [IDS[3]]
    assert listed(run("articles", *alice, "--actor", "bajwa")) == [IDS[3]]
    result = run("articles", "--db", project, "--annotator", "bob", "--actor", "Bajwa")
    assert result.output == "no article matches (5 in the project)\n"


def test_articles_filters_combine(run, project):
    """Several options must all hold."""
    alice = ("--db", project, "--annotator", "alice")
    assert listed(run("articles", *alice, "--search", "bajwa", "--status", "new")) == IDS[3:]
    result = run("articles", *alice, "--search", "bajwa", "--to", "2020-01-01")
    assert listed(result) == [IDS[3]]


@pytest.mark.parametrize(
    "option,value,message",
    [
        ("--label", "Person", "'Person' is not KIND:NAME with KIND one of actor, claim, sentiment"),
        ("--label", "actor:Pope", "no actor label 'Pope' in the tag set (known: Person,"),
        ("--actor", "Nobody", "no actor named 'Nobody' (see `annotator actors`)"),
        ("--status", "finished", "'finished' is not one of 'new', 'in_progress', 'done'"),
    ],
)
def test_articles_bad_option_values(run, project, option, value, message):
    """Unknown labels, actors and statuses are usage errors that say what is known."""
    result = run("articles", "--db", project, option, value)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_articles_ambiguous_actor_name(run, project):
    """An --actor name that two actors share is refused, naming both."""
    session = Session.open(project, "alice")
    session.store.insert_actor(Actor("b2", "Sardar Bajwa", "Person", aliases=("Bajwa",)), None)
    session.close()
    result = run("articles", "--db", project, "--actor", "BAJWA")
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert "'BAJWA' names 2 actors: Bajwa (Military/Security," in output
    assert "Sardar Bajwa (Person, b2)" in output
    assert listed(run("articles", "--db", project, "--actor", "Sardar Bajwa")) == []


# -- status -----------------------------------------------------------------------------------


def test_status_sets_status_and_note(run, project):
    """`status PREFIX STATUS --note` stores both for the coder and says what changed."""
    result = run(
        "status", IDS[1][:6], "in_progress", "--note", " check dates ", "--db", project,
        "--annotator", "alice",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{IDS[1]}  new -> in_progress  China, Pak to boost anti-terror cooperation along CPEC",
        "note: check dates",
    ]
    session = Session.open(project, "alice")
    labels = session.document_labels(session.resolve_article_id(IDS[1]))
    assert (labels.status, labels.note) == (ArticleStatus.IN_PROGRESS, "check dates")
    session.close()
    listing = run("articles", "--db", project, "--annotator", "alice", "--status", "in_progress")
    assert listed(listing) == [IDS[1]]
    assert "in_progress" in listing.output.splitlines()[1]


def test_status_keeps_the_note_unless_given(run, project):
    """Without --note the note stays; --note '' clears it."""
    base = ("--db", project, "--annotator", "alice")
    run("status", IDS[2], "skipped", "--note", "paywalled", *base)
    assert run("status", IDS[2], "done", *base).output.startswith(f"{IDS[2]}  skipped -> done")
    session = Session.open(project, "alice")
    assert session.document_labels(session.resolve_article_id(IDS[2])).note == "paywalled"
    session.close()
    assert run("status", IDS[2], "done", "--note", "", *base).output.splitlines()[1] == (
        "note: (none)"
    )


def test_status_is_per_coder(run, project):
    """The status set for one coder is not another's."""
    run("status", IDS[4], "done", "--db", project, "--annotator", "carol")
    assert listed(run("articles", "--db", project, "--annotator", "carol", "--status", "done")) == [
        IDS[4]
    ]
    assert IDS[4] not in listed(
        run("articles", "--db", project, "--annotator", "alice", "--status", "done")
    )


def test_status_unknown_and_ambiguous_prefix(run, project, tmp_path):
    """An unknown or ambiguous id prefix is an error that says so, and changes nothing."""
    result = run("status", "xyz", "done", "--db", project)
    assert result.exit_code == 1
    assert "Error: no article id starts with 'xyz'" in result.output
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        "\n".join(json.dumps({"text": f"Extra article {i}."}) for i in range(16)), encoding="utf-8"
    )
    run("import", extra, "--db", project)
    session = Session.open(project, "alice")
    ids = [s.id for s in session.article_summaries()]
    session.close()
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) >= 2)
    result = run("status", shared, "done", "--db", project)
    assert result.exit_code == 1
    assert f"Error: article id prefix '{shared}' is ambiguous" in result.output
    assert "give more characters" in result.output
    assert listed(run("articles", "--db", project, "--status", "done")) == []


def test_status_bad_status_and_missing_project(run, project, tmp_path):
    """An unknown status is a usage error; a missing --db is refused and not created."""
    result = run("status", IDS[0], "finished", "--db", project)
    assert result.exit_code == 2 and "'finished' is not one of" in result.output
    missing = tmp_path / "nope.db"
    result = run("status", IDS[0], "done", "--db", missing)
    assert result.exit_code == 1 and "no project database at" in result.output
    assert not missing.exists()


def test_new_options_have_help(run):
    """The articles and status commands document each option and argument in --help."""
    articles = cli.commands["articles"]
    status = cli.commands["status"]
    for command in (articles, status):
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help and param.help.strip(), (command.name, param.name)
    help_text = run("articles", "--help").output
    for option in ("--status", "--search", "--from", "--to", "--label", "--actor"):
        assert option in help_text
    assert "Set the coder's status of an article" in run("status", "--help").output
