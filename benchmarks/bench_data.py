"""Import and export at the size of a study, each against a bare baseline in the same run.

Ours runs as the command users run (`annotator import` / `annotator export`, a child process
whose own peak memory is measured). The baselines are child processes too, doing the least the
machine must do for the same result with plain sqlite3 and orjson:

- import: parse every line, hash the text for its id, executemany the rows into a copy of the
  same empty project with the search triggers dropped, then build the search index once;
- export: three queries in article order (articles, marks, document labels) and one of the
  referenced actors, dicts straight from the rows, orjson, one write per line; its output must
  be byte-identical to ours (checked by hash).

Run as a script (``python bench_data.py import-baseline|export-baseline …``) it is the baseline.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import statistics
import sys
from pathlib import Path

from harness import (
    PYTHON,
    Context,
    Measure,
    ProcessRun,
    annotator_cli,
    benchmark,
    check,
    run_process,
    study_project,
)

HERE = Path(__file__).resolve().parent
TILE = 100_000  # the largest JSONL generated article by article


def _articles_jsonl(n: int) -> Path:
    """Return a cached JSONL file of n synthetic article lines (generated once).

    Up to 100k articles come from synth.write_articles_jsonl; a larger file repeats the 100k
    file with a copy number in each title and text (new ids, the same shape), because
    generating 600k articles takes the best part of an hour.
    """
    import synth

    path = synth.CACHE / f"articles-{n}-v{synth.GENERATOR_VERSION}.jsonl"
    if path.exists():
        return path
    synth.CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    if n <= TILE:
        synth.write_articles_jsonl(partial, n)
    else:
        import orjson

        tile = _articles_jsonl(TILE)
        with partial.open("wb") as out:
            for copy in range(-(-n // TILE)):
                with tile.open("rb") as lines:
                    for number, line in enumerate(lines):
                        if copy * TILE + number >= n:
                            break
                        article = orjson.loads(line)
                        if copy:
                            article["title"] += f" [copy {copy}]"
                            article["text"] = f"[copy {copy}] " + article["text"]
                        out.write(orjson.dumps(article, option=orjson.OPT_APPEND_NEWLINE))
    partial.rename(path)
    return path


def _empty_project(context: Context) -> Path:
    """Return an empty project (the real migrations) to copy for every run."""
    import synth

    path = context.workdir / "empty-template.db"
    if not path.exists():
        synth.empty_project(path)
    return path


def _fresh_copy(template: Path, path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return path


def _article_ids(db: Path) -> tuple[int, str, int]:
    """Return the article count, a hash of the sorted ids, and how many a search finds."""
    conn = sqlite3.connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    found = conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'corridor'"
    ).fetchone()[0]
    conn.close()
    return len(ids), hashlib.sha256("\n".join(ids).encode()).hexdigest(), found


@benchmark("import_ratio", "import_rss_mb")
def import_articles(context: Context) -> list[Measure]:
    """`annotator import` of a JSONL of articles ÷ the bare executemany + one index build."""
    n = context.size(100_000, 10_000)
    source = _articles_jsonl(n)
    template = _empty_project(context)
    ours_db, bare_db = context.workdir / "ours.db", context.workdir / "bare.db"
    runs = context.size(2, 3)
    ours: list[ProcessRun] = []
    bare: list[ProcessRun] = []
    for _ in range(runs):
        _fresh_copy(template, bare_db)
        bare.append(
            check(
                run_process([PYTHON, str(HERE / "bench_data.py"), "import-baseline", str(source),
                             str(bare_db)]),
                "import baseline",
            )
        )
        _fresh_copy(template, ours_db)
        ours.append(
            check(run_process(annotator_cli("import", str(source), "--db", str(ours_db))), "import")
        )
    if _article_ids(ours_db) != _article_ids(bare_db):
        raise RuntimeError("annotator import and the baseline stored different articles")
    count = _article_ids(ours_db)[0]
    ours_s = [r.seconds for r in ours]
    bare_s = [r.seconds for r in bare]
    rows = [
        Measure(
            "import_ratio",
            statistics.median(bare_s) / statistics.median(ours_s),
            ours_s,
            bare_s,
            sizes={"articles": count, "jsonl_mb": round(source.stat().st_size / 2**20)},
            note=f"ours {count / statistics.median(ours_s):,.0f} articles/s, bare "
            f"{count / statistics.median(bare_s):,.0f}; peak RSS ours "
            f"{max(r.peak_rss_mb for r in ours):.0f} MB, "
            f"bare {max(r.peak_rss_mb for r in bare):.0f} MB",
        )
    ]
    # Memory on a large file: 2 GB (~600k articles); quick: ~200 MB.
    big = _articles_jsonl(context.size(600_000, 60_000))
    _fresh_copy(template, ours_db)
    run = check(run_process(annotator_cli("import", str(big), "--db", str(ours_db))), "import")
    stored = _article_ids(ours_db)[0]
    rows.append(
        Measure(
            "import_rss_mb",
            run.peak_rss_mb,
            [run.peak_rss_mb],
            what="MB",
            sizes={"articles": stored, "jsonl_mb": round(big.stat().st_size / 2**20)},
            note=f"one import of {stored:,} articles in {run.seconds:.0f} s (one transaction)",
        )
    )
    return rows


@benchmark("export_ratio", "export_rss_mb")
def export_study(context: Context) -> list[Measure]:
    """`annotator export --format jsonl` of the study project ÷ a bare SELECT + orjson dump."""
    db = context.workdir / "study.db"
    info = study_project(context, db)
    from annotator.session import Session

    session = Session.open(db, "alice")  # stores the tag set, as any first use of a project does
    focus = session.tagset.focus
    session.close()
    ours_out, bare_out = context.workdir / "ours.jsonl", context.workdir / "bare.jsonl"
    runs = context.size(3, 3)
    ours: list[ProcessRun] = []
    bare: list[ProcessRun] = []
    for _ in range(runs):
        bare.append(
            check(
                run_process([PYTHON, str(HERE / "bench_data.py"), "export-baseline", str(db),
                             str(bare_out), focus]),
                "export baseline",
            )
        )
        ours.append(
            check(
                run_process(annotator_cli("export", "--format", "jsonl", str(ours_out),
                                          "--db", str(db))),
                "export",
            )
        )
    if _file_hash(ours_out) != _file_hash(bare_out):
        raise RuntimeError(f"export and baseline differ: compare {ours_out} and {bare_out}")
    megabytes = ours_out.stat().st_size / 2**20
    ours_mbs = [megabytes / r.seconds for r in ours]
    bare_mbs = [megabytes / r.seconds for r in bare]
    sizes = {"articles": info["articles"], "marks": info["marks"], "output_mb": round(megabytes)}
    return [
        Measure(
            "export_ratio",
            statistics.median(ours_mbs) / statistics.median(bare_mbs),
            [r.seconds for r in ours],
            [r.seconds for r in bare],
            sizes=sizes,
            note=f"ours {statistics.median(ours_mbs):.0f} MB/s, bare "
            f"{statistics.median(bare_mbs):.0f} MB/s; outputs byte-identical",
        ),
        Measure(
            "export_rss_mb",
            max(r.peak_rss_mb for r in ours),
            [r.peak_rss_mb for r in ours],
            [r.peak_rss_mb for r in bare],
            what="MB",
            sizes=sizes,
        ),
    ]


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# -- the baselines, run as child processes ----------------------------------------------------


def import_baseline(source: Path, db: Path) -> None:
    """Store a JSONL file's articles with the least work: parse, hash, executemany, index."""
    import orjson

    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN")
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'articles_fts%'"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    insert = (
        "INSERT INTO articles (id, title, date, source, meta, text, imported_at) "
        "VALUES (?, ?, ?, ?, '{}', ?, '2026-01-01T00:00:00.000Z') ON CONFLICT (id) DO NOTHING"
    )
    batch = []
    with source.open("rb") as lines:
        for line in lines:
            data = orjson.loads(line)
            text = data["text"]
            article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
            batch.append((article_id, data["title"], data["date"], data["source"], text))
            if len(batch) == 1000:
                conn.executemany(insert, batch)
                batch = []
    conn.executemany(insert, batch)
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()


