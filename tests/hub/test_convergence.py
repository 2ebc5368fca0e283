"""Syncs in any interleaving converge, and to what merging the coders' files gives.

Three coders add, relabel and delete their marks and sync at random moments (a seeded
interleaving per case); then everyone syncs until nothing is new. Every project then holds the
same coding, and a file merge of the projects as they stood before those last syncs (the lead's
with each coder's, by ``annotator merge``'s rules, tombstones included) holds it too.
"""

from __future__ import annotations

import random
import re
import shutil

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.model import MarkKind
from annotator.session import Session

pytest.importorskip("psycopg")

LABELS = ("Person", "Country", "Government")
CODERS = ("alice", "bob", "carol")


def as_role(admin: str, role: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin, user=role)


def coding(session: Session) -> list[tuple]:
    """Return the project's coding in a canonical order: marks and document labels."""
    db = session.store.db
    marks = db.execute(
        'SELECT id, article_id, annotator, kind, start, "end", label, updated_at FROM marks '
        "ORDER BY id"
    ).fetchall()
    labels = db.execute(
        "SELECT article_id, annotator, status, updated_at FROM document_labels ORDER BY 1, 2"
    ).fetchall()
    return [*marks, *labels]


def act(session: Session, rng: random.Random, words: dict[str, list[tuple[int, int]]]) -> None:
    """Make one random edit of the session's coder: add, relabel or delete one of their marks."""
    article = rng.choice(sorted(words))
    mine = [m for a in words for m in session.store.marks_for(a, session.annotator)]
    choice = rng.random()
    try:
        if mine and choice < 0.25:
            session.remove_mark(rng.choice(mine).id)
        elif mine and choice < 0.5:
            mark = rng.choice(mine)
            session.update_mark(mark.with_changes(label=rng.choice(LABELS)))
        else:
            start, end = rng.choice(words[article])
            mark, actor = session.prepare_mark(
                article, MarkKind.ACTOR, start, end, rng.choice(LABELS)
            )
            session.add_mark(mark, actor)
    except AnnotatorError:
        pass  # e.g. the same span twice: the edit is refused, nothing changes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_interleaving_of_syncs_converges_to_the_file_merge(hub_db, tmp_path, seed):
    rng = random.Random(seed)
    lead = Session.open(tmp_path / "lead.db", "lead")
    lead.import_bundled_corpus()
    lead.create_hub(hub_db, "lead")
    lead.unblind(None)  # everyone sees everyone: the projects can end alike
    team = {"lead": lead}
    for coder in CODERS:
        member = lead.add_hub_coder(hub_db, coder)
        team[coder] = Session.open(tmp_path / f"{coder}.db", coder)
        team[coder].join_hub(as_role(hub_db, member.role_name))
    words = {}
    for summary in lead.article_summaries()[:2]:
        text = lead.article(summary.id).text
        found = [(m.start(), m.end()) for m in re.finditer(r"[A-Z][a-z]{3,}", text)]
        words[summary.id] = found[:12]
    try:
        for _step in range(45):
            name = rng.choice(CODERS)
            if rng.random() < 0.3:
                team[name].sync()
            else:
                act(team[name], rng, words)
        # The file merge of the projects as they stand now.
        merged_path = tmp_path / "merged.db"
        shutil.copy(tmp_path / "lead.db", merged_path)
        for name in ("lead", *CODERS):
            team[name].store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for name in CODERS:
            shutil.copy(tmp_path / f"{name}.db", tmp_path / f"{name}-copy.db")
        merged = Session.open(merged_path, "lead")
        for name in CODERS:
            merged.merge_project(tmp_path / f"{name}-copy.db")
        # Everyone syncs until nothing is new: twice round (the first round's last pushes
        # reach the first coders in the second).
        for _round in range(2):
            for name in (*CODERS, "lead"):
                team[name].sync()
        final = coding(team["lead"])
        assert len([row for row in final if len(row) == 8]) > 5  # marks were made
        for name in CODERS:
            assert coding(team[name]) == final, name
            assert team[name].store.count_pending() == 0
        assert coding(merged) == final
        merged.close()
    finally:
        for session in team.values():
            session.close()
