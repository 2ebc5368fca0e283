"""The team hub (issue 15): a coder's sync of 10k new marks, and a new coder's first pull of a
100k-article project, against a real PostgreSQL.

The hub runs in the server ``ANNOTATOR_TEST_PG`` names (a superuser's conninfo), else in a
throwaway cluster started here (tests/hub/pg_cluster.py: Unix socket only, fsync off); with
neither the keys are skipped with a note. The lead pushes the cached study project (100k
articles, 920k marks; quick: 10k) once per run, and every measurement uses that hub:

- ``sync_10k_s``: bob (joined) adds 10,000 sentiment marks, then ``Session.sync`` pushes them
  and pulls what is new (his own marks come back with their hub versions). Three runs, each with
  10,000 new marks. Baseline: COPY of the same rows into a plain table of the hub's database (no
  triggers, policies or indexes), on an open connection.
- ``first_pull_100k_s``: carol joins after the lead unblinded the project and pulls everything
  (articles, registry, tag set, and every mark and status). Baseline: reading the same rows out
  of the hub by ``COPY … TO STDOUT``. The note also gives bob's first pull, made while blind
  coding was on (the default): the articles, registry and tag set, no one else's marks.
"""

from __future__ import annotations

import re
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from harness import Context, Measure, benchmark, study_project

from annotator.hub.sync import ORDER

SYNC_MARKS = 10_000
SYNC_RUNS = 3
# The tables a pull reads, for the first pull's baseline.
PULLED = (*ORDER, "deletions")


@contextmanager
def postgres() -> Iterator[str | None]:
    """Yield a PostgreSQL superuser's conninfo (None: no server and none can be started)."""
    from tests.hub import pg_cluster
    from tests.hub.scratch import pg_server

    try:
        with pg_server() as server:
            yield server
    except pg_cluster.ClusterUnavailableError as problem:
        print(f"  no PostgreSQL for the hub benchmarks: {problem}; set ANNOTATOR_TEST_PG")
        yield None


@contextmanager
def hub_database(server: str) -> Iterator[str]:
    """Yield the admin's conninfo of a new database, dropped (with its roles) afterwards."""
    from tests.hub.scratch import scratch_database

    with scratch_database(server, "benchhub") as conninfo:
        yield conninfo


def as_role(admin: str, role: str) -> str:
    """Return the admin's conninfo logging in as a member's role."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(admin, user=role)


def new_marks(session, articles: list[str]) -> list:
    """Return SYNC_MARKS new sentiment marks of the session's coder over words of the articles
    (not stored)."""
    from annotator.core.model import Mark, MarkKind, utc_now

    marks = []
    for article in articles:
        text = session.article(article).text
        for found in list(re.finditer(r"\w+", text))[: SYNC_MARKS // len(articles)]:
            now = utc_now()
            marks.append(
                Mark(
                    str(uuid.uuid4()),
                    article,
                    session.annotator,
                    MarkKind.SENTIMENT,
                    found.start(),
                    found.end(),
                    found.group(),
                    "neutral",
                    created_at=now,
                    updated_at=now,
                )
            )
    return marks[:SYNC_MARKS]


def copy_into_plain_table(admin: str, marks: list) -> float:
    """Return the seconds a COPY of the marks' rows into a plain table takes (the baseline)."""
    import psycopg

    columns = (
        'id, article_id, annotator, kind, start, "end", text, label, actor_id, speaker_id, '
        "target_id, stance, form, intensity, created_at, updated_at"
    )
    rows = [
        (m.id, m.article_id, m.annotator, m.kind.value, m.start, m.end, m.text, m.label,
         m.actor_id, m.speaker_id, m.target_id, m.stance, m.form, m.intensity, m.created_at,
         m.updated_at)
        for m in marks
    ]  # fmt: skip
    with psycopg.connect(admin) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_plain_marks (LIKE marks INCLUDING DEFAULTS); "
            "TRUNCATE bench_plain_marks"
        )
        conn.commit()
        started = time.perf_counter()
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY bench_plain_marks ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - started


