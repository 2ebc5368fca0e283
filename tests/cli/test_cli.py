"""The command line, driven through click's CliRunner against real project files."""

import json
import sys

import click
import platformdirs
import pytest
from click.testing import CliRunner

import annotator.cli.common
from annotator import __version__
from annotator.__main__ import cli
from annotator.cli import default_db_path, open_session, project_options
from annotator.core.model import DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import REPO, add

CORPUS = REPO / "corpus"
DATES = ["2019-07-30", None, "2022-05-12", "2017-03-17", "2022-06-15"]


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

    def invoke(*args, **kwargs):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def imported(run, db_path):
    """Return the path of a project into which the corpus was imported with the CLI."""
    result = run("import", CORPUS, "--db", db_path)
    assert result.exit_code == 0, result.output
    return db_path


def article_count(path):
    """Return how many articles the project at path holds."""
    s = Session.open(path, "x")
    try:
        return s.article_count()
    finally:
        s.close()


def walk(command, path=()):
    """Yield (path, command) for a command and every subcommand below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], path + (name,))


# -- help -----------------------------------------------------------------------------------


def test_help_lists_the_commands(run):
    """--help lists articles, export, gui, import and tagset."""
    result = run("--help")
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1].split()
    for name in ("articles", "export", "gui", "import", "tagset"):
        assert name in commands


def test_short_help_option(run):
    """-h is a help option too."""
    assert run("-h").output == run("--help").output


def test_group_commands_are_exactly_these():
    """The composed group has these commands and tagset has show and load."""
    assert sorted(cli.commands) == [
        "actors", "agreement", "articles", "assign", "backup", "backups", "check", "coders",
        "export", "formats", "gui", "guidelines", "hub", "import", "link-actors", "merge",
        "network", "premerge", "restore", "stats", "status", "sync", "tagset",
    ]
    assert sorted(cli.commands["tagset"].commands) == ["load", "show"]


def test_every_command_has_help_text():
    """Every command and subcommand, and every option, has a non-empty help text."""
    seen = []
    for path, command in walk(cli):
        assert command.help and command.help.strip(), path
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help and param.help.strip(), (path, param.name)
        seen.append(" ".join(path))
    assert seen == [
        "", "actors", "agreement", "articles", "assign", "backup", "backups", "check", "coders",
        "export", "formats", "gui", "guidelines", "guidelines load", "guidelines show",
        "hub", "hub add-coder", "hub init", "hub join", "hub status", "hub unblind", "hub upgrade",
        "import", "link-actors", "merge", "network", "premerge", "restore", "stats", "status",
        "sync", "tagset", "tagset load", "tagset show",
    ]


@pytest.mark.parametrize(
    "args,first_line",
    [
        (["import"], "Import articles"),
        (["articles"], "List the project's articles"),
        (["export"], "Write one record per (article, coder)"),
        (["network"], "Compute a discourse network from the claims"),
        (["gui"], "Open the annotation window"),
        (["tagset"], "Show or replace the project's tag set."),
        (["tagset", "show"], "Show the labels"),
        (["tagset", "load"], "Replace the project's tag set"),
    ],
)
def test_subcommand_help(run, args, first_line):
    """Each subcommand's --help exits 0 and shows its description."""
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert first_line in result.output


def test_version(run):
    """--version prints the package version."""
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"annotator, version {__version__}"


# -- import and articles --------------------------------------------------------------------


def test_import_corpus_folder(run, db_path):
    """Importing the corpus folder prints '5 article(s) added'."""
    result = run("import", CORPUS, "--db", db_path)
    assert result.exit_code == 0
    assert result.output == "5 article(s) added\n"


def test_import_again_reports_present(run, imported):
    """A second import of the folder adds nothing."""
    result = run("import", CORPUS, "--db", imported)
    assert result.output == "0 article(s) added, 5 already present\n"


