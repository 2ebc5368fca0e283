"""The command line: each command parses, opens a Session, calls one method and prints."""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator import __version__
from annotator.core.errors import AnnotatorError, InputError
from annotator.core.model import GOLD_ANNOTATOR, Actor, ArticleFilter, ArticleStatus, MarkKind
from annotator.core.text_table import cell, statistic
from annotator.formats import registry

if TYPE_CHECKING:
    from annotator.core.actor_links import ActorLinkProposal
    from annotator.session import Session

# The session (storage, services, the tag set's schema) is imported by the commands that open
# a project, not at start-up: `annotator --help` and argument errors stay quick.

APP_NAME = "annotator"


def default_db_path() -> Path:
    """Return the default project database: annotator.db in the user's data directory."""
    from platformdirs import user_data_path  # only when no --db is given

    return user_data_path(APP_NAME, appauthor=False) / "annotator.db"


def open_session(
    db: Path | None, annotator: str | None, seed_new: bool = False, create: bool = True
) -> Session:
    """Open the project at db (the default one when None); seed a new one with the corpus.

    The default project is always seeded with the bundled corpus when it is created; a
    project at an explicit path only when ``seed_new`` is set (the GUI does). With
    ``create=False`` an explicit path that does not exist is an error, so that a mistyped
    ``--db`` is reported instead of silently making an empty project.
    """
    path = db or default_db_path()
    is_new = not path.exists() or path.stat().st_size == 0
    if db is not None and not create and not path.exists():
        raise click.ClickException(f"no project database at {path} (check --db)")
    from annotator.session import Session

    session = Session.open(path, annotator)
    if is_new and (db is None or seed_new):
        session.import_bundled_corpus()
    return session


def _translate_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise click.ClickException(f"nothing was imported:\n{exc}") from exc
        except AnnotatorError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="ANNOTATOR_DB",
    help="Project database (default: annotator.db in your user data folder; env ANNOTATOR_DB).",
)


