"""SQLite storage: the only package that imports sqlite_utils."""

import sys


def _import_sqlite_utils_without_dataframes() -> None:
    """Import sqlite_utils while pandas and numpy, if not loaded yet, look uninstalled."""
    # sqlite-utils imports pandas and numpy whenever they are installed, only to map DataFrame
    # and numpy column types, which we never insert; that would cost every start ~0.5 s and
    # ~50 MB. A None entry in sys.modules makes `import pandas` raise ImportError.
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]


_import_sqlite_utils_without_dataframes()

from annotator.storage.store import Store  # noqa: E402

__all__ = ["Store"]
