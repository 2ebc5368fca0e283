"""Seeded synthetic data of realistic shape for the benchmarks.

News-like English articles of ~3.3 KB (paragraphs of sentences with actors' names, quotes and
dates), a registry of actors with aliases, and for each coder actor mentions, claims and
sentiment spans made as a coder would: mentions on names, claims on a speaker's sentence (with
that speaker), sentiment on a few words, some of them inside a claim. Coders start from one
"true" coding and each drops, shifts, relabels and adds a few marks, so that they agree about as
much as real coders do (overlap F1 around 0.8).

Projects are written with plain sqlite3 ``executemany`` into a schema made by ``Store.open`` (the
real migrations), with the full-text index built once at the end, and cached in
``benchmarks/.cache`` by shape, so that a second run starts at once. Everything is drawn from
``random.Random(seed)``: the same shape and seed give byte-identical projects.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
import copy
from dataclasses import asdict, dataclass, field
from pathlib import Path

# ANNOTATOR_BENCH_CACHE lets several checkouts share the generated projects.
CACHE = Path(os.environ.get("ANNOTATOR_BENCH_CACHE", Path(__file__).resolve().parent / ".cache"))
GENERATOR_VERSION = 3  # bump when the generated data changes shape

ACTOR_TYPES = (
    "Person",
    "Organization",
    "Government",
    "Military/Security",
    "Armed group",
    "Media",
    "Country",
    "International organization",
)
TOPICS = (
    "CPEC security",
    "Counter-terrorism cooperation",
    "Economic cooperation",
    "Military cooperation",
    "Bilateral friendship",
    "Kashmir/sovereignty",
    "Regional security",
    "Foreign military presence",
)
POLARITIES = ("positive", "negative", "neutral", "mixed")
STANCES = ("support", "oppose", "neutral")
FORMS = ("direct quote", "reported speech", "author's assertion")
TONES = POLARITIES
FOCUS_STANCES = ("favourable", "unfavourable", "neutral", "mixed")
STATUSES = ("new", "in_progress", "done", "done", "done", "skipped")

_FIRST = (
    "Imran Nawaz Wang Li Zhang Asif Shahid Ahmed Bilal Fatima Ayesha Chen Liu Sana Omar Hassan "
    "Khalid Yusuf Mei Jun Hamid Raza Tariq Nadia Zainab Farhan Usman Hu Zhou Sun Ali Saeed "
    "Mariam Hina Junaid Kamran Rashid Sohail Waqar Xu Guo Lin Ma Gao Luo Zheng Yang Iqbal"
).split()
_LAST = (
    "Khan Sharif Yi Qishan Jiechi Qureshi Bajwa Zardari Bhutto Abbasi Malik Chaudhry Butt Awan "
    "Hussain Siddiqui Mirza Rehman Jamali Mengal Baloch Leghari Dar Gillani Jinping Keqiang "
    "Wenbo Yong Hua Ming Feng Tao Qiang Ping Bo Hao Shah Rana Niazi Tarar Aziz Lodhi Kasuri"
).split()
_ORG_HEADS = (
    "Ministry of Planning|Board of Investment|Chamber of Commerce|Port Authority|Water and "
    "Power Development Authority|Frontier Corps|Counter Terrorism Department|Press Council|"
    "Development Bank|Security Division|Investment Corporation|Energy Company|Railways Board|"
    "Maritime Agency|Trade Council|Motorway Police|Customs Service|Election Commission"
).split("|")
_PLACES = (
    "Gwadar Karachi Lahore Islamabad Quetta Peshawar Kashgar Urumqi Beijing Shanghai Multan "
    "Sukkur Hyderabad Gilgit Sost Turbat Panjgur Khunjerab Dera Ismail Kohat Thar Hub"
).split()
_COUNTRIES = (
    "China Pakistan India Afghanistan Iran United States Russia Saudi Arabia Qatar Turkey "
    "Japan Bangladesh Sri Lanka Nepal Uzbekistan Tajikistan Kazakhstan Malaysia Indonesia"
).split()
# Common words of news prose, roughly by frequency; rarer made-up terms are added below so
# that searches have frequent, middling and rare words to look for.
_COMMON = (
    "the of and to in a on for that with as by at from is was said will be has have it its "
    "this an are were which would not also but after their more new two over than government "
    "project projects corridor economic cooperation security officials talks meeting week "
    "minister ministry country countries border power energy trade investment billion "
    "million road railway port zone zones special agreement agreements development plan "
    "construction workers attack attacks forces military army police region regional "
    "province provincial federal chinese pakistani bilateral strategic partner partnership "
    "relations friendship support concern concerns issue issues public private financing "
    "loan loans debt repayment schedule phase first second third according statement "
    "spokesman spokesperson conference press visit delegation leaders leadership summit "
    "under during against between through about before since because while however amid "
    "announced agreed signed expected planned completed launched approved delayed reported "
    "warned urged called claimed denied confirmed stressed noted added told insisted"
).split()
_SYLLABLES = "ka lo ri men tan sur bel dor vin pas qui rel som tor gar nek lum fyr"
_SYLLABLES = _SYLLABLES.split()


def _rare_words(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)  # the Zipf weights go by position: frequent words of every shape
    return ordered


@dataclass(frozen=True)
class Shape:
    """What to generate: sizes, coders and the seed."""

    articles: int
    marks_per_article: int = 20  # per coder, about (the true coding has this many)
    coders: tuple[str, ...] = ("alice", "bob", "carol")
    actors: int = 3000
    article_chars: int = 3300
    seed: int = 20261130
    coded_fraction: float = 1.0  # share of articles the coders have coded

    def key(self) -> str:
        """Return a short name for this shape and the project schema, for cache files."""
        from annotator.storage.schema import MIGRATION_NAMES

        # The schema is part of the name: a project cached before a migration would be
        # migrated (indexes built, the file rewritten) inside whatever benchmark opens it first.
        raw = json.dumps(
            {**asdict(self), "v": GENERATOR_VERSION, "schema": MIGRATION_NAMES}, sort_keys=True
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class Registry:
    """The generated actors: id, name, type, country, aliases."""

    rows: list[tuple[str, str, str, str | None, tuple[str, ...]]] = field(default_factory=list)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def make_registry(rng: random.Random, n: int) -> Registry:
    """Return n actors of every type, named like the people and bodies news reports cite."""
    registry = Registry()
    names: set[str] = set()
    while len(registry.rows) < n:
        kind = rng.choices(ACTOR_TYPES, weights=(45, 15, 12, 8, 5, 5, 6, 4))[0]
        if kind == "Person":
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            name, aliases = f"{first} {last}", (last,)
        elif kind == "Country":
            name = rng.choice(_COUNTRIES) + ("" if rng.random() < 0.5 else f" {len(names)}")
            aliases = ()
        else:
            place = rng.choice(_PLACES + _COUNTRIES)
            head = rng.choice(_ORG_HEADS)
            name = f"{place} {head}"
            aliases = ("".join(w[0] for w in name.split() if w[0].isupper()),)
        if name in names:
            name = f"{name} {len(names)}"
        names.add(name)
        country = rng.choice(("PK", "CN", "IN", "AF", "US", None))
        registry.rows.append((_uuid(rng), name, kind, country, aliases))
    return registry


@dataclass
class TrueMark:
    """A mark of the true coding, before each coder's own changes."""

    kind: str
    start: int
    end: int
    label: str
    actor: int | None = None  # index into the registry
    speaker: int | None = None
    target: int | None = None
    stance: str | None = None
    form: str | None = None
    intensity: int | None = None


