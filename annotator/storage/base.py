"""What the store's parts share: the database handle."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database


class StoreBase:
    """Holds the sqlite-utils Database; the Store's parts add domain-named queries."""

    def __init__(self, db: Database, path: Path | None):
        self.db = db
        self.path = path

    def _exists(self, sql: str, value: str) -> bool:
        return self.db.execute(sql, [value]).fetchone() is not None
