"""Writing work out: one record per (article, coder) in any writable format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from annotator.cli.common import (
    db_option,
    format_options_option,
    open_session,
    parse_options,
    translate_errors,
)
from annotator.core.model import GOLD_ANNOTATOR
from annotator.formats import registry

if TYPE_CHECKING:  # the module loads with the format, not with the command line
    from annotator.formats.base import ExportNote


@click.command("export")
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
@format_options_option
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@translate_errors
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
    options = parse_options(format_options)
    if ls_config is not None:
        options["ls_config"] = str(ls_config)
    if layer is not None:
        options["conll_layer"] = layer
    if article_search:
        options["articles"] = article_search
    session = open_session(db, None, create=False)
    notes: list[ExportNote] = []
    if str(out) == "-":
        count = session.export(sys.stdout, format_name, only_annotator, options, notes=notes)
    else:
        count = session.export_file(out, format_name, only_annotator, options, notes=notes)
        click.echo(f"wrote {count} record(s) to {out}")
    if count == 0:
        click.echo("nothing to export: no article has marks or document labels yet", err=True)
    if notes:
        from annotator.services.exports import summarise_notes

        click.echo(summarise_notes(notes), err=True)