def project_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --db and --annotator (the current coder) and turn our errors into clean messages."""
    return db_option(
        click.option(
            "--annotator",
            "annotator",
            envvar="ANNOTATOR_NAME",
            help="Coder name (default: your OS user name; env ANNOTATOR_NAME).",
        )(_translate_errors(func))
    )


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name=APP_NAME)
@click.option(
    "--db",
    "group_db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Project database for the window, or for the command that follows.",
)
@click.option(
    "--annotator",
    "group_annotator",
    help="Coder name for the window, or for the command that follows.",
)
@click.pass_context
def cli(ctx: click.Context, group_db: Path | None, group_annotator: str | None) -> None:
    """Code news articles for actors, political claims and sentiment.

    Without a command, opens the annotation window (on --db PATH, or the default project).
    """
    given = {"db": group_db, "annotator": group_annotator}
    given = {name: value for name, value in given.items() if value is not None}
    if given:
        # The command's own defaults: its --db or --annotator, when given too, still wins.
        ctx.default_map = {name: dict(given) for name in cli.list_commands(ctx)}
    if ctx.invoked_subcommand is None:
        gui_command = cli.get_command(ctx, "gui")
        if gui_command is None:  # the GUI is composed in by annotator.__main__
            click.echo(ctx.get_help())
            return
        # A fresh sub-context, so --db/--annotator defaults come from the environment too.
        with gui_command.make_context("gui", [], parent=ctx) as sub_ctx:
            gui_command.invoke(sub_ctx)


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--annotator",
    "annotator",
    help="Attribute imported marks to this coder (default: the coder named in each record).",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice([f.name for f in registry.readable()]),
    help="Read every file as this format (default: from each file's extension and content).",
)
@click.option(
    "--map-label",
    "label_maps",
    multiple=True,
    metavar="FROM=KIND:LABEL",
    help="Map another tool's label to ours, e.g. PER=actor:Person (repeatable).",
)
@click.option(
    "--lenient", is_flag=True, help="Skip bad records (each is reported) instead of failing."
)
@click.option(
    "--typesystem",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="UIMA type system for .xmi files (default: one found beside them).",
)
@click.option("--text-column", help="CSV: the column holding the article text (default: text).")
@click.option(
    "--option",
    "format_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A format option (repeatable); see the README's Formats section.",
)
@db_option
@_translate_errors
def import_command(
    paths: tuple[Path, ...],
    annotator: str | None,
    format_name: str | None,
    label_maps: tuple[str, ...],
    lenient: bool,
    typesystem: Path | None,
    text_column: str | None,
    format_options: tuple[str, ...],
    db: Path | None,
) -> None:
    """Import articles and coding: .txt files or folders, CSV, JSONL, and other tools' files.

    A JSONL line is an article ({"text", "title"?, "date"?, "source"?, "meta"?}) or an
    annotation record as written by `annotator export`, whose marks are restored (attributed
    to the record's coder, or to --annotator when given). `annotator formats` lists every
    format. The import is all or nothing unless --lenient.
    """
    options = _options(format_options)
    if typesystem is not None:
        options["typesystem"] = str(typesystem)
    if text_column:
        options["text_column"] = text_column
    session = open_session(db, None)
    report = session.import_paths(
        list(paths),
        annotator=annotator,
        format_name=format_name,
        options=options,
        label_map=_label_map(label_maps),
        lenient=lenient,
    )
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    from annotator.session import summarise

    click.echo(summarise(report))


def _options(pairs: tuple[str, ...]) -> dict[str, str]:
    """Parse KEY=VALUE format options."""
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--option")
        options[key.strip()] = value
    return options


def _label_map(pairs: tuple[str, ...]) -> dict[str, tuple[MarkKind, str]]:
    """Parse FROM=KIND:LABEL label mappings."""
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        kind, colon, label = target.partition(":")
        if not sep or not colon or kind not in {k.value for k in MarkKind} or not label:
            raise click.BadParameter(
                f"{pair!r} is not FROM=KIND:LABEL with KIND actor, claim or sentiment",
                param_hint="--map-label",
            )
        mapping[source] = (MarkKind(kind), label)
    return mapping


@cli.command("merge")
@click.argument("theirs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--link-actors/--no-link-actors",
    "link",
    default=None,
    help="Link every proposed pair of actors without asking, or only list them "
    "(default: ask for each when run in a terminal, else list).",
)
@db_option
@_translate_errors
def merge_command(theirs: Path, link: bool | None, db: Path | None) -> None:
    """Merge a teammate's project file THEIRS into this project (one transaction).

    Articles, coders, actors, marks and statuses are matched by their ids, so merging twice
    changes nothing and the order of merges does not matter; for the same id the later edit
    wins. Actors that look like one actor under two ids (the same name, or one's name is the
    other's alias) are proposed for linking, as `annotator link-actors` does.
    """
    session = open_session(db, None, create=False)
    counts = session.merge_project(theirs)
    for title, numbers in (("added", counts.added), ("updated", counts.updated)):
        parts = [f"{n} {what}" for what, n in numbers.items() if n]
        click.echo(f"{title}: {', '.join(parts) if parts else 'nothing'}")
    conflicts = [f"{n} {what}" for what, n in counts.conflicts.items() if n]
    if conflicts:
        click.echo(
            "conflicts (edited at the same moment on both sides; ours kept): "
            + ", ".join(conflicts)
        )
    proposals = session.proposed_actor_links()
    if proposals:
        mode = "all" if link else "report" if link is False or not _stdin_is_terminal() else "ask"
        _offer_links(session, proposals, mode)


@cli.command("link-actors")
@click.option("--yes", is_flag=True, help="Link every proposed pair without asking.")
@click.option(
    "--include-declined", is_flag=True, help="Also propose the pairs answered 'never' before."
)
@db_option
@_translate_errors
def link_actors_command(yes: bool, include_declined: bool, db: Path | None) -> None:
    """Link actors that are one actor under two ids, asking for each proposed pair.

    Pairs are proposed when their names are the same ignoring case, accents and spacing, or
    when one's name is the other's alias. Answer y to link (the second is merged into the
    first, which keeps both names and all marks), n to leave the pair for later, never to stop
    proposing it. Linked actors stay linked when the teammate's file is merged again.
    """
    session = open_session(db, None, create=False)
    proposals = session.proposed_actor_links(include_declined=include_declined)
    if not proposals:
        click.echo("no actors to link")
        return
    _offer_links(session, proposals, "all" if yes else "ask")


def _terminal_progress(what: str) -> Callable[[int, int], bool]:
    """Return a progress callback that keeps one line on stderr up to date (10 times a second)."""
    shown = [0.0]

    def progress(done: int, total: int) -> bool:
        now = time.monotonic()
        if now - shown[0] >= 0.1 or done == total:
            shown[0] = now
            click.echo(f"\r{what}: {done:,} of {total:,} articles read", err=True, nl=False)
        return True

    return progress


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _offer_links(session: Session, proposals: list[ActorLinkProposal], mode: str) -> None:
    """List proposed actor links, then link all ("all"), ask for each ("ask") or stop."""
    click.echo(f"{len(proposals)} proposed actor link(s) (one actor under two ids?):")
    for number, p in enumerate(proposals, 1):
        click.echo(
            f"  {number}. {_actor_cell(p.keep, p.keep_uses)} <- "
            f"{_actor_cell(p.absorb, p.absorb_uses)}: {p.reason}"
        )
    if mode == "report":
        click.echo("link them with `annotator link-actors` (or merge with --link-actors)")
        return
    linked = declined = 0
    for number, p in enumerate(proposals, 1):
        answer = "y"
        if mode == "ask":
            answer = click.prompt(
                f"{number}. link {p.absorb.name!r} ({p.absorb.id[:8]}) into "
                f"{p.keep.name!r} ({p.keep.id[:8]})?",
                type=click.Choice(["y", "n", "never"], case_sensitive=False),
                default="n",
            ).lower()
        if answer == "y":
            session.link_actors(p.keep.id, p.absorb.id)
            linked += 1
        elif answer == "never":
            declined += session.decline_actor_links([p.ids])
    later = len(proposals) - linked - declined
    click.echo(f"linked {linked}, declined {declined}, left for later {later}")


def _actor_cell(actor: Actor, uses: int) -> str:
    where = f", {actor.country}" if actor.country else ""
    return f"{actor.name!r} ({actor.type}{where}; {uses} mark(s); {actor.id[:8]})"


@cli.command("coders")
@db_option
@_translate_errors
def coders_command(db: Path | None) -> None:
    """List the project's coders: marks, queue size, and their articles by status."""
    session = open_session(db, None, create=False)
    click.echo(f"{'coder':<20} {'marks':>6} {'queue':>6}  statuses")
    for name, marks, queue, statuses in session.coders():
        shown = ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())) or "-"
        click.echo(f"{cell(name, 20)} {marks:>6} {queue:>6}  {shown}")


