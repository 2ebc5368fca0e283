"""Sync: push a project's logged changes to the hub, pull what the hub has that is new.

The rules are the file merge's (storage/merging.py): articles by content hash and coders by
name are only ever added; marks and document labels by id, the later stamp wins; tombstones
delete what is not newer than them. Both sides apply them, so syncs in any order end where
merging the files would. Shared records (``schema.VERSIONED_TABLES``: the tag set and
guidelines, actors, aliases, actor links, gold marks) are versioned instead: an edit made on an
old version is refused, the fresh row replaces the local one, and the refused edit is kept in
``hub_refused`` to be offered again (never silently lost).

A push sends the rows the change log names, table by table, in one hub transaction (a temporary
table filled by COPY, then one upsert); the log entries are dropped locally only after the hub
committed, so a push killed in between sends them again, to the same effect. A pull reads, in
one snapshot, the rows whose ``seq`` is past the project's cursor (the hub serialises its
writers, so a later commit never has a lower seq) and applies them with the new cursor in one
local transaction. Rows this member may not write (another coder's marks, the lead's tag set)
are not sent — the hub's row-level security would refuse the whole batch — and are counted as
kept local.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.model import GOLD_ANNOTATOR, utc_now
from annotator.hub.schema import VERSIONED_TABLES, WRITE_LOCK_KEY
from annotator.storage.hub_log import join_key
from annotator.storage.merging import MergeCounts
from annotator.storage.schema import SYNCED_TABLES

if TYPE_CHECKING:
    import psycopg

    from annotator.hub.members import HubMember
    from annotator.storage import Store

PUSH_BATCH = 20000  # logged changes read per round of a push
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
# The column whose later value wins for the same key; None: a row is only ever added.
STAMPS: dict[str, str | None] = {
    "project": None,
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
LEAD_TABLES = ("project", "assignments", "articles", "gold_provenance", "gold_rejections")


@dataclass
class SyncReport:
    """What a sync sent, what it brought, and what stayed local or was refused."""

    pushed: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    kept_local: dict[str, int] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (table, key): stale edits
    pulled: MergeCounts | None = None
    pulled_rows: int = 0
    cursor: int = 0
    retries: int = 0  # times the connection dropped midway and the sync ran again

    def add(self, counts: dict[str, int], table: str, n: int) -> None:
        """Count n rows of a table into one of the report's tallies."""
        if n:
            counts[table] = counts.get(table, 0) + n

    def absorb(self, done: SyncReport) -> None:
        """Add a finished round's pushes, deletions, rows kept local and refusals."""
        for mine, theirs in (
            (self.pushed, done.pushed),
            (self.deleted, done.deleted),
            (self.kept_local, done.kept_local),
        ):
            for table, n in theirs.items():
                self.add(mine, table, n)
        self.refused.extend(done.refused)


def may_write(member: HubMember, table: str, row: dict[str, Any]) -> bool:
    """Say whether the hub lets this member write the row (its row-level security, mirrored)."""
    if member.is_lead:
        return True
    if table in LEAD_TABLES:
        return False
    if table in ("marks", "document_labels", "rejected_suggestions"):
        return row["annotator"] == member.coder
    return True


def may_bury(member: HubMember, table: str, deleted_by: str | None) -> bool:
    """Say whether the hub takes this member's tombstone (its row-level security, mirrored)."""
    if member.is_lead or table == "actors":  # the registry's: any member, in their own name
        return True
    if table in LEAD_TABLES:
        return False
    return deleted_by == member.coder  # a mark's: its own coder's


def is_versioned(table: str, row: dict[str, Any]) -> bool:
    """Say whether edits of this row are version-checked (coders' own marks are not)."""
    if table == "marks":
        return row["annotator"] == GOLD_ANNOTATOR
    return table in VERSIONED_TABLES


# -- pushing ------------------------------------------------------------------------------------


def push(store: Store, conn: psycopg.Connection, member: HubMember, report: SyncReport) -> None:
    """Send every logged change to the hub; drop each round's log entries once committed.

    A round is counted into the report only once both sides committed it: a round cut short
    (the connection lost) is sent again by the next try and must not count twice.
    """
    while changes := store.pending_changes(PUSH_BATCH):
        sent = SyncReport()
        through = changes[-1][0]
        keys: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
        for _seq, table, key in changes:
            keys[table][key] = None
        refused: list[tuple[str, dict[str, Any]]] = []
        versions: list[tuple[str, str, int]] = []
        with conn.transaction():
            _lock(conn)
            for table in ORDER:
                if table in keys:
                    wanted = list(keys[table])
                    rows = store.rows_by_keys(table, wanted)
                    _send(store, conn, member, table, rows, sent, refused, versions)
                    if table in TOMBSTONED:
                        present = {join_key(table, r) for r in rows}
                        gone = [k for k in wanted if k not in present]
                        buried = store.tombstones(table, gone)
                        _send_tombstones(conn, member, table, buried, sent)
            fresh = [(t, _read_fresh(conn, t, row)) for t, row in refused]
        with store.transaction():
            store.record_hub_versions(versions)
            _keep_refused(store, refused, fresh, sent)
            store.drop_changes(through)
        report.absorb(sent)


