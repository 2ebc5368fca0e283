"""The hub's schema: numbered migrations, applied in order and recorded in ``hub_migrations``.

The tables are the SQLite project's (``annotator/storage/migrations.py``) with the same column
names and the same kinds of values: ids, names and ISO timestamps (``2026-11-30T12:00:00.000Z``)
stay ``text``, in the "C" collation, so that comparing two stamps or two ids gives what SQLite
gives (byte order; a locale's collation would, for instance, put "a" before "B" and refuse an
``actor_links_declined`` row SQLite accepted). The SQLite-only tallies and full-text index are
left out. Added: ``deletions`` (tombstones: key = the mark's or actor's id, or ``article_id ||
chr(31) || annotator`` for an assignment), ``unblinded``, ``hub_members`` and ``hub_settings``.

**Pull cursors.** Every synced table has a ``seq bigint``, set on every INSERT and UPDATE by a
BEFORE ROW trigger from one sequence, ``hub_seq``, and indexed, so a client pulls "rows with seq
> my cursor" and moves its cursor to the highest seq it saw. A sequence alone does not make that
safe: sequence values are handed out when a row is written, not when its transaction commits, so
a transaction that took seq 41 and commits after one that took seq 42 would be missed by a pull
that ran in between (its cursor already at 42). So every write takes one transaction-level
advisory lock (``pg_advisory_xact_lock(WRITE_LOCK_KEY)``) before its first row — a BEFORE
STATEMENT trigger on every synced table (and again in the row trigger, in case a table ever lacks
the statement one) — so no writer can forget it. Writers are serialised: the second waits for the
first to commit (or roll back), PostgreSQL makes a commit visible before it releases the
transaction's locks, and only then does the second draw its seqs. Every committed seq is
therefore lower than every seq still to commit, and a pull, reading in one snapshot, never sees
a seq above one that can still appear. Taking the lock per statement rather than per row also
keeps writers from deadlocking: a BEFORE ROW trigger on UPDATE runs after the row is locked,
and a writer holding a row lock while waiting for the advisory lock would wait on one that waits
on it. Deletions take no seq (a tombstone row, which does, carries them) but take the lock too,
for the same reason. A statement-level AFTER trigger sends ``NOTIFY annotator_hub, '<seq>'``,
which PostgreSQL delivers when (and only if) the transaction commits, so clients can LISTEN
instead of polling.

**Optimistic concurrency** for shared records (``VERSIONED_TABLES``: the project's rows — tag
set, guidelines —, actors, their aliases, actor links, and gold marks): the seq is the version.
An UPDATE of such a row must say which version it edits in the ``base_seq`` column; a trigger
refuses (SQLSTATE ``STALE_EDIT``) one whose ``base_seq`` is not the stored seq, unless it changes
nothing but the seq (a "touch", which unblinding uses). ``base_seq`` is never stored (always
NULL in the table). ``annotator.hub.versions.update_if_version`` is the Python side.

**Writing in bulk.** PostgreSQL refuses ``COPY … FROM`` into a table with row-level security
for a role it applies to (every member): copy into a temporary table (``CREATE TEMP TABLE x
(LIKE marks INCLUDING DEFAULTS)``), then ``INSERT INTO marks SELECT … FROM x ON CONFLICT …``.
Measured here: 10k marks in about 1 s that way, triggers and policies included.

Only functions on the hot path qualify their tables by schema; the others set ``search_path``:
PostgreSQL looks for tables in a session's temporary schema first, and a coder could otherwise
shadow ``hub_members`` with a temporary table of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from annotator.core.model import GOLD_ANNOTATOR
from annotator.storage.schema import SYNCED_TABLES as PROJECT_TABLES
from annotator.hub.errors import HubTooNewError, HubTooOldError, NoHubError

if TYPE_CHECKING:
    import psycopg

# Each synced table and its primary key: the SQLite project's (storage/schema.py), and the
# tombstones.
SYNCED_TABLES: dict[str, tuple[str, ...]] = {**PROJECT_TABLES, "deletions": ("tbl", "key")}
# Tables whose rows carry a seq: the synced ones and the hub's record of unblinded articles.
SEQ_TABLES: dict[str, tuple[str, ...]] = {**SYNCED_TABLES, "unblinded": ("article_id",)}
# What blind coding hides from a coder: after the whole project is unblinded (the 'blind' row of
# hub_settings has a seq past the client's cursor), a client pulls these again from seq 0.
BLIND_TABLES = ("marks", "document_labels", "rejected_suggestions", "gold_provenance",
                "gold_rejections")  # fmt: skip
# Shared records edited under optimistic concurrency (marks: only the gold layer's rows).
VERSIONED_TABLES = ("project", "actors", "actor_aliases", "actor_links", "marks")
WRITE_LOCK_KEY = 0x616E6E6F7461  # "annota": the one advisory lock every hub writer takes
MIGRATION_LOCK_KEY = 0x616E6E6F7462  # serialises two clients migrating one hub at once
NOTIFY_CHANNEL = "annotator_hub"
STALE_EDIT = "AH001"  # SQLSTATE of an edit of a shared record based on an old version


@dataclass(frozen=True)
class Migration:
    """One numbered step of the hub's schema."""

    number: int
    name: str
    apply: Callable[[psycopg.Connection, str], None]  # (connection, quoted schema name)


