"""Discourse networks on the command line: DNA's network export, and coders compared."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

# The option module is light (no numpy, no networkx): the choices come from it.
from annotator.analysis.options import (
    AGGREGATIONS,
    DUPLICATES,
    FILE_FORMATS,
    NETWORK_TYPES,
    NORMALIZATIONS,
    TIME_WINDOWS,
    NetworkOptionError,
    NetworkOptions,
)
from annotator.cli.common import db_option, open_session, translate_errors
from annotator.core import renderers
from annotator.core.model import GOLD_ANNOTATOR

if TYPE_CHECKING:
    from annotator.analysis.statements import Statement


def _union(lists: Sequence[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(v for values in lists for v in values))


DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.command("network")
@click.option(
    "--type",
    "network_type",
    type=click.Choice(NETWORK_TYPES),
    default="onemode",
    show_default=True,
    help="onemode: actor × actor through shared topics (topic × topic with --variable1 "
    "topic); twomode: actor × topic; eventlist: one row per statement; speaker-target: "
    "who addresses whom (directed).",
)
@click.option(
    "--variable1",
    type=click.Choice(["actor", "topic"]),
    default="actor",
    show_default=True,
    help="The rows (one-mode: the nodes); the other is variable2.",
)
@click.option(
    "--qualifier",
    type=click.Choice(["stance", "none"]),
    default="stance",
    show_default=True,
    help="The stance as DNA's integer qualifier (support +1, neutral 0, oppose −1), or none.",
)
@click.option(
    "--qualifier-aggregation",
    type=click.Choice(_union(list(AGGREGATIONS.values()))),
    default="ignore",
    show_default=True,
    help="One-mode: ignore, congruence, conflict, subtract; two-mode and speaker-target: "
    "ignore, combine, subtract; event list: ignore, or subtract to compare stances in "
    "duplicates.",
)
@click.option(
    "--normalization",
    type=click.Choice(_union(list(NORMALIZATIONS.values()))),
    default="no",
    show_default=True,
    help="One-mode: no, average, jaccard, cosine; two-mode and speaker-target: no, activity, "
    "prominence.",
)
@click.option(
    "--duplicates",
    type=click.Choice(DUPLICATES),
    default="include",
    show_default=True,
    help="Count an identical statement once per article, ISO week, month, year or the whole range.",
)
@click.option(
    "--from",
    "date_from",
    type=DATE,
    help="Only claims in articles dated on or after YYYY-MM-DD (undated ones are left out).",
)
@click.option(
    "--to",
    "date_to",
    type=DATE,
    help="Only claims in articles dated on or before YYYY-MM-DD (undated ones are left out).",
)
@click.option(
    "--coder",
    "coders",
    multiple=True,
    help="Only these coders' claims (repeatable; 'gold' for the gold layer). Default: every "
    "coder's, gold left out.",
)
@click.option("--gold", is_flag=True, help="Only the adjudicated gold layer.")
@click.option("--actor-type", "actor_types", multiple=True, help="Only speakers of these types.")
@click.option("--topic", "topics", multiple=True, help="Only claims on these topics.")
@click.option("--isolates", is_flag=True, help="Keep every actor and topic, as zero rows.")
@click.option(
    "--time-window",
    type=click.Choice(TIME_WINDOWS),
    default="no",
    show_default=True,
    help="One network per moving window of --window-size days, weeks, … or statements.",
)
@click.option(
    "--window-size",
    type=int,
    default=100,
    show_default=True,
    help="Units (or statements) per window; DNA centres round((size − 1) / 2) on each side.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FILE_FORMATS),
    help="graphml (the default), gexf, csv: an edge list (an event list's only format, and "
    "its default), matrix: the full matrix as CSV, dl: UCINET.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="The file (a new or empty folder for time windows: one file per window); default: "
    "standard output.",
)
@click.option(
    "--compare-coders",
    is_flag=True,
    help="Print how much the network differs between each pair of coders instead.",
)
@db_option
@translate_errors
def network_command(
    network_type: str,
    variable1: str,
    qualifier: str,
    qualifier_aggregation: str,
    normalization: str,
    duplicates: str,
    date_from: datetime | None,
    date_to: datetime | None,
    coders: tuple[str, ...],
    gold: bool,
    actor_types: tuple[str, ...],
    topics: tuple[str, ...],
    isolates: bool,
    time_window: str,
    window_size: int,
    file_format: str | None,
    out: Path | None,
    compare_coders: bool,
    db: Path | None,
) -> None:
    """Compute a discourse network from the claims as the Discourse Network Analyzer does.

    Claims are statements: speaker (actor), topic, stance; a claim without a speaker is a
    draft and left out. Options have DNA's names and meaning.
    """
    _check_usage(network_type, file_format, gold, coders, time_window, out, compare_coders)
    try:
        options = NetworkOptions(
            network_type=network_type,
            variable1=variable1,
            variable2="topic" if variable1 == "actor" else "actor",
            qualifier=None if qualifier == "none" else qualifier,
            qualifier_aggregation=qualifier_aggregation,
            normalization=normalization,
            duplicates=duplicates,
            start=date_from.date().isoformat() if date_from else None,
            stop=date_to.date().isoformat() if date_to else None,
            actor_types=actor_types,
            topics=topics,
            isolates=isolates,
            time_window=time_window,
            window_size=window_size,
        )
    except NetworkOptionError as exc:
        raise click.UsageError(str(exc)) from exc
    from annotator.services import networks as service

    session = open_session(db, None, create=False)
    chosen = [GOLD_ANNOTATOR] if gold else list(coders) or None
    # The dates are asked of the store: a year of a ten-year project reads a tenth of it.
    found = service.project_statements(session.store, chosen, options.start, options.stop)
    if compare_coders:
        _compare(found.statements, options, found.coders)
    elif network_type == "eventlist":
        _event_list(found.statements, options, out)
    else:
        _networks(found.statements, options, file_format or "graphml", out)
    if found.drafts:
        click.echo(f"{found.drafts} draft claim(s) without a speaker left out", err=True)


def _check_usage(
    network_type: str,
    file_format: str | None,
    gold: bool,
    coders: tuple[str, ...],
    time_window: str,
    out: Path | None,
    compare: bool,
) -> None:
    """Refuse options that do not go together (the network options check themselves)."""
    if gold and coders:
        raise click.UsageError("--gold and --coder exclude each other")
    if network_type == "eventlist" and file_format not in ("csv", None):
        raise click.UsageError("an event list is written as csv")
    if time_window != "no" and out is None and not compare:
        raise click.UsageError("time windows write one file per window: give --out FOLDER")
    if compare:
        if network_type == "eventlist":
            raise click.UsageError("--compare-coders compares networks, not event lists")
        if gold or len(coders) == 1:
            raise click.UsageError("--compare-coders needs two coders or more (or none: all)")
        if out is not None:
            raise click.UsageError("--compare-coders prints a table; --out is for networks")


def _compare(
    statements: Sequence[Statement], options: NetworkOptions, coders: Sequence[str]
) -> None:
    from annotator.analysis.distance import coder_distances
    from annotator.services.networks import distance_table

    rows = coder_distances(statements, options, coders)
    if not rows:
        click.echo("no coders to compare: fewer than two have coded")
        return
    table = distance_table(rows, options.network_type)
    click.echo(renderers.render(table, "table"), nl=False)


def _event_list(statements: Sequence[Statement], options: NetworkOptions, out: Path | None) -> None:
    from annotator.analysis.exports import write_event_list
    from annotator.analysis.networks import event_list
    from annotator.services.networks import write_event_list_file

    events = event_list(statements, options)
    if out is None:
        write_event_list(events, sys.stdout)
        return
    count = write_event_list_file(events, out)
    click.echo(f"wrote {count} statement(s) to {out}", err=True)


def _networks(
    statements: Sequence[Statement], options: NetworkOptions, file_format: str, out: Path | None
) -> None:
    from annotator.analysis.exports import FORMATS
    from annotator.analysis.networks import networks
    from annotator.services.networks import write_networks

    made = networks(statements, options)
    if out is None:
        FORMATS[file_format][1](made[0], sys.stdout)
        return
    written = write_networks(made, out, file_format)
    if options.time_window != "no":
        click.echo(f"wrote {len(written)} network(s), one per time window, to {out}", err=True)
        return
    net = made[0]
    click.echo(
        f"wrote a {len(net.rows)} × {len(net.columns)} network of {net.statements} "
        f"statement(s) to {out}",
        err=True,
    )
