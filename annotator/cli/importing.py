"""Bringing work in: import files, merge a teammate's project, link actors that are one."""

from __future__ import annotations

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
from annotator.cli.interaction import ClickInteraction, stdin_is_terminal
from annotator.core.errors import InputError
from annotator.core.label_map import common_ner_map, parse_pair, read_label_map
from annotator.core.model import Actor
from annotator.formats import registry
from annotator.services.import_questions import ImportQuestions
from annotator.services.merge_summary import link_summary_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.core.actor_links import ActorLinkProposal
    from annotator.core.interaction import LabelMap
    from annotator.core.tagset import TagSet
    from annotator.services.imports import ImportReport
    from annotator.session import Session


@click.command("import")
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
    help="Map another tool's label to ours, e.g. PER=actor:Person, or DATE=skip to leave its "
    "marks out (repeatable; wins over --label-map).",
)
@click.option(
    "--label-map",
    "label_map_file",
    metavar="FILE|ner",
    help="Map other labels to ours from a file (JSON {\"PER\": \"actor:Person\", \"DATE\": "
    "\"skip\"} or CSV rows PER,actor:Person), or 'ner' for the usual NER tags.",
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
@format_options_option
@db_option
@translate_errors
def import_command(
    paths: tuple[Path, ...],
    annotator: str | None,
    format_name: str | None,
    label_maps: tuple[str, ...],
    label_map_file: str | None,
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
    options = parse_options(format_options)
    if typesystem is not None:
        options["typesystem"] = str(typesystem)
    if text_column:
        options["text_column"] = text_column
    session = open_session(db, None)
    interaction = ClickInteraction(can_prompt=_stdin_is_terminal())
    session.automatic_backup("import")  # a bad import can be undone with `annotator restore`

    def attempt(
        label_map: LabelMap | None,
        lenient_now: bool,
        succeeded: Callable[[ImportReport], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        try:
            report = session.import_paths(
                list(paths),
                annotator=annotator,
                format_name=format_name,
                options=options,
                label_map=label_map,
                lenient=lenient_now,
            )
        except InputError as error:
            failed(error)
            return
        succeeded(report)

    def imported(report: ImportReport) -> None:
        for warning in report.warnings:
            interaction.warn("warning", str(warning))
        from annotator.session import summarise

        interaction.inform(summarise(report))

    def declined(_message: str, error: InputError) -> None:
        raise error  # no answer (or no terminal): the problems, as without questions

    def failed(error: BaseException) -> None:
        raise error

    # In a terminal, labels the tag set does not know are asked for, and bad records offered
    # to be skipped, as the window does.
    ImportQuestions(
        interaction,
        session.tagset,
        attempt,
        label_map=_label_map(label_map_file, label_maps, session.tagset) or None,
        lenient=lenient,
        imported=imported,
        failed=failed,
        declined=declined,
    ).start()


def _label_map(file: str | None, pairs: tuple[str, ...], tagset: TagSet) -> LabelMap:
    """Return the label map the options give: a file's (or the usual NER tags'), then each
    FROM=KIND:LABEL over it."""
    mapping: LabelMap = {}
    if file is not None:
        if file.casefold() == "ner" and not Path(file).exists():
            mapping = common_ner_map(tagset)
        else:
            mapping = read_label_map(Path(file), tagset)
    for pair in pairs:
        try:
            source, target = parse_pair(pair, tagset)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--map-label") from exc
        mapping[source] = target
    return mapping


@click.command("merge")
@click.argument("theirs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--link-actors/--no-link-actors",
    "link",
    default=None,
    help="Link every proposed pair of actors without asking, or only list them "
    "(default: ask for each when run in a terminal, else list).",
)
@db_option
@translate_errors
def merge_command(theirs: Path, link: bool | None, db: Path | None) -> None:
    """Merge a teammate's project file THEIRS into this project (one transaction).

    Articles, coders, actors, marks and statuses are matched by their ids, so merging twice
    changes nothing and the order of merges does not matter; for the same id the later edit
    wins. Deletions travel: a mark, actor or assignment deleted in either file is deleted
    unless it was written after the deletion. Actors that look like one actor under two ids
    (the same name, or one's name is the other's alias) are proposed for linking, as
    `annotator link-actors` does.
    """
    session = open_session(db, None, create=False)
    session.automatic_backup("merge")  # a merge can be undone with `annotator restore`
    counts = session.merge_project(theirs)
    from annotator.services.merge_summary import merge_summary_lines

    for line in merge_summary_lines(counts):
        click.echo(line)
    proposals = session.proposed_actor_links()
    if proposals:
        mode = "all" if link else "report" if link is False or not _stdin_is_terminal() else "ask"
        _offer_links(session, proposals, mode)


@click.command("link-actors")
@click.option("--yes", is_flag=True, help="Link every proposed pair without asking.")
@click.option(
    "--include-declined", is_flag=True, help="Also propose the pairs answered 'never' before."
)
@db_option
@translate_errors
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


def _stdin_is_terminal() -> bool:
    return stdin_is_terminal()


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
        answers = ["y"]
        if mode == "ask":
            ClickInteraction(can_prompt=True).ask(
                f"{number}. link {p.absorb.name!r} ({p.absorb.id[:8]}) into "
                f"{p.keep.name!r} ({p.keep.id[:8]})?",
                ["y", "n", "never"],
                answers.append,
                default="n",
            )
        answer = answers[-1]
        if answer == "y":
            session.link_actors(p.keep.id, p.absorb.id)
            linked += 1
        elif answer == "never":
            declined += session.decline_actor_links([p.ids])
    later = len(proposals) - linked - declined
    click.echo(link_summary_line(linked, declined, later))


def _actor_cell(actor: Actor, uses: int) -> str:
    where = f", {actor.country}" if actor.country else ""
    return f"{actor.name!r} ({actor.type}{where}; {uses} mark(s); {actor.id[:8]})"
