"""A team on disk for the hub's fault tests: the lead's project (the bundled corpus) set up as a
hub, coders joined with projects of their own, and marks made in bulk over distinct spans.

Child processes (sync_child.py, coder_child.py) open these projects by path; the tests read
them back with plain queries.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from annotator.core.model import Mark, MarkKind, utc_now
from annotator.session import Session

MAX_WORDS = 12  # a span is a run of 1 to this many words


def as_role(admin: str, role: str) -> str:
    """Return the admin's conninfo logging in as a member's role instead."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin, user=role)


def make_team(hub_db: str, folder: Path, coders: tuple[str, ...], unblind: bool) -> dict:
    """Set up the lead's hub and join each coder; return the open sessions by name."""
    lead = Session.open(folder / "lead.db", "lead")
    lead.import_bundled_corpus()
    lead.create_hub(hub_db, "lead")
    if unblind:
        lead.unblind(None)
    team = {"lead": lead}
    for coder in coders:
        member = lead.add_hub_coder(hub_db, coder)
        team[coder] = Session.open(folder / f"{coder}.db", coder)
        team[coder].join_hub(as_role(hub_db, member.role_name))
    return team


def role_of(hub_db: str, coder: str) -> str:
    """Return the login role of a hub member."""
    import psycopg

    with psycopg.connect(hub_db, autocommit=True) as conn:
        return conn.execute(
            "SELECT role_name FROM hub_members WHERE coder = %s", [coder]
        ).fetchone()[0]


def word_spans(session: Session) -> Iterator[tuple[str, int, int]]:
    """Return the (article, start, end) of every run of 1 to MAX_WORDS words in the articles,
    one after another (the texts are read now: the session may be closed meanwhile)."""
    texts = [(a.id, session.article(a.id).text) for a in session.article_summaries()]
    return (span for article, text in texts for span in _runs(article, text))


def _runs(article: str, text: str) -> Iterator[tuple[str, int, int]]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    for first in range(len(words)):
        for last in range(first, min(first + MAX_WORDS, len(words))):
            yield article, words[first][0], words[last][1]


def new_marks(session: Session, spans: Iterator[tuple[str, int, int]], n: int) -> list[Mark]:
    """Store n new sentiment marks of the session's coder over the next n spans; return them."""
    texts: dict[str, str] = {}
    marks = []
    for _ in range(n):
        article, start, end = next(spans)
        if article not in texts:
            texts[article] = session.article(article).text
        now = utc_now()
        marks.append(
            Mark(
                str(uuid.uuid4()),
                article,
                session.annotator,
                MarkKind.SENTIMENT,
                start,
                end,
                texts[article][start:end],
                "neutral",
                created_at=now,
                updated_at=now,
            )
        )
    session.add_marks(marks)
    return marks


def project_marks(session: Session, coder: str | None = None) -> dict[str, tuple[str, str]]:
    """Return a project's marks (of one coder, or all): id -> (label, updated_at)."""
    sql = "SELECT id, label, updated_at FROM marks"
    rows = session.store.db.execute(
        sql + (" WHERE annotator = ?" if coder else ""), [coder] if coder else []
    ).fetchall()
    return {mark_id: (label, stamp) for mark_id, label, stamp in rows}


def hub_marks(hub_db: str, coder: str | None = None) -> dict[str, tuple[str, str]]:
    """Return the hub's marks (of one coder, or all), read as its owner: id -> (label, stamp)."""
    import psycopg

    sql = "SELECT id, label, updated_at FROM marks"
    with psycopg.connect(hub_db, autocommit=True) as conn:
        rows = conn.execute(
            sql + (" WHERE annotator = %s" if coder else ""), [coder] if coder else []
        ).fetchall()
    return {mark_id: (label, stamp) for mark_id, label, stamp in rows}