MIGRATIONS: list[Migration] = []


def migration(number: int, name: str):
    """Register a migration; numbers are consecutive from 1. Never edit an applied one."""

    def register(apply: Callable[[psycopg.Connection, str], None]):
        assert number == len(MIGRATIONS) + 1, f"migration {number} out of order"
        MIGRATIONS.append(Migration(number, name, apply))
        return apply

    return register


def _run(conn: psycopg.Connection, schema: str, script: str) -> None:
    """Run a script of statements with @SCHEMA@ replaced by the hub's (quoted) schema."""
    conn.execute(script.replace("@SCHEMA@", schema).encode())


# "C": byte order, as SQLite compares text.
_TABLES = """
CREATE TABLE project (
    key text COLLATE "C" PRIMARY KEY,
    value text COLLATE "C" NOT NULL
);
CREATE TABLE articles (
    id text COLLATE "C" PRIMARY KEY CHECK (length(id) = 64),
    title text COLLATE "C" NOT NULL,
    date text COLLATE "C" CHECK (date IS NULL OR date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    source text COLLATE "C",
    meta text COLLATE "C" NOT NULL DEFAULT '{}',
    text text COLLATE "C" NOT NULL CHECK (length(text) > 0),
    imported_at text COLLATE "C" NOT NULL
);
CREATE TABLE annotators (
    name text COLLATE "C" PRIMARY KEY CHECK (length(name) > 0),
    created_at text COLLATE "C" NOT NULL
);
CREATE TABLE actors (
    id text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL CHECK (length(name) > 0),
    type text COLLATE "C" NOT NULL,
    country text COLLATE "C",
    created_by text COLLATE "C" REFERENCES annotators(name),
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL,
    name_folded text COLLATE "C"
);
CREATE TABLE actor_aliases (
    actor_id text COLLATE "C" NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
    alias text COLLATE "C" NOT NULL CHECK (length(alias) > 0),
    alias_folded text COLLATE "C",
    implicit integer NOT NULL DEFAULT 0 CHECK (implicit IN (0, 1)),
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE marks (
    id text COLLATE "C" PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text COLLATE "C" NOT NULL REFERENCES annotators(name),
    kind text COLLATE "C" NOT NULL CHECK (kind IN ('actor', 'claim', 'sentiment')),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    text text COLLATE "C" NOT NULL CHECK (length(text) = "end" - start),
    label text COLLATE "C" NOT NULL,
    actor_id text COLLATE "C" REFERENCES actors(id),
    speaker_id text COLLATE "C" REFERENCES actors(id),
    target_id text COLLATE "C" REFERENCES actors(id),
    stance text COLLATE "C",
    form text COLLATE "C",
    intensity integer CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 3),
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX marks_by_article ON marks (article_id, annotator, start);
CREATE INDEX marks_by_coder ON marks (annotator, article_id);
CREATE INDEX marks_by_actor ON marks (actor_id);
CREATE INDEX marks_by_speaker ON marks (speaker_id);
CREATE INDEX marks_by_target ON marks (target_id);
CREATE TABLE document_labels (
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text COLLATE "C" NOT NULL REFERENCES annotators(name),
    tone text COLLATE "C",
    focus_stance text COLLATE "C",
    topics text COLLATE "C" NOT NULL DEFAULT '[]',
    status text COLLATE "C" NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
    note text COLLATE "C" NOT NULL DEFAULT '',
    updated_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX document_labels_by_coder ON document_labels (annotator, status);
CREATE TABLE rejected_suggestions (
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text COLLATE "C" NOT NULL REFERENCES annotators(name),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    actor_id text COLLATE "C" NOT NULL,
    rejected_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, annotator, start, "end", actor_id)
);
CREATE TABLE assignments (
    article_id text COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator text COLLATE "C" NOT NULL REFERENCES annotators(name),
    assigned_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (article_id, annotator)
);
CREATE INDEX assignments_by_coder ON assignments (annotator, article_id);
CREATE TABLE gold_provenance (
    mark_id text COLLATE "C" PRIMARY KEY REFERENCES marks(id) ON DELETE CASCADE,
    sources text COLLATE "C" NOT NULL,
    adjudicator text COLLATE "C" NOT NULL,
    decided_at text COLLATE "C" NOT NULL,
    how text COLLATE "C" NOT NULL
);
CREATE TABLE gold_rejections (
    mark_id text COLLATE "C" PRIMARY KEY REFERENCES marks(id) ON DELETE CASCADE,
    adjudicator text COLLATE "C" NOT NULL,
    decided_at text COLLATE "C" NOT NULL
);
-- No foreign keys, as in the project: an absorbed actor is deleted by its link, and a
-- teammate's declines may name actors this hub does not have (yet).
CREATE TABLE actor_links (
    absorbed_id text COLLATE "C" PRIMARY KEY,
    kept_id text COLLATE "C" NOT NULL,
    linked_by text COLLATE "C",
    linked_at text COLLATE "C" NOT NULL
);
CREATE TABLE actor_links_declined (
    first_id text COLLATE "C" NOT NULL,
    second_id text COLLATE "C" NOT NULL,
    declined_by text COLLATE "C",
    declined_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
);
-- Tombstones: a deleted row's key (see the module's docstring), when and by whom.
CREATE TABLE deletions (
    tbl text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    deleted_at text COLLATE "C" NOT NULL,
    deleted_by text COLLATE "C",
    PRIMARY KEY (tbl, key)
);
"""

