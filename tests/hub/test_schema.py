"""The hub's schema: migrations, the version check, the project's data model, seqs and NOTIFY."""

from __future__ import annotations

import sqlite3

import pytest

from tests.hub.rows import STAMP, add_annotator, add_article, add_mark, article_id, insert


def test_migrations_apply_to_an_empty_database_and_report_the_version(pg_server, hub_db):
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    from annotator.hub.errors import NoHubError
    from annotator.hub.schema import HUB_SCHEMA_VERSION, check_hub_version, hub_version, migrate

    with psycopg.connect(hub_db, autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(admin.info.dbname + "_e"))
        )
    empty = make_conninfo(hub_db, dbname=psycopg.conninfo.conninfo_to_dict(hub_db)["dbname"] + "_e")
    try:
        with psycopg.connect(empty, autocommit=True) as conn:
            assert hub_version(conn) == 0
            with pytest.raises(NoHubError, match="holds no annotator hub"):
                check_hub_version(conn)
            assert migrate(conn) == [
                "tables_and_pull_cursors",
                "members_and_row_security",
                "versioned_shared_records",
                "actor_in_use",
            ]
            assert HUB_SCHEMA_VERSION == 4
            assert hub_version(conn) == check_hub_version(conn) == 4
            numbers = conn.execute("SELECT number, name FROM hub_migrations ORDER BY number")
            assert [n for n, _name in numbers] == [1, 2, 3, 4]
            assert migrate(conn) == []  # nothing pending: a second run changes nothing
            tables = {
                row[0]
                for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            }
    finally:
        with psycopg.connect(hub_db, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(
                    sql.Identifier(admin.info.dbname + "_e")
                )
            )
    assert tables == {
        "hub_migrations", "hub_members", "hub_settings", "unblinded", "deletions", "project",
        "articles", "annotators", "actors", "actor_aliases", "actor_links",
        "actor_links_declined", "marks", "document_labels", "rejected_suggestions",
        "assignments", "gold_provenance", "gold_rejections",
    }  # fmt: skip


def test_a_hub_of_a_newer_schema_is_refused_with_a_message(hub):
    from annotator.hub.errors import HubTooNewError
    from annotator.hub.schema import check_hub_version, migrate

    admin = hub.connect()
    admin.execute("INSERT INTO hub_migrations VALUES (5, 'from_the_future', %s)", [STAMP])
    with pytest.raises(HubTooNewError) as refused:
        check_hub_version(admin)
    assert str(refused.value) == (
        "this hub was set up by a newer annotator (schema 5); upgrade annotator"
    )
    assert (refused.value.hub_version, refused.value.known_version) == (5, 4)
    with pytest.raises(HubTooNewError):
        migrate(admin)
    # A coder's connection reads the version too.
    alice = hub.add_coder("alice")
    with pytest.raises(HubTooNewError, match=r"schema 5\); upgrade annotator"):
        check_hub_version(hub.connect(alice.role_name))


def _columns_sqlite(path, table):
    with sqlite3.connect(path) as db:
        return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def test_the_tables_have_the_project_files_columns(hub, tmp_path):
    from annotator.hub.schema import SYNCED_TABLES, VERSIONED_TABLES
    from annotator.session import Session

    Session.open(tmp_path / "project.db", "alice").close()
    with sqlite3.connect(tmp_path / "project.db") as db:
        in_project = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    admin = hub.connect()
    checked = 0
    for table, key in SYNCED_TABLES.items():
        if table not in in_project:  # tombstones: not in every project yet
            assert table == "deletions"
            continue
        hub_columns = {
            row[0]
            for row in admin.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
            )
        }
        extra = {"seq", "base_seq"} if table in VERSIONED_TABLES else {"seq"}
        assert hub_columns == _columns_sqlite(tmp_path / "project.db", table) | extra, table
        primary_key = admin.execute(
            "SELECT array_agg(a.attname::text ORDER BY k.n) FROM pg_index i "
            "CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            "WHERE i.indrelid = %s::regclass AND i.indisprimary",
            [table],
        ).fetchone()[0]
        assert tuple(primary_key) == key
        checked += 1
    assert checked >= 13


def test_text_compares_as_in_sqlite(hub):
    """Byte order ("C"), whatever the database's locale: "B" < "a", as SQLite's CHECK has it."""
    admin = hub.connect()
    add_annotator(admin, "lead")
    insert(
        admin,
        "actor_links_declined",
        {"first_id": "B-actor", "second_id": "a-actor", "declined_at": STAMP},
    )
    assert admin.execute(
        "SELECT count(*) FROM actor_links_declined WHERE first_id < second_id"
    ).fetchone() == (1,)


def test_seq_increases_on_insert_and_update(hub):
    admin = hub.connect()
    add_annotator(admin, "lead")
    first = insert(admin, "articles", _article(1))
    second = insert(admin, "articles", _article(2))
    assert 0 < first < second
    updated = admin.execute(
        "UPDATE articles SET title = 'Renamed' WHERE id = %s RETURNING seq", [article_id(1)]
    ).fetchone()[0]
    assert updated > second
    mark = add_mark(admin, article_id(1), "lead")
    mark_seq = admin.execute("SELECT seq FROM marks WHERE id = %s", [mark]).fetchone()[0]
    assert mark_seq > updated  # one sequence for every table
    # A client cannot choose its seq.
    assert (
        admin.execute("UPDATE marks SET seq = 1 WHERE id = %s RETURNING seq", [mark]).fetchone()[0]
        > mark_seq
    )


