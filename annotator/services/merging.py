"""Merging a teammate's project into this one: one transaction, idempotent, order-independent."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import ValidationError
from annotator.services.base import SessionBase
from annotator.storage import Store
from annotator.storage.merging import MergeCounts


class MergeMixin(SessionBase):
    """Bring in another coder's articles, actors, marks and statuses."""

    def merge_project(self, theirs: Path) -> MergeCounts:
        """Merge another project database into this one; return what it added, updated and
        deleted (their tombstones outdating our rows: see storage/deletions.py).

        The other file is checked (and brought up to this version's schema) first; the merge
        itself is one transaction, so an interruption leaves this project as it was.
        """
        theirs = Path(theirs)
        if not theirs.is_file():
            raise ValidationError(f"{theirs}: no such project database")
        if self.store.path is not None and theirs.resolve() == Path(self.store.path).resolve():
            raise ValidationError(f"{theirs} is this project itself")
        Store.open(theirs).close()  # refuses non-projects and newer schemas, migrates older ones
        self.store.attach(theirs)
        try:
            with self.store.transaction():
                counts = self.store.merge_attached()
        finally:
            self.store.detach()
        self.articles_changed.emit()
        self.actors_changed.emit()
        return counts
