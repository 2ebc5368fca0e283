"""Comparing coders: the agreement report, and the gold layer from what they agree on."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from annotator.cli.common import db_option, open_session, translate_errors
from annotator.core import renderers


@click.command("agreement")
@click.option(
    "--format",
    "output",
    type=click.Choice(renderers.names()),
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
@translate_errors
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
    from annotator.services.agreement_report import agreement_table

    scope = None
    if output == "html":  # only the page names whom it compares: one more pass over the marks
        names, shared = session.agreement_scope(wanted)
        scope = (names, len(shared))
    click.echo(renderers.render(agreement_table(rows, scope), output), nl=False)


@click.command("premerge")
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
@translate_errors
def premerge_command(rule: str, min_votes: int, prefixes: tuple[str, ...], db: Path | None) -> None:
    """Accept into the gold layer every mark the coders agree on (with provenance)."""
    session = open_session(db, None, create=False)
    ids = [session.resolve_article_id(p) for p in prefixes] or [
        s.id for s in session.article_summaries()
    ]
    made = sum(len(session.premerge(i, rule=rule, min_votes=min_votes)) for i in ids)
    click.echo(f"{made} mark(s) in the gold layer from {len(ids)} article(s) (rule: {rule})")


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
