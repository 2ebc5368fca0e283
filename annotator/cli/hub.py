"""``annotator hub …`` and ``annotator sync``: a team hub on PostgreSQL beside the project file.

Passwords are never stored: libpq reads ``~/.pgpass`` or ``PGPASSWORD``; when the hub asks for
one that neither gives, the command prompts for it (hidden) and uses it for this connection only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from annotator.cli.common import db_option, open_session, translate_errors

if TYPE_CHECKING:
    from annotator.hub.sync import SyncReport

T = TypeVar("T")


def _with_password(call: Callable[[str | None], T]) -> T:
    """Call with no password; if the hub asks for one, prompt (hidden) and call again."""
    from annotator.services.hub import HubConnectionError

    try:
        return call(None)
    except HubConnectionError as exc:
        if "password" not in str(exc):
            raise
        return call(click.prompt("Hub password", hide_input=True))


def _print_report(report: SyncReport) -> None:
    pushed = sum(report.pushed.values())
    deleted = sum(report.deleted.values())
    click.echo(f"pushed {pushed} row(s)" + (f", {deleted} deletion(s)" if deleted else ""))
    if report.kept_local:
        kept = ", ".join(f"{n} {table}" for table, n in sorted(report.kept_local.items()))
        click.echo(f"kept local (not yours to share): {kept}")
    counts = report.pulled
    if counts is not None:
        added = {k: v for k, v in counts.added.items() if v}
        updated = {k: v for k, v in counts.updated.items() if v}
        parts = [f"{n} new {k}" for k, n in added.items()]
        parts += [f"{n} updated {k}" for k, n in updated.items()]
        gone = {k: v for k, v in getattr(counts, "deleted", {}).items() if v}
        parts += [f"{n} deleted {k}" for k, n in gone.items()]
        click.echo("pulled: " + (", ".join(parts) if parts else "nothing new"))
    for table, key in report.refused:
        click.echo(
            f"refused: your edit of {table} {key.split(chr(31))[0]} was based on an old "
            "version; the hub's is now in your project and your edit is kept "
            "(annotator hub status lists it)"
        )


@click.group("hub")
def hub_group() -> None:
    """A team hub on PostgreSQL: set one up, add coders, join, see the team's progress."""


@hub_group.command("init")
@click.argument("admin_conninfo")
@click.option("--lead", help="The lead's coder name (default: this project's coder).")
@click.option("--lead-role", help="The lead's login role (default: the database's name + lead).")
@click.option(
    "--lead-password",
    is_flag=True,
    help="Ask for a password for the lead's login role (else pg_hba.conf decides).",
)
@db_option
@translate_errors
def init_command(
    admin_conninfo: str,
    lead: str | None,
    lead_role: str | None,
    lead_password: bool,
    db: Path | None,
) -> None:
    """Set up a hub in a PostgreSQL database and push this project to it.

    ADMIN_CONNINFO is a libpq connection string or URI of a role that may create tables and
    roles there (postgresql://admin@host/dbname). The hub gets its schema, a login role for the
    lead, and this whole project; the project is then tied to the hub as the lead.
    """
    session = open_session(db, None, create=False)
    secret = (
        click.prompt("Password for the lead's role", hide_input=True, confirmation_prompt=True)
        if lead_password
        else None
    )
    report = _with_password(
        lambda password: session.create_hub(
            admin_conninfo, lead, lead_role=lead_role, lead_password=secret, password=password
        )
    )
    tie = session.hub_settings()
    click.echo(f"hub set up; this project syncs as {tie['coder']} (the lead) with {tie['hub']}")
    _print_report(report)


@hub_group.command("add-coder")
@click.argument("admin_conninfo")
@click.argument("coder")
@click.option("--role", help="The coder's login role (default: the database's name + coder).")
@click.option("--password", "ask", is_flag=True, help="Ask for a password for the coder's role.")
@db_option
@translate_errors
def add_coder_command(
    admin_conninfo: str, coder: str, role: str | None, ask: bool, db: Path | None
) -> None:
    """Make CODER a member of the hub, with a login role of their own."""
    session = open_session(db, None, create=False)
    secret = (
        click.prompt(f"Password for {coder}'s role", hide_input=True, confirmation_prompt=True)
        if ask
        else None
    )
    member = _with_password(
        lambda password: session.add_hub_coder(
            admin_conninfo, coder, role_name=role, coder_password=secret, password=password
        )
    )
    click.echo(f"{member.coder} joins with the login role {member.role_name}")


