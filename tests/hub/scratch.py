"""A scratch hub database in a PostgreSQL server: made for a test, a benchmark or a screenshot,
dropped afterwards with every role made for it (their names start with its name)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


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
