"""Optimistic concurrency for the hub's shared records: the seq is the version.

An edit of a shared record (``schema.VERSIONED_TABLES``: the project's rows, actors, aliases,
actor links, gold marks) names the version it was made on in ``base_seq``; the hub refuses one
made on an older version (a trigger raises SQLSTATE ``schema.STALE_EDIT``), so nobody's edit is
silently overwritten: the client reads the fresh row and offers the edit again on it.

``update_if_version`` does this for one row and never raises for a stale edit: its WHERE clause
skips a stale row before the trigger sees it. For a batch, the same in SQL::

    UPDATE actors t SET name = i.name, ..., base_seq = i.base_seq
    FROM incoming i WHERE t.id = i.id AND t.seq = i.base_seq RETURNING t.id

returns the ids accepted; the others were stale (read them again by key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.hub.errors import HubError
from annotator.hub.schema import SEQ_TABLES, VERSIONED_TABLES, WRITE_LOCK_KEY

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True)
class VersionedWrite:
    """The outcome of a versioned edit: accepted or not, and the row as the hub now holds it
    (the edited row when accepted, the fresher one that refused it otherwise; None: the row is
    gone, or this member may not see it)."""

    accepted: bool
    row: dict[str, Any] | None


def update_if_version(
    conn: psycopg.Connection,
    table: str,
    key: Mapping[str, Any],
    expected_seq: int,
    changes: Mapping[str, Any],
) -> VersionedWrite:
    """Change a row if it is still at version ``expected_seq``; otherwise return the fresh row.

    ``key`` gives the table's primary key columns; ``changes`` the columns to set. Works on
    every table with a seq (on the others it is a check the client makes, not the hub).
    """
    from psycopg import sql
    from psycopg.rows import dict_row

    _check_key(table, key)
    if not changes or {"seq", "base_seq"} & set(changes):
        raise HubError("give the columns to change (not seq or base_seq)")
    assignments = [
        sql.SQL("{} = {}").format(sql.Identifier(c), sql.Literal(v)) for c, v in changes.items()
    ]
    if table in VERSIONED_TABLES:
        assignments.append(sql.SQL("base_seq = {}").format(sql.Literal(expected_seq)))
    statement = sql.SQL("UPDATE {} SET {} WHERE {} AND seq = {} RETURNING *").format(
        sql.Identifier(table),
        sql.SQL(", ").join(assignments),
        _where(key),
        sql.Literal(expected_seq),
    )
    with conn.transaction(), conn.cursor(row_factory=dict_row) as cursor:
        edited = cursor.execute(statement).fetchone()
        if edited is not None:
            return VersionedWrite(True, _public(edited))
        fresh = cursor.execute(
            sql.SQL("SELECT * FROM {} WHERE {}").format(sql.Identifier(table), _where(key))
        ).fetchone()
    return VersionedWrite(False, _public(fresh) if fresh else None)


def read_row(conn: psycopg.Connection, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return a row by its primary key, with its seq (None: absent, or hidden from this member)."""
    from psycopg import sql
    from psycopg.rows import dict_row

    _check_key(table, key)
    with conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(
            sql.SQL("SELECT * FROM {} WHERE {}").format(sql.Identifier(table), _where(key))
        ).fetchone()
    return _public(row) if row else None


def lock_writers(conn: psycopg.Connection) -> None:
    """Take the hub writers' lock now, in the open transaction (every write takes it anyway).

    Taking it first lets a client read versions and write on them with no writer in between.
    """
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK_KEY])


def _check_key(table: str, key: Mapping[str, Any]) -> None:
    if table not in SEQ_TABLES:
        raise HubError(f"{table!r} is not a hub table with versions")
    if set(key) != set(SEQ_TABLES[table]):
        raise HubError(f"the key of {table} is {', '.join(SEQ_TABLES[table])}")


def _where(key: Mapping[str, Any]):
    from psycopg import sql

    return sql.SQL(" AND ").join(
        sql.SQL("{} = {}").format(sql.Identifier(c), sql.Literal(v)) for c, v in key.items()
    )


def _public(row: dict[str, Any]) -> dict[str, Any]:
    """Return a row without base_seq (never stored: always NULL)."""
    row.pop("base_seq", None)
    return row