@cli.command("assign")
@click.argument("coder")
@click.argument("prefixes", nargs=-1, required=True)
@click.option("--remove", is_flag=True, help="Take the articles off the coder's queue instead.")
@db_option
@_translate_errors
def assign_command(coder: str, prefixes: tuple[str, ...], remove: bool, db: Path | None) -> None:
    """Put articles (id prefixes as `articles` shows them) on CODER's queue ("my queue")."""
    session = open_session(db, None, create=False)
    ids = [session.resolve_article_id(prefix) for prefix in prefixes]
    if remove:
        click.echo(f"{session.unassign(ids, coder)} article(s) taken off {coder}'s queue")
    else:
        click.echo(f"{session.assign(ids, coder)} article(s) added to {coder}'s queue")


@cli.command("agreement")
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
    help="How to print the report (html: a self-contained page, one table per section).",
)
@click.option("--coder", "coders", multiple=True, help="Compare only these coders (repeatable).")
@click.option(
    "--by",
    type=click.Choice(["measure", "label", "coder", "article"]),
    default="measure",
    show_default=True,
    help="measure: every statistic; label: F1 and alpha-u per span label, alpha per document "
    "field; coder: each coder's mean agreement with the others; article: each article's "
    "agreement, least first.",
)
@click.option(
    "--gamma",
    is_flag=True,
    help="With --by measure, add Mathet's gamma per mark kind (needs the annotator[gamma] "
    "extra; takes seconds).",
)
@db_option
@_translate_errors
def agreement_command(
    output: str, coders: tuple[str, ...], by: str, gamma: bool, db: Path | None
) -> None:
    """Report inter-coder agreement: kappas and alpha for document labels, F1 for spans.

    Every row says how many items (or spans) the measure used and how many it left out.
    """
    if gamma and by != "measure":
        raise click.UsageError("--gamma goes with --by measure")
    session = open_session(db, None, create=False)
    wanted = list(coders) or None
    # A running count on the terminal only: piped output and logs stay clean.
    progress = _terminal_progress("agreement") if sys.stderr.isatty() else None
    if by == "article":
        rows = session.disagreement_by_article(wanted, progress=progress)
    elif by == "label":
        rows = session.agreement_by_label(wanted, progress=progress)
    elif by == "coder":
        rows = session.agreement_by_coder(wanted, progress=progress)
    else:
        rows = session.agreement(wanted, gamma=gamma, progress=progress)
    if progress is not None:
        click.echo("\r\033[K", err=True, nl=False)  # clear the count's line
    if not rows:
        click.echo("no agreement to measure: fewer than two coders have coded the same articles")
        return
    # Only by-article rows are about one article; the others would carry an empty column.
    fields = ["measure", "subject", "coders", "value", "used", "left_out"]
    if by == "article":
        fields.append("article_id")
    if output == "html":
        names, shared = session.agreement_scope(wanted)
        from annotator.services.agreement_report import render_html

        click.echo(render_html(rows, names, len(shared)), nl=False)
        return
    if output == "json":
        data = [{k: v for k, v in dataclasses.asdict(r).items() if k in fields} for r in rows]
        click.echo(json.dumps(data, indent=1, allow_nan=True))
        return
    if output == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(fields)
        for r in rows:
            line = [r.measure, r.subject, r.coders, statistic(r.value), r.used, r.left_out]
            writer.writerow(line + ([r.article_id] if by == "article" else []))
        return
    width = max(30, *(len(r.measure) for r in rows))
    click.echo(
        f"{'measure':<{width}} {'subject':<34} {'coders':<16} {'value':>7} {'used':>5} "
        f"{'left out':>8}"
    )
    for r in rows:
        click.echo(
            f"{cell(r.measure, width)} {cell(r.subject, 34)} {cell(r.coders, 16)} "
            f"{statistic(r.value):>7} {r.used:>5} {r.left_out:>8}"
        )


