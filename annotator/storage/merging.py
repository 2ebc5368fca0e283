"""Merging a teammate's project database into this one, in SQL over an attached file.

Rows are matched by their ids (article content hashes, UUIDs, (article, coder) pairs), so merging
is idempotent and order-independent; for the same id, the later ``updated_at`` wins. Deletions
travel: tombstones are merged too, and a row survives its tombstone only if written later (the
rule, and its one exception, are in storage/deletions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import utc_now
from annotator.storage.actors import ROLES
from annotator.storage.base import StoreBase
from annotator.storage.bulk import derived_data_built_after, worth_bulk
from annotator.storage.deletions import TOMBSTONED, key_sql, outdated_sql
from annotator.storage.tallies import TallyCount

_MARK_COLUMNS = (
    'id, article_id, annotator, kind, start, "end", text, label, actor_id, speaker_id, '
    "target_id, stance, form, intensity, created_at, updated_at"
)


_REPORT_ORDER = ("articles", "coders", "actors", "marks", "document labels", "assignments")
MERGE_CACHE_KIB = -65536  # 64 MiB of page cache while merging (negative: KiB, as SQLite says)


@dataclass
class MergeCounts:
    """What a merge added, updated (theirs was newer), deleted (a tombstone outdated ours) and
    found in conflict (kept ours)."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    conflicts: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)  # marks, actors, assignments
    same_name_actors: list[tuple[str, str, str]] = field(default_factory=list)  # name, ours, theirs


