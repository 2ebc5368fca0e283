"""The hub's tests run against a real PostgreSQL: the one ``ANNOTATOR_TEST_PG`` names (a libpq
conninfo of a superuser; ``.ci/run`` starts one), else a throwaway cluster this session starts
itself (each xdist worker its own, on its own socket) and stops at the end. Each test gets a
fresh database copied from a template the session migrates once; the roles a test makes start
with its database's name and are dropped with it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.hub import pg_cluster

TEST_PG = "ANNOTATOR_TEST_PG"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Return the conninfo of a PostgreSQL superuser (skip the test when there is none)."""
    pytest.importorskip("psycopg", reason="psycopg is missing: pip install -e '.[test]'")
    if os.environ.get(TEST_PG):
        yield os.environ[TEST_PG]
        return
    try:
        cluster = pg_cluster.start()
    except pg_cluster.ClusterUnavailableError as problem:
        pytest.skip(f"no PostgreSQL for the hub tests: {problem}; or set {TEST_PG}")
    try:
        yield cluster.conninfo
    finally:
        pg_cluster.stop(cluster.folder)


def _admin(conninfo: str, dbname: str = "postgres"):
    import psycopg
    from psycopg.conninfo import make_conninfo

    return psycopg.connect(make_conninfo(conninfo, dbname=dbname), autocommit=True)


@pytest.fixture(scope="session")
def hub_template(pg_server: str) -> Iterator[str]:
    """Return the name of a database holding a migrated hub (no members), to copy per test."""
    from psycopg import sql

    from annotator.hub.schema import migrate

    name = f"hubtpl_{uuid.uuid4().hex[:10]}"
    with _admin(pg_server) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    with _admin(pg_server, name) as conn:
        migrate(conn)
    yield name
    with _admin(pg_server) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture
def hub_db(pg_server: str, hub_template: str) -> Iterator[str]:
    """Return the admin's conninfo of a fresh database with the hub's schema; drop it after,
    with every role whose name starts with its name."""
    from tests.hub.scratch import scratch_database

    with scratch_database(pg_server, "hubt", template=hub_template) as conninfo:
        yield conninfo


@dataclass
class Hub:
    """A test's hub: the admin's conninfo, its lead, and connections made as any member."""

    conninfo: str
    lead: object
    opened: list = field(default_factory=list)

    def connect(self, role: str | None = None, *, autocommit: bool = True):
        """Open a connection as the admin, or logged in as a member's role (trust auth)."""
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = self.conninfo if role is None else make_conninfo(self.conninfo, user=role)
        conn = psycopg.connect(conninfo, autocommit=autocommit)
        self.opened.append(conn)
        return conn

    def add_coder(self, coder: str):
        """Make a coder's role and membership; return the member."""
        from annotator.hub.members import add_coder

        return add_coder(self.connect(), coder)


@pytest.fixture
def hub(hub_db: str) -> Iterator[Hub]:
    """Return a hub set up in a fresh database, led by 'lead'."""
    from annotator.hub.members import create_hub

    made = Hub(hub_db, create_hub(hub_db, "lead"))
    yield made
    for conn in made.opened:
        conn.close()
