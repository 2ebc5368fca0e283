"""The statistics' tallies of a set of marks, counted in one pass, as ``schema.TALLY_COUNTS``
counts them (a test holds the two equal, and ``annotator check`` compares them).

Triggers keep the tallies as marks are written one at a time. A bulk load (storage/bulk.py)
drops those triggers and counts the tallies afresh here: SQLite groups by sorting, and the
five counts' sorts of a million marks took 38 s where one pass in dictionaries takes about 12.
A pull counts its staged marks on its reading thread while the project's connection writes
them (storage/staging.py); the months of articles are then looked up only when written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from annotator.storage.base import ProjectDatabase
from annotator.storage.schema import TALLY_COUNTS

# What a pass reads of each mark, in the order TallyCount.add takes it.
MARK_TALLY_COLUMNS = (
    "annotator, kind, label, coalesce(stance, ''), article_id, created_at, "
    "actor_id, speaker_id, target_id"
)


class TallyCount:
    """Tallies counted over marks, by coder, day, label, actor and month.

    Given the articles' months, marks are counted into months as they come; without them,
    into articles, which ``write`` turns into months from the project's articles.
    """

    def __init__(self, months: Mapping[str, str] | None = None) -> None:
        self.months = months
        self.days: Counter[tuple] = Counter()
        self.labels: Counter[tuple] = Counter()  # (coder, kind, label, stance, month or article)
        self.roles: Counter[tuple] = Counter()
        self.speakers: Counter[tuple] = Counter()  # (coder, speaker, month or article)
        self.first: dict[tuple[str, str], str] = {}

    def add(self, marks: Iterable[tuple]) -> None:
        """Count marks, each as MARK_TALLY_COLUMNS reads it."""
        months = self.months
        days, labels, roles, speakers, first = (
            self.days,
            self.labels,
            self.roles,
            self.speakers,
            self.first,
        )
        for coder, kind, label, stance, article, created, actor, speaker, target in marks:
            days[coder, created[:10]] += 1
            seen = first.get((article, coder))
            if seen is None or created < seen:
                first[article, coder] = created
            # As the SQL's join: a mark of no article is in no month.
            month = article if months is None else months.get(article)
            if month is not None:
                labels[coder, kind, label, stance, month] += 1
            if kind == "actor":
                if actor is not None:
                    roles[coder, "mention", actor, ""] += 1
            elif kind == "claim":
                if speaker is not None:
                    roles[coder, "speaker", speaker, ""] += 1
                    if month is not None:
                        speakers[coder, speaker, month] += 1
                if target is not None:
                    roles[coder, "target", target, ""] += 1
            elif kind == "sentiment" and target is not None:
                roles[coder, "about", target, label] += 1

    def total(self) -> int:
        """Return how many marks were counted."""
        return sum(self.days.values())

    def write(self, db: ProjectDatabase) -> None:
        """Replace the project's tallies with these counts."""
        labels, speakers = self.labels, self.speakers
        if self.months is None:  # counted into articles: into months now
            months = article_months(db)
            labels, speakers = Counter(), Counter()
            for (*key, article), n in self.labels.items():
                if (month := months.get(article)) is not None:
                    labels[(*key, month)] += n
            for (*key, article), n in self.speakers.items():
                if (month := months.get(article)) is not None:
                    speakers[(*key, month)] += n
        counted = {
            "day_tallies": _rows(self.days),
            "label_tallies": _rows(labels),
            "actor_tallies": _rows(self.roles),
            "speaker_months": _rows(speakers),
            "first_marks": [(*key, at) for key, at in self.first.items()],
        }
        assert counted.keys() == TALLY_COUNTS.keys()
        for tally, rows in counted.items():
            db.execute(f"DELETE FROM main.{tally}")
            if rows:
                placeholders = ", ".join("?" for _ in rows[0])
                db.conn.executemany(f"INSERT INTO main.{tally} VALUES ({placeholders})", rows)


def article_months(db: ProjectDatabase) -> dict[str, str]:
    """Return each article's month (YYYY-MM; empty without a date), by id."""
    rows = db.execute("SELECT id, date FROM main.articles")
    return {article: (date or "")[:7] for article, date in rows}


def recount_tallies(db: ProjectDatabase) -> None:
    """Fill every tally afresh from the project's marks."""
    count = TallyCount(article_months(db))
    count.add(db.execute(f"SELECT {MARK_TALLY_COLUMNS} FROM main.marks"))
    count.write(db)


def _rows(counter: Counter[tuple]) -> list[tuple]:
    return [(*key, n) for key, n in counter.items()]
