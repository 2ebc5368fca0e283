"""SQLite storage: the only package that imports sqlite_utils."""

from annotator.storage.store import Store

__all__ = ["Store"]
