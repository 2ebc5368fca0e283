"""Sync: push a project's logged changes to the hub, pull what the hub has that is new.

The rules are the file merge's (storage/merging.py): articles by content hash and coders by
name are only ever added; marks, actors and document labels by id, the later stamp wins;
tombstones delete what is not newer than them. Both sides apply them, so syncs in any order
end where merging the files would.

A push sends the rows the change log names, table by table, in one hub transaction, through a
temporary table and one upsert each; the log entries are dropped locally only after the hub
committed (a push killed in between sends them again, to the same effect). A pull reads the
rows whose ``seq`` is past the project's cursor (the hub's writers are serialised, so a later
commit never has an earlier seq) and applies them with the cursor in one local transaction.
Rows this coder may not write (another coder's marks, the lead's tag set) are not sent: the
hub's row-level security would refuse the whole batch; they are counted as kept local.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.model import GOLD_ANNOTATOR
from annotator.storage.hub_log import join_key
from annotator.storage.merging import MergeCounts
from annotator.storage.schema import SYNCED_TABLES

if TYPE_CHECKING:
    import psycopg

    from annotator.storage import Store

PUSH_BATCH = 5000  # logged changes read per round of a push
PULL_BATCH = 20000  # rows fetched per round trip of a pull
# Tables in the order their rows may be written (what a row refers to goes first).
ORDER = (
    "annotators",
    "project",
    "articles",
    "actors",
    "actor_aliases",
    "actor_links",
    "actor_links_declined",
    "marks",
    "document_labels",
    "assignments",
    "rejected_suggestions",
    "gold_provenance",
    "gold_rejections",
)
# The column whose later value wins for the same key; None: the row is only ever added (the
# first one stays); "always": the lead's settings, taken as sent.
STAMPS: dict[str, str | None] = {
    "project": "always",
    "annotators": None,
    "articles": None,
    "actors": "updated_at",
    "actor_aliases": None,
    "actor_links": "linked_at",
    "actor_links_declined": None,
    "marks": "updated_at",
    "document_labels": "updated_at",
    "assignments": None,
    "rejected_suggestions": None,
    "gold_provenance": "decided_at",
    "gold_rejections": None,
}
# What a tombstone's key names, and the column its row's stamp is in.
TOMBSTONED = {"marks": "updated_at", "actors": "updated_at", "assignments": "assigned_at"}


@dataclass(frozen=True)
class Member:
    """Who is syncing: the coder's name, and whether they lead the hub."""

    coder: str
    is_lead: bool


@dataclass
class SyncReport:
    """What a sync sent, what it brought, and what stayed local."""

    pushed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    kept_local: dict[str, int] = field(default_factory=dict)
    pulled: MergeCounts | None = None
    pulled_rows: int = 0
    cursor: int = 0


def may_write(member: Member, table: str, row: dict[str, Any]) -> bool:
    """Say whether the hub lets this member write the row (its row-level security, mirrored)."""
    if member.is_lead:
        return True
    if table in ("project", "assignments", "articles", "gold_provenance", "gold_rejections"):
        return False
    if table in ("marks", "document_labels", "rejected_suggestions"):
        return row["annotator"] == member.coder and row["annotator"] != GOLD_ANNOTATOR
    return True


# -- pushing ------------------------------------------------------------------------------------


def push(store: Store, conn: psycopg.Connection, member: Member, report: SyncReport) -> None:
    """Send every logged change to the hub; drop each round's log entries once committed."""
    while changes := store.pending_changes(PUSH_BATCH):
        through = changes[-1][0]
        keys: dict[str, list[str]] = defaultdict(list)
        for _seq, table, key in changes:
            if key not in keys[table]:
                keys[table].append(key)
        with conn.transaction():
            for table in ORDER:
                if table in keys:
                    _push_table(store, conn, member, table, keys[table], report)
        with store.transaction():
            store.drop_changes(through)


def push_everything(store: Store, conn: psycopg.Connection, member: Member) -> SyncReport:
    """Send the whole project (the lead's first push when the hub is made)."""
    report = SyncReport()
    with conn.transaction():
        for table in ORDER:
            for rows in store.all_rows(table):
                _send(conn, member, table, rows, report)
        for table in TOMBSTONED:
            tombstones = store.tombstones(table, None) if hasattr(store, "tombstones") else []
            _send_tombstones(conn, table, tombstones, report)
    return report


def _push_table(
    store: Store,
    conn: psycopg.Connection,
    member: Member,
    table: str,
    keys: Sequence[str],
    report: SyncReport,
) -> None:
    rows = store.rows_by_keys(table, keys)
    _send(conn, member, table, rows, report)
    if table in TOMBSTONED:
        present = {join_key(table, r) for r in rows}
        gone = [k for k in keys if k not in present]
        if gone and hasattr(store, "tombstones"):
            _send_tombstones(conn, table, store.tombstones(table, gone), report)