# Hot path (every row written): tables qualified, no SET clause (it would cost per row).
_SEQ_FUNCTIONS = """
CREATE SEQUENCE hub_seq;
CREATE FUNCTION hub_lock_writers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(@LOCK@);
    RETURN NULL;
END $$;
CREATE FUNCTION hub_stamp_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(@LOCK@);
    NEW.seq := nextval('@SCHEMA@.hub_seq');
    RETURN NEW;
END $$;
CREATE FUNCTION hub_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Delivered on commit; the payload is this session's latest seq, a hint for the client.
    PERFORM pg_notify('@CHANNEL@', currval('@SCHEMA@.hub_seq')::text);
    RETURN NULL;
EXCEPTION WHEN object_not_in_prerequisite_state THEN
    RETURN NULL;  -- the statement wrote no row and no earlier one in this session did
END $$;
"""


def _seq_sql(table: str) -> str:
    """Return the statements giving a table its seq column, index and triggers."""
    return f"""
        ALTER TABLE {table} ADD COLUMN seq bigint NOT NULL DEFAULT 0;
        CREATE INDEX {table}_by_seq ON {table} (seq);
        CREATE TRIGGER hub_lock_writers BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION hub_lock_writers();
        CREATE TRIGGER hub_stamp_seq BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION hub_stamp_seq();
        CREATE TRIGGER hub_notify AFTER INSERT OR UPDATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION hub_notify();
    """


def _fill(script: str) -> str:
    return script.replace("@LOCK@", str(WRITE_LOCK_KEY)).replace("@CHANNEL@", NOTIFY_CHANNEL)


