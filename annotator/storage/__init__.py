"""SQLite storage: the only package that imports sqlite_utils."""

import sys


def _import_sqlite_utils_without_dataframes() -> None:
    """Import sqlite_utils without the pandas and numpy it loads whenever they are installed.

    It would use them only to map their types when inserting data frames, which we never do,
    and loading them cost over a second of every start-up (CLI and window alike).
    """
    if "sqlite_utils" in sys.modules:
        return
    absent = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # "import name" raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in absent:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils_without_dataframes()

from annotator.storage.store import Store  # noqa: E402

__all__ = ["Store"]
