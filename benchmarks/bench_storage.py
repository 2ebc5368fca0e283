"""The Session's own paths: saving one mark, the article filter, full-text search."""

from __future__ import annotations

import sqlite3
import statistics

from harness import Context, Measure, alternate, benchmark, percentile, study_project, timed

from annotator.core.model import ArticleFilter, MarkKind
from annotator.session import Session

EDITS_FULL, EDITS_QUICK = 1000, 300


@benchmark("save_p99_ratio")
def save_one_mark(context: Context) -> list[Measure]:
    """p99 of Session.add_mark ÷ p99 of a bare INSERT+COMMIT, on a project of 1M marks."""
    ours_db = context.workdir / "ours.db"
    bare_db = context.workdir / "bare.db"
    info = study_project(context, ours_db)
    bare_db.write_bytes(ours_db.read_bytes())
    edits = context.size(EDITS_FULL, EDITS_QUICK)

    session = Session.open(ours_db, "alice")
    article_id = str(info["last_article"])
    text = session.article(article_id).text
    words = [i for i in range(1, len(text) - 6) if text[i - 1] == " " and text[i].isalpha()]
    # Same settings as the project: WAL, synchronous=FULL, foreign keys on.
    bare = sqlite3.connect(bare_db, isolation_level=None)
    bare.execute("PRAGMA journal_mode = WAL")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("PRAGMA foreign_keys = ON")
    template = bare.execute(
        'SELECT id, article_id, annotator, kind, start, "end", text, label, actor_id, '
        "speaker_id, target_id, stance, form, intensity, created_at, updated_at FROM marks "
        "WHERE article_id = ? AND kind = 'sentiment' LIMIT 1",
        [article_id],
    ).fetchone()
    ours_times: list[float] = []
    bare_times: list[float] = []
    for i in range(edits):
        start = words[i % len(words)]
        mark, new_actors = session.prepare_mark(
            article_id, MarkKind.SENTIMENT, start, start + 5, "positive"
        )
        ours_times.append(timed(lambda: session.add_mark(mark, new_actors)))
        row = (f"bare-{i}", *template[1:4], start, start + 5, text[start : start + 5], *template[7:])

        def insert() -> None:
            bare.execute("BEGIN")
            bare.execute(
                'INSERT INTO marks (id, article_id, annotator, kind, start, "end", text, label, '
                "actor_id, speaker_id, target_id, stance, form, intensity, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            bare.execute("COMMIT")

        bare_times.append(timed(insert))
    session.close()
    bare.close()
    p99_ours, p99_bare = percentile(ours_times, 99), percentile(bare_times, 99)
    return [
        Measure(
            "save_p99_ratio",
            p99_ours / p99_bare,
            ours_times,
            bare_times,
            sizes={"marks": info["marks"], "edits": edits},
            note=f"p99 ours {p99_ours * 1000:.2f} ms, bare {p99_bare * 1000:.2f} ms; "
            f"median ours {statistics.median(ours_times) * 1000:.2f} ms",
        )
    ]


def _actor_in_matches(db: sqlite3.Connection, term: str) -> str:
    """Return an actor of an article the combined filter keeps, so that it finds something."""
    row = db.execute(
        """
        SELECT m.actor_id FROM articles a
        JOIN document_labels d ON d.article_id = a.id AND d.annotator = 'alice'
        JOIN marks m ON m.article_id = a.id AND m.annotator = 'alice' AND m.kind = 'actor'
        WHERE d.status IN ('done', 'in_progress')
          AND a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)
          AND EXISTS (SELECT 1 FROM marks c WHERE c.article_id = a.id AND c.kind = 'claim'
                      AND c.label = 'CPEC security')
        GROUP BY m.actor_id ORDER BY count(*) DESC, m.actor_id LIMIT 1
        """,
        [f'"{term}"'],
    ).fetchone()
    return str(row[0])


@benchmark("filter_ms", "search_ms")
def filter_and_search(context: Context) -> list[Measure]:
    """The article list's filter (status + label + actor + words) and search, first 50 + count."""
    import synth

    db_path = context.workdir / "study.db"
    info = study_project(context, db_path)
    term = synth.mid_frequency_term(db_path)
    raw = sqlite3.connect(db_path)
    actor = _actor_in_matches(raw, term)
    # The baseline: the cheapest honest SQL for the same page and count, served by the FTS
    # index alone (no joins, no per-row counts): what the machine needs to answer at all.
    fts = f'"{term}"*'

    def bare_search() -> None:
        raw.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 50", [fts]
        ).fetchall()
        raw.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [fts])

    session = Session.open(db_path, "alice")
    combined = ArticleFilter(
        statuses={"done", "in_progress"},
        label=(MarkKind.CLAIM, "CPEC security"),
        actor_id=actor,
        text=term[:4],
    )
    search_only = ArticleFilter(text=term)

    def page(f: ArticleFilter) -> None:
        session.article_summaries(0, 50, f)
        session.article_count(f)

    runs = context.size(15, 7)
    page(combined)
    page(search_only)  # warm the page cache: a user's second query, not a cold disk
    filter_times, base_filter = alternate(lambda: page(combined), bare_search, runs)
    search_times, base_search = alternate(lambda: page(search_only), bare_search, runs)
    matched = session.article_count(combined)
    found = session.article_count(search_only)
    session.close()
    raw.close()
    sizes = {"articles": info["articles"], "marks": info["marks"]}
    return [
        Measure(
            "filter_ms",
            statistics.median(filter_times) * 1000,
            filter_times,
            base_filter,
            sizes=sizes | {"matched": matched},
            note=f"status done|in progress + claim:CPEC security + one actor + '{term[:4]}…'",
        ),
        Measure(
            "search_ms",
            statistics.median(search_times) * 1000,
            search_times,
            base_search,
            sizes=sizes | {"found": found},
            note=f"'{term}': top 50 and the count",
        ),
    ]
