"""Only annotator.gui may load Qt: checked by importing in a fresh interpreter and by import-linter."""

import subprocess
import sys
import tomllib
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def run_python(code):
    """Run code in a fresh interpreter from the repository root; return its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def lint_imports(*args):
    """Run lint-imports without its cache from the repository root; return the result."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_non_gui_modules_do_not_load_qt():
    """Importing the package, session, CLI, storage and JSONL format loads neither PySide6 nor gui."""
    out = run_python(
        "import sys\n"
        "import annotator, annotator.session, annotator.cli, annotator.storage\n"
        "import annotator.formats.jsonl, annotator.formats.plaintext, annotator.__main__\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'PySide6'"
        " or m.startswith('annotator.gui')))\n"
    )
    assert out.strip() == "[]"


def test_cli_commands_do_not_load_qt(tmp_path):
    """Running `--help`, `import` and `tagset show` through the CLI never loads PySide6."""
    db = tmp_path / "p.db"
    out = run_python(
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from annotator.__main__ import cli\n"
        "r = CliRunner()\n"
        f"codes = [r.invoke(cli, a).exit_code for a in (['--help'], ['import', 'corpus', '--db', {str(db)!r}],"
        f" ['tagset', 'show', '--db', {str(db)!r}])]\n"
        "print(codes, 'PySide6' in sys.modules)\n"
    )
    assert out.strip() == "[0, 0, 0] False"


def test_import_linter_contracts_pass_with_repo_config():
    """lint-imports with the repository's configuration keeps every contract."""
    assert LINT_IMPORTS.exists()
    result = lint_imports()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "0 broken" in output


def write_ini_config(path):
    """Write pyproject's contracts as INI, with include_external_packages at session level."""

    def value(v):
        if isinstance(v, bool):
            return str(v)
        if isinstance(v, list):
            return "".join(f"\n    {item}" for item in v)
        return str(v)

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    settings = config["tool"]["importlinter"]
    lines = [
        "[importlinter]",
        f"root_package = {settings['root_package']}",
        "include_external_packages = True",
    ]
    for number, contract in enumerate(settings["contracts"]):
        lines += ["", f"[importlinter:contract:{number}]"]
        lines += [
            f"{key} = {value(v)}"
            for key, v in contract.items()
            if key != "include_external_packages"
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(settings["contracts"])


def test_import_linter_contracts_are_kept(tmp_path):
    """The pyproject contracts (Qt only in gui, one-way layers, independent format modules) hold
    for the current code."""
    config = tmp_path / "importlinter.ini"
    count = write_ini_config(config)
    assert count == 3
    result = lint_imports("--config", str(config))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"Contracts: {count} kept, 0 broken." in output
    assert "Only annotator.gui imports PySide6 KEPT" in output
    assert "Format modules are independent" in output
    assert "broken" not in output.replace("0 broken", "")
