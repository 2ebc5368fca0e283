"""Who may do what at the hub: a login role per coder, leads, blind coding — held by PostgreSQL.

Every member logs in with a role of their own; ``hub_members`` maps it to a coder's name and says
whether they lead. All members' roles belong to one group role (``hub_settings.member_role``),
which holds the table privileges; row-level security, forced on every table and resting on
``hub_coder()`` and ``hub_is_lead()`` (both read ``current_user``), narrows them:

- a coder writes only their own marks, document labels and rejected suggestions, and tombstones
  of their own marks; any member adds annotators, actors, aliases and links (edits of the
  registry are version-checked: ``versions.py``);
- the lead (and the hub's owner) writes everything else: articles, assignments, the project's
  rows (tag set, guidelines), the gold layer, and unblinds;
- blind coding: until the lead unblinds an article (``unblinded``) or the project
  (``hub_settings.blind`` = 'off'), a coder's connection sees only their own marks, document
  labels and rejected suggestions on it, and no gold.

Role names are cluster-wide while a hub is one database, so every role a hub makes starts with
its prefix (by default the database's name and "_").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.model import GOLD_ANNOTATOR
from annotator.hub.errors import HubError
from annotator.hub.schema import grant_member_privileges, member_role, migrate

if TYPE_CHECKING:
    import psycopg

MAX_ROLE_NAME = 63  # PostgreSQL's identifier limit (longer names are cut, not refused)


@dataclass(frozen=True)
class HubMember:
    """A member of the hub: their login role, their coder's name, whether they lead."""

    role_name: str
    coder: str
    is_lead: bool


class NotAllowedError(HubError):
    """The hub's permissions refuse this member the change."""


def conninfo_without_password(conninfo: str) -> str:
    """Return the conninfo (URI or key=value) without its password, for storing in a project.

    The password then comes from libpq: ``~/.pgpass``, ``PGPASSWORD`` or a prompt.
    """
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(conninfo)
    params.pop("password", None)
    return make_conninfo("", **params)


def role_name_for(coder: str, prefix: str) -> str:
    """Return the default role name of a coder: the prefix and the name in lower-case ASCII."""
    ascii_name = unicodedata.normalize("NFKD", coder).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")
    if not slug:
        raise HubError(f"cannot make a role name from {coder!r}: give one")
    return prefix + slug


def create_hub(
    conninfo_admin: str,
    lead_coder: str,
    *,
    lead_role: str | None = None,
    lead_password: str | None = None,
    role_prefix: str | None = None,
) -> HubMember:
    """Set up a hub in the admin connection's database: the schema, the members' group role and
    the lead's login role. Return the lead.

    The admin needs the rights to create tables there and CREATEROLE (a superuser, or a managed
    service's admin role); the hub's tables belong to it.
    """
    import psycopg
    from psycopg import sql

    with psycopg.connect(conninfo_admin, autocommit=True) as conn:
        migrate(conn)
        if member_role(conn) is not None:
            lead = conn.execute("SELECT coder FROM hub_members WHERE is_lead LIMIT 1").fetchone()
            raise HubError(
                "this database already holds a hub" + (f" (led by {lead[0]})" if lead else "")
            )
        if role_prefix is None:
            database = conn.execute("SELECT current_database()").fetchone()[0]
            role_prefix = role_name_for(database, "") + "_"
        group = role_prefix + "hub_members"
        _check_role_name(group)
        with conn.transaction():
            try:
                conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
            except psycopg.errors.DuplicateObject:
                raise HubError(
                    f"a role named {group} already exists: choose another role prefix"
                ) from None
            conn.execute(
                "INSERT INTO hub_settings (key, value) VALUES ('member_role', %s), "
                "('role_prefix', %s)",
                [group, role_prefix],
            )
            grant_member_privileges(conn)
        return add_coder(
            conn, lead_coder, role_name=lead_role, password=lead_password, is_lead=True
        )