@hub_group.command("upgrade")
@click.argument("admin_conninfo")
@db_option
@translate_errors
def upgrade_command(admin_conninfo: str, db: Path | None) -> None:
    """Bring the hub's schema up to this annotator's version, after an update of annotator.

    ADMIN_CONNINFO logs in as the role owning the hub's tables (the one that ran hub init).
    Each step is a transaction of its own; running it again changes nothing.
    """
    from annotator.hub.schema import HUB_SCHEMA_VERSION

    session = open_session(db, None, create=False)
    before, applied = _with_password(lambda password: session.upgrade_hub(admin_conninfo, password))
    if applied:
        click.echo(
            f"hub upgraded from schema {before} to {HUB_SCHEMA_VERSION}: {', '.join(applied)}"
        )
    else:
        click.echo(f"the hub is up to date (schema {before})")


@hub_group.command("join")
@click.argument("conninfo")
@db_option
@translate_errors
def join_command(conninfo: str, db: Path | None) -> None:
    """Tie this project to a hub and pull what you may see.

    CONNINFO logs in with your own role (postgresql://ROLE@host/dbname); it is kept in the
    project without a password.
    """
    session = open_session(db, None)
    report = _with_password(lambda password: session.join_hub(conninfo, password))
    tie = session.hub_settings()
    click.echo(f"joined {tie['hub']} as {tie['coder']}")
    _print_report(report)


@hub_group.command("status")
@db_option
@translate_errors
def status_command(db: Path | None) -> None:
    """Show the hub this project syncs with, what waits to be sent, and the team's progress."""
    session = open_session(db, None, create=False)
    status = _with_password(session.hub_status)
    role = "lead" if status.is_lead else "coder"
    click.echo(f"hub: {status.address}")
    click.echo(f"you: {status.coder} ({role}); last sync: {status.last_pull or 'never'}")
    click.echo(f"waiting to be sent: {status.pending} row(s)")
    click.echo("blind coding: " + ("on" if status.blind else "off (everyone sees everyone)"))
    click.echo("\nmember      new  in progress  done  skipped")
    for member in status.members:
        counts = status.progress.get(member.coder, {})
        click.echo(
            f"{member.coder:<10} {counts.get('new', 0):>4} {counts.get('in_progress', 0):>12} "
            f"{counts.get('done', 0):>5} {counts.get('skipped', 0):>8}"
            + ("  (lead)" if member.is_lead else "")
        )
    for table, key, _edit, when in status.refused:
        click.echo(f"refused edit kept: {table} {key.split(chr(31))[0]} at {when}")


@hub_group.command("unblind")
@click.argument("article_id_prefix", required=False)
@click.option("--all", "everything", is_flag=True, help="Unblind the whole project.")
@db_option
@translate_errors
def unblind_command(article_id_prefix: str | None, everything: bool, db: Path | None) -> None:
    """Let coders see each other's coding of one article (or, with --all, of every article)."""
    if everything == bool(article_id_prefix):
        raise click.UsageError("give an article id (prefix) or --all, one of them")
    session = open_session(db, None, create=False)
    article_id = session.resolve_article_id(article_id_prefix) if article_id_prefix else None
    touched = _with_password(lambda password: session.unblind(article_id, password))
    what = "every article" if article_id is None else article_id[:12]
    click.echo(f"unblinded {what}: {touched} row(s) now reach the coders' next sync")


@click.command("sync")
@db_option
@translate_errors
def sync_command(db: Path | None) -> None:
    """Send this project's changes to its hub and bring in what is new there."""
    session = open_session(db, None, create=False)
    _print_report(_with_password(session.sync))
