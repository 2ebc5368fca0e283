"""The project's set-up: its guidelines, its tag set, and the file formats it reads and writes."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import open_session, project_options
from annotator.core.model import MarkKind
from annotator.core.renderers import Column, Table, render
from annotator.core.text_table import cell
from annotator.formats import registry

FORMAT_COLUMNS = (
    Column("name", width=17),
    Column("extensions", width=16),
    Column("import", width=7),
    Column("export", width=7),
    Column("carries"),
)


@click.group("guidelines")
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


@click.group("tagset")
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


@click.command("formats")
def formats_command() -> None:
    """List the file formats: name, extensions, import/export, and what each carries."""
    rows = [
        (
            fmt.name,
            " ".join(fmt.extensions),
            "yes" if fmt.reads else "-",
            "yes" if fmt.writes else "-",
            ", ".join(sorted(fmt.carries)),
        )
        for fmt in registry.ENTRIES
    ]
    click.echo(render(Table("File formats", FORMAT_COLUMNS, rows), "table"), nl=False)
