"""The coding as statistics: each a table (the numbers) and a chart (how to draw them), built
from the storage's aggregate rows — pure, so the window, ``annotator stats`` and the tests get
the same numbers. Charts are drawn by analysis/charts.py.

Every statistic is one of ``KEYS``; its table's rows are what its chart shows, so the CSV
written beside a figure is the figure's data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotator.core.renderers import Column, Table

ChartKind = Literal["bars", "stacked", "lines"]
STATUSES = ("new", "in_progress", "done", "skipped")
NO_STANCE = "(none)"
UNDATED = "(no date)"


@dataclass(frozen=True)
class Chart:
    """What a chart shows: series of values over categories, and how to draw them.

    ``bars``: a group of bars per category, one bar per series; ``stacked``: one bar per
    category, series stacked; ``lines``: one line per series over the categories (in order).
    """

    kind: ChartKind
    categories: Sequence[str]
    series: dict[str, Sequence[float]]
    x_label: str = ""
    y_label: str = ""
    horizontal: bool = False  # bars along the x axis, categories down the y axis


@dataclass(frozen=True)
class Statistic:
    """One statistic: a key (file names, the CLI's --only), its table and its chart."""

    key: str
    table: Table
    chart: Chart


@dataclass(frozen=True)
class CodingCounts:
    """The storage's aggregate rows a set of statistics is built from (see storage/statistics)."""

    articles: int
    coders: Sequence[str]
    status: Sequence[tuple] = ()  # (coder, status, articles)
    queues: Sequence[tuple] = ()  # (coder, assigned, finished)
    marks_per_day: Sequence[tuple] = ()  # (day, coder, marks)
    minutes: Sequence[tuple] = ()  # (coder, articles, median minutes, mean minutes)
    labels: Sequence[tuple] = ()  # (kind, label, marks)
    topic_stance: Sequence[tuple] = ()  # (topic, stance, claims)
    sentiment: Sequence[tuple] = ()  # (actor type, polarity, marks)
    top_actors: Sequence[tuple] = ()  # (actor id, name, type, mentions, claims)
    claims_per_month: Sequence[tuple] = ()  # (month, topic, stance, claims)
    actor_months: Sequence[tuple] = ()  # (speaker name, month, claims)
    topic_order: Sequence[str] = field(default_factory=tuple)  # the tag set's order
    speaker: str = ""  # the actor whose claims the timelines count ('': every actor's)


def progress(counts: CodingCounts) -> Statistic:
    """Articles by status per coder (an article a coder never touched is new)."""
    by_coder: dict[str, dict[str, int]] = {c: dict.fromkeys(STATUSES, 0) for c in counts.coders}
    for coder, status, n in counts.status:
        by_coder.setdefault(coder, dict.fromkeys(STATUSES, 0))[status] = n
    rows = []
    for coder, statuses in sorted(by_coder.items()):
        set_ = sum(statuses[s] for s in STATUSES if s != "new")
        statuses["new"] += max(counts.articles - set_ - statuses["new"], 0)
        rows.append((coder, *(statuses[s] for s in STATUSES)))
    columns = [Column("coder", width=16), *(Column(s, kind="count", grow=True) for s in STATUSES)]
    table = Table("Progress: articles by status per coder", columns, rows)
    chart = Chart(
        "stacked",
        [r[0] for r in rows],
        {s: [r[i + 1] for r in rows] for i, s in enumerate(STATUSES)},
        x_label="articles",
        horizontal=True,
    )
    return Statistic("progress", table, chart)


def queues(counts: CodingCounts) -> Statistic:
    """Each coder's queue (assigned articles): finished (done or skipped) and remaining."""
    rows = [(coder, n, done, n - done) for coder, n, done in counts.queues]
    columns = [
        Column("coder", width=16),
        Column("assigned", kind="count", grow=True),
        Column("finished", kind="count", grow=True),
        Column("remaining", kind="count", grow=True),
    ]
    table = Table("Queues: assigned articles finished and remaining", columns, rows)
    chart = Chart(
        "stacked",
        [r[0] for r in rows],
        {"finished": [r[2] for r in rows], "remaining": [r[3] for r in rows]},
        x_label="articles",
        horizontal=True,
    )
    return Statistic("queues", table, chart)


def marks_per_day(counts: CodingCounts) -> Statistic:
    """Marks made per day per coder (when they were made, not the articles' dates)."""
    days = sorted({day for day, _, _ in counts.marks_per_day})
    coders = sorted({coder for _, coder, _ in counts.marks_per_day})
    grid = _grid(((d, c, n) for d, c, n in counts.marks_per_day), days, coders)
    columns = [
        Column("day", width=10),
        Column("coder", width=16),
        Column("marks", kind="count", grow=True),
    ]
    table = Table("Marks made per day per coder", columns, list(counts.marks_per_day))
    chart = Chart("lines", days, grid, x_label="day", y_label="marks")
    return Statistic("marks-per-day", table, chart)


def time_per_article(counts: CodingCounts) -> Statistic:
    """Minutes per finished article per coder: median, mean and the articles counted."""
    rows = [
        (coder, n, round(median, 1), round(mean, 1))
        for coder, n, median, mean in counts.minutes
        if n
    ]
    columns = [
        Column("coder", width=16),
        Column("articles", kind="count", grow=True),
        Column("median_minutes", "median min", kind="statistic", grow=True),
        Column("mean_minutes", "mean min", kind="statistic", grow=True),
    ]
    table = Table(
        "Time per finished article (first mark to status saved)",
        columns,
        rows,
        note="An estimate: reading before the first mark is not seen.",
    )
    chart = Chart(
        "bars",
        [r[0] for r in rows],
        {"median": [r[2] for r in rows], "mean": [r[3] for r in rows]},
        y_label="minutes",
    )
    return Statistic("time-per-article", table, chart)


def marks_per_label(counts: CodingCounts) -> Statistic:
    """Marks per label, grouped by kind (actor types, claim topics, sentiment polarities)."""
    rows = sorted(counts.labels, key=lambda r: (r[0], -r[2], r[1]))
    columns = [
        Column("kind", width=9),
        Column("label", width=30),
        Column("marks", kind="count", grow=True),
    ]
    table = Table("Marks per label", columns, rows)
    kinds = sorted({k for k, _, _ in rows})
    labels = [f"{label} ({kind})" for kind, label, _ in rows]
    series = {k: [n if kind == k else 0 for kind, _, n in rows] for k in kinds}
    chart = Chart("stacked", labels, series, x_label="marks", horizontal=True)
    return Statistic("marks-per-label", table, chart)


def claims_by_topic_and_stance(counts: CodingCounts) -> Statistic:
    """Claims per topic split by stance (a claim without a stance: ``(none)``)."""
    topics = _ordered({t for t, _, _ in counts.topic_stance}, counts.topic_order)
    stances = _stances(s for _, s, _ in counts.topic_stance)
    rows = [(t, s or NO_STANCE, n) for t, s, n in counts.topic_stance]
    grid = _grid(rows, topics, stances)
    columns = [
        Column("topic", width=30),
        Column("stance", width=10),
        Column("claims", kind="count", grow=True),
    ]
    table = Table("Claims per topic and stance", columns, rows)
    chart = Chart("stacked", topics, grid, x_label="claims", horizontal=True)
    return Statistic("claims-by-topic-stance", table, chart)


def sentiment_by_actor_type(counts: CodingCounts) -> Statistic:
    """Sentiment marks by polarity, per type of the actor they are about."""
    rows = [(t or "(no target)", p, n) for t, p, n in counts.sentiment]
    types = sorted({t for t, _, _ in rows})
    polarities = sorted({p for _, p, _ in rows})
    columns = [
        Column("actor_type", "actor type", width=16),
        Column("polarity", width=10),
        Column("marks", kind="count", grow=True),
    ]
    table = Table("Sentiment polarity per actor type", columns, rows)
    chart = Chart(
        "stacked", types, _grid(rows, types, polarities), x_label="marks", horizontal=True
    )
    return Statistic("sentiment-by-actor-type", table, chart)


def top_actors(counts: CodingCounts) -> Statistic:
    """The actors most mentioned or most often speaking: mentions and claims made."""
    rows = [(name, type_, m, c) for _id, name, type_, m, c in counts.top_actors]
    columns = [
        Column("actor", width=24),
        Column("type", width=14),
        Column("mentions", kind="count", grow=True),
        Column("claims", kind="count", grow=True),
    ]
    table = Table("Top actors by mentions and claims made", columns, rows)
    names = [r[0] for r in rows]
    chart = Chart(
        "bars",
        names,
        {"mentions": [r[2] for r in rows], "claims made": [r[3] for r in rows]},
        x_label="marks",
        horizontal=True,
    )
    return Statistic("top-actors", table, chart)


def timeline_by_topic(counts: CodingCounts) -> Statistic:
    """Claims per month (the articles' dates) per topic."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for month, topic, _stance, n in counts.claims_per_month:
        if month:
            totals[(month, topic)] += n
    rows = sorted((m, t, n) for (m, t), n in totals.items())
    months = _months(m for m, _, _ in rows)
    topics = _ordered({t for _, t, _ in rows}, counts.topic_order)
    columns = [
        Column("month", width=7),
        Column("topic", width=30),
        Column("claims", kind="count", grow=True),
    ]
    undated = sum(n for m, _t, _s, n in counts.claims_per_month if not m)
    note = f"{undated} claim(s) in articles without a date are not shown." if undated else ""
    table = Table(_of_speaker("Claims per month by topic", counts), columns, rows, note=note)
    chart = Chart("lines", months, _grid(rows, months, topics), y_label="claims")
    return Statistic("timeline-by-topic", table, chart)


def timeline_by_stance(counts: CodingCounts) -> Statistic:
    """Claims per month (the articles' dates) per stance."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for month, _topic, stance, n in counts.claims_per_month:
        if month:
            totals[(month, stance or NO_STANCE)] += n
    rows = sorted((m, s, n) for (m, s), n in totals.items())
    months = _months(m for m, _, _ in rows)
    stances = _stances(s for _, s, _ in rows)
    columns = [
        Column("month", width=7),
        Column("stance", width=10),
        Column("claims", kind="count", grow=True),
    ]
    table = Table(_of_speaker("Claims per month by stance", counts), columns, rows)
    chart = Chart("stacked", months, _grid(rows, months, stances), y_label="claims")
    return Statistic("timeline-by-stance", table, chart)


def _of_speaker(title: str, counts: CodingCounts) -> str:
    """Return a timeline's title, naming the actor it is filtered to."""
    return f"{title}: claims made by {counts.speaker}" if counts.speaker else title


def claims_per_actor_over_time(counts: CodingCounts) -> Statistic:
    """Claims per month of the actors who made most claims."""
    rows = list(counts.actor_months)
    months = _months(m for _, m, _ in rows)
    actors = sorted({a for a, _, _ in rows})
    columns = [
        Column("actor", width=24),
        Column("month", width=7),
        Column("claims", kind="count", grow=True),
    ]
    table = Table("Claims per actor over time (most active speakers)", columns, rows)
    grid = _grid(((m, a, n) for a, m, n in rows), months, actors)
    chart = Chart("lines", months, grid, y_label="claims")
    return Statistic("claims-per-actor-over-time", table, chart)


BUILDERS = (
    progress,
    queues,
    marks_per_day,
    time_per_article,
    marks_per_label,
    claims_by_topic_and_stance,
    sentiment_by_actor_type,
    top_actors,
    timeline_by_topic,
    timeline_by_stance,
    claims_per_actor_over_time,
)
KEYS = (
    "progress",
    "queues",
    "marks-per-day",
    "time-per-article",
    "marks-per-label",
    "claims-by-topic-stance",
    "sentiment-by-actor-type",
    "top-actors",
    "timeline-by-topic",
    "timeline-by-stance",
    "claims-per-actor-over-time",
)


# Short names, for lists and menus (the tables' titles say more).
NAMES = {
    "progress": "Progress",
    "queues": "Queues",
    "marks-per-day": "Marks per day",
    "time-per-article": "Time per article",
    "marks-per-label": "Marks per label",
    "claims-by-topic-stance": "Claims: topic × stance",
    "sentiment-by-actor-type": "Sentiment per actor type",
    "top-actors": "Top actors",
    "timeline-by-topic": "Timeline by topic",
    "timeline-by-stance": "Timeline by stance",
    "claims-per-actor-over-time": "Actors' claims over time",
}


def build_all(counts: CodingCounts) -> list[Statistic]:
    """Return every statistic, in the order of KEYS."""
    return [build(counts) for build in BUILDERS]


def _grid(
    rows: Iterable[tuple[str, str, float]], categories: Sequence[str], series: Sequence[str]
) -> dict[str, list[float]]:
    """Return {series: values per category} from (category, series, value) rows (0 if absent)."""
    index = {c: i for i, c in enumerate(categories)}
    grid = {s: [0.0] * len(categories) for s in series}
    for category, name, value in rows:
        if category in index and name in grid:
            grid[name][index[category]] += value
    return grid


def _ordered(found: set[str], order: Sequence[str]) -> list[str]:
    """Return the values found in the tag set's order, then any others sorted."""
    return [x for x in order if x in found] + sorted(found - set(order))


def _stances(found: Iterable[str]) -> list[str]:
    """Return stances support, neutral, oppose first (the usual reading order), then others."""
    values = {s or NO_STANCE for s in found}
    usual = ["support", "neutral", "oppose", NO_STANCE]
    return [s for s in usual if s in values] + sorted(values - set(usual))


def _months(found: Iterable[str]) -> list[str]:
    """Return every month from the first to the last found (empty months are gaps of 0)."""
    months = sorted(set(found))
    if not months:
        return []
    (year, month), (last_year, last_month) = (
        tuple(map(int, months[0].split("-"))),
        tuple(map(int, months[-1].split("-"))),
    )
    out = []
    while (year, month) <= (last_year, last_month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