def test_read_only_commands_refuse_a_missing_db(run, db_path, tmp_path):
    """A mistyped --db is an error for commands that only read, and creates nothing."""
    for args in (["articles"], ["actors"], ["tagset", "show"], ["export", tmp_path / "o.jsonl"]):
        result = run(*args, "--db", db_path)
        assert result.exit_code == 1, args
        assert f"Error: no project database at {db_path} (check --db)" in result.output
    assert not db_path.exists() and not (tmp_path / "o.jsonl").exists()


def test_explicit_new_db_is_not_seeded(run, project):
    """A project created at an explicit --db has no articles (only the default one is seeded)."""
    result = run("articles", "--db", project)
    assert result.exit_code == 0
    assert result.output == "no articles; add some with `annotator import`\n"


def test_articles_lists_five_rows_with_dates(run, imported):
    """`articles` prints a header, 5 rows with ids, dates and titles, and a count line."""
    result = run("articles", "--db", imported, "--annotator", "zed")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "date", "actor", "claim", "sent.", "status", "title"]
    rows = lines[1:-1]
    assert len(rows) == 5
    assert lines[-1] == "5 article(s); counts and status are zed's"
    assert [row[14:24].strip() or None for row in rows] == DATES
    assert rows[0].startswith("4e6daf29a0c4  2019-07-30      0     0     0  new")
    assert rows[1].startswith("a410213daf56              ")
    assert rows[1].endswith("China, Pak to boost anti-terror cooperation along CPEC")


def test_articles_shows_the_coders_counts(run, imported):
    """Mark counts by kind in `articles` are the chosen coder's."""
    s = Session.open(imported, "alice")
    aid = s.article_summaries()[0].id
    text = s.article(aid).text
    start = text.index("Imran Khan")
    s.add_mark(*s.prepare_mark(aid, MarkKind.ACTOR, start, start + 10, "Person"))
    s.close()
    alice = run("articles", "--db", imported, "--annotator", "alice").output.splitlines()[1]
    bob = run("articles", "--db", imported, "--annotator", "bob").output.splitlines()[1]
    assert alice.split()[2:5] == ["1", "0", "0"]
    assert bob.split()[2:5] == ["0", "0", "0"]


def test_import_bad_file_exits_1(run, imported, tmp_path):
    """A non-UTF-8 file exits 1 with 'nothing was imported', the file name and line."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    good = tmp_path / "good.txt"
    good.write_text("A good article about the corridor.", encoding="utf-8")
    result = run("import", good, bad, "--db", imported)
    assert result.exit_code == 1
    assert "Error: nothing was imported:" in result.output
    assert f"{bad}:1: not UTF-8 text" in result.output
    assert article_count(imported) == 5


def test_import_requires_a_path(run, db_path):
    """`import` without a path is a usage error (exit 2)."""
    result = run("import", "--db", db_path)
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.output


def test_db_from_environment(run, tmp_path):
    """ANNOTATOR_DB selects the project when --db is not given."""
    path = tmp_path / "env.db"
    result = run("import", CORPUS, env={"ANNOTATOR_DB": str(path)})
    assert result.output == "5 article(s) added\n"
    assert article_count(path) == 5


def test_non_project_db_is_refused(run, tmp_path):
    """A --db that is not an annotator project exits 1 with a clear message."""
    path = tmp_path / "junk.db"
    path.write_bytes(b"\x00junk" * 1000)
    result = run("articles", "--db", path)
    assert result.exit_code == 1
    assert f"Error: {path}: not an annotator project database" in result.output


@pytest.fixture
def project(db_path):
    """Return the path of an existing, empty project database."""
    Session.open(db_path, "alice").close()
    return db_path


# -- tagset ---------------------------------------------------------------------------------


def test_tagset_show(run, project):
    """`tagset show` lists labels with their keys and colours."""
    result = run("tagset", "show", "--db", project)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Political claims (focus: China–Pakistan relations)"
    person = next(line for line in lines if "Person" in line)
    assert person.split()[:3] == ["[1]", "Person", "#8ecae6"]
    assert "Claim stance: support, oppose, neutral" in lines


def test_tagset_show_json(run, project):
    """`tagset show --json` prints the bundled tag set file's data."""
    result = run("tagset", "show", "--json", "--db", project)
    bundled = json.loads((REPO / "annotator/tagsets/political_claims.json").read_text("utf-8"))
    assert json.loads(result.output) == bundled