class ArticleWriter:
    """Builds one article's text, remembering where names and sentences are."""

    def __init__(self, rng: random.Random, registry: Registry, rare: list[str]):
        self.rng = rng
        self.registry = registry
        self.rare = rare
        # Zipf-like weights: a few rare words are common, most are rare.
        self.rare_weights = [1 / (i + 1) for i in range(len(rare))]
        self.rare_cum = list(_accumulate(self.rare_weights))

    def words(self, n: int) -> list[str]:
        """Return n words of prose, mostly common ones."""
        rng = self.rng
        common = rng.choices(_COMMON, k=n)
        rare = rng.choices(self.rare, cum_weights=self.rare_cum, k=n)
        picks = rng.choices((False, True), weights=(88, 12), k=n)
        return [r if pick else c for c, r, pick in zip(common, rare, picks, strict=True)]

    def article(
        self, chars: int, cast_size: int = 8
    ) -> tuple[str, str, list[tuple[int, int, int]], list[tuple[int, int, int]]]:
        """Return title, text, mentions (start, end, actor) and sentences (start, end, actor)."""
        rng = self.rng
        cast = rng.sample(range(len(self.registry.rows)), cast_size)
        title_words = self.words(rng.randint(6, 11))
        title = " ".join(title_words).capitalize()
        parts: list[str] = []
        pos = 0
        mentions: list[tuple[int, int, int]] = []
        sentences: list[tuple[int, int, int]] = []

        def add(s: str) -> None:
            nonlocal pos
            parts.append(s)
            pos += len(s)

        add(title + "\n\n")
        while pos < chars:
            for _ in range(rng.randint(2, 4)):  # a paragraph of sentences
                who = rng.choice(cast)
                name = self._form_of(who)
                sentence_start = pos
                shape = rng.random()
                if shape < 0.4:
                    add(f"{name} said ")
                    mentions.append((sentence_start, sentence_start + len(name), who))
                    add(" ".join(self.words(rng.randint(8, 20))) + ". ")
                elif shape < 0.7:
                    add("“" + " ".join(self.words(rng.randint(8, 18))).capitalize() + ",” said ")
                    mentions.append((pos, pos + len(name), who))
                    add(f"{name}. ")
                else:
                    add(" ".join(self.words(rng.randint(4, 9))).capitalize() + " ")
                    other = rng.choice(cast)
                    other_name = self._form_of(other)
                    mentions.append((pos, pos + len(other_name), other))
                    add(other_name + " " + " ".join(self.words(rng.randint(4, 12))) + ". ")
                    who = other
                sentences.append((sentence_start, pos - 1, who))
            add("\n\n")
        text = "".join(parts).rstrip() + "\n"
        return title, text, mentions, sentences

    def _form_of(self, actor: int) -> str:
        _id, name, _type, _country, aliases = self.registry.rows[actor]
        if aliases and self.rng.random() < 0.3:
            return aliases[0]
        return name


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total


