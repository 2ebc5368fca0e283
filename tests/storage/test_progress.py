"""Imports and exports report progress and can be cancelled without leaving anything half-done."""

from __future__ import annotations

import pytest

from annotator.core.model import MarkKind
from annotator.services.exports import ExportCancelledError
from annotator.services.imports import ImportCancelledError
from tests.conftest import add


def test_cancelled_import_stores_nothing(session, tmp_path):
    """Cancelling part-way through an import leaves the project as it was."""
    paths = []
    for i in range(4):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"Article number {i} about the corridor.", encoding="utf-8")
        paths.append(path)
    seen = []

    def cancel_at_third(done: int, total: int) -> bool:
        seen.append((done, total))
        return len(seen) < 3

    before = session.article_count()
    with pytest.raises(ImportCancelledError, match="nothing was stored"):
        session.import_paths(paths, progress=cancel_at_third)
    assert session.article_count() == before and len(seen) == 3


def test_cancelled_export_keeps_the_old_file(session, tmp_path):
    """Cancelling an export leaves the previous output untouched and no partial file."""
    for summary in session.article_summaries()[:3]:
        add(session, summary.id, MarkKind.ACTOR, "China", "Country")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(ExportCancelledError):
        session.export_file(out, progress=lambda done: done < 1)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert session.export_file(out, progress=lambda done: True) == 3