@migration(1, "tables_and_pull_cursors")
def tables_and_pull_cursors(conn: psycopg.Connection, schema: str) -> None:
    """Create the project's tables and tombstones, each with a seq set under the writers' lock."""
    # seq's default 0 only shows in copies of a table (CREATE TEMP TABLE ... LIKE): the
    # trigger sets every stored row's.
    script = _TABLES + _fill(_SEQ_FUNCTIONS)
    script += "".join(_seq_sql(table) for table in SYNCED_TABLES)
    _run(conn, schema, script)


# Each function reads its tables through the hub's schema only (see the module docstring).
_MEMBER_FUNCTIONS = """
CREATE TABLE hub_members (
    role_name text COLLATE "C" PRIMARY KEY,
    coder text COLLATE "C" NOT NULL UNIQUE CHECK (length(coder) > 0 AND coder <> '@GOLD@'),
    is_lead boolean NOT NULL DEFAULT false,
    added_at text COLLATE "C" NOT NULL
);
CREATE TABLE hub_settings (
    key text COLLATE "C" PRIMARY KEY,
    value text COLLATE "C" NOT NULL
);
INSERT INTO hub_settings (key, value) VALUES ('blind', 'on');
CREATE TABLE unblinded (
    article_id text COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    unblinded_by text COLLATE "C",
    unblinded_at text COLLATE "C" NOT NULL
);
CREATE FUNCTION hub_now() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;
CREATE FUNCTION hub_coder() RETURNS text LANGUAGE sql STABLE
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT coder FROM hub_members WHERE role_name = current_user
$$;
-- The role owning the hub's tables (who migrates it and adds coders), or one of its members.
CREATE FUNCTION hub_is_owner() RETURNS boolean LANGUAGE sql STABLE
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT pg_has_role(
        current_user, (SELECT relowner FROM pg_class WHERE oid = 'hub_members'::regclass), 'USAGE'
    )
$$;
-- The owner counts as a lead, so that functions running with its rights see every row
-- although row security is forced on the owner too.
CREATE FUNCTION hub_is_lead() RETURNS boolean LANGUAGE sql STABLE
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM hub_members WHERE role_name = current_user AND is_lead)
        OR hub_is_owner()
$$;
CREATE FUNCTION hub_blind() RETURNS boolean LANGUAGE sql STABLE
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT coalesce((SELECT value FROM hub_settings WHERE key = 'blind'), 'on') = 'on'
$$;
-- Who a mark belongs to, whatever the caller may see: a tombstone needs its owner checked
-- even when blind coding hides the mark from the coder deleting it.
CREATE FUNCTION hub_mark_owner(mark text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT annotator FROM marks WHERE id = mark
$$;
-- Each coder's count of articles per status, which blind coding would otherwise hide: how far
-- the others are, never what they coded.
CREATE FUNCTION hub_progress() RETURNS TABLE (coder text, status text, articles bigint)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT annotator, status, count(*) FROM document_labels
    WHERE annotator <> '@GOLD@' GROUP BY annotator, status ORDER BY annotator, status
$$;
-- Unblind one article and touch the rows on it coders could not see, so that they get new seqs
-- and reach pulls whose cursors have passed them. With NULL, unblind the whole project and
-- touch nothing: rewriting every mark (minutes at millions, under the writers' lock) would stop
-- every sync meanwhile; the 'blind' setting's new seq tells clients to pull BLIND_TABLES again.
CREATE FUNCTION hub_unblind(article text DEFAULT NULL) RETURNS bigint LANGUAGE plpgsql
SET search_path = @SCHEMA@, pg_temp AS $$
DECLARE
    touched bigint := 0;
    n bigint;
BEGIN
    IF NOT hub_is_lead() THEN
        RAISE EXCEPTION 'only the hub''s lead can unblind'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF article IS NULL THEN
        UPDATE hub_settings SET value = 'off' WHERE key = 'blind' AND value <> 'off';
        RETURN 0;
    END IF;
    INSERT INTO unblinded (article_id, unblinded_by, unblinded_at)
        VALUES (article, hub_coder(), hub_now()) ON CONFLICT (article_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;  -- unblinded before: its rows were touched then
    END IF;
    UPDATE marks SET seq = seq WHERE article_id = article;
    GET DIAGNOSTICS n = ROW_COUNT; touched := touched + n;
    UPDATE document_labels SET seq = seq WHERE article_id = article;
    GET DIAGNOSTICS n = ROW_COUNT; touched := touched + n;
    UPDATE rejected_suggestions SET seq = seq WHERE article_id = article;
    GET DIAGNOSTICS n = ROW_COUNT; touched := touched + n;
    UPDATE gold_provenance SET seq = seq
        WHERE mark_id IN (SELECT id FROM marks WHERE article_id = article);
    GET DIAGNOSTICS n = ROW_COUNT; touched := touched + n;
    UPDATE gold_rejections SET seq = seq
        WHERE mark_id IN (SELECT id FROM marks WHERE article_id = article);
    GET DIAGNOSTICS n = ROW_COUNT; touched := touched + n;
    RETURN touched;
END $$;
"""

