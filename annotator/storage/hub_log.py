"""The project's side of a team hub: the tie to the hub, the log of changed rows a sync pushes,
and pulled rows applied with the file merge's rules.

A project tied to a hub (``hub_state`` holds ``hub``) logs the key of every shared row written
or deleted (migration 0014's triggers, ``hub_changes``). A push reads the rows those keys name
now (or their tombstones), sends them, and only then drops the entries it sent: a push killed
midway sends them again, which the hub takes as the same rows. A pull stages the hub's rows in
files shaped like this project's tables (storage/staging.py) and merges them as ``annotator
merge`` does (``merge_attached``), in one transaction that logs nothing the merge writes (it
came from the hub; pushing it back would only echo) and moves the pull cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.storage.base import StoreBase
from annotator.storage.merging import MergeCounts
from annotator.storage.staging import STAGE_ALIAS, STAGE_GROUPS, PullStage
from annotator.storage.schema import KEY_SEPARATOR, SYNCED_TABLES, key_sql

_INTEGER_KEYS = {"start", "end"}


def split_key(table: str, key: str) -> tuple[Any, ...]:
    """Return a row key's column values (integers where the column holds integers)."""
    values = key.split(KEY_SEPARATOR)
    columns = SYNCED_TABLES[table]
    if len(values) != len(columns):
        raise ValueError(f"{table}: key {key!r} has {len(values)} part(s), not {len(columns)}")
    return tuple(int(v) if c in _INTEGER_KEYS else v for c, v in zip(columns, values, strict=True))


def join_key(table: str, row: dict[str, Any]) -> str:
    """Return the key of a row of a synced table."""
    return KEY_SEPARATOR.join(str(row[c]) for c in SYNCED_TABLES[table])


