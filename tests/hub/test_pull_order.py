"""Pulls by seq skip no row: writers are serialised by the hub's advisory lock, so a row
committed late never carries a seq below one a pull already passed."""

from __future__ import annotations

import random
import threading
import time

from tests.hub.rows import add_annotator, add_article, add_mark, insert, mark

# The migration's functions without the advisory lock: what the lock prevents.
UNLOCKED = """
CREATE OR REPLACE FUNCTION hub_lock_writers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RETURN NULL; END $$;
CREATE OR REPLACE FUNCTION hub_stamp_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.seq := nextval('hub_seq'); RETURN NEW; END $$;
"""


def pull(conn, cursor: int) -> list[tuple[str, str, int]]:
    """Return (id, label, seq) of the marks past the cursor, in one snapshot, by seq."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return conn.execute(
            "SELECT id, label, seq FROM marks WHERE seq > %s ORDER BY seq", [cursor]
        ).fetchall()


def setup_article(hub) -> str:
    admin = hub.connect()
    add_annotator(admin, "lead")
    return add_article(admin, 1)


def test_a_second_writer_waits_for_the_first_and_the_pull_sees_both_in_order(hub):
    article = setup_article(hub)
    first, second = hub.connect(autocommit=False), hub.connect(autocommit=False)
    puller = hub.connect()
    early = add_mark(first, article, "lead")  # holds the writers' lock until it commits
    done = threading.Event()

    def write_second():
        add_mark(second, article, "lead")
        second.commit()
        done.set()

    writer = threading.Thread(target=write_second)
    writer.start()
    assert not done.wait(0.5)  # waiting for the lock
    waiting = puller.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    ).fetchone()[0]
    assert waiting == 1
    assert pull(puller, 0) == []
    first.commit()
    writer.join(5)
    assert done.is_set()
    rows = pull(puller, 0)
    assert [row[0] for row in rows][0] == early
    assert len(rows) == 2 and rows[0][2] < rows[1][2]


def test_without_the_lock_a_late_commit_is_skipped(hub):
    """The failure the lock prevents, shown with the lock taken out of this test's database."""
    article = setup_article(hub)
    hub.connect().execute(UNLOCKED)
    slow, fast = hub.connect(autocommit=False), hub.connect(autocommit=False)
    puller = hub.connect()
    late = add_mark(slow, article, "lead")  # draws the lower seq, commits last
    add_mark(fast, article, "lead")
    fast.commit()
    cursor = max(row[2] for row in pull(puller, 0))
    slow.commit()
    assert late not in [row[0] for row in pull(puller, cursor)]  # skipped for good


def test_concurrent_writers_in_threads_and_a_pull_loop_miss_no_row(hub):
    article = setup_article(hub)
    rounds = 40
    written: dict[str, str] = {}  # mark id -> its last committed label
    written_lock = threading.Lock()
    failures: list[BaseException] = []

    def write(name: str, seed: int) -> None:
        rng = random.Random(seed)
        conn = hub.connect(autocommit=False)
        mine: list[str] = []
        try:
            for n in range(rounds):
                batch = {}
                for _ in range(rng.randint(1, 3)):
                    row = mark(article, "lead", label=f"{name}-{n}")
                    insert(conn, "marks", row)
                    batch[row["id"]] = row["label"]
                if mine and rng.random() < 0.5:  # and an update of an earlier row
                    again = rng.choice(mine)
                    conn.execute(
                        "UPDATE marks SET label = %s WHERE id = %s", [f"{name}-{n}-again", again]
                    )
                    batch[again] = f"{name}-{n}-again"
                time.sleep(rng.uniform(0, 0.01))  # hold the transaction open a little
                conn.commit()
                mine.extend(k for k in batch if k not in mine)
                with written_lock:
                    written.update(batch)
        except BaseException as problem:  # reported by the main thread
            failures.append(problem)

    writers = [threading.Thread(target=write, args=(name, seed)) for seed, name in
               enumerate(("w1", "w2"))]  # fmt: skip
    puller = hub.connect()
    seen: dict[str, str] = {}
    cursor = 0
    for thread in writers:
        thread.start()
    pulls = 0
    while any(thread.is_alive() for thread in writers) or pulls == 0:
        rows = pull(puller, cursor)
        assert [row[2] for row in rows] == sorted(row[2] for row in rows)
        for mark_id, label, seq in rows:
            seen[mark_id] = label
            cursor = max(cursor, seq)
        pulls += 1
        time.sleep(0.003)
    for thread in writers:
        thread.join()
    assert failures == []
    for mark_id, label, _seq in pull(puller, cursor):
        seen[mark_id] = label
    # Every row committed was pulled, in its last version.
    assert len(written) >= 2 * rounds
    assert seen == written
    assert pulls > 10