# Policy expressions; (SELECT f()) runs f once per query instead of once per row.
LEAD = "(SELECT hub_is_lead())"
OWN = f"({LEAD} OR annotator = (SELECT hub_coder()))"
UNBLINDED = "(NOT (SELECT hub_blind()) OR article_id IN (SELECT article_id FROM unblinded))"
VISIBLE = f"({OWN} OR {UNBLINDED})"
SHARED_ACTOR_TABLES = ("actors", "actor_aliases", "actor_links")
# A coder's tombstones: of their own marks (deleted_by is the mark's coder, as the project
# records it), and of the registry's rows any member may delete (deleted_by: NULL or theirs).
TOMBSTONE = (
    f"({LEAD} OR (tbl IN {SHARED_ACTOR_TABLES!r} "
    "AND coalesce(deleted_by, (SELECT hub_coder())) = (SELECT hub_coder())) "
    "OR (tbl = 'marks' AND deleted_by = (SELECT hub_coder()) "
    "AND coalesce(hub_mark_owner(key), deleted_by) = deleted_by))"
)
# Per table: (policy name, command, USING, WITH CHECK). Permissive policies of one command are
# OR-ed; FOR ALL applies to SELECT too, so a table's "write" rule must be within its "read" one.
POLICIES: dict[str, list[tuple[str, str, str | None, str | None]]] = {
    "project": [("read", "SELECT", "true", None), ("write", "ALL", LEAD, LEAD)],
    "articles": [("read", "SELECT", "true", None), ("write", "ALL", LEAD, LEAD)],
    "annotators": [
        ("read", "SELECT", "true", None),
        ("add", "INSERT", None, "true"),
        ("change", "UPDATE", LEAD, LEAD),
        ("remove", "DELETE", LEAD, None),
    ],
    # Any member adds and edits the registry; versions guard the edits (see versions.py).
    **{table: [("members", "ALL", "true", "true")] for table in SHARED_ACTOR_TABLES},
    "actor_links_declined": [
        ("read", "SELECT", "true", None),
        ("add", "INSERT", None, "true"),
        ("change", "UPDATE", LEAD, LEAD),
        ("remove", "DELETE", LEAD, None),
    ],
    **{
        table: [("read", "SELECT", VISIBLE, None), ("write", "ALL", OWN, OWN)]
        for table in ("marks", "document_labels", "rejected_suggestions")
    },
    "assignments": [("read", "SELECT", "true", None), ("write", "ALL", LEAD, LEAD)],
    # Visible with its gold mark (whose article must be unblinded). EXISTS: one index lookup
    # per row of these small tables, not a hash of every mark the reader may see.
    "gold_provenance": [
        (
            "read",
            "SELECT",
            f"({LEAD} OR EXISTS (SELECT 1 FROM marks m WHERE m.id = mark_id))",
            None,
        ),
        ("write", "ALL", LEAD, LEAD),
    ],
    # Visible once the rejected mark's article is unblinded (not merely when it is one's own).
    "gold_rejections": [
        (
            "read",
            "SELECT",
            f"({LEAD} OR EXISTS (SELECT 1 FROM marks m WHERE m.id = mark_id AND "
            "(NOT (SELECT hub_blind()) OR m.article_id IN (SELECT article_id FROM unblinded))))",
            None,
        ),
        ("write", "ALL", LEAD, LEAD),
    ],
    # Updating any tombstone is allowed as long as the new row is one the member may write, so
    # that a coder's later tombstone of their own mark is not refused over the lead's earlier one.
    # Removing one (a row written after it outlives it) is allowed where writing it is.
    "deletions": [
        ("read", "SELECT", "true", None),
        ("add", "INSERT", None, TOMBSTONE),
        ("change", "UPDATE", "true", TOMBSTONE),
        ("remove", "DELETE", TOMBSTONE, None),
    ],
    "unblinded": [("read", "SELECT", "true", None), ("write", "ALL", LEAD, LEAD)],
    "hub_settings": [
        ("read", "SELECT", "true", None),
        ("owner", "ALL", "(SELECT hub_is_owner())", "(SELECT hub_is_owner())"),
        ("unblind", "UPDATE", f"({LEAD} AND key = 'blind')", f"({LEAD} AND key = 'blind')"),
    ],
}