def test_tagset_load_invalid_leaves_tagset(run, project, tmp_path):
    """Loading an invalid tag set exits 1 with the file named and changes nothing."""
    before = run("tagset", "show", "--json", "--db", project).output
    bad = tmp_path / "bad.json"
    data = json.loads(before)
    data["spans"]["actor"][0]["color"] = "red"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("tagset", "load", bad, "--db", project)
    assert result.exit_code == 1
    assert f"Error: {bad} is not a valid tag set" in result.output
    assert "spans/actor/0/color" in result.output
    assert run("tagset", "show", "--json", "--db", project).output == before


def test_tagset_load_broken_json(run, db_path, tmp_path):
    """A tag set that is not JSON exits 1 naming file and line."""
    bad = tmp_path / "bad.json"
    bad.write_text("{\n oops", encoding="utf-8")
    result = run("tagset", "load", bad, "--db", db_path)
    assert result.exit_code == 1
    assert f"Error: {bad}:2: not valid JSON" in result.output


def test_tagset_load_valid(run, project, tmp_path):
    """Loading an edited tag set reports its name and counts, and `show` reflects it."""
    data = json.loads(run("tagset", "show", "--json", "--db", project).output)
    data["name"] = "Edited"
    data["spans"]["sentiment"] = data["spans"]["sentiment"][:2]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("tagset", "load", path, "--db", project)
    assert result.exit_code == 0
    assert result.output == "loaded tag set 'Edited': 8 actor, 8 claim, 2 sentiment labels\n"
    assert run("tagset", "show", "--db", project).output.startswith("Edited (focus:")


# -- export ---------------------------------------------------------------------------------


@pytest.fixture
def coded(imported):
    """Return a corpus project in which alice made an actor mark and set a tone."""
    s = Session.open(imported, "alice")
    aid = s.article_summaries()[0].id
    text = s.article(aid).text
    start = text.index("Imran Khan")
    s.add_mark(*s.prepare_mark(aid, MarkKind.ACTOR, start, start + 10, "Person"))
    s.set_document_labels(DocumentLabels(aid, "alice", tone="positive"))
    s.close()
    return imported