class MergeQueries(StoreBase):
    """Bring another project's rows into this one."""

    def attach(self, path: Path, alias: str = "theirs") -> None:
        """Attach another project database under an alias (outside any transaction)."""
        self.db.execute(f"ATTACH DATABASE ? AS {alias}", [str(path)])

    def detach(self, alias: str = "theirs") -> None:
        """Detach an attached database."""
        self.db.execute(f"DETACH DATABASE {alias}")

    def merge_attached(
        self,
        alias: str | Callable[[str], str] = "theirs",
        counted: Callable[[], TallyCount | None] | None = None,
    ) -> MergeCounts:
        """Merge the attached project's rows (call inside a transaction).

        ``alias`` names the attached database, or is a function giving the one that holds a
        table: called right before the table is first read, it may wait for the table to be
        filled and attach it (a pull's stage, storage/staging.py). ``counted`` gives the
        tallies of all their marks, counted elsewhere meanwhile: used if the marks are
        written as a bulk load and this project ends with exactly theirs.
        """
        # A merge writes its rows into every index of the marks in random (UUID) order; with
        # SQLite's 2 MB page cache it would spill pages to the log mid-way, again and again.
        cache_size = self.db.execute("PRAGMA cache_size").fetchone()[0]
        deferred = self.db.execute("PRAGMA defer_foreign_keys").fetchone()[0]
        self.db.execute(f"PRAGMA cache_size = {MERGE_CACHE_KIB}")
        try:
            return self._merge_attached(alias, counted)
        finally:
            self.db.execute(f"PRAGMA cache_size = {int(cache_size)}")
            self.db.execute(f"PRAGMA defer_foreign_keys = {int(deferred)}")

    def _merge_attached(
        self, alias: str | Callable[[str], str], counted: Callable[[], TallyCount | None] | None
    ) -> MergeCounts:
        counts = MergeCounts()
        run = self.db.execute

        def theirs(table: str) -> str:
            return f"{alias(table) if callable(alias) else alias}.{table}"

        def count(sql: str) -> int:
            return int(run(sql).fetchone()[0])

        # Articles and coders: content-hash and name keys, never edited, so only added.
        counts.added["articles"] = count(
            f"SELECT count(*) FROM {theirs('articles')} "
            "WHERE id NOT IN (SELECT id FROM main.articles)"
        )
        # A large load (a first pull, a merge into a new project) builds the search index and
        # the marks' indexes and tallies once at the end (storage/bulk.py).
        with self._maybe_bulk("articles", counts.added["articles"]):
            run(
                "INSERT INTO main.articles (id, title, date, source, meta, text, imported_at) "
                "SELECT id, title, date, source, meta, text, imported_at "
                f"FROM {theirs('articles')} "
                "WHERE id NOT IN (SELECT id FROM main.articles) ORDER BY rowid"
            )
        counts.added["coders"] = count(
            f"SELECT count(*) FROM {theirs('annotators')} "
            "WHERE name NOT IN (SELECT name FROM main.annotators)"
        )
        run(
            "INSERT OR IGNORE INTO main.annotators SELECT name, created_at "
            f"FROM {theirs('annotators')}"
        )

        # Tombstones first: every step below reads the united ones (storage/deletions.py).
        self._unite_tombstones(alias("deletions") if callable(alias) else alias)
        has_any = "SELECT EXISTS (SELECT 1 FROM main.deletions WHERE tbl = '{}')"
        tombstoned = {table: bool(count(has_any.format(table))) for table in TOMBSTONED}

        def surviving(table: str, row: str) -> str:
            # Without tombstones (the usual case) no row is looked up in them.
            return f"NOT {outdated_sql(table, row)}" if tombstoned[table] else "true"

        # Marks before actors: an actor a tombstone outdates stays while a surviving mark
        # refers to it, so which actors stay is known only once the marks are merged. Their
        # marks may refer to actors not brought in yet: foreign keys are checked at commit.
        run("PRAGMA defer_foreign_keys = ON")

        # An actor linked into another here stays linked: theirs is not brought back, and what
        # refers to it (their marks, aliases) is pointed at the actor that absorbed it.
        redirects = self._prepare_actor_redirects()

        def through_redirects(column: str) -> str:
            # Without links (the usual case) a column is read as it is, not looked up per row.
            return _redirected(column) if redirects else column

        # Marks: by UUID; the later edit wins; none a tombstone outdates comes in or stays.
        redirected = ", ".join(
            f"{through_redirects('m.' + c)} AS {c}"
            if c.endswith("_id") and c != "article_id"
            else c
            for c in _split(_MARK_COLUMNS)
        )
        # Their marks' tallies, counted meanwhile, are ours once merged if we had no marks and
        # take theirs as they are, none pointed at another actor. A tombstone may keep some
        # of theirs out: the bulk load then finds fewer marks than were counted and counts
        # the tallies itself (storage/bulk.py). Equal counts mean equal sets: each of theirs
        # comes in at most once (their ids are distinct, as the hub's key makes them).
        takes_theirs_as_they_are = (
            counted is not None
            and not redirects
            and not count("SELECT EXISTS (SELECT 1 FROM main.marks)")
        )
        self._merge_by_id(
            "marks",
            _MARK_COLUMNS,
            counts,
            "marks",
            f"(SELECT {redirected} FROM {theirs('marks')} m WHERE {surviving('marks', 'm')})",
            bulk=True,
            counted=counted if takes_theirs_as_they_are else None,
        )
        counts.deleted["marks"] = self._delete_outdated("marks") if tombstoned["marks"] else 0

        # Actors: by UUID; the later edit wins. Aliases are a union.
        used = " OR ".join(
            f"EXISTS (SELECT 1 FROM main.marks u WHERE u.{role} = y.id)" for role in ROLES
        )
        self._merge_by_id(
            "actors",
            "id, name, name_folded, type, country, created_by, created_at, updated_at",
            counts,
            "actors",
            f"(SELECT * FROM {theirs('actors')} y WHERE id NOT IN "
            "(SELECT absorbed_id FROM temp.actor_redirects) "
            f"AND ({surviving('actors', 'y')} OR {used}))",
        )
        counts.deleted["actors"] = (
            self._delete_outdated("actors", unless=used) if tombstoned["actors"] else 0
        )
        # An alias explicit (typed, imported, confirmed) on either side is explicit here.
        run(
            "INSERT INTO main.actor_aliases (actor_id, alias, alias_folded, implicit) "
            f"SELECT {through_redirects('a.actor_id')}, a.alias, a.alias_folded, a.implicit "
            f"FROM {theirs('actor_aliases')} a WHERE EXISTS (SELECT 1 FROM main.actors x "
            f"WHERE x.id = {through_redirects('a.actor_id')}) "
            "ON CONFLICT (actor_id, alias) DO UPDATE SET implicit = 0 "
            "WHERE excluded.implicit = 0 AND main.actor_aliases.implicit = 1"
        )
        run(
            "INSERT OR IGNORE INTO main.actor_links_declined "
            f"SELECT * FROM {theirs('actor_links_declined')}"
        )
        counts.same_name_actors = [
            (r[0], r[1], r[2])
            for r in run(
                f"SELECT o.name, o.id, th.id FROM main.actors o JOIN {theirs('actors')} th "
                "ON o.name_folded = th.name_folded AND o.id != th.id "
                "WHERE th.id NOT IN (SELECT absorbed_id FROM temp.actor_redirects) "
                "AND th.id IN (SELECT id FROM main.actors) "
                "ORDER BY o.name"
            )
        ]
        run("DROP TABLE temp.actor_redirects")
        # Document labels: by (article, coder); the later edit wins.
        keys = "x.article_id = y.article_id AND x.annotator = y.annotator"
        cols = "article_id, annotator, tone, focus_stance, topics, status, note, updated_at"
        added, updated = run(
            "SELECT count(*) FILTER (WHERE x.article_id IS NULL), "
            "count(*) FILTER (WHERE y.updated_at > x.updated_at) "
            f"FROM {theirs('document_labels')} y LEFT JOIN main.document_labels x ON {keys}"
        ).fetchone()
        counts.added["document labels"], counts.updated["document labels"] = added, updated
        counts.conflicts["document labels"] = 0
        updates = ", ".join(f"{c} = excluded.{c}" for c in _split(cols)[2:])
        run(
            f"INSERT INTO main.document_labels ({cols}) "
            f"SELECT {cols} FROM {theirs('document_labels')} "
            "WHERE true ON CONFLICT (article_id, annotator) DO UPDATE SET "
            f"{updates} WHERE excluded.updated_at > main.document_labels.updated_at"
        )
        # Assignments: by (article, coder); the later assignment's time is kept.
        assigned = f"{theirs('assignments')} y WHERE {surviving('assignments', 'y')}"
        counts.added["assignments"], counts.updated["assignments"] = run(
            "SELECT count(*) FILTER (WHERE x.article_id IS NULL), "
            "count(*) FILTER (WHERE y.assigned_at > x.assigned_at) "
            f"FROM {theirs('assignments')} y LEFT JOIN main.assignments x ON {keys} "
            f"WHERE {surviving('assignments', 'y')}"
        ).fetchone()
        run(
            "INSERT INTO main.assignments (article_id, annotator, assigned_at) "
            f"SELECT article_id, annotator, assigned_at FROM {assigned} "
            "ON CONFLICT (article_id, annotator) DO UPDATE SET assigned_at = "
            "excluded.assigned_at WHERE excluded.assigned_at > main.assignments.assigned_at"
        )
        counts.deleted["assignments"] = (
            self._delete_outdated("assignments") if tombstoned["assignments"] else 0
        )
        # Tombstones that a surviving row outdates are spent (their rows written later).
        for table in TOMBSTONED:
            if tombstoned[table]:
                self._drop_outdated_tombstones(table)
        run(
            "INSERT OR IGNORE INTO main.rejected_suggestions "
            f"SELECT * FROM {theirs('rejected_suggestions')}"
        )
        # The gold layer's bookkeeping: the later decision wins, like the marks it describes.
        # EXISTS, not IN: SQLite would walk all our marks to look each up in their table.
        has_mark = "EXISTS (SELECT 1 FROM main.marks m WHERE m.id = mark_id)"
        run(
            "INSERT INTO main.gold_provenance SELECT * FROM "
            f"{theirs('gold_provenance')} WHERE {has_mark} "
            "ON CONFLICT (mark_id) DO UPDATE SET sources = excluded.sources, "
            "adjudicator = excluded.adjudicator, decided_at = excluded.decided_at, "
            "how = excluded.how WHERE excluded.decided_at > main.gold_provenance.decided_at"
        )
        run(
            "INSERT OR IGNORE INTO main.gold_rejections SELECT * FROM "
            f"{theirs('gold_rejections')} WHERE {has_mark}"
        )
        for numbers in (counts.added, counts.updated, counts.conflicts, counts.deleted):
            # Reported in this order: actors before the marks that refer to them.
            ordered = sorted(numbers.items(), key=lambda kv: _REPORT_ORDER.index(kv[0]))
            numbers.clear()
            numbers.update(ordered)
        return counts

    def _maybe_bulk(
        self, table: str, incoming: int, counted: Callable[[], TallyCount | None] | None = None
    ) -> AbstractContextManager[None]:
        """Build ``table``'s derived data once after the block if the load is large enough."""
        if worth_bulk(self.db, table, incoming):
            return derived_data_built_after(self.db, table, counted)
        return nullcontext()

    # -- tombstones -------------------------------------------------------------------------

    def _unite_tombstones(self, t: str) -> None:
        """Bring in their tombstones; of two for one key, keep the later (storage/deletions.py).

        A project staged without a ``deletions`` table simply has none.
        """
        present = self.db.execute(
            f"SELECT 1 FROM {t}.sqlite_master WHERE type = 'table' AND name = 'deletions'"
        ).fetchone()
        if present is None:
            return
        # On equal times the larger coder name wins: any order of merges keeps the same one.
        self.db.execute(
            "INSERT INTO main.deletions (tbl, key, deleted_at, deleted_by) "
            f"SELECT tbl, key, deleted_at, deleted_by FROM {t}.deletions WHERE true "
            "ON CONFLICT (tbl, key) DO UPDATE SET deleted_at = excluded.deleted_at, "
            "deleted_by = excluded.deleted_by "
            "WHERE (excluded.deleted_at, coalesce(excluded.deleted_by, '')) > "
            "(main.deletions.deleted_at, coalesce(main.deletions.deleted_by, ''))"
        )

    def _delete_outdated(self, table: str, unless: str = "false") -> int:
        """Delete our rows of a table that a tombstone outdates (except where ``unless``, SQL
        over the row ``y``, holds); return how many.

        Their tombstones keep their times: the delete trigger keeps a tombstone already there.
        """
        key_columns, stamp = TOMBSTONED[table]
        return self.db.execute(
            f"DELETE FROM main.{table} WHERE rowid IN (SELECT y.rowid FROM main.deletions d "
            f"JOIN main.{table} y ON d.key = {key_sql(table, 'y')} "
            f"WHERE d.tbl = '{table}' AND d.deleted_at >= y.{stamp} AND NOT ({unless}))"
        ).rowcount

    def _drop_outdated_tombstones(self, table: str) -> None:
        """Delete the tombstones of a table whose rows are here with a later stamp."""
        _, stamp = TOMBSTONED[table]
        self.db.execute(
            f"DELETE FROM main.deletions WHERE tbl = '{table}' AND key IN (SELECT d.key FROM "
            f"main.deletions d JOIN main.{table} y ON d.key = {key_sql(table, 'y')} "
            f"WHERE d.tbl = '{table}' AND y.{stamp} > d.deleted_at)"
        )

    # -- actor links ------------------------------------------------------------------------

    def record_actor_link(self, absorbed_id: str, kept_id: str, linked_by: str | None) -> None:
        """Record that one actor was linked (merged) into another."""
        self.db.execute(
            "INSERT INTO actor_links (absorbed_id, kept_id, linked_by, linked_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (absorbed_id) DO UPDATE SET "
            "kept_id = excluded.kept_id, linked_by = excluded.linked_by, "
            "linked_at = excluded.linked_at",
            [absorbed_id, kept_id, linked_by, utc_now()],
        )

    def forget_actor_link(self, absorbed_id: str) -> None:
        """Forget a link (its merge was undone)."""
        self.db.execute("DELETE FROM actor_links WHERE absorbed_id = ?", [absorbed_id])

    def decline_actor_link(self, first_id: str, second_id: str, declined_by: str | None) -> None:
        """Record that two actors are not one, so they are not proposed for linking again."""
        first_id, second_id = sorted((first_id, second_id))
        self.db.execute(
            "INSERT INTO actor_links_declined (first_id, second_id, declined_by, declined_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [first_id, second_id, declined_by, utc_now()],
        )

    def declined_actor_links(self) -> set[tuple[str, str]]:
        """Return the declined pairs of actor ids, each as (smaller id, larger id)."""
        rows = self.db.execute("SELECT first_id, second_id FROM actor_links_declined")
        return {(r[0], r[1]) for r in rows}

    def _prepare_actor_redirects(self) -> int:
        """Fill temp.actor_redirects: each absorbed actor not here any more → its final keeper.

        Return how many there are.

        A link whose absorbed actor exists again (its merge was undone) or whose chain of
        keepers ends nowhere is left out.
        """
        run = self.db.execute
        links = {r[0]: r[1] for r in run("SELECT absorbed_id, kept_id FROM main.actor_links")}
        present = {
            r[0]
            for r in run(
                "SELECT id FROM main.actors WHERE id IN "
                "(SELECT absorbed_id FROM main.actor_links UNION SELECT kept_id FROM "
                "main.actor_links)"
            )
        }
        redirects = []
        for absorbed, kept in links.items():
            seen = {absorbed}
            while kept not in present and kept in links and kept not in seen:
                seen.add(kept)
                kept = links[kept]
            if absorbed not in present and kept in present:
                redirects.append((absorbed, kept))
        run(
            "CREATE TEMP TABLE IF NOT EXISTS actor_redirects "
            "(absorbed_id TEXT PRIMARY KEY, kept_id TEXT NOT NULL)"
        )
        run("DELETE FROM temp.actor_redirects")
        self.db.conn.executemany("INSERT INTO temp.actor_redirects VALUES (?, ?)", redirects)
        return len(redirects)

    def _merge_by_id(
        self,
        table: str,
        columns: str,
        counts: MergeCounts,
        name: str,
        source: str,
        bulk: bool = False,
        counted: Callable[[], TallyCount | None] | None = None,
    ) -> None:
        """Upsert theirs' rows of a table by id, read from ``source`` (a subquery).

        With ``bulk``, rows coming in (new or newer) at least as many as the table holds are
        written as a bulk load (storage/bulk.py), whose tallies ``counted`` gives if given.
        """
        run = self.db.execute
        # One pass over theirs: new rows, newer rows, and rows edited on both sides at the same
        # moment but differently (ours is kept; the merge reports them).
        differs = " OR ".join(f"x.{c} IS NOT y.{c}" for c in _split(columns))
        added, updated, conflicts = run(
            "SELECT count(*) FILTER (WHERE x.id IS NULL), "
            "count(*) FILTER (WHERE y.updated_at > x.updated_at), "
            f"count(*) FILTER (WHERE y.updated_at = x.updated_at AND ({differs})) "
            f"FROM {source} y LEFT JOIN main.{table} x ON x.id = y.id"
        ).fetchone()
        counts.added[name], counts.updated[name], counts.conflicts[name] = added, updated, conflicts
        # An upsert, never INSERT OR REPLACE: a replace deletes first, and the delete would
        # cascade to our aliases.
        updates = ", ".join(f"{c} = excluded.{c}" for c in _split(columns)[1:])
        # Counted by what comes in: a teammate's copy of the whole project, merged again,
        # brings as many marks as ours but writes few.
        with self._maybe_bulk(table, added + updated, counted) if bulk else nullcontext():
            run(
                f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM {source} WHERE true "
                f"ON CONFLICT (id) DO UPDATE SET {updates} "
                f"WHERE excluded.updated_at > main.{table}.updated_at"
            )


def _split(columns: str) -> list[str]:
    return [c.strip() for c in columns.split(",")]


def _redirected(column: str) -> str:
    """Return SQL for an actor id column read through ``temp.actor_redirects``."""
    return (
        f"coalesce((SELECT kept_id FROM temp.actor_redirects WHERE absorbed_id = {column}), "
        f"{column})"
    )
