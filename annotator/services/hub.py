"""A team hub (PostgreSQL) behind the Session: set one up, tie this project to it, sync.

The project stays the coder's SQLite file, complete and usable offline; a sync pushes its
logged changes and pulls what is new at the hub (annotator/hub/sync.py). psycopg, the hub's
driver, is an extra (``pip install 'annotator[hub]'``), loaded only here, when a hub is used.
The address kept in the project has no password: libpq supplies one (``~/.pgpass``,
``PGPASSWORD``) or the caller passes it for this connection only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ValidationError
from annotator.core.model import utc_now
from annotator.services.base import SessionBase

if TYPE_CHECKING:
    import psycopg

    from annotator.hub.members import HubMember
    from annotator.hub.sync import SyncReport


@dataclass(frozen=True)
class HubStatus:
    """What `annotator hub status` shows: the tie, what waits, and the team's progress."""

    address: str
    coder: str
    is_lead: bool
    pending: int
    last_pull: str | None
    members: list[HubMember]
    progress: dict[str, dict[str, int]]
    blind: bool
    refused: list[tuple[str, str, str, str]]


SYNC_ATTEMPTS = 4  # a sync whose connection drops midway is run again, up to this many times
SYNC_BACKOFF_S = 0.5  # the wait before the first retry, doubled before each next one
# libpq's: give up on a hub that does not answer a connection in 10 s, and notice a hub gone
# silent (a dropped network) within about a minute instead of waiting on it for hours.
CONNECTION_OPTIONS = {
    "connect_timeout": 10,
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
}


def connect(conninfo: str, password: str | None = None) -> psycopg.Connection:
    """Open a connection to a hub (autocommit: each sync step opens its own transaction)."""
    try:
        import psycopg
    except ImportError as exc:  # the hub extra is not installed
        raise ValidationError("the team hub needs psycopg: pip install 'annotator[hub]'") from exc
    extra: dict[str, Any] = {"password": password} if password else {}
    try:
        return psycopg.connect(conninfo, autocommit=True, **CONNECTION_OPTIONS, **extra)
    except psycopg.OperationalError as exc:
        raise HubConnectionError(f"cannot reach the hub: {str(exc).strip()}") from exc


class HubConnectionError(ValidationError):
    """The hub cannot be reached now (offline, refused, wrong password): coding goes on."""


class _ConnectionLostError(Exception):
    """The hub's connection broke during a sync (psycopg's OperationalError, connection gone)."""