def _article(n: int) -> dict:
    from tests.hub.rows import TEXT

    return {"id": article_id(n), "title": f"A{n}", "text": TEXT, "imported_at": STAMP}


def test_a_commit_notifies_listeners_with_its_seq(hub):
    from annotator.hub.schema import NOTIFY_CHANNEL

    listener = hub.connect()
    listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
    writer = hub.connect(autocommit=False)
    add_annotator(writer, "lead")
    seq = add_article(writer, 7) and writer.execute("SELECT max(seq) FROM articles").fetchone()[0]
    assert list(listener.notifies(timeout=0.2)) == []  # nothing before the commit
    writer.commit()
    heard = list(listener.notifies(timeout=2, stop_after=2))
    assert [n.channel for n in heard] == [NOTIFY_CHANNEL] * len(heard)
    assert str(seq) in [n.payload for n in heard]
    # A rolled-back write says nothing.
    add_article(writer, 8)
    writer.rollback()
    assert list(listener.notifies(timeout=0.3)) == []


def test_the_coders_cannot_shadow_the_hubs_tables_with_temporary_ones(hub):
    """hub_coder() reads hub_members through the hub's schema, not a coder's temp table."""
    alice = hub.add_coder("alice")
    conn = hub.connect(alice.role_name)
    conn.execute("CREATE TEMP TABLE hub_members (role_name text, coder text, is_lead boolean)")
    conn.execute("INSERT INTO hub_members VALUES (current_user, 'lead', true)")
    assert conn.execute("SELECT hub_coder(), hub_is_lead()").fetchone() == ("alice", False)
    # Nor draw their rows' seqs from a temporary sequence of their own.
    admin = hub.connect()
    add_annotator(admin, "alice")
    article = add_article(admin, 1)
    top = admin.execute("SELECT max(seq) FROM articles").fetchone()[0]
    conn.execute("CREATE TEMP SEQUENCE hub_seq")
    mine = add_mark(conn, article, "alice")
    assert conn.execute("SELECT seq FROM marks WHERE id = %s", [mine]).fetchone()[0] > top


def test_an_older_hub_is_refused_until_its_admin_upgrades_it(pg_server, tmp_path):
    """A hub of an older schema: check refuses it, naming the command; `annotator hub upgrade`
    applies what is pending (and says so), then nothing; no hub, or a coder's login, is told."""
    import psycopg
    from click.testing import CliRunner

    from annotator.cli import cli
    from annotator.hub.errors import HubTooOldError
    from annotator.hub.schema import (
        HUB_SCHEMA_VERSION,
        MIGRATIONS,
        check_hub_version,
        hub_version,
        migrate,
    )
    from annotator.session import Session
    from tests.hub.scratch import scratch_database

    project = tmp_path / "lead.db"
    Session.open(project, "lead").close()
    runner = CliRunner()
    with scratch_database(pg_server, "hubold") as admin:
        result = runner.invoke(cli, ["hub", "upgrade", admin, "--db", str(project)])
        assert result.exit_code != 0 and "holds no annotator hub" in result.output
        with psycopg.connect(admin, autocommit=True) as conn:
            assert migrate(conn, up_to=3) == [
                "tables_and_pull_cursors", "members_and_row_security", "versioned_shared_records",
            ]  # fmt: skip
            with pytest.raises(HubTooOldError) as refused:
                check_hub_version(conn)
        assert str(refused.value) == (
            f"this hub's schema (3) is older than this annotator's ({HUB_SCHEMA_VERSION}): "
            "the hub's admin upgrades it with `annotator hub upgrade ADMIN_CONNINFO`"
        )
        result = runner.invoke(cli, ["hub", "upgrade", admin, "--db", str(project)])
        assert result.exit_code == 0, result.output
        applied = ", ".join(step.name for step in MIGRATIONS[3:])
        assert result.output == f"hub upgraded from schema 3 to {HUB_SCHEMA_VERSION}: {applied}\n"
        result = runner.invoke(cli, ["hub", "upgrade", admin, "--db", str(project)])
        assert result.output == f"the hub is up to date (schema {HUB_SCHEMA_VERSION})\n"
        with psycopg.connect(admin, autocommit=True) as conn:
            assert hub_version(conn) == check_hub_version(conn) == HUB_SCHEMA_VERSION


def test_a_coders_login_cannot_upgrade_a_hub(hub, tmp_path):
    """Only the role owning the hub's tables migrates it: a coder is told so."""
    from psycopg.conninfo import make_conninfo

    from annotator.core.errors import ValidationError
    from annotator.session import Session

    alice = hub.add_coder("alice")
    hub.connect().execute("DELETE FROM hub_migrations WHERE number = 4")
    session = Session.open(tmp_path / "alice.db", "alice")
    with pytest.raises(ValidationError, match="the role that owns the hub's tables"):
        session.upgrade_hub(make_conninfo(hub.conninfo, user=alice.role_name))
    session.close()