def _send(
    conn: psycopg.Connection,
    member: Member,
    table: str,
    rows: Sequence[dict[str, Any]],
    report: SyncReport,
) -> None:
    """Upsert rows into a hub table by the merge's rule for it."""
    allowed = [r for r in rows if may_write(member, table, r)]
    if len(allowed) < len(rows):
        report.kept_local[table] = report.kept_local.get(table, 0) + len(rows) - len(allowed)
    if not allowed:
        return
    columns = list(allowed[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS incoming_{table} "
            f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
        )
        with cur.copy(f"COPY incoming_{table} ({quoted}) FROM STDIN") as copy:
            for row in allowed:
                copy.write_row([row[c] for c in columns])
        cur.execute(_upsert_sql(table, columns))
        report.pushed[table] = report.pushed.get(table, 0) + len(allowed)
        cur.execute(f"TRUNCATE incoming_{table}")


def _upsert_sql(table: str, columns: Sequence[str]) -> str:
    keys = SYNCED_TABLES[table]
    quoted = ", ".join(f'"{c}"' for c in columns)
    conflict = ", ".join(f'"{c}"' for c in keys)
    stamp = STAMPS[table]
    source = f"SELECT {quoted} FROM incoming_{table}"
    if table in TOMBSTONED:
        # A row no newer than its tombstone stays deleted (the deletion wins a tie).
        source += (
            f" i WHERE NOT EXISTS (SELECT 1 FROM deletions d WHERE d.tbl = '{table}' AND "
            f"d.key = {_key_expr(table, 'i')} AND d.deleted_at >= i.{TOMBSTONED[table]})"
        )
    if table == "actor_aliases":
        return (
            f"INSERT INTO {table} ({quoted}) {source} ON CONFLICT ({conflict}) DO UPDATE SET "
            "implicit = 0 WHERE excluded.implicit = 0 AND actor_aliases.implicit = 1"
        )
    if stamp is None:
        return f"INSERT INTO {table} ({quoted}) {source} ON CONFLICT ({conflict}) DO NOTHING"
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    newer = "" if stamp == "always" else f" WHERE excluded.{stamp} > {table}.{stamp}"
    return (
        f"INSERT INTO {table} ({quoted}) {source} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}{newer}"
    )


def _key_expr(table: str, alias: str) -> str:
    return " || chr(31) || ".join(f'{alias}."{c}"::text' for c in SYNCED_TABLES[table])


def _send_tombstones(
    conn: psycopg.Connection,
    table: str,
    tombstones: Iterable[tuple[str, str, str | None]],
    report: SyncReport,
) -> None:
    """Record deletions at the hub and delete what they outdate (key, deleted_at, by)."""
    found = list(tombstones)
    if not found:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO deletions (tbl, key, deleted_at, deleted_by) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (tbl, key) DO UPDATE SET deleted_at = excluded.deleted_at, "
            "deleted_by = excluded.deleted_by WHERE excluded.deleted_at > deletions.deleted_at",
            [(table, key, at, by) for key, at, by in found],
        )
        cur.execute(
            f"DELETE FROM {table} t USING deletions d WHERE d.tbl = %s AND "
            f"d.key = {_key_expr(table, 't')} AND d.deleted_at >= t.{TOMBSTONED[table]} "
            "AND d.key = ANY(%s)",
            [table, [key for key, _at, _by in found]],
        )
        report.deleted[table] = report.deleted.get(table, 0) + cur.rowcount


# -- pulling ------------------------------------------------------------------------------------


def pull(store: Store, conn: psycopg.Connection, report: SyncReport) -> None:
    """Bring in every row the hub has past this project's cursor (what this coder may see)."""
    cursor = int(store.hub_settings().get("pull_cursor", "0"))
    tables = [*ORDER, "deletions"]
    # One snapshot for every table: the rows of one hub transaction arrive together.
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        top = cursor
        store.open_stage()
        try:
            for table in tables:
                if table == "deletions" and not store.has_tombstones():
                    continue
                seen, staged = _stage_table(store, conn, table, cursor)
                top, report.pulled_rows = max(top, seen), report.pulled_rows + staged
            with store.transaction():
                before = store.last_change()
                report.pulled = store.apply_stage()
                store.drop_changes_after(before)
                store.set_hub_settings({"pull_cursor": str(top)})
        finally:
            store.close_stage()
    report.cursor = top


def _stage_table(
    store: Store, conn: psycopg.Connection, table: str, cursor: int
) -> tuple[int, int]:
    """Stage a hub table's rows past the cursor; return the highest seq seen and the count."""
    columns = store.table_columns(table)
    quoted = ", ".join(f'"{c}"' for c in columns)
    top, staged = cursor, 0
    with conn.cursor(name=f"pull_{table}") as cur:
        cur.itersize = PULL_BATCH
        cur.execute(f"SELECT {quoted}, seq FROM {table} WHERE seq > %s ORDER BY seq", [cursor])
        while rows := cur.fetchmany(PULL_BATCH):
            top, staged = max(top, rows[-1][-1]), staged + len(rows)
            store.stage_rows(table, columns, (row[:-1] for row in rows))
    return top, staged
