"""Coding work: list articles and actors, set a status, fill coders' queues, list coders."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.common import (
    actor_id_option,
    db_option,
    open_session,
    project_options,
    translate_errors,
)
from annotator.core.model import ArticleFilter, ArticleStatus, MarkKind
from annotator.core.renderers import Column, Table, render

if TYPE_CHECKING:
    from annotator.session import Session

ARTICLE_COLUMNS = (
    Column("id", kind="id", width=12),
    Column("date", width=10, gap=2),
    Column("actor", kind="count", width=5, gap=2),
    Column("claim", kind="count", width=5),
    Column("sentiment", "sent.", kind="count", width=5),
    Column("status", width=11, gap=2),
    Column("title", gap=2),
)
ACTOR_COLUMNS = (
    Column("id", kind="id", width=8),
    Column("name", width=30, gap=2),
    Column("type", width=20),
    Column("country", width=12),
    Column("uses", kind="count", width=4),
    Column("aliases", gap=2),
)
CODER_COLUMNS = (
    Column("coder", width=20),
    Column("marks", kind="count", width=6),
    Column("queue", kind="count", width=6),
    Column("statuses", gap=2),
)


@click.command("articles")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in ArticleStatus]),
    help="Only articles with this status for the coder (repeat for several).",
)
@click.option("--search", default="", help="Only articles whose title or text has these words.")
@click.option(
    "--from",
    "date_from",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only articles dated on or after YYYY-MM-DD (undated ones are left out).",
)
@click.option(
    "--to",
    "date_to",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Only articles dated on or before YYYY-MM-DD (undated ones are left out).",
)
@click.option(
    "--label",
    metavar="KIND:NAME",
    help="Only articles where the coder used this label, e.g. actor:Person.",
)
@click.option(
    "--actor", help="Only articles where the coder's marks refer to this actor (name or alias)."
)
@project_options
def articles_command(
    statuses: tuple[str, ...],
    search: str,
    date_from: datetime | None,
    date_to: datetime | None,
    label: str | None,
    actor: str | None,
    db: Path | None,
    annotator: str | None,
) -> None:
    """List the project's articles: id, date, title, marks by kind and the coder's status."""
    session = open_session(db, annotator, create=False)
    article_filter = ArticleFilter(
        statuses=frozenset(ArticleStatus(s) for s in statuses),
        date_from=date_from.date().isoformat() if date_from else None,
        date_to=date_to.date().isoformat() if date_to else None,
        label=_label_option(session, label) if label else None,
        actor_id=actor_id_option(session, actor) if actor else None,
        text=search,
    )
    summaries = session.article_summaries(filter=article_filter)
    if not summaries:
        if article_filter.is_empty():
            click.echo("no articles; add some with `annotator import`")
        else:
            click.echo(f"no article matches ({session.article_count()} in the project)")
        return
    kinds = (MarkKind.ACTOR, MarkKind.CLAIM, MarkKind.SENTIMENT)  # the count columns' order
    rows = []
    for summary in summaries:
        counts = session.mark_counts(summary.id)
        marks = [counts.get(kind.value, 0) for kind in kinds]
        rows.append((summary.id, summary.date, *marks, summary.status.value, summary.title))
    click.echo(render(Table("Articles", ARTICLE_COLUMNS, rows), "table"), nl=False)
    shown = f"{len(summaries)} article(s)"
    if not article_filter.is_empty():
        shown += f" of {session.article_count()} match"
    click.echo(f"{shown}; counts and status are {session.annotator}'s")


def _label_option(session: Session, value: str) -> tuple[MarkKind, str]:
    """Return the (kind, label) a --label KIND:NAME names, refusing one the tag set lacks."""
    kind_name, _, name = value.partition(":")
    kinds = ", ".join(k.value for k in MarkKind)
    try:
        kind = MarkKind(kind_name.strip().lower())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not KIND:NAME with KIND one of {kinds}", param_hint="--label"
        ) from None
    name = name.strip()
    if not session.tagset.has_span_label(kind, name):
        known = ", ".join(label.name for label in session.tagset.spans[kind])
        raise click.BadParameter(
            f"no {kind.value} label {name!r} in the tag set (known: {known})", param_hint="--label"
        )
    return kind, name


@click.command("status")
@click.argument("article_id_prefix")
@click.argument("status", type=click.Choice([s.value for s in ArticleStatus]))
@click.option("--note", help="Also set the coder's note on the article ('' clears it).")
@project_options
def status_command(
    article_id_prefix: str, status: str, note: str | None, db: Path | None, annotator: str | None
) -> None:
    """Set the coder's status of an article, given the start of its id as `articles` shows."""
    session = open_session(db, annotator, create=False)
    article_id = session.resolve_article_id(article_id_prefix)
    note = note.strip() if note is not None else None
    old = session.set_status(article_id, status, note=note)
    title = session.article(article_id).title
    click.echo(f"{article_id[:12]}  {old.status.value} -> {status}  {title}")
    if note is not None:
        click.echo(f"note: {note or '(none)'}")


@click.command("actors")
@click.option("--search", default="", help="Only actors whose name or an alias contains TEXT.")
@project_options
def actors_command(search: str, db: Path | None, annotator: str | None) -> None:
    """List the actor registry: name, type, country, mentions and aliases."""
    session = open_session(db, annotator, create=False)
    rows = session.search_actors(search)
    if not rows:
        click.echo(
            "no actor matches"
            if search
            else "no actors yet; mark an actor mention in the window to create one"
        )
        return
    cells = [
        (actor.id, actor.name, actor.type, actor.country, uses, "; ".join(actor.aliases))
        for actor, uses in rows
    ]
    click.echo(render(Table("Actors", ACTOR_COLUMNS, cells), "table"), nl=False)
    click.echo(f"{len(rows)} actor(s)")


@click.command("coders")
@db_option
@translate_errors
def coders_command(db: Path | None) -> None:
    """List the project's coders: marks, queue size, and their articles by status."""
    session = open_session(db, None, create=False)
    rows = []
    for name, marks, queue, statuses in session.coders():
        shown = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "-"
        rows.append((name, marks, queue, shown))
    click.echo(render(Table("Coders", CODER_COLUMNS, rows), "table"), nl=False)


@click.command("assign")
@click.argument("coder")
@click.argument("prefixes", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take the articles off the coder's queue instead.")
@db_option
@translate_errors
def assign_command(coder: str, prefixes: tuple[str, ...], remove: bool, db: Path | None) -> None:
    """Put articles (id prefixes as `articles` shows them) on CODER's queue ("my queue")."""
    session = open_session(db, None, create=False)
    ids = [session.resolve_article_id(prefix) for prefix in prefixes]
    if remove:
        click.echo(f"{session.unassign(ids, coder)} article(s) taken off {coder}'s queue")
    else:
        click.echo(f"{session.assign(ids, coder)} article(s) added to {coder}'s queue")
