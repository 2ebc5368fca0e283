"""Merging teammates' projects: idempotent, order-independent, later edits win, one transaction."""

from __future__ import annotations

import pytest

from annotator.core.errors import SchemaVersionError, ValidationError
from annotator.core.model import DocumentLabels, MarkKind
from annotator.session import Session
from tests.conftest import add


def coded(path, coder, needles):
    """Create a project on the bundled corpus where a coder marked these texts (Country)."""
    session = Session.open(path, coder)
    session.import_bundled_corpus()
    article_id = session.article_summaries()[0].id
    for needle in needles:
        add(session, article_id, MarkKind.ACTOR, needle, "Country")
    session.set_document_labels(DocumentLabels(article_id, coder, tone="positive"))
    return session, article_id


def dump(session):
    """Return every row of the coding tables, for comparing whole projects."""
    tables = ("articles", "annotators", "actors", "actor_aliases", "marks", "document_labels")
    return {
        t: sorted(tuple(r) for r in session.store.db.execute(f"SELECT * FROM {t}"))
        for t in tables
    }


def test_merge_brings_in_the_other_coder_and_is_idempotent(tmp_path):
    """Bob's marks and labels arrive; merging again changes nothing."""
    ours, article_id = coded(tmp_path / "alice.db", "alice", ["China"])
    theirs, _ = coded(tmp_path / "bob.db", "bob", ["Pakistan", "India"])
    theirs.close()
    counts = ours.merge_project(tmp_path / "bob.db")
    assert counts.added["marks"] == 2 and counts.added["coders"] >= 1
    assert counts.added["articles"] == 0  # same texts, same content-hash ids
    assert [m.text for m in ours.store.marks_for(article_id, "bob")] == ["Pakistan", "India"]
    assert ours.store.get_document_labels(article_id, "bob").tone == "positive"
    before = dump(ours)
    again = ours.merge_project(tmp_path / "bob.db")
    assert dump(ours) == before
    assert sum(again.added.values()) == 0 and sum(again.updated.values()) == 0
    ours.close()


def test_merge_is_order_independent(tmp_path):
    """A+B and B+A give the same coding."""
    a, _ = coded(tmp_path / "a.db", "alice", ["China"])
    b, _ = coded(tmp_path / "b.db", "bob", ["Pakistan"])
    a.close()
    b.close()
    for first, second, target in (("a", "b", "ab"), ("b", "a", "ba")):
        merged = Session.open(tmp_path / f"{target}.db", "x")
        merged.merge_project(tmp_path / f"{first}.db")
        merged.merge_project(tmp_path / f"{second}.db")
        merged.close()
    ab, ba = Session.open(tmp_path / "ab.db", "x"), Session.open(tmp_path / "ba.db", "x")
    rows = 'SELECT id, annotator, start, "end", label, actor_id FROM marks ORDER BY id'
    assert list(map(tuple, ab.store.db.execute(rows))) == list(map(tuple, ba.store.db.execute(rows)))
    ab.close()
    ba.close()


def test_later_edit_of_the_same_mark_wins(tmp_path):
    """When both sides have the same mark, the one edited later is kept."""
    ours, article_id = coded(tmp_path / "alice.db", "alice", ["China"])
    ours.close()
    (tmp_path / "copy.db").write_bytes((tmp_path / "alice.db").read_bytes())
    theirs = Session.open(tmp_path / "copy.db", "alice")
    [mark] = theirs.store.marks_for(article_id, "alice")
    theirs.update_mark(mark.with_changes(label="Government"))
    theirs.close()
    ours = Session.open(tmp_path / "alice.db", "alice")
    counts = ours.merge_project(tmp_path / "copy.db")
    assert counts.updated["marks"] == 1
    assert ours.store.marks_for(article_id, "alice")[0].label == "Government"
    ours.close()


def test_merging_keeps_our_aliases_and_reports_same_name_actors(tmp_path):
    """Aliases are a union; two registries' actors with one name are proposed for linking."""
    ours, _ = coded(tmp_path / "alice.db", "alice", ["China"])
    theirs, _ = coded(tmp_path / "bob.db", "bob", ["China"])
    theirs.close()
    counts = ours.merge_project(tmp_path / "bob.db")
    assert [name for name, _o, _t in counts.same_name_actors] == ["China"]
    assert sorted(a.name for a in ours.actors()) == ["China", "China"]
    ours.close()


def test_refuses_itself_missing_files_and_non_projects(tmp_path):
    """A merge with itself, a missing file or a non-project file changes nothing."""
    ours, _ = coded(tmp_path / "alice.db", "alice", ["China"])
    before = dump(ours)
    with pytest.raises(ValidationError, match="is this project itself"):
        ours.merge_project(tmp_path / "alice.db")
    with pytest.raises(ValidationError, match="no such project database"):
        ours.merge_project(tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(SchemaVersionError):
        ours.merge_project(junk)
    assert dump(ours) == before
    ours.close()
