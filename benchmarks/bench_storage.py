"""The Session's own paths: saving one mark, the article filter, full-text search, merging."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import uuid
from pathlib import Path

import synth
from harness import (
    PYTHON,
    Context,
    Measure,
    alternate,
    annotator_cli,
    benchmark,
    check,
    percentile,
    run_process,
    study_project,
    timed,
)

from annotator.core.model import ArticleFilter, MarkKind
from annotator.session import Session
from annotator.storage import Store

EDITS_FULL, EDITS_QUICK = 1000, 300


@benchmark("save_p99_ratio")
def save_one_mark(context: Context) -> list[Measure]:
    """p99 of Session.add_mark ÷ p99 of a bare INSERT+COMMIT, on a project of 1M marks."""
    ours_db = context.workdir / "ours.db"
    bare_db = context.workdir / "bare.db"
    info = study_project(context, ours_db)
    synth.copy_project(ours_db, bare_db)  # on disk, as ours is, before anything is timed
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
        ours_times.append(timed(lambda m=mark, a=new_actors: session.add_mark(m, a)))
        # A fresh UUID as every mark's id (the data model's): an id in sequence would always
        # land on the id index's last page, a cheaper write (and checkpoint) than any real mark.
        row = (str(uuid.uuid4()), *template[1:4], start, start + 5, text[start : start + 5])
        row += template[7:]

        def insert(row: tuple = row) -> None:
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
            f"median ours {statistics.median(ours_times) * 1000:.2f} ms; commits over 4 ms "
            f"(WAL checkpoints, about one in a hundred) ours {_over(ours_times, 0.004)}, "
            f"bare {_over(bare_times, 0.004)}",
        )
    ]


def _over(times: list[float], limit: float) -> int:
    return sum(1 for t in times if t > limit)


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


# -- merge ----------------------------------------------------------------------------------

# The baseline: what SQLite needs to bring the other file's rows in at all, with the project's
# journal and sync settings. Articles are content-hash ids, never edited, so only added (as
# annotator does; replacing them would re-index every article's text for nothing).
_BARE_MERGE = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("ATTACH DATABASE ? AS theirs", [sys.argv[2]])
db.execute("BEGIN")
for table in ("annotators", "articles"):
    db.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM theirs.{table}")
for table in ("actors", "actor_aliases", "marks", "document_labels", "assignments"):
    db.execute(f"INSERT OR REPLACE INTO main.{table} SELECT * FROM theirs.{table}")
db.execute("COMMIT")
"""


def teammate_copy(ours: Path, theirs: Path, coder: str = "bob") -> dict[str, int]:
    """Write theirs: ours recoded by another coder, as a teammate's file of the same articles.

    Every mark and document label becomes the teammate's (marks under new ids); a tenth of
    the shared actors were edited later there; 300 actors are the teammate's own, 100 of them
    under a name ours has too (the merge reports those), each referred to by one mention.
    """
    shutil.copyfile(ours, theirs)
    db = sqlite3.connect(theirs, isolation_level=None)
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO annotators (name, created_at) VALUES (?, '2026-02-01T00:00:00.000Z')",
        [coder],
    )
    ids = [r[0] for r in db.execute("SELECT id FROM marks")]
    namespace = uuid.UUID("9d7b2f44-7a43-4c52-9a53-2d0f3c1f5e10")
    db.executemany(
        "UPDATE marks SET id = ?, annotator = ? WHERE id = ?",
        [(str(uuid.uuid5(namespace, i)), coder, i) for i in ids],
    )
    db.execute("UPDATE document_labels SET annotator = ?", [coder])
    db.execute(
        "UPDATE actors SET country = coalesce(country, 'PK'), "
        "updated_at = '2026-12-01T00:00:00.000Z' WHERE rowid % 10 = 0"
    )
    originals = db.execute("SELECT id, name, type FROM actors ORDER BY id LIMIT 300").fetchall()
    for n, (original, name, type_) in enumerate(originals):
        own = str(uuid.uuid5(namespace, f"actor-{n}"))
        name = name if n < 100 else f"{name} (Bob {n})"
        # Without the folded name (older schemas lack it): opening the file folds it.
        db.execute(
            "INSERT INTO actors (id, name, type, created_by, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')",
            [own, name, type_, coder],
        )
        db.execute(
            "UPDATE marks SET actor_id = ? WHERE rowid = "
            "(SELECT rowid FROM marks WHERE actor_id = ? LIMIT 1)",
            [own, original],
        )
    db.execute("COMMIT")
    marks = db.execute("SELECT count(*) FROM marks").fetchone()[0]
    db.close()
    return {"their_marks": marks, "their_actors": len(originals)}


@benchmark("merge_ratio")
def merge_projects(context: Context) -> list[Measure]:
    """`annotator merge` of a teammate's 10k × 20 file ÷ bare ATTACH + INSERT OR REPLACE."""

    shape = synth.Shape(
        articles=context.size(10_000, 2_000), marks_per_article=20, coders=("alice",)
    )
    template = context.workdir / "template.db"
    theirs = context.workdir / "theirs.db"
    info = synth.build_project(template, shape)
    Store.open(template).close()  # both files at this version's schema, as teammates' are
    sizes = {"articles": info["articles"], "our_marks": info["marks"]}
    sizes |= teammate_copy(template, theirs)
    Store.open(theirs).close()  # folds the teammate's new names
    ours_times, bare_times = [], []
    for run in range(context.size(3, 3)):
        ours, bare = context.workdir / f"ours-{run}.db", context.workdir / f"bare-{run}.db"
        synth.copy_project(template, ours)
        synth.copy_project(template, bare)
        merge = annotator_cli("merge", str(theirs), "--no-link-actors", "--db", str(ours))
        bare_times.append(check(run_process([PYTHON, "-c", _BARE_MERGE, str(bare), str(theirs)]),
                                "bare merge").seconds)
        ours_times.append(check(run_process(merge), "annotator merge").seconds)
        if run == 0:
            output = run_process(merge)  # again: nothing new, as merging twice must be
            sizes["remerge_s"] = round(output.seconds, 2)
            merged = sqlite3.connect(ours)
            sizes["merged_marks"] = merged.execute("SELECT count(*) FROM marks").fetchone()[0]
            merged.close()
        ours.unlink()
        bare.unlink()
    ratio = statistics.median(ours_times) / statistics.median(bare_times)
    return [
        Measure(
            "merge_ratio",
            ratio,
            ours_times,
            bare_times,
            sizes=sizes,
            note=f"median ours {statistics.median(ours_times):.2f} s, "
            f"bare {statistics.median(bare_times):.2f} s (both a process)",
        )
    ]