def copy_out_everything(admin: str) -> tuple[float, int]:
    """Return the seconds reading every row a pull reads takes by COPY … TO STDOUT, and the
    rows read (the first pull's baseline)."""
    import psycopg

    rows = 0
    with psycopg.connect(admin) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur:
            for table in PULLED:
                with cur.copy(f"COPY (SELECT * FROM {table}) TO STDOUT") as copy:
                    rows += sum(1 for _row in copy.rows())
        return time.perf_counter() - started, rows


def rows_of(session) -> dict[str, int]:
    """Return how many articles and marks a project holds."""
    db = session.store.db
    return {
        "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
        "marks": db.execute("SELECT count(*) FROM marks").fetchone()[0],
    }


@benchmark("sync_10k_s", "first_pull_100k_s")
def hub_sync(context: Context) -> list[Measure]:
    """Set up a hub holding the study project; time a 10k-mark sync and a first pull."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print("  the hub benchmarks need psycopg: pip install -e '.[hub]'")
        return []
    with postgres() as server:
        if server is None:
            return []
        with hub_database(server) as admin:
            return _measure(context, admin)


def _measure(context: Context, admin: str) -> list[Measure]:
    from annotator.session import Session

    work = context.workdir
    info = study_project(context, work / "lead.db")
    lead = Session.open(work / "lead.db", "alice")
    sessions = [lead]
    try:
        started = time.perf_counter()
        lead.create_hub(admin, "alice")
        lead_push = time.perf_counter() - started

        # Bob joins while blind coding is on (the default): his first pull is the articles,
        # the registry and the tag set.
        member = lead.add_hub_coder(admin, "bob")
        bob = Session.open(work / "bob.db", "bob")
        sessions.append(bob)
        started = time.perf_counter()
        bob.join_hub(as_role(admin, member.role_name))
        blind_pull = time.perf_counter() - started
        blind_rows = rows_of(bob)

        articles = [a.id for a in bob.article_summaries()]
        per_run = SYNC_MARKS // 20  # 20 marks an article
        ours, base = [], []
        for run in range(SYNC_RUNS):
            marks = new_marks(bob, articles[run * per_run : (run + 1) * per_run])
            bob.add_marks(marks)
            base.append(copy_into_plain_table(admin, marks))
            started = time.perf_counter()
            report = bob.sync()
            ours.append(time.perf_counter() - started)
            assert report.pushed.get("marks") == SYNC_MARKS, report.pushed
        sync_row = Measure(
            "sync_10k_s",
            statistics.median(ours),
            ours,
            base,
            sizes={
                "marks": SYNC_MARKS,
                "hub_articles": info["articles"],
                "hub_marks": info["marks"],
            },  # fmt: skip
            note=f"push + pull of {SYNC_MARKS:,} new marks into a hub of {info['marks']:,} "
            f"marks; baseline: COPY of the same rows into a plain table, "
            f"{statistics.median(base):.2f} s",
        )

        # Carol joins after the lead unblinded the project: she pulls everything.
        lead.unblind(None)
        member = lead.add_hub_coder(admin, "carol")
        carol = Session.open(work / "carol.db", "carol")
        sessions.append(carol)
        copied, copied_rows = copy_out_everything(admin)
        started = time.perf_counter()
        carol.join_hub(as_role(admin, member.role_name))
        full_pull = time.perf_counter() - started
        pulled = rows_of(carol)
        pull_row = Measure(
            "first_pull_100k_s",
            full_pull,
            [full_pull],
            [copied],
            sizes={**pulled, "rows_read": copied_rows},
            note=f"a new coder's join of the unblinded project ({pulled['articles']:,} "
            f"articles, {pulled['marks']:,} marks); baseline: COPY … TO STDOUT of every row a "
            f"pull reads, {copied:.1f} s. While blind (the default): {blind_pull:.1f} s "
            f"({blind_rows['articles']:,} articles, {blind_rows['marks']:,} marks). The lead's "
            f"push of the project: {lead_push:.0f} s",
        )
        return [sync_row, pull_row]
    finally:
        for session in sessions:
            session.close()
