"""Entry point: the click CLI plus the `gui` command, which is the only path that loads Qt."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli import cli, open_session, project_options


@cli.command("gui")
@project_options
def gui_command(db: Path | None = None, annotator: str | None = None) -> None:
    """Open the annotation window (a new project gets the bundled corpus)."""
    session = open_session(db, annotator, seed_new=True)
    try:
        from annotator.gui.app import run
    except ImportError as exc:  # Qt's system libraries are missing on a bare server image
        raise click.ClickException(
            f"the GUI cannot start: {exc}.\nOn Debian/Ubuntu install Qt's libraries with:\n"
            "  sudo apt-get install -y libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 "
            "libfontconfig1 libdbus-1-3 libxcb-cursor0"
        ) from exc
    raise SystemExit(run(session))


def main() -> None:
    """Run annotator's command line (the GUI when no command is given)."""
    cli()


if __name__ == "__main__":
    main()
