"""What every command shares: the project options, opening a session, translating errors."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.core.errors import AnnotatorError, InputError

if TYPE_CHECKING:
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


def translate_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into clean click messages instead of tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            raise click.ClickException(f"nothing was imported:\n{exc}") from exc
        except AnnotatorError as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.OperationalError as exc:  # outside a transaction: opening, reading
            raise click.ClickException(f"the project database: {exc}") from exc
        except OSError as exc:  # the disk, the file system: named, never a traceback
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from exc

    return wrapper


format_options_option = click.option(
    "--option",
    "format_options",
    multiple=True,
    metavar="KEY=VALUE",
    help="A format option (repeatable); see the README's Formats section.",
)

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
        )(translate_errors(func))
    )


def parse_options(pairs: tuple[str, ...]) -> dict[str, str]:
    """Parse KEY=VALUE format options."""
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--option")
        options[key.strip()] = value
    return options


def actor_id_option(session: Session, value: str, param_hint: str = "--actor") -> str:
    """Return the id of the one actor whose name or alias is value (compared as names are)."""
    found = session.store.actors_with_alias(value)
    if not found:
        raise click.BadParameter(
            f"no actor named {value!r} (see `annotator actors`)", param_hint=param_hint
        )
    if len(found) > 1:
        names = "; ".join(f"{a.name} ({a.type}, {a.id[:8]})" for a in found)
        raise click.BadParameter(
            f"{value!r} names {len(found)} actors: {names}", param_hint=param_hint
        )
    return found[0].id