@cli.command("premerge")
@click.option(
    "--rule",
    type=click.Choice(["all", "coded", "vote"]),
    default="all",
    show_default=True,
    help="all: every coder made the mark; coded: every coder who coded the article; vote: at "
    "least --min-votes coders.",
)
@click.option("--min-votes", type=int, default=2, show_default=True, help="For --rule vote.")
@click.option("--article", "prefixes", multiple=True, help="Only these articles (id prefixes).")
@db_option
@_translate_errors
def premerge_command(rule: str, min_votes: int, prefixes: tuple[str, ...], db: Path | None) -> None:
    """Accept into the gold layer every mark the coders agree on (with provenance)."""
    session = open_session(db, None, create=False)
    ids = [session.resolve_article_id(p) for p in prefixes] or [
        s.id for s in session.article_summaries()
    ]
    made = sum(len(session.premerge(i, rule=rule, min_votes=min_votes)) for i in ids)
    click.echo(f"{made} mark(s) in the gold layer from {len(ids)} article(s) (rule: {rule})")


@cli.command("formats")
def formats_command() -> None:
    """List the file formats: name, extensions, import/export, and what each carries."""
    click.echo(f"{'name':<17} {'extensions':<16} {'import':<7} {'export':<7} carries")
    for fmt in registry.ENTRIES:
        click.echo(
            f"{fmt.name:<17} {' '.join(fmt.extensions):<16} {'yes' if fmt.reads else '-':<7} "
            f"{'yes' if fmt.writes else '-':<7} {', '.join(sorted(fmt.carries))}"
        )