def export_baseline(db: Path, out: Path, focus: str) -> None:
    """Write every (article, coder) record with plain queries in article order and orjson."""
    import json

    import orjson

    conn = sqlite3.connect(db)
    actors = {}
    for rank, (actor_id, name, type_, country, aliases) in enumerate(
        conn.execute(
            "SELECT a.id, a.name, a.type, a.country, (SELECT json_group_array(alias) FROM "
            "(SELECT alias FROM actor_aliases WHERE actor_id = a.id ORDER BY alias)) "
            "FROM actors a ORDER BY a.name COLLATE NOCASE, a.id"
        )
    ):
        actors[actor_id] = (
            rank,
            {"id": actor_id, "name": name, "type": type_, "country": country,
             "aliases": json.loads(aliases)},
        )
    marks = conn.cursor().execute(
        'SELECT a.rowid, m.annotator, m.id, m.kind, m.start, m."end", m.text, m.label, '
        "m.actor_id, m.speaker_id, m.target_id, m.stance, m.form, m.intensity, m.created_at, "
        "m.updated_at FROM articles a CROSS JOIN marks m ON m.article_id = a.id "
        'ORDER BY a.rowid, m.annotator, m.start, m."end" DESC, m.id'
    )
    labels = conn.cursor().execute(
        "SELECT a.rowid, d.annotator, d.tone, d.focus_stance, d.topics, d.status, d.note, "
        "d.updated_at FROM articles a CROSS JOIN document_labels d ON d.article_id = a.id "
        "ORDER BY a.rowid, d.annotator"
    )
    articles = conn.cursor().execute(
        "SELECT rowid, id, title, date, source, meta, text FROM articles ORDER BY rowid"
    )
    mark = next(marks, None)
    label = next(labels, None)
    with out.open("wb", buffering=1 << 20) as handle:
        for rowid, article_id, title, date, source, meta, text in articles:
            coded: dict[str, list[dict[str, object]]] = {}
            refs: dict[str, set[str]] = {}
            while mark is not None and mark[0] == rowid:
                (_, coder, mark_id, kind, start, end, mark_text, label_, actor, speaker, target,
                 stance, form, intensity, created, updated) = mark
                item: dict[str, object] = {"id": mark_id, "kind": kind, "start": start,
                                           "end": end, "text": mark_text, "label": label_}
                if kind == "actor":
                    item["actor"] = actor
                elif kind == "claim":
                    item.update(speaker=speaker, target=target, stance=stance, form=form)
                else:
                    item.update(intensity=intensity, target=target)
                item.update(created_at=created, updated_at=updated)
                coded.setdefault(coder, []).append(item)
                refs.setdefault(coder, set()).update(
                    r for r in (actor, speaker, target) if r is not None
                )
                mark = next(marks, None)
            documents: dict[str, dict[str, object]] = {}
            while label is not None and label[0] == rowid:
                _, coder, tone, focus_stance, topics, status, note, updated = label
                documents[coder] = {"focus": focus, "tone": tone, "focus_stance": focus_stance,
                                    "topics": json.loads(topics), "status": status, "note": note,
                                    "updated_at": updated or None}
                label = next(labels, None)
            for coder in sorted(coded.keys() | documents.keys()):
                record = {"id": article_id, "title": title, "date": date, "source": source}
                if json.loads(meta):  # as ours: an empty meta is left out
                    record["meta"] = json.loads(meta)
                record |= {
                    "text": text, "annotator": coder,
                    "document": documents.get(coder) or {
                        "focus": focus, "tone": None, "focus_stance": None, "topics": [],
                        "status": "new", "note": "", "updated_at": None},
                    "actors": [a for _, a in sorted(actors[r] for r in refs.get(coder, ()))],
                    "marks": coded.get(coder, []),
                }
                handle.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        handle.flush()
        os.fsync(handle.fileno())
    conn.close()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "import-baseline":
        import_baseline(Path(args[0]), Path(args[1]))
    elif command == "export-baseline":
        export_baseline(Path(args[0]), Path(args[1]), args[2])
    else:
        raise SystemExit(f"unknown command {command!r}")