def true_coding(
    rng: random.Random,
    text: str,
    mentions: list[tuple[int, int, int]],
    sentences: list[tuple[int, int, int]],
    registry: Registry,
    n_marks: int,
) -> list[TrueMark]:
    """Return about n marks: half mentions, a quarter claims, a quarter sentiment spans."""
    marks: list[TrueMark] = []
    n_actor = max(1, n_marks // 2)
    n_claim = max(1, n_marks // 4)
    n_sentiment = max(1, n_marks - n_actor - n_claim)
    for start, end, actor in rng.sample(mentions, min(n_actor, len(mentions))):
        marks.append(TrueMark("actor", start, end, registry.rows[actor][2], actor=actor))
    claim_sentences = rng.sample(sentences, min(n_claim, len(sentences)))
    for start, end, speaker in claim_sentences:
        target = rng.choice(mentions)[2] if rng.random() < 0.4 else None
        marks.append(
            TrueMark(
                "claim",
                start,
                end,
                rng.choice(TOPICS),
                speaker=speaker,
                target=target,
                stance=rng.choice(STANCES),
                form=rng.choice(FORMS),
            )
        )
    for _ in range(n_sentiment):
        start, end, _who = rng.choice(claim_sentences or sentences)
        words = _word_spans(text, start, end)
        if len(words) < 2:
            continue
        i = rng.randrange(len(words) - 1)
        j = min(len(words) - 1, i + rng.randint(0, 3))
        marks.append(
            TrueMark(
                "sentiment",
                words[i][0],
                words[j][1],
                rng.choice(POLARITIES),
                intensity=rng.randint(1, 3),
            )
        )
    return marks


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    for word in text[start:end].split(" "):
        core = word.strip(".,“”")
        if core:
            lead = word.index(core[0])
            spans.append((pos + lead, pos + lead + len(core)))
        pos += len(word) + 1
    return spans


def coder_version(rng: random.Random, text: str, marks: list[TrueMark]) -> list[TrueMark]:
    """Return one coder's coding: the true marks, some dropped, shifted, relabelled; a few extra."""
    mine: list[TrueMark] = []
    for mark in marks:
        r = rng.random()
        if r < 0.08:
            continue  # missed
        m = copy.copy(mark)
        if r < 0.16 and m.kind != "actor":
            words = _word_spans(text, m.start, m.end)
            if len(words) > 2:  # one word shorter at either end
                if rng.random() < 0.5:
                    m.start = words[1][0]
                else:
                    m.end = words[-2][1]
        elif r < 0.24:
            m.label = rng.choice(
                {"actor": ACTOR_TYPES, "claim": TOPICS, "sentiment": POLARITIES}[m.kind]
            )
        if m.kind == "claim" and rng.random() < 0.1:
            m.stance = rng.choice(STANCES)
        mine.append(m)
    return mine


def _mark_rows(
    rng: random.Random,
    article_id: str,
    coder: str,
    text: str,
    marks: list[TrueMark],
    registry: Registry,
    stamp: str,
) -> list[tuple[object, ...]]:
    ids = registry.rows
    rows = []
    for m in marks:
        rows.append(
            (
                _uuid(rng),
                article_id,
                coder,
                m.kind,
                m.start,
                m.end,
                text[m.start : m.end],
                m.label,
                ids[m.actor][0] if m.actor is not None else None,
                ids[m.speaker][0] if m.speaker is not None else None,
                ids[m.target][0] if m.target is not None else None,
                m.stance,
                m.form,
                m.intensity,
                stamp,
                stamp,
            )
        )
    return rows


_MARK_SQL = (
    'INSERT INTO marks (id, article_id, annotator, kind, start, "end", text, label, actor_id, '
    "speaker_id, target_id, stance, form, intensity, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_ARTICLE_SQL = (
    "INSERT INTO articles (id, title, date, source, meta, text, imported_at) "
    "VALUES (?, ?, ?, ?, '{}', ?, ?)"
)
_LABELS_SQL = (
    "INSERT INTO document_labels (article_id, annotator, tone, focus_stance, topics, status, "
    "note, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?)"
)


def empty_project(path: Path) -> None:
    """Create an empty project with the real schema (annotator's migrations)."""
    from annotator.storage import Store

    store = Store.open(path)
    store.close()


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _stamp(rng: random.Random) -> str:
    return (
        f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
        f"{rng.randint(0, 999):03d}Z"
    )


class _WithoutFtsTriggers:
    """Insert articles without the per-row index triggers, then rebuild the index once."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.triggers: list[str] = []

    def __enter__(self) -> None:
        rows = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'articles_fts%'"
        ).fetchall()
        self.triggers = [sql for _name, sql in rows]
        for name, _sql in rows:
            self.conn.execute(f"DROP TRIGGER {name}")

    def __exit__(self, *exc: object) -> None:
        self.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        for sql in self.triggers:
            self.conn.execute(sql)


def build_project(path: Path, shape: Shape) -> dict[str, object]:
    """Write a project of this shape at path (from the cache when it was made before)."""
    cached = CACHE / f"project-{shape.key()}.db"
    info_file = cached.with_suffix(".json")
    if not cached.exists() or not info_file.exists():
        CACHE.mkdir(exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        info = _generate(partial, shape)
        info_file.write_text(json.dumps(info), encoding="utf-8")
        partial.rename(cached)  # last: a project in the cache is always complete
    copy_project(cached, path)
    return json.loads(info_file.read_text(encoding="utf-8"))


def copy_project(source: Path, target: Path) -> None:
    """Copy a project file and wait until the copy is on disk.

    A benchmark times commits, whose fsync would otherwise queue behind the writeback of a
    fresh copy of a gigabyte or more (then a commit takes tens of milliseconds).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    with target.open("rb+") as copied:
        os.fsync(copied.fileno())


def _generate(path: Path, shape: Shape) -> dict[str, object]:
    rng = random.Random(shape.seed)
    empty_project(path)
    registry = make_registry(rng, shape.actors)
    writer = ArticleWriter(rng, registry, _rare_words(rng, 4000))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    stamp = "2026-01-01T00:00:00.000Z"
    conn.executemany(
        "INSERT INTO annotators (name, created_at) VALUES (?, ?)",
        [(c, stamp) for c in shape.coders],
    )
    conn.executemany(
        "INSERT INTO actors (id, name, type, country, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(a[0], a[1], a[2], a[3], shape.coders[0], stamp, stamp) for a in registry.rows],
    )
    conn.executemany(
        "INSERT INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
        [(a[0], alias) for a in registry.rows for alias in dict.fromkeys((a[1], *a[4]))],
    )
    n_marks = n_labels = 0
    last_article = ""
    with _WithoutFtsTriggers(conn):
        batch_articles: list[tuple[object, ...]] = []
        batch_marks: list[tuple[object, ...]] = []
        batch_labels: list[tuple[object, ...]] = []
        seen: set[str] = set()
        for i in range(shape.articles):
            title, text, mentions, sentences = writer.article(shape.article_chars)
            article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if article_id in seen:
                continue
            seen.add(article_id)
            last_article = article_id
            batch_articles.append((article_id, title, _date(rng), "synthetic", text, stamp))
            if rng.random() < shape.coded_fraction and shape.marks_per_article > 0:
                truth = true_coding(
                    rng, text, mentions, sentences, registry, shape.marks_per_article
                )
                for coder in shape.coders:
                    mine = coder_version(rng, text, truth)
                    batch_marks += _mark_rows(
                        rng, article_id, coder, text, mine, registry, _stamp(rng)
                    )
                    batch_labels.append(
                        (
                            article_id,
                            coder,
                            rng.choice(TONES),
                            rng.choice(FOCUS_STANCES),
                            json.dumps(rng.sample(TOPICS, rng.randint(0, 2))),
                            rng.choice(STATUSES),
                            _stamp(rng),
                        )
                    )
            if len(batch_articles) >= 2000 or i == shape.articles - 1:
                conn.executemany(_ARTICLE_SQL, batch_articles)
                conn.executemany(_MARK_SQL, batch_marks)
                conn.executemany(_LABELS_SQL, batch_labels)
                n_marks += len(batch_marks)
                n_labels += len(batch_labels)
                batch_articles, batch_marks, batch_labels = [], [], []
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {
        "articles": len(seen),
        "marks": n_marks,
        "document_labels": n_labels,
        "actors": len(registry.rows),
        "coders": list(shape.coders),
        "last_article": last_article,
    }


def add_dense_article(
    path: Path, chars: int, n_marks: int, coder: str = "alice", seed: int = 7
) -> str:
    """Add one article of about ``chars`` characters with ``n_marks`` marks; return its id.

    Marks are as dense as the hardest real case: mentions on every name, claims on sentences,
    sentiment spans inside them, overlapping and nested, of every kind.
    """
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    actors = [
        (r[0], r[1], r[2])
        for r in conn.execute("SELECT id, name, type FROM actors ORDER BY id LIMIT 3000")
    ]
    if not actors:
        raise ValueError(f"{path}: the project has no actors to refer to")
    registry = Registry([(a[0], a[1], a[2], None, ()) for a in actors])
    writer = ArticleWriter(rng, registry, _rare_words(rng, 4000))
    title, text, mentions, sentences = writer.article(chars, cast_size=min(40, len(actors)))
    text = f"{title} [{seed}-{chars}-{n_marks}]\n\n" + text.split("\n\n", 1)[1]
    shift = len(f"{title} [{seed}-{chars}-{n_marks}]\n\n") - len(title + "\n\n")
    mentions = [(s + shift, e + shift, a) for s, e, a in mentions]
    sentences = [(s + shift, e + shift, a) for s, e, a in sentences]
    article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    marks: list[TrueMark] = []
    for start, end, actor in mentions:
        marks.append(TrueMark("actor", start, end, registry.rows[actor][2], actor=actor))
    for start, end, speaker in sentences:
        marks.append(
            TrueMark("claim", start, end, rng.choice(TOPICS), speaker=speaker, stance="support")
        )
    while len(marks) < n_marks:
        start, end, _who = rng.choice(sentences)
        words = _word_spans(text, start, end)
        if len(words) < 2:
            continue
        i = rng.randrange(len(words) - 1)
        j = min(len(words) - 1, i + rng.randint(0, 2))
        marks.append(
            TrueMark(
                "sentiment", words[i][0], words[j][1], rng.choice(POLARITIES), intensity=2
            )
        )
    rng.shuffle(marks)
    marks = marks[:n_marks]
    stamp = "2026-02-01T00:00:00.000Z"
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (coder, stamp),
    )
    conn.execute(_ARTICLE_SQL, (article_id, title, "2024-06-01", "synthetic", text, stamp))
    conn.executemany(
        _MARK_SQL, _mark_rows(rng, article_id, coder, text, marks, registry, stamp)
    )
    conn.execute("COMMIT")
    conn.close()
    return article_id


def write_articles_jsonl(path: Path, n: int, seed: int = 11, chars: int = 3300) -> int:
    """Write n article lines (text, title, date, source) as a JSONL file; return its bytes."""
    rng = random.Random(seed)
    registry = make_registry(rng, 500)
    writer = ArticleWriter(rng, registry, _rare_words(rng, 4000))
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            title, text, _m, _s = writer.article(chars)
            record = {
                "title": title,
                "text": f"{title} ({i})\n\n" + text.split("\n\n", 1)[1],
                "date": _date(rng),
                "source": "synthetic",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def mid_frequency_term(path: Path, low: float = 0.01, high: float = 0.05) -> str:
    """Return a word found in between ``low`` and ``high`` of the project's articles."""
    conn = sqlite3.connect(path)
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, articles_fts, row)"
    )
    rows = conn.execute(
        "SELECT term, doc FROM temp.vocab WHERE doc BETWEEN ? AND ? "
        "AND length(term) > 5 ORDER BY doc DESC, term LIMIT 1",
        (int(total * low), int(total * high)),
    ).fetchall()
    conn.close()
    if not rows:
        raise ValueError(f"{path}: no word is found in {low:.0%}–{high:.0%} of the articles")
    return str(rows[0][0])