@cli.command("articles")
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
        actor_id=_actor_option(session, actor) if actor else None,
        text=search,
    )
    summaries = session.article_summaries(filter=article_filter)
    if not summaries:
        if article_filter.is_empty():
            click.echo("no articles; add some with `annotator import`")
        else:
            click.echo(f"no article matches ({session.article_count()} in the project)")
        return
    click.echo(
        f"{'id':<12}  {'date':<10}  {'actor':>5} {'claim':>5} {'sent.':>5}  {'status':<11}  title"
    )
    for summary in summaries:
        counts = session.mark_counts(summary.id)
        click.echo(
            f"{summary.id[:12]}  {summary.date or '':<10}  "
            f"{counts.get(MarkKind.ACTOR.value, 0):>5} {counts.get(MarkKind.CLAIM.value, 0):>5} "
            f"{counts.get(MarkKind.SENTIMENT.value, 0):>5}  {summary.status.value:<11}  "
            f"{summary.title}"
        )
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


def _actor_option(session: Session, value: str) -> str:
    """Return the id of the one actor whose name or alias is value, ignoring case."""
    wanted = value.strip().casefold()
    found = [
        a
        for a in session.actors()
        if wanted in {a.name.casefold(), *(alias.casefold() for alias in a.aliases)}
    ]
    if not found:
        raise click.BadParameter(
            f"no actor named {value!r} (see `annotator actors`)", param_hint="--actor"
        )
    if len(found) > 1:
        names = "; ".join(f"{a.name} ({a.type}, {a.id[:8]})" for a in found)
        raise click.BadParameter(
            f"{value!r} names {len(found)} actors: {names}", param_hint="--actor"
        )
    return found[0].id


@cli.command("status")
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


@cli.command("actors")
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
    click.echo(f"{'id':<8}  {'name':<30} {'type':<20} {'country':<12} {'uses':>4}  aliases")
    for actor, uses in rows:
        click.echo(
            f"{actor.id[:8]}  {cell(actor.name, 30)} {cell(actor.type, 20)} "
            f"{cell(actor.country or '', 12)} {uses:>4}  {'; '.join(actor.aliases)}"
        )
    click.echo(f"{len(rows)} actor(s)")


@cli.group("guidelines")
def guidelines_group() -> None:
    """Show or replace the project's annotation guidelines (Markdown)."""


@guidelines_group.command("show")
@click.option("--labels", is_flag=True, help="Also print the label guide made from the tag set.")
@project_options
def guidelines_show(labels: bool, db: Path | None, annotator: str | None) -> None:
    """Print the guidelines document."""
    session = open_session(db, annotator, create=False)
    text = session.guidelines()
    click.echo(text if text else "(this project has no guidelines; add some with `load`)")
    if labels:
        click.echo("\n" + session.label_guide())


@guidelines_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_options
def guidelines_load(file: Path, db: Path | None, annotator: str | None) -> None:
    """Replace the guidelines with a Markdown FILE (shown in the window's Guidelines panel)."""
    session = open_session(db, annotator)
    text = session.load_guidelines(file)
    click.echo(f"loaded guidelines from {file} ({len(text.splitlines())} lines)")