def add_coder(
    conn: psycopg.Connection,
    coder: str,
    role_name: str | None = None,
    password: str | None = None,
    *,
    is_lead: bool = False,
) -> HubMember:
    """Make a coder's login role (CREATE ROLE … LOGIN in the members' group) and record them.

    The connection must be the hub's admin's. The password, when given, is hashed here
    (SCRAM, as the server asks) so that its plain text reaches neither the server nor its logs;
    without one the role logs in however pg_hba.conf allows (certificates, peer, …).
    """
    import psycopg
    from psycopg import sql

    if not coder or coder != coder.strip():
        raise HubError(f"a coder's name must be non-empty, without outer spaces: {coder!r}")
    if coder == GOLD_ANNOTATOR:
        raise HubError(f"{GOLD_ANNOTATOR!r} names the adjudicated layer, not a coder")
    group = member_role(conn)
    if group is None:
        raise HubError("this database holds no hub set up for members (run create_hub first)")
    if role_name is None:
        prefix = conn.execute(
            "SELECT value FROM hub_settings WHERE key = 'role_prefix'"
        ).fetchone()[0]
        role_name = role_name_for(coder, prefix)
    _check_role_name(role_name)
    known = conn.execute("SELECT role_name FROM hub_members WHERE coder = %s", [coder]).fetchone()
    if known:
        raise HubError(f"{coder} is already a member of this hub (role {known[0]})")
    statement = sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
        sql.Identifier(role_name), sql.Identifier(group)
    )
    if password is not None:
        hashed = conn.pgconn.encrypt_password(password.encode(), role_name.encode())
        statement += sql.SQL(" PASSWORD {}").format(sql.Literal(hashed.decode()))
    with conn.transaction():
        try:
            conn.execute(statement)
        except psycopg.errors.DuplicateObject:
            raise HubError(
                f"a role named {role_name} already exists: give the coder another role name"
            ) from None
        conn.execute(
            "INSERT INTO hub_members (role_name, coder, is_lead, added_at) "
            "VALUES (%s, %s, %s, hub_now())",
            [role_name, coder, is_lead],
        )
    return HubMember(role_name, coder, is_lead)


def _check_role_name(name: str) -> None:
    if not 0 < len(name.encode()) <= MAX_ROLE_NAME:
        raise HubError(f"a role name has 1 to {MAX_ROLE_NAME} bytes: {name!r}")


def members(conn: psycopg.Connection) -> list[HubMember]:
    """Return the hub's members, by coder's name."""
    rows = conn.execute(
        "SELECT role_name, coder, is_lead FROM hub_members ORDER BY coder"
    ).fetchall()
    return [HubMember(*row) for row in rows]


def current_member(conn: psycopg.Connection) -> HubMember | None:
    """Return the member this connection logged in as (None: the admin, or no member)."""
    row = conn.execute(
        "SELECT role_name, coder, is_lead FROM hub_members WHERE role_name = current_user"
    ).fetchone()
    return HubMember(*row) if row else None


def unblind(conn: psycopg.Connection, article_id: str | None = None) -> int:
    """Let every coder see the others' marks and labels on an article (None: on every article).

    Only a lead may. Return how many rows were touched: an article's hidden rows get new seqs,
    so coders' next pulls bring them although their cursors had passed them. Unblinding the
    project touches none (see ``project_unblind_seq``).
    """
    import psycopg

    try:
        with conn.transaction():
            return conn.execute("SELECT hub_unblind(%s)", [article_id]).fetchone()[0]
    except psycopg.errors.InsufficientPrivilege as refused:
        raise NotAllowedError(refused.diag.message_primary or str(refused)) from refused


def is_blind(conn: psycopg.Connection) -> bool:
    """Say whether the project is still blind as a whole (articles may be unblinded one by one)."""
    return conn.execute("SELECT hub_blind()").fetchone()[0]


def project_unblind_seq(conn: psycopg.Connection) -> int | None:
    """Return the seq at which the whole project was unblinded (None: still blind).

    A client whose pull cursor is below it pulls ``schema.BLIND_TABLES`` again from seq 0:
    the rows blind coding hid from it kept their old seqs.
    """
    row = conn.execute(
        "SELECT seq FROM hub_settings WHERE key = 'blind' AND value = 'off'"
    ).fetchone()
    return row[0] if row else None


def unblinded_articles(conn: psycopg.Connection) -> set[str]:
    """Return the ids of the articles unblinded one by one."""
    return {row[0] for row in conn.execute("SELECT article_id FROM unblinded")}


def coder_progress(conn: psycopg.Connection) -> dict[str, dict[str, int]]:
    """Return each coder's count of articles per status, which any member may read."""
    progress: dict[str, dict[str, int]] = {}
    for coder, status, articles in conn.execute("SELECT * FROM hub_progress()"):
        progress.setdefault(coder, {})[status] = articles
    return progress
