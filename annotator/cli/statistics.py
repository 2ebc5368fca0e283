"""``annotator stats``: the Statistics view's tables on the terminal, and its figures and their
data written to a folder without a window."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.analysis.statistics import KEYS
from annotator.cli.common import actor_id_option, db_option, open_session, translate_errors
from annotator.core import renderers
from annotator.core.model import GOLD_ANNOTATOR


@click.command("stats")
@click.option("--coder", "coders", multiple=True, help="Count only these coders (repeatable).")
@click.option("--gold", is_flag=True, help="Count only the adjudicated layer (coder gold).")
@click.option(
    "--actor",
    help="The timelines count only the claims this actor made (name or alias); the other "
    "statistics are unchanged.",
)
@click.option(
    "--only",
    "keys",
    multiple=True,
    type=click.Choice(KEYS),
    help="Only these statistics (repeatable); all by default.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(renderers.names()),
    default="table",
    show_default=True,
    help="How to print the tables.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write each statistic as KEY.png, KEY.svg (its chart) and KEY.csv (the chart's data) "
    "into this folder instead of printing.",
)
@db_option
@translate_errors
def stats_command(
    coders: tuple[str, ...],
    gold: bool,
    actor: str | None,
    keys: tuple[str, ...],
    output: str,
    out: Path | None,
    db: Path | None,
) -> None:
    """Show the coding as statistics: progress, distributions, timelines.

    Progress per coder (articles by status, queues, marks per day, time per article); marks
    per label, claims per topic and stance, sentiment per actor type, top actors; claims per
    month by topic, by stance and per actor (by the articles' dates), of every actor or of
    one (--actor).
    """
    if gold and coders:
        raise click.UsageError("--gold and --coder are exclusive: gold is one coder")
    session = open_session(db, None, create=False)
    wanted = [GOLD_ANNOTATOR] if gold else list(coders) or None
    speaker_id = actor_id_option(session, actor) if actor else None
    chosen = [
        s for s in session.statistics(wanted, speaker_id=speaker_id) if not keys or s.key in keys
    ]
    if out is None:
        for index, statistic in enumerate(chosen):
            if output == "table":  # the terminal table has no title of its own
                click.echo(("\n" if index else "") + f"{statistic.table.title}\n")
            click.echo(renderers.render(statistic.table, output), nl=False)
        return
    from annotator.analysis import charts  # matplotlib loads only when figures are drawn

    out.mkdir(parents=True, exist_ok=True)
    for statistic in chosen:
        (out / f"{statistic.key}.csv").write_text(
            renderers.render(statistic.table, "csv"), encoding="utf-8", newline=""
        )
        charts.save(statistic, out)
    click.echo(f"wrote {len(chosen)} statistic(s) (PNG, SVG and CSV each) to {out}")