class HubLogQueries(StoreBase):
    """The hub tie, the change log and the staging of pulled rows."""

    # -- the tie ----------------------------------------------------------------------------

    def hub_settings(self) -> dict[str, str]:
        """Return the hub tie's settings (empty: the project is not tied to a hub)."""
        return dict(self.db.execute("SELECT key, value FROM hub_state").fetchall())

    def set_hub_settings(self, values: dict[str, str]) -> None:
        """Set hub tie settings (``hub`` set: changes are logged from now on)."""
        self.db.conn.executemany(
            "INSERT INTO hub_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    def log_everything(self, skip: Sequence[str] = ()) -> None:
        """Log every shared row (but the skipped tables'), so the next push offers the whole
        project (on joining a hub)."""
        for table in SYNCED_TABLES:
            if table in skip:
                continue
            self.db.execute(
                f"INSERT INTO hub_changes (tbl, key) SELECT '{table}', {key_sql(table, 't')} "
                f"FROM main.{table} t"
            )

    def untie_hub(self) -> None:
        """Forget the hub: no more logging, the log emptied."""
        self.db.execute("DELETE FROM hub_state")
        self.db.execute("DELETE FROM hub_changes")

    # -- the log ----------------------------------------------------------------------------

    def pending_changes(self, limit: int) -> list[tuple[int, str, str]]:
        """Return up to ``limit`` logged changes (seq, table, key), oldest first."""
        return self.db.execute(
            "SELECT seq, tbl, key FROM hub_changes ORDER BY seq LIMIT ?", [limit]
        ).fetchall()

    def count_pending(self) -> int:
        """Return how many distinct rows wait to be pushed."""
        return int(
            self.db.execute(
                "SELECT count(*) FROM (SELECT DISTINCT tbl, key FROM hub_changes)"
            ).fetchone()[0]
        )

    def last_change(self) -> int:
        """Return the last logged change's number (0: none)."""
        return int(self.db.execute("SELECT coalesce(max(seq), 0) FROM hub_changes").fetchone()[0])

    def drop_changes(self, through: int) -> None:
        """Drop the logged changes up to and including ``through`` (they were pushed)."""
        self.db.execute("DELETE FROM hub_changes WHERE seq <= ?", [through])

    def drop_changes_after(self, seq: int) -> None:
        """Drop the changes logged after ``seq`` (a pull's own writes, within its transaction)."""
        self.db.execute("DELETE FROM hub_changes WHERE seq > ?", [seq])

    def table_columns(self, table: str) -> list[str]:
        """Return a table's column names, in order."""
        return [r[1] for r in self.db.execute(f"PRAGMA main.table_info({table})")]

    def rows_by_keys(self, table: str, keys: Sequence[str]) -> list[dict[str, Any]]:
        """Return the rows of a synced table that have these keys now (deleted ones are absent)."""
        columns = SYNCED_TABLES[table]
        found: list[dict[str, Any]] = []
        names = self.table_columns(table)
        for start in range(0, len(keys), 400):
            chunk = [split_key(table, k) for k in keys[start : start + 400]]
            if len(columns) == 1:
                where = f'"{columns[0]}" IN ({", ".join("?" for _ in chunk)})'
                params: list[Any] = [c[0] for c in chunk]
            else:
                one = "(" + ", ".join("?" for _ in columns) + ")"
                where = (
                    "("
                    + ", ".join(f'"{c}"' for c in columns)
                    + ") IN (VALUES "
                    + ", ".join(one for _ in chunk)
                    + ")"
                )
                params = [v for c in chunk for v in c]
            cursor = self.db.execute(
                f"SELECT {', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)} "
                f"FROM main.{table} WHERE {where}",
                params,
            )
            found.extend(dict(zip(names, row, strict=True)) for row in cursor)
        return found

    def all_rows(self, table: str, batch: int = 5000) -> Iterable[list[dict[str, Any]]]:
        """Yield every row of a synced table in batches (a first push of a whole project)."""
        names = self.table_columns(table)
        quoted = ", ".join(f'"{n}"' for n in names)
        cursor = self.db.execute(f"SELECT {quoted} FROM main.{table} ORDER BY rowid")
        while rows := cursor.fetchmany(batch):
            yield [dict(zip(names, row, strict=True)) for row in rows]

    # -- versions of shared records, refused edits, tombstones --------------------------------

    def hub_versions(self, table: str, keys: Sequence[str]) -> dict[str, int]:
        """Return the hub's versions last seen of some rows of a shared table, by key."""
        found: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            found.update(
                self.db.execute(
                    f"SELECT key, seq FROM hub_versions WHERE tbl = ? AND key IN "
                    f"({', '.join('?' for _ in chunk)})",
                    [table, *chunk],
                ).fetchall()
            )
        return found

    def record_hub_versions(self, versions: Iterable[tuple[str, str, int]]) -> None:
        """Remember the hub's versions of shared records (table, key, seq)."""
        self.db.conn.executemany(
            "INSERT INTO hub_versions (tbl, key, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (tbl, key) DO UPDATE SET seq = excluded.seq",
            list(versions),
        )

    def keep_refused_edit(self, table: str, key: str, edit: str, refused_at: str) -> None:
        """Keep an edit the hub refused (it was based on an old version), as JSON."""
        self.db.execute(
            "INSERT OR REPLACE INTO hub_refused (tbl, key, edit, refused_at) VALUES (?, ?, ?, ?)",
            [table, key, edit, refused_at],
        )

    def refused_edits(self) -> list[tuple[str, str, str, str]]:
        """Return the refused edits (table, key, JSON of the edit, when), newest first."""
        return self.db.execute(
            "SELECT tbl, key, edit, refused_at FROM hub_refused ORDER BY refused_at DESC"
        ).fetchall()

    def replace_row(self, table: str, row: dict[str, Any]) -> None:
        """Write a row of a synced table as given (the hub's fresh version of it)."""
        names = [c for c in self.table_columns(table) if c in row]
        keys = SYNCED_TABLES[table]
        quoted = ", ".join(f'"{c}"' for c in names)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in names if c not in keys)
        conflict = ", ".join(f'"{c}"' for c in keys)
        action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        self.db.execute(
            f"INSERT INTO main.{table} ({quoted}) VALUES ({', '.join('?' for _ in names)}) "
            f"ON CONFLICT ({conflict}) {action}",
            [row[c] for c in names],
        )

    # -- staging a pull ---------------------------------------------------------------------

    def create_stage(self, folder: Path) -> PullStage:
        """Make a pull's empty stage files in a folder, shaped like this project's tables.

        See storage/staging.py; call outside a transaction.
        """
        # A stage an earlier pull could not detach would otherwise be read in place of this one.
        self.close_stage()
        listed = self.db.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")
        present = {r[0] for r in listed}
        paths = []
        for number, tables in enumerate(STAGE_GROUPS):
            path = folder / f"stage-{number}.db"
            self.db.execute("ATTACH DATABASE ? AS new_stage", [str(path)])
            try:
                for table in tables:
                    if table in present:
                        # Columns only: the hub's rows may name articles and actors staged in
                        # an earlier pull, which the stage's own constraints would refuse.
                        self.db.execute(
                            f"CREATE TABLE new_stage.{table} AS SELECT * FROM main.{table} WHERE 0"
                        )
            finally:
                self.db.execute("DETACH DATABASE new_stage")
            paths.append(path)
        return PullStage(paths)

    def count_new_staged_articles(self, stage: PullStage) -> int:
        """Count the staged articles this project does not hold yet.

        Call outside a transaction, once the articles' file is complete.
        """
        path = stage.paths[stage.group_of("articles")]
        self.db.execute("ATTACH DATABASE ? AS staged_articles", [str(path)])
        try:
            found = self.db.execute(
                "SELECT count(*) FROM staged_articles.articles "
                "WHERE id NOT IN (SELECT id FROM main.articles)"
            )
            return int(found.fetchone()[0])
        finally:
            self.db.execute("DETACH DATABASE staged_articles")

    def close_stage(self) -> None:
        """Detach the stage files a merge attached (outside a transaction)."""
        attached = {r[1] for r in self.db.execute("PRAGMA database_list")}
        for number in range(len(STAGE_GROUPS)):
            if (alias := STAGE_ALIAS.format(number)) in attached:
                self.db.execute(f"DETACH DATABASE {alias}")

    def apply_stage(self, stage: PullStage) -> MergeCounts:
        """Merge the staged rows into the project (call inside a transaction).

        A stage file is attached once the merge first reads one of its tables, after waiting
        for it to be complete. The file merge's rules decide (later stamp wins, tombstones,
        actor links); the project settings (tag set, guidelines) and actor links are the
        lead's and are taken as pulled. Nothing it writes is logged for the next push.
        """
        attached = {r[1] for r in self.db.execute("PRAGMA database_list")}

        def where(table: str) -> str:
            number = stage.group_of(table)
            alias = STAGE_ALIAS.format(number)
            if alias not in attached:
                stage.wait(number)
                self.db.execute(f"ATTACH DATABASE ? AS {alias}", [str(stage.paths[number])])
                attached.add(alias)
            return alias

        # What the hub sent is not logged to be sent back: the tie is lifted for the merge
        # (inside the caller's transaction, so nothing outside it ever sees it lifted). The
        # log triggers would otherwise write, and the pull then drop, an entry per row pulled:
        # half the time of a first pull of a whole project.
        tie = self.db.execute("SELECT value FROM hub_state WHERE key = 'hub'").fetchone()
        self.db.execute("DELETE FROM hub_state WHERE key = 'hub'")
        try:
            counts = self.merge_attached(where, stage.counted_tallies)
            self.db.execute(
                f"INSERT INTO main.project (key, value) SELECT key, value FROM "
                f"{where('project')}.project WHERE true ON CONFLICT (key) DO UPDATE SET "
                "value = excluded.value WHERE main.project.value IS NOT excluded.value"
            )
            self.db.execute(
                "INSERT INTO main.actor_links (absorbed_id, kept_id, linked_by, linked_at) "
                "SELECT absorbed_id, kept_id, linked_by, linked_at FROM "
                f"{where('actor_links')}.actor_links WHERE true ON CONFLICT (absorbed_id) DO "
                "UPDATE SET kept_id = excluded.kept_id, linked_by = excluded.linked_by, "
                "linked_at = excluded.linked_at WHERE excluded.linked_at > "
                "main.actor_links.linked_at"
            )
        finally:
            if tie is not None:
                self.db.execute("INSERT INTO hub_state (key, value) VALUES ('hub', ?)", tie)
        return counts
