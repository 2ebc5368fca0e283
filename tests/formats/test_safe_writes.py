"""Files are written safely: a temporary file under a random name created exclusively beside
the target, synced, then renamed over it — a planted link is never followed."""

from __future__ import annotations

import os
import stat

import pytest

from annotator.core.model import DocumentLabels
from annotator.formats.base import atomic_text_file


def test_a_planted_partial_link_is_not_followed(tmp_path):
    """The old helper wrote OUT.partial with open("w"), following a link planted there."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "x.jsonl"
    (tmp_path / "x.jsonl.partial").symlink_to(victim)
    with atomic_text_file(out) as handle:
        handle.write("exported\n")
    assert victim.read_text(encoding="utf-8") == "precious"
    assert out.read_text(encoding="utf-8") == "exported\n"


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path):
    """Writing over a symlink replaces the link; the file it pointed at is untouched."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.symlink_to(victim)
    with atomic_text_file(out) as handle:
        handle.write("exported\n")
    assert not out.is_symlink() and out.read_text(encoding="utf-8") == "exported\n"
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    """An error half way keeps the old file and removes the temporary one."""
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(out) as handle:
        handle.write("half")
        raise RuntimeError("disk trouble")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_the_written_file_has_the_usual_permissions(tmp_path):
    """Not the temporary file's owner-only mode: what open() would have given under the umask."""
    out = tmp_path / "out.jsonl"
    with atomic_text_file(out) as handle:
        handle.write("x\n")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_export_through_a_planted_link_leaves_the_victim(session, tmp_path):
    """The issue's repro: a link at OUT.partial, then `export --format jsonl OUT`."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.jsonl.partial").symlink_to(victim)
    article_id = session.article_summaries()[0].id
    session.set_document_labels(DocumentLabels(article_id, "alice", tone="positive"))
    assert session.export_file(folder / "x.jsonl") == 1
    assert victim.read_text(encoding="utf-8") == "precious"


def test_xmi_refuses_a_form_feed_naming_the_article_and_writes_nothing(empty, tmp_path):
    """PDF text has form feeds, which imports accept and XML 1.0 cannot hold: the XMI export
    names the article and the character, and leaves no folder behind (the next one works)."""
    from annotator.core.errors import ValidationError

    source = tmp_path / "pdf.txt"
    source.write_text("Page one on the corridor.\fPage two about Pakistan.", encoding="utf-8")
    empty.import_paths([source])
    article = empty.article_summaries()[0]
    empty.set_document_labels(DocumentLabels(article.id, "alice", tone="positive"))
    out = tmp_path / "xmi"
    with pytest.raises(ValidationError) as refused:
        empty.export_file(out, "xmi")
    assert str(refused.value) == (
        f"article {article.id[:8]} ({article.title!r}): its text has U+000C (form feed) at "
        "offset 25, which XML 1.0 (and so XMI) cannot hold; nothing was written"
    )
    assert not out.exists()


def test_a_cancelled_folder_export_leaves_no_folder(session, tmp_path):
    """brat written into a folder beside the target and renamed when complete: Cancel after the
    first article leaves neither the target nor a half-written folder; the next export works."""
    from annotator.services.exports import ExportCancelledError

    for summary in session.article_summaries()[:3]:
        session.set_document_labels(DocumentLabels(summary.id, "alice", tone="positive"))
    out = tmp_path / "brat"
    with pytest.raises(ExportCancelledError):
        session.export_file(out, "brat", progress=lambda done: done < 1)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert session.export_file(out, "brat") == 3
    assert len(list(out.glob("*.ann"))) == 3 and (out / "annotation.conf").exists()
