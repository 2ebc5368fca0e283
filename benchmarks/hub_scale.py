"""The hub at the issue's scale: 1M articles and 10M marks, and a 10k-mark sync against it.

Not part of ``run.py`` (filling the hub took 33 minutes here, and 6 GB):

    ANNOTATOR_TEST_PG=… .venv/bin/python benchmarks/hub_scale.py [ARTICLES MARKS]

The server is the one ``ANNOTATOR_TEST_PG`` names (a superuser's conninfo), else a throwaway
cluster (tests/hub/pg_cluster.py). A hub is set up from the bundled corpus by its lead; then
the articles and marks (three coders' actor mentions) are written by SQL as the hub's admin,
through the hub's own triggers (every row gets its seq under the writers' lock). The lead's
project holds only the corpus, its pull cursor past the generated rows (as a project that has
pulled them); three times it adds 10,000 marks and syncs: the push upserts them into the
10M-row table and its indexes, the pull brings them back. Prints the times and the hub's size.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from annotator.session import Session  # noqa: E402
from bench_hub import new_marks  # noqa: E402
from tests.hub.scratch import pg_server, scratch_database  # noqa: E402

SYNC_MARKS = 10_000
MARKS_PER_STATEMENT = 1_000_000


def fill(admin: str, articles: int, marks: int) -> int:
    """Write the articles and marks as the hub's admin; return the highest seq."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO annotators VALUES ('alice', '2026-01-01T00:00:00.000Z'), "
            "('bob', '2026-01-01T00:00:00.000Z') ON CONFLICT DO NOTHING"
        )
        conn.execute(
            """INSERT INTO articles (id, title, date, source, meta, text, imported_at)
            SELECT encode(sha256(('a' || i)::bytea), 'hex'), 'Article ' || i,
                   to_char(date '2015-01-01' + (i %% 3000), 'YYYY-MM-DD'), 'Synthetic', '{}',
                   'Article ' || i || ': '
                   || repeat('China and Pakistan discussed the corridor. ', 75),
                   '2026-01-01T00:00:00.000Z'
              FROM generate_series(1, %s) AS i""",
            [articles],
        )
        print(f"{articles:,} articles: {time.perf_counter() - started:.0f} s", flush=True)
        for low in range(0, marks, MARKS_PER_STATEMENT):
            high = min(low + MARKS_PER_STATEMENT, marks)
            conn.execute(
                """INSERT INTO marks (id, article_id, annotator, kind, start, "end", text,
                       label, created_at, updated_at)
                SELECT md5('m' || i)::uuid::text,
                       encode(sha256(('a' || (1 + i %% %(n)s))::bytea), 'hex'),
                       (ARRAY['lead', 'alice', 'bob'])[1 + i %% 3], 'actor',
                       20 + (i / %(n)s %% 60) * 40, 25 + (i / %(n)s %% 60) * 40, 'China',
                       'Country', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'
                  FROM generate_series(%(low)s, %(high)s) AS i""",
                {"n": articles, "low": low + 1, "high": high},
            )
            print(f"{high:,} marks: {time.perf_counter() - started:.0f} s", flush=True)
        conn.execute("ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"the hub's database: {size.fetchone()[0]}", flush=True)
        return conn.execute("SELECT max(seq) FROM marks").fetchone()[0]


def main(argv: list[str]) -> None:
    """Fill a hub and time the lead's syncs of 10,000 new marks against it."""
    articles, marks = (int(argv[0]), int(argv[1])) if argv else (1_000_000, 10_000_000)
    with pg_server() as server, scratch_database(server, "hubscale") as admin:
        with tempfile.TemporaryDirectory() as tmp:
            lead = Session.open(Path(tmp) / "lead.db", "lead")
            lead.import_bundled_corpus()
            lead.create_hub(admin, "lead")
            top = fill(admin, articles, marks)
            with lead.store.transaction():
                lead.store.set_hub_settings({"pull_cursor": str(top)})
            corpus = [a.id for a in lead.article_summaries()]
            times = []
            for run in range(3):
                batch: list = []
                while len(batch) < SYNC_MARKS:
                    batch += new_marks(lead, corpus)
                lead.add_marks(batch[:SYNC_MARKS])
                started = time.perf_counter()
                report = lead.sync()
                times.append(time.perf_counter() - started)
                pushed = report.pushed.get("marks", 0)
                print(f"sync {run + 1}: {times[-1]:.2f} s ({pushed:,} marks pushed)", flush=True)
            print(f"median sync of {SYNC_MARKS:,} marks: {statistics.median(times):.2f} s")
            lead.close()


if __name__ == "__main__":
    main(sys.argv[1:])
