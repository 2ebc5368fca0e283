"""Start-up imports only what it needs: heavy libraries load when first used."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

HEAVY = (
    "pandas",
    "numpy",
    "networkx",
    "PySide6",
    "cassis",
    "spacy",
    "jsonschema",
    "sqlite_utils",
    "jinja2",
)


def modules_after(statement: str) -> set[str]:
    """Return the top-level modules a fresh Python has loaded after running a statement."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    return {name.partition(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


def test_importing_the_cli_loads_no_heavy_library():
    """`import annotator.cli` loads neither pandas, numpy, networkx, Qt, cassis, spaCy,
    jsonschema, sqlite-utils nor Jinja2, and no format module beyond the registry."""
    loaded = modules_after("import annotator.cli")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "click" in loaded


def format_modules_after(statement: str, **env: str) -> list[str]:
    """Return the annotator.formats modules a fresh Python has loaded after a statement."""
    code = (
        f"{statement}\nimport sys, json\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('annotator.formats.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", **env},
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_no_format_module_is_imported_at_start_up():
    """Only the registry (names, extensions, titles) is loaded until a format is used."""
    assert format_modules_after("import annotator.cli") == ["annotator.formats.registry"]


def test_the_window_imports_no_reader_or_writer_before_its_first_paint():
    """The window's modules load the formats' base and registry (the import dialogs' names
    and record types), never a reader, a writer or the records' resolver."""
    loaded = format_modules_after("import annotator.gui.main_window", QT_QPA_PLATFORM="offscreen")
    assert loaded == ["annotator.formats.base", "annotator.formats.registry"]


def test_opening_a_session_loads_no_dataframe_or_graph_library(tmp_path):
    """A project opened from the command line's path loads neither pandas, numpy (which
    sqlite-utils would import) nor networkx, nor Qt."""
    statement = (
        "from annotator.session import Session\n"
        f"Session.open({str(tmp_path / 'p.db')!r}, 'alice').tagset"
    )
    loaded = modules_after(statement)
    assert loaded.isdisjoint({"pandas", "numpy", "networkx", "PySide6"}), loaded & set(HEAVY)
    assert "sqlite_utils" in loaded


def test_opening_an_up_to_date_project_loads_no_migration_engine(tmp_path):
    """A project with every migration applied opens over plain sqlite3: neither sqlite-utils
    nor the plugin machinery it brings (pluggy) is imported; a project with a pending
    migration loads them to apply it (see the test above)."""
    path = tmp_path / "p.db"
    modules_after(f"from annotator.session import Session\nSession.open({str(path)!r}, 'a')")
    statement = (
        "from annotator.session import Session\n"
        f"session = Session.open({str(path)!r}, 'alice')\n"
        "session.tagset\n"
        "session.set_annotator('bob')"
    )
    loaded = modules_after(statement)
    assert loaded.isdisjoint({"sqlite_utils", "pluggy"}), loaded & {"sqlite_utils", "pluggy"}
