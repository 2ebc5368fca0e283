"""SQLite storage: the only package that imports sqlite_utils."""

import sys


def import_sqlite_utils() -> None:
    """Import sqlite_utils without the pandas and numpy it loads whenever they are installed.

    It would use them only to map their types when inserting data frames, which we never do,
    and loading them costs over a second. Only the migration engine needs sqlite_utils: it
    is imported when a project has a migration to apply (see ``Store.open``), not to open
    one that is up to date.
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


from annotator.storage.store import Store  # noqa: E402

__all__ = ["Store"]