def _policy_sql(table: str) -> str:
    """Return the statements forcing row-level security on a table, with its policies."""
    script = (
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
        f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"
    )
    for name, command, using, check in POLICIES[table]:
        script += f"CREATE POLICY {table}_{name} ON {table} FOR {command}"
        script += f" USING ({using})" if using else ""
        script += f" WITH CHECK ({check})" if check else ""
        script += ";\n"
    return script


@migration(2, "members_and_row_security")
def members_and_row_security(conn: psycopg.Connection, schema: str) -> None:
    """Add coders' roles, blind coding and the row-level security that holds them."""
    script = _MEMBER_FUNCTIONS.replace("@GOLD@", GOLD_ANNOTATOR)
    script += _seq_sql("unblinded") + _seq_sql("hub_settings")
    script += "".join(_policy_sql(table) for table in POLICIES)
    _run(conn, schema, _fill(script))


_VERSION_CHECK = """
CREATE FUNCTION hub_check_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.base_seq IS DISTINCT FROM OLD.seq
        AND (to_jsonb(NEW) - 'seq' - 'base_seq')
            IS DISTINCT FROM (to_jsonb(OLD) - 'seq' - 'base_seq')
    THEN
        RAISE EXCEPTION 'stale edit of %: it is at version %, the edit was based on %',
            TG_TABLE_NAME, OLD.seq, coalesce(NEW.base_seq::text, 'no version')
            USING ERRCODE = '@STALE@',
                  DETAIL = 'set base_seq to the version edited; read the row again first';
    END IF;
    NEW.base_seq := NULL;
    RETURN NEW;
END $$;
"""


@migration(3, "versioned_shared_records")
def versioned_shared_records(conn: psycopg.Connection, schema: str) -> None:
    """Refuse edits of shared records that are not based on their current version."""
    # Named to run before hub_stamp_seq (triggers of one kind fire in name order), so a refused
    # edit draws no seq.
    script = _VERSION_CHECK.replace("@STALE@", STALE_EDIT)
    for table in VERSIONED_TABLES:
        script += f"ALTER TABLE {table} ADD COLUMN base_seq bigint;\n"
        if table == "marks":  # only the gold layer is shared; coders' marks are their own
            script += (
                "CREATE TRIGGER hub_check_version BEFORE UPDATE ON marks FOR EACH ROW "
                f"WHEN (OLD.annotator = '{GOLD_ANNOTATOR}') "
                "EXECUTE FUNCTION hub_check_version();\n"
                "CREATE TRIGGER hub_clear_base_seq BEFORE INSERT ON marks FOR EACH ROW "
                "WHEN (NEW.base_seq IS NOT NULL) EXECUTE FUNCTION hub_check_version();\n"
            )
        else:
            script += (
                f"CREATE TRIGGER hub_check_version BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION hub_check_version();\n"
            )
    _run(conn, schema, script)


_ACTOR_IN_USE = """
-- Whether any mark refers to an actor, whoever may see it: a tombstone deletes an actor only
-- when none does (as the file merge keeps an actor a surviving mark refers to).
CREATE FUNCTION hub_actor_in_use(actor text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = @SCHEMA@, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM marks WHERE actor_id = actor)
        OR EXISTS (SELECT 1 FROM marks WHERE speaker_id = actor)
        OR EXISTS (SELECT 1 FROM marks WHERE target_id = actor)
$$;
"""


