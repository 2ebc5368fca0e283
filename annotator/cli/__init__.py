"""The command line: each command parses, opens a Session, calls one method and prints.

The group lives here; the commands live in one module per area and are added below, so
``annotator.cli:cli`` is the whole command line. ``annotator.__main__`` adds the ``gui`` command.
"""

from __future__ import annotations

from pathlib import Path

import click

from annotator import __version__
from annotator.cli import (
    agreement,
    coding,
    exporting,
    hub,
    importing,
    networks,
    project,
    safety,
    statistics,
)
from annotator.cli.common import (
    APP_NAME,
    db_option,
    default_db_path,
    open_session,
    project_options,
    translate_errors,
)

__all__ = [
    "cli",
    "db_option",
    "default_db_path",
    "main",
    "open_session",
    "project_options",
    "translate_errors",
]


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


# Each area's module makes its commands; composing them here keeps one list of what exists.
COMMANDS: tuple[click.Command, ...] = (
    importing.import_command,
    importing.merge_command,
    importing.link_actors_command,
    coding.articles_command,
    coding.status_command,
    coding.actors_command,
    coding.assign_command,
    coding.coders_command,
    agreement.agreement_command,
    agreement.premerge_command,
    statistics.stats_command,
    project.guidelines_group,
    project.tagset_group,
    project.formats_command,
    exporting.export_command,
    networks.network_command,
    safety.backup_command,
    safety.backups_command,
    safety.restore_command,
    safety.check_command,
    hub.hub_group,
    hub.sync_command,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Run the command line."""
    cli()