def push_everything(store: Store, conn: psycopg.Connection, member: HubMember) -> SyncReport:
    """Send the whole project in one hub transaction (the lead's first push)."""
    report = SyncReport()
    versions: list[tuple[str, str, int]] = []
    with conn.transaction():
        _lock(conn)
        for table in ORDER:
            for rows in store.all_rows(table):
                _send(store, conn, member, table, rows, report, [], versions)
        for table in TOMBSTONED:
            _send_tombstones(conn, member, table, store.tombstones(table, None), report)
    with store.transaction():
        store.record_hub_versions(versions)
        store.drop_changes(store.last_change())
    return report


def _lock(conn: psycopg.Connection) -> None:
    # First, so that the versions read below cannot change before this transaction writes.
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK_KEY])


def _send(
    store: Store,
    conn: psycopg.Connection,
    member: HubMember,
    table: str,
    rows: Sequence[dict[str, Any]],
    report: SyncReport,
    refused: list[tuple[str, dict[str, Any]]],
    versions: list[tuple[str, str, int]],
) -> None:
    """Write rows into a hub table by its rule; note refused stale edits and new versions."""
    allowed = [r for r in rows if may_write(member, table, r)]
    report.add(report.kept_local, table, len(rows) - len(allowed))
    if not allowed:
        return
    versioned = [r for r in allowed if is_versioned(table, r)]
    plain = [r for r in allowed if not is_versioned(table, r)]
    if plain:
        _copy_in(conn, table, plain)
        conn.execute(_upsert_sql(table, list(plain[0])))
        report.add(report.pushed, table, len(plain))
    if versioned:
        known = store.hub_versions(table, [join_key(table, r) for r in versioned])
        with_base = [{**r, "base_seq": known.get(join_key(table, r))} for r in versioned]
        _copy_in(conn, table, with_base)
        accepted = _versioned_write(conn, table, list(with_base[0]))
        for key, seq in accepted:
            versions.append((table, key, seq))
        report.add(report.pushed, table, len(accepted))
        taken = {key for key, _seq in accepted}
        refused.extend((table, r) for r in versioned if join_key(table, r) not in taken)


def _copy_in(conn: psycopg.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Fill the session's temporary copy of a table with rows (emptied first)."""
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS incoming_{table} (LIKE {table} INCLUDING DEFAULTS) "
        "ON COMMIT DELETE ROWS"
    )
    conn.execute(f"TRUNCATE incoming_{table}")
    with conn.cursor() as cur, cur.copy(f"COPY incoming_{table} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _upsert_sql(table: str, columns: Sequence[str]) -> str:
    """Return the upsert of incoming rows into a table by the file merge's rule for it."""
    keys = SYNCED_TABLES[table]
    quoted = ", ".join(f'"{c}"' for c in columns)
    conflict = ", ".join(f'"{c}"' for c in keys)
    stamp = STAMPS[table]
    source = f"SELECT {quoted} FROM incoming_{table} i"
    if table in TOMBSTONED:
        # A row no newer than its tombstone stays deleted (the deletion wins a tie).
        source += (
            " WHERE NOT EXISTS (SELECT 1 FROM deletions d WHERE d.tbl = "
            f"'{table}' AND d.key = {_key_expr(table, 'i')} AND "
            f"d.deleted_at >= i.{TOMBSTONED[table]})"
        )
    if table == "actor_aliases":
        return (
            f"INSERT INTO {table} ({quoted}) {source} ON CONFLICT ({conflict}) DO UPDATE SET "
            "implicit = 0 WHERE excluded.implicit = 0 AND actor_aliases.implicit = 1"
        )
    if stamp is None:
        return f"INSERT INTO {table} ({quoted}) {source} ON CONFLICT ({conflict}) DO NOTHING"
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in keys)
    return (
        f"INSERT INTO {table} ({quoted}) {source} ON CONFLICT ({conflict}) DO UPDATE SET "
        f"{updates} WHERE excluded.{stamp} > {table}.{stamp}"
    )