@cli.group("tagset")
def tagset_group() -> None:
    """Show or replace the project's tag set."""


@tagset_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the tag set file itself.")
@project_options
def tagset_show(as_json: bool, db: Path | None, annotator: str | None) -> None:
    """Show the labels, their keys and colours."""
    tagset = open_session(db, annotator, create=False).tagset
    if as_json:
        click.echo(tagset.to_json())
        return
    click.echo(f"{tagset.name} (focus: {tagset.focus})")
    titles = {
        MarkKind.ACTOR: "Actor types",
        MarkKind.CLAIM: "Claim topics",
        MarkKind.SENTIMENT: "Sentiment polarity",
    }
    for kind in MarkKind:
        click.echo(f"\n{titles[kind]} ({kind.value} marks):")
        for label in tagset.spans[kind]:
            click.echo(
                f"  [{label.key or ' '}] {cell(label.name, 30)} {label.color}  {label.description}"
            )
    for title, labels in (
        ("Claim stance", tagset.claim_stance),
        ("Claim form", tagset.claim_form),
        ("Document tone", tagset.tone),
        ("Document focus stance", tagset.focus_stance),
        ("Document topics", tagset.topics),
    ):
        click.echo(f"\n{title}: " + ", ".join(label.name for label in labels))


@tagset_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@project_options
def tagset_load(file: Path, db: Path | None, annotator: str | None) -> None:
    """Replace the project's tag set with FILE (validated; nothing changes on error)."""
    tagset = open_session(db, annotator).load_tagset(file)
    counts = ", ".join(f"{len(tagset.spans[k])} {k.value}" for k in MarkKind)
    click.echo(f"loaded tag set {tagset.name!r}: {counts} labels")


@cli.command("export")
@click.option(
    "--format",
    "format_name",
    type=click.Choice([f.name for f in registry.writable()]),
    default="jsonl",
    show_default=True,
    help="Output format (see `annotator formats`).",
)
@click.option("--annotator", "only_annotator", help="Export only this coder's work (default: all).")
@click.option("--gold", is_flag=True, help="Export only the adjudicated gold layer (coder 'gold').")
@click.option(
    "--articles",
    "article_search",
    metavar="SEARCH",
    help="Export only articles matching this full-text search (as in the window).",
)
@click.option(
    "--ls-config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="label-studio: also write the Label Studio labeling config XML here.",
)
@click.option(
    "--layer",
    type=click.Choice(["actor", "claim", "sentiment"]),
    help="conll: which kind of mark to write as tags (default: actor).",
)
@click.option(
    "--option",
    "format_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A format option (repeatable); see the README's Formats section.",
)
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@_translate_errors
def export_command(
    format_name: str,
    only_annotator: str | None,
    gold: bool,
    article_search: str | None,
    ls_config: Path | None,
    layer: str | None,
    format_options: tuple[str, ...],
    out: Path,
    db: Path | None,
) -> None:
    """Write one record per (article, coder) to OUT ('-' for standard output).

    Formats that write one file per article (brat, webanno-tsv, xmi, dna) take a folder.
    """
    if gold and only_annotator:
        raise click.UsageError("--gold and --annotator exclude each other")
    if gold:
        only_annotator = GOLD_ANNOTATOR
    options = _options(format_options)
    if ls_config is not None:
        options["ls_config"] = str(ls_config)
    if layer is not None:
        options["conll_layer"] = layer
    if article_search:
        options["articles"] = article_search
    session = open_session(db, None, create=False)
    if str(out) == "-":
        count = session.export(sys.stdout, format_name, only_annotator, options)
    else:
        count = session.export_file(out, format_name, only_annotator, options)
        click.echo(f"wrote {count} record(s) to {out}")
    if count == 0:
        click.echo("nothing to export: no article has marks or document labels yet", err=True)


def main() -> None:
    """Run the command line."""
    cli()