@migration(4, "actor_in_use")
def actor_in_use(conn: psycopg.Connection, schema: str) -> None:
    """Let a sync ask whether any mark, hidden or not, refers to an actor."""
    _run(conn, schema, _ACTOR_IN_USE)


HUB_SCHEMA_VERSION = len(MIGRATIONS)


def member_role(conn: psycopg.Connection) -> str | None:
    """Return the group role every member's role belongs to (None before ``create_hub``)."""
    if not conn.execute("SELECT to_regclass('hub_settings') IS NOT NULL").fetchone()[0]:
        return None
    row = conn.execute("SELECT value FROM hub_settings WHERE key = 'member_role'").fetchone()
    return row[0] if row else None


def grant_member_privileges(conn: psycopg.Connection) -> None:
    """Give the members' group role its privileges on every hub table (row security narrows).

    No TRUNCATE (it would bypass row security), no REFERENCES, no TRIGGER.
    """
    from psycopg import sql

    role = member_role(conn)
    if role is None:
        return
    grantee = sql.Identifier(role)
    for table in SEQ_TABLES:
        conn.execute(
            sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(
                sql.Identifier(table), grantee
            )
        )
    for table in ("hub_members", "hub_migrations"):
        conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(sql.Identifier(table), grantee))
    conn.execute(sql.SQL("GRANT SELECT, UPDATE ON hub_settings TO {}").format(grantee))
    conn.execute(sql.SQL("GRANT USAGE ON SEQUENCE hub_seq TO {}").format(grantee))


def _has_migrations_table(conn: psycopg.Connection) -> bool:
    return conn.execute("SELECT to_regclass('hub_migrations') IS NOT NULL").fetchone()[0]


def hub_version(conn: psycopg.Connection) -> int:
    """Return the number of the hub's last applied migration (0: no hub in this database)."""
    if not _has_migrations_table(conn):
        return 0
    return conn.execute("SELECT coalesce(max(number), 0) FROM hub_migrations").fetchone()[0]


def check_hub_version(conn: psycopg.Connection) -> int:
    """Return the hub's schema version; refuse a database with no hub, a newer hub's, or an
    older one (syncing with it would miss what this annotator's tables have; its admin runs
    ``annotator hub upgrade``)."""
    version = hub_version(conn)
    if version == 0:
        raise NoHubError("this database holds no annotator hub (run `annotator hub init`)")
    if version > HUB_SCHEMA_VERSION:
        raise HubTooNewError(version, HUB_SCHEMA_VERSION)
    if version < HUB_SCHEMA_VERSION:
        raise HubTooOldError(version, HUB_SCHEMA_VERSION)
    return version


def pending_migrations(conn: psycopg.Connection) -> list[Migration]:
    """Return the migrations this annotator knows that the hub has not applied, in order."""
    version = hub_version(conn)
    if version > HUB_SCHEMA_VERSION:
        raise HubTooNewError(version, HUB_SCHEMA_VERSION)
    return MIGRATIONS[version:]


def migrate(conn: psycopg.Connection, up_to: int = HUB_SCHEMA_VERSION) -> list[str]:
    """Apply the pending migrations (those up to number ``up_to``), each in a transaction with
    its record; return their names.

    Needs the rights to create tables in the current schema; the hub's tables belong to the role
    that first migrates it.
    """
    applied: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
        conn.execute(
            """CREATE TABLE IF NOT EXISTS hub_migrations (
                number integer PRIMARY KEY,
                name text NOT NULL,
                applied_at text NOT NULL
            )"""
        )
    schema = _quoted_schema(conn)
    for step in pending_migrations(conn):
        if step.number > up_to:
            break
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK_KEY])
            if hub_version(conn) >= step.number:  # another client applied it meanwhile
                continue
            step.apply(conn, schema)
            conn.execute(
                "INSERT INTO hub_migrations (number, name, applied_at) VALUES (%s, %s, %s)",
                [step.number, step.name, _now()],
            )
        applied.append(step.name)
    if applied:
        with conn.transaction():  # the new tables' privileges for the members
            grant_member_privileges(conn)
    return applied


def _quoted_schema(conn: psycopg.Connection) -> str:
    from psycopg import sql

    name = conn.execute("SELECT current_schema()").fetchone()[0]
    return sql.Identifier(name).as_string(conn)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
