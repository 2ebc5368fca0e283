"""A PostgreSQL server and scratch hub databases in it, for a test, a benchmark or a screenshot:
the server ``ANNOTATOR_TEST_PG`` names or a throwaway cluster; a database dropped afterwards with
every role made for it (their names start with its name)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from tests.hub import pg_cluster


@contextmanager
def pg_server() -> Iterator[str]:
    """Yield a superuser's conninfo: ``ANNOTATOR_TEST_PG``'s, else a throwaway cluster's, stopped
    afterwards (pg_cluster.ClusterUnavailableError when neither can be had)."""
    if os.environ.get("ANNOTATOR_TEST_PG"):
        yield os.environ["ANNOTATOR_TEST_PG"]
        return
    cluster = pg_cluster.start()
    try:
        yield cluster.conninfo
    finally:
        pg_cluster.stop(cluster.folder)


@contextmanager
def scratch_database(server: str, prefix: str, template: str | None = None) -> Iterator[str]:
    """Yield the superuser's conninfo of a new database (a copy of ``template`` if given)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import make_conninfo

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(create)
    try:
        yield make_conninfo(server, dbname=name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            roles = conn.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", [name + "_"]
            ).fetchall()
            for (role,) in roles:
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
