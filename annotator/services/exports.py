"""Exporting the project's coding through the format registry."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from annotator.core.errors import ValidationError
from annotator.core.model import AnnotatedDocument
from annotator.formats import registry
from annotator.services.base import SessionBase
from annotator.services.marks import actor_refs


class ExportsMixin(SessionBase):
    """Streaming every coder's coding out, in a stable order."""

    # -- export -----------------------------------------------------------------------------

    def documents(self, annotator: str | None = None) -> Iterator[AnnotatedDocument]:
        """Yield every coder's coding of every article (or one coder's), in stable order."""
        focus = self.tagset.focus
        with self.store.snapshot():
            for article_id, coder in self.store.annotated_pairs(annotator):
                marks = self.store.marks_for(article_id, coder)
                actor_ids = sorted(set().union(*(actor_refs(m) for m in marks)))
                yield AnnotatedDocument(
                    article=self.store.get_article(article_id),
                    annotator=coder,
                    document=self.store.get_document_labels(article_id, coder),
                    focus=focus,
                    actors=tuple(self.store.actors_by_ids(actor_ids)),
                    marks=tuple(marks),
                )

    def export(self, out: IO[str], format_name: str = "jsonl", annotator: str | None = None) -> int:
        """Write the project's coding to a text stream in a format; return how many records."""
        fmt = registry.get(format_name)
        if fmt.write is None:
            raise ValidationError(f"format {fmt.name!r} can be imported but not exported")
        return fmt.write(self.documents(annotator), out)

    def export_file(
        self, path: Path, format_name: str = "jsonl", annotator: str | None = None
    ) -> int:
        """Export to a file, replacing it only once everything is written and synced."""
        path = Path(path)
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as out:
                count = self.export(out, format_name, annotator)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return count