def test_export_jsonl_writes_records(run, coded, tmp_path):
    """`export --format jsonl OUT` writes one record and says so."""
    out = tmp_path / "out.jsonl"
    result = run("export", "--format", "jsonl", out, "--db", coded)
    assert result.exit_code == 0
    assert result.output == f"wrote 1 record(s) to {out}\n"
    (record,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert record["annotator"] == "alice"
    assert record["document"]["tone"] == "positive"
    assert [(m["kind"], m["text"], m["label"]) for m in record["marks"]] == [
        ("actor", "Imran Khan", "Person")
    ]


def test_export_to_stdout(run, coded):
    """`export -` writes the records to standard output."""
    result = run("export", "-", "--db", coded)
    assert result.exit_code == 0
    (record,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert record["date"] == "2019-07-30"


def test_export_empty_project_warns(run, imported, tmp_path):
    """Exporting a project without coding writes 0 records and explains why on stderr."""
    out = tmp_path / "out.jsonl"
    result = run("export", out, "--db", imported)
    assert result.exit_code == 0
    assert result.stdout == f"wrote 0 record(s) to {out}\n"
    assert "nothing to export" in result.stderr


def test_export_unknown_format_is_usage_error(run, coded, tmp_path):
    """An unknown --format is a usage error listing the formats."""
    result = run("export", "--format", "docx", tmp_path / "o.docx", "--db", coded)
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'docx' is not one of 'jsonl'" in result.output


def test_export_then_import_with_annotator(run, coded, tmp_path):
    """An export imported into a new project with --annotator shows up as that coder's work."""
    out = tmp_path / "out.jsonl"
    run("export", out, "--db", coded)
    other = tmp_path / "other.db"
    result = run("import", out, "--db", other, "--annotator", "dave")
    assert result.exit_code == 0
    assert result.output == "1 article(s) added, 1 annotation record(s) with 1 mark(s)\n"
    rows = run("articles", "--db", other, "--annotator", "dave").output.splitlines()
    assert rows[1].split()[2:6] == ["1", "0", "0", "new"]


# -- the default project --------------------------------------------------------------------


def test_default_db_path_uses_platformdirs():
    """The default project is annotator.db in platformdirs' user data folder for 'annotator'."""
    expected = platformdirs.user_data_path("annotator", appauthor=False) / "annotator.db"
    assert default_db_path() == expected


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME is a Linux convention")
def test_default_db_path_follows_xdg_data_home(tmp_path, monkeypatch):
    """On Linux the default project lives under $XDG_DATA_HOME/annotator/."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "annotator" / "annotator.db"


def test_open_session_on_new_default_db_seeds_corpus(tmp_path, monkeypatch):
    """open_session(None, ...) creates the default project and imports the 5 bundled articles."""
    path = tmp_path / "default" / "annotator.db"
    monkeypatch.setattr(annotator.cli.common, "default_db_path", lambda: path)
    s = open_session(None, "x")
    try:
        assert s.path == path
        assert s.article_count() == 5
        assert s.annotator == "x"
    finally:
        s.close()
    # Opening it again does not import a second time.
    s = open_session(None, "x")
    try:
        assert s.article_count() == 5
    finally:
        s.close()


def test_open_session_seed_new_for_explicit_path(db_path):
    """An explicit new path is seeded only with seed_new=True (what the GUI passes)."""
    s = open_session(db_path, "x")
    assert s.article_count() == 0
    s.close()
    other = db_path.with_name("seeded.db")
    s = open_session(other, "x", seed_new=True)
    assert s.article_count() == 5
    s.close()


def test_cli_without_db_uses_seeded_default(run, tmp_path, monkeypatch):
    """`articles` with neither --db nor ANNOTATOR_DB lists the seeded default project."""
    path = tmp_path / "default" / "annotator.db"
    monkeypatch.setattr(annotator.cli.common, "default_db_path", lambda: path)
    result = run("articles", "--annotator", "zed")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "5 article(s); counts and status are zed's"
    assert path.is_file()


def test_readme_documents_every_command():
    """Every command and subcommand appears in the README's CLI reference."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    def names(group, prefix):
        for name, command in group.commands.items():
            yield f"{prefix} {name}"
            if isinstance(command, click.Group):
                yield from names(command, f"{prefix} {name}")

    missing = [name for name in names(cli, "annotator") if f"`{name}" not in readme]
    assert missing == []


def test_actors_lists_the_registry(run, db_path):
    """`actors` lists each actor with type, use count and aliases."""
    session = Session.open(db_path, "alice")
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Wang Qishan", "Person")
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    session.close()
    result = run("actors", "--db", db_path)
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()
    assert "Wang Qishan" in rows[1] and "Person" in rows[1] and rows[1].rstrip().endswith("Wang Qishan")
    assert "Xinhua" in rows[2] and "Media" in rows[2]
    assert rows[-1] == "2 actor(s)"


def test_plain_annotator_reads_db_and_coder_from_environment(tmp_path, monkeypatch):
    """`annotator` with no command opens the GUI on $ANNOTATOR_DB as $ANNOTATOR_NAME."""
    import annotator.gui.app

    opened = []

    def record(session):
        opened.append((session.path, session.annotator, session.article_count()))
        session.close()
        return 0

    monkeypatch.setattr(annotator.gui.app, "run", record)  # stand in for the event loop only
    db = tmp_path / "env.db"
    result = CliRunner().invoke(cli, [], env={"ANNOTATOR_DB": str(db), "ANNOTATOR_NAME": "zoe"})
    assert result.exit_code == 0, result.output
    assert opened == [(db, "zoe", 5)]


def test_formats_lists_the_registry(run):
    """`formats` lists every registered format with its extensions and directions."""
    result = run("formats")
    assert result.exit_code == 0
    rows = [line.split()[:4] for line in result.output.splitlines()[1:]]
    assert rows[:3] == [
        ["text", ".txt", "yes", "-"],
        ["csv", ".csv", "yes", "-"],
        ["jsonl", ".jsonl", ".ndjson", "yes"],
    ]


def test_import_with_explicit_format(run, project, tmp_path):
    """--format reads a file whatever its extension says."""
    path = tmp_path / "articles.data"
    path.write_text('{"text": "China and Pakistan met in Beijing on Tuesday."}\n', encoding="utf-8")
    assert run("import", path, "--db", project).exit_code == 1
    result = run("import", path, "--format", "jsonl", "--db", project)
    assert result.output == "1 article(s) added\n"


def test_guidelines_load_and_show(run, project, tmp_path):
    """`guidelines load` stores a Markdown file; `show` prints it, with --labels the label guide."""
    guide = tmp_path / "guide.md"
    guide.write_text("# Coding rules\n\nSpeakers first.\n", encoding="utf-8")
    assert run("guidelines", "load", guide, "--db", project).output == (
        f"loaded guidelines from {guide} (3 lines)\n"
    )
    shown = run("guidelines", "show", "--labels", "--db", project).output
    assert shown.startswith("# Coding rules\n\nSpeakers first.\n")
    assert "- **Person** (key `1`)" in shown


def test_actors_search(run, db_path):
    """`actors --search` narrows the registry by name or alias."""
    session = Session.open(db_path, "alice")
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "Wang Qishan", "Person")
    add(session, article_id, MarkKind.ACTOR, "Xinhua", "Media")
    session.close()
    rows = run("actors", "--search", "qish", "--db", db_path).output.splitlines()
    assert len(rows) == 3 and "Wang Qishan" in rows[1] and rows[2] == "1 actor(s)"


# -- the group's own --db and --annotator ----------------------------------------------------


def test_group_db_and_annotator_reach_the_command(run, imported, tmp_path):
    """`annotator --db P --annotator bob articles` is `annotator articles --db P --annotator bob`;
    the command's own option, when given too, wins."""
    alone = run("articles", "--db", imported, "--annotator", "bob")
    before = run("--db", imported, "--annotator", "bob", "articles")
    assert before.exit_code == 0, before.output
    assert before.output == alone.output and "China and Pakistan" in before.output
    other = tmp_path / "other.db"
    Session.open(other, "alice").close()
    own = run("--db", imported, "articles", "--db", other)
    assert own.exit_code == 0 and "China and Pakistan" not in own.output


def test_group_db_opens_the_window_on_that_project(run, imported):
    """Without a command the group's --db and --annotator are the window's (`annotator --db P`)."""
    opened = []

    @click.command("gui")
    @project_options
    def window_stand_in(db=None, annotator=None):
        opened.append((db, annotator))

    window = cli.commands["gui"]  # the real one would start Qt's event loop
    cli.add_command(window_stand_in)
    try:
        result = run("--db", imported, "--annotator", "bob")
    finally:
        cli.add_command(window)
    assert result.exit_code == 0, result.output
    assert opened == [(imported, "bob")]


def test_actors_table_lines_up_with_chinese_names(run, db_path, tmp_path):
    """A name in Chinese takes two terminal cells a character: the columns after it still line
    up with those after a Latin name."""
    from annotator.core.text_table import display_width

    session = Session.open(db_path, "alice")
    article = tmp_path / "wang.txt"
    article.write_text("外交部长王毅 met Wang Qishan in Beijing.\n", encoding="utf-8")
    session.import_paths([article])
    article_id = session.article_summaries()[0].id
    add(session, article_id, MarkKind.ACTOR, "王毅", "Person")
    add(session, article_id, MarkKind.ACTOR, "Wang Qishan", "Person")
    session.close()
    rows = run("actors", "--db", db_path).output.splitlines()[1:3]
    columns = [display_width(row.split("Person")[0]) for row in rows]
    assert len(rows) == 2 and columns[0] == columns[1]