def _versioned_write(
    conn: psycopg.Connection, table: str, columns: Sequence[str]
) -> list[tuple[str, int]]:
    """Write incoming shared records whose base is the hub's version (new ones: no base);
    return (key, new seq) of those taken."""
    keys = SYNCED_TABLES[table]
    match = " AND ".join(f't."{c}" = i."{c}"' for c in keys)
    data = [c for c in columns if c != "base_seq"]
    updates = ", ".join(f'"{c}" = i."{c}"' for c in data if c not in keys)
    key_t = _key_expr(table, "t")
    taken = []
    if updates:
        taken += conn.execute(
            f"UPDATE {table} t SET {updates}, base_seq = i.base_seq FROM incoming_{table} i "
            f"WHERE {match} AND t.seq = i.base_seq RETURNING {key_t}, t.seq"
        ).fetchall()
    quoted = ", ".join(f'"{c}"' for c in data)
    conflict = ", ".join(f'"{c}"' for c in keys)
    taken += conn.execute(
        f"INSERT INTO {table} AS t ({quoted}) SELECT {quoted} FROM incoming_{table} i "
        f"WHERE i.base_seq IS NULL ON CONFLICT ({conflict}) DO NOTHING RETURNING {key_t}, t.seq"
    ).fetchall()
    return [(key, seq) for key, seq in taken]


def _key_expr(table: str, alias: str) -> str:
    return " || chr(31) || ".join(f'{alias}."{c}"::text' for c in SYNCED_TABLES[table])


def _read_fresh(conn: psycopg.Connection, table: str, row: dict[str, Any]) -> dict | None:
    """Return the hub's row for a refused edit's key, with its seq (None: gone or hidden)."""
    from psycopg.rows import dict_row

    keys = SYNCED_TABLES[table]
    where = " AND ".join(f'"{c}" = %s' for c in keys)
    with conn.cursor(row_factory=dict_row) as cur:
        found = cur.execute(
            f"SELECT * FROM {table} WHERE {where}", [row[c] for c in keys]
        ).fetchone()
    if found is not None:
        found.pop("base_seq", None)
    return found


def _keep_refused(
    store: Store,
    refused: list[tuple[str, dict[str, Any]]],
    fresh: list[tuple[str, dict | None]],
    report: SyncReport,
) -> None:
    """Keep each refused edit to offer again, and take the hub's fresh row in its place."""
    before = store.last_change()
    for (table, mine), (_table, theirs) in zip(refused, fresh, strict=True):
        key = join_key(table, mine)
        seq = theirs.pop("seq") if theirs is not None else None
        if theirs is not None and all(theirs.get(c) == v for c, v in mine.items()):
            # The same row on a newer version (rewritten alike): nothing was refused.
            store.record_hub_versions([(table, key, seq)])
            continue
        store.keep_refused_edit(table, key, json.dumps(mine), utc_now())
        report.refused.append((table, key))
        if theirs is not None:
            store.replace_row(table, theirs)
            store.record_hub_versions([(table, key, seq)])
    store.drop_changes_after(before)  # the hub's own row: nothing to send back


def _deleted_by(table: str, by: str | None, member: HubMember) -> str:
    """Return in whose name a tombstone is sent: its own coder's, or the member's.

    An actor's tombstone that came with a pull names the teammate who deleted it; kept while
    a mark of ours still used the actor, it is ours to send once our project deletes the
    actor too. The hub takes a member's tombstones of the registry only in their own name.
    """
    if table == "actors" and not member.is_lead:
        return member.coder
    return by or member.coder


def _send_tombstones(
    conn: psycopg.Connection,
    member: HubMember,
    table: str,
    tombstones: Iterable[tuple[str, str, str | None]],
    report: SyncReport,
) -> None:
    """Record deletions at the hub and delete what they outdate: (key, deleted_at, by).

    Those the hub would not take from this member (another coder's mark, an assignment
    from a coder) stay local and are counted as such, as rows are: a sync never sticks on them.
    """
    listed = list(tombstones)
    found = [t for t in listed if may_bury(member, table, t[2])]
    report.add(report.kept_local, table, len(listed) - len(found))
    if not found:
        return
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO deletions (tbl, key, deleted_at, deleted_by) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (tbl, key) DO UPDATE SET deleted_at = excluded.deleted_at, "
            "deleted_by = excluded.deleted_by WHERE excluded.deleted_at > deletions.deleted_at",
            [(table, key, at, _deleted_by(table, by, member)) for key, at, by in found],
        )
        # An actor a mark still refers to stays (it keeps its tombstone), as in a file merge.
        in_use = " AND NOT hub_actor_in_use(t.id)" if table == "actors" else ""
        cur.execute(
            f"DELETE FROM {table} t USING deletions d WHERE d.tbl = %s AND "
            f"d.key = {_key_expr(table, 't')} AND d.deleted_at >= t.{TOMBSTONED[table]} "
            f"AND d.key = ANY(%s){in_use}",
            [table, [key for key, _at, _by in found]],
        )
        report.add(report.deleted, table, cur.rowcount)