class HubMixin(SessionBase):
    """Set up a hub, join one, sync with it."""

    def hub_settings(self) -> dict[str, str]:
        """Return the project's tie to a hub (empty: not tied)."""
        return self.store.hub_settings()

    def create_hub(
        self,
        admin_conninfo: str,
        lead: str | None = None,
        lead_role: str | None = None,
        lead_password: str | None = None,
        password: str | None = None,
    ) -> SyncReport:
        """Set up a hub in the admin's database (schema, roles), make this project's coder its
        lead, tie the project to it and push the whole project."""
        from annotator.hub.members import conninfo_without_password, create_hub
        from annotator.hub.sync import push_everything

        self._refuse_second_tie()
        lead = lead or self.annotator
        member = create_hub(
            _with_password(admin_conninfo, password),
            lead,
            lead_role=lead_role,
            lead_password=lead_password,
        )
        with connect(admin_conninfo, password) as conn:
            address = conninfo_without_password(_as_role(admin_conninfo, member.role_name))
            with self.store.transaction():
                self.store.set_hub_settings(
                    {"hub": address, "coder": lead, "pull_cursor": "0", "lead": "1"}
                )
            report = push_everything(self.store, conn, member)
        self.set_annotator(lead)
        return report

    def add_hub_coder(
        self,
        admin_conninfo: str,
        coder: str,
        role_name: str | None = None,
        coder_password: str | None = None,
        password: str | None = None,
    ) -> HubMember:
        """Make a coder a member of the hub (their login role); the admin's connection."""
        from annotator.hub.members import add_coder

        with connect(admin_conninfo, password) as conn:
            return add_coder(conn, coder, role_name=role_name, password=coder_password)

    def upgrade_hub(
        self, admin_conninfo: str, password: str | None = None
    ) -> tuple[int, list[str]]:
        """Bring a hub's schema up to this annotator's (its admin's connection: the role owning
        its tables); return the version it had and the names of the migrations applied."""
        import psycopg

        from annotator.hub.schema import hub_version, migrate

        with connect(admin_conninfo, password) as conn:
            before = hub_version(conn)
            if before == 0:
                raise ValidationError(
                    "this database holds no annotator hub (annotator hub init sets one up)"
                )
            try:
                return before, migrate(conn)
            except psycopg.errors.InsufficientPrivilege as exc:
                raise ValidationError(
                    f"this login may not change the hub's tables ({str(exc).strip()}): "
                    "upgrade with the role that owns the hub's tables (the one that ran "
                    "annotator hub init)"
                ) from exc

    def join_hub(self, conninfo: str, password: str | None = None) -> SyncReport:
        """Tie this project to a hub as the member the connection logs in as; pull."""
        from annotator.hub.members import conninfo_without_password, current_member
        from annotator.hub.schema import check_hub_version

        self._refuse_second_tie()
        with connect(conninfo, password) as conn:
            check_hub_version(conn)
            member = current_member(conn)
            if member is None:
                raise ValidationError(
                    "this login is not a member of the hub: ask its lead to add you "
                    "(annotator hub add-coder) and log in with your own role"
                )
            with self.store.transaction():
                self.store.set_hub_settings(
                    {
                        "hub": conninfo_without_password(conninfo),
                        "coder": member.coder,
                        "pull_cursor": "0",
                        "lead": "1" if member.is_lead else "0",
                    }
                )
                # What the project holds already is offered too (the hub keeps what it has,
                # and takes from this member only what is theirs to share).
                # A coder's tag set and guidelines are the hub's (the lead's), not theirs.
                self.store.log_everything(skip=() if member.is_lead else ("project",))
        self.set_annotator(member.coder)
        return self.sync(password)

    def sync(self, password: str | None = None) -> SyncReport:
        """Push this project's changes to its hub, then pull what is new there.

        A connection lost midway (the network dropped, the server restarted) is retried: a
        push sends again what the hub had not committed, and a pull starts again from the
        cursor, so nothing is lost or doubled. A hub that cannot be reached at the start is
        not waited for (coding goes on; the next sync tries again).
        """
        from annotator.hub.sync import SyncReport

        tie = self.store.hub_settings()
        if "hub" not in tie:
            raise ValidationError("this project is not tied to a hub (annotator hub join)")
        report = SyncReport()
        for attempt in range(SYNC_ATTEMPTS):
            try:
                self._sync_once(tie, password, report)
                break
            except HubConnectionError:
                # Unreachable from the start (offline, not a drop), or still after the drop.
                if attempt in (0, SYNC_ATTEMPTS - 1):
                    raise
            except _ConnectionLostError as lost:
                if attempt == SYNC_ATTEMPTS - 1:
                    raise HubConnectionError(
                        f"lost the connection to the hub during the sync ({SYNC_ATTEMPTS} "
                        f"tries): {lost}; what was not synced waits for the next sync"
                    ) from lost
            report.retries += 1
            time.sleep(SYNC_BACKOFF_S * 2**attempt)
        with self.store.transaction():
            self.store.set_hub_settings({"synced_at": utc_now()})
        if report.pulled_rows:
            self.articles_changed.emit()
            self.actors_changed.emit()
            self._reload_tagset_if_changed()
        return report

    def _sync_once(self, tie: dict[str, str], password: str | None, report: SyncReport) -> None:
        """Connect, push and pull once; raise _ConnectionLostError if the connection drops."""
        import psycopg

        from annotator.hub.members import current_member
        from annotator.hub.schema import check_hub_version
        from annotator.hub.pulling import pull
        from annotator.hub.sync import push

        with connect(tie["hub"], password) as conn:
            try:
                check_hub_version(conn)
                member = current_member(conn)
                if member is None or member.coder != tie["coder"]:
                    raise ValidationError(
                        f"the hub's login is not {tie['coder']}'s: this project syncs as "
                        f"{tie['coder']}"
                    )
                push(self.store, conn, member, report)
                pull(self.store, conn, report)
            except psycopg.OperationalError as exc:
                if not _connection_lost(conn, exc):  # a refusal or a timeout: not retried
                    raise
                raise _ConnectionLostError(str(exc).strip()) from exc

    def hub_status(self, password: str | None = None) -> HubStatus:
        """Return the tie, the changes waiting, the members and their progress."""
        from annotator.hub.members import coder_progress, is_blind, members

        tie = self.store.hub_settings()
        if "hub" not in tie:
            raise ValidationError("this project is not tied to a hub (annotator hub join)")
        with connect(tie["hub"], password) as conn:
            found = members(conn)
            progress = coder_progress(conn)
            blind = is_blind(conn)
        return HubStatus(
            tie["hub"],
            tie["coder"],
            tie.get("lead") == "1",
            self.store.count_pending(),
            tie.get("synced_at"),
            found,
            progress,
            blind,
            self.store.refused_edits(),
        )

    def unblind(self, article_id: str | None = None, password: str | None = None) -> int:
        """Let coders see each other's coding of an article (None: of every article)."""
        from annotator.hub.members import unblind

        tie = self.store.hub_settings()
        if "hub" not in tie:
            raise ValidationError("this project is not tied to a hub (annotator hub join)")
        with connect(tie["hub"], password) as conn:
            return unblind(conn, article_id)

    def reread_tagset(self) -> None:
        """Read the tag set again (another connection may have pulled the lead's); emit
        tagset_changed if it changed."""
        self._reload_tagset_if_changed()

    def _refuse_second_tie(self) -> None:
        tie = self.store.hub_settings()
        if "hub" in tie:
            raise ValidationError(f"this project is already tied to a hub ({tie['hub']})")

    def _reload_tagset_if_changed(self) -> None:
        """Take a tag set the lead changed at the hub (pulled into the project's settings)."""
        before = self._tagset
        self._tagset = None
        if before is not None and self.tagset != before:
            self.tagset_changed.emit(self.tagset)


def _connection_lost(conn: psycopg.Connection, error: Exception) -> bool:
    """Say whether an error of a hub connection means the connection itself is gone."""
    # libpq's own failures (socket closed, server gone) carry no SQLSTATE, and psycopg does not
    # always mark the connection broken (a COPY cut off midway leaves it "active"); the server
    # ends a session with class 08 or 57P01-57P03 (terminated, crashed, shutting down).
    sqlstate = getattr(error, "sqlstate", None)
    return (
        conn.broken
        or sqlstate is None
        or sqlstate.startswith("08")
        or sqlstate in ("57P01", "57P02", "57P03")
    )


def _with_password(conninfo: str, password: str | None) -> str:
    if not password:
        return conninfo
    from psycopg.conninfo import make_conninfo

    return make_conninfo(conninfo, password=password)


def _as_role(conninfo: str, role: str) -> str:
    """Return the conninfo logging in as another role (the lead's, not the admin's)."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(conninfo, user=role)
