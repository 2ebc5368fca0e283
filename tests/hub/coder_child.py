"""A coder at work, for the three-process test: adds, relabels and deletes their own marks,
sets statuses, and syncs every few edits, for a given time. Each edit the Session acknowledged
is written to a log (one JSON object a line, flushed) as it then stands in the project: a
mark's label and stamp, or ``deleted``; the article's status and stamp.

    python coder_child.py PROJECT CODER SECONDS LOG SEED
"""

from __future__ import annotations

import json
import random
import re
import sys
import time

from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, MarkKind
from annotator.session import Session

ACTOR_TYPES = ("Person", "Country", "Government")
POLARITIES = ("positive", "negative", "neutral")
STATUSES = (ArticleStatus.IN_PROGRESS, ArticleStatus.DONE, ArticleStatus.SKIPPED)


def main() -> None:
    path, coder, seconds, log_path, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    session = Session.open(path, coder)
    texts = {a.id: session.article(a.id).text for a in session.article_summaries()}
    names = {a: [m.span() for m in re.finditer(r"[A-Z][a-z]{3,}", t)] for a, t in texts.items()}
    mine: list[str] = []
    edits = syncs = 0
    stop = time.monotonic() + float(seconds)
    with open(log_path, "w", encoding="utf-8") as log:

        def acknowledged(**entry: object) -> None:
            log.write(json.dumps(entry) + "\n")
            log.flush()

        while time.monotonic() < stop:
            article = rng.choice(sorted(texts))
            choice = rng.random()
            try:
                if mine and choice < 0.2:
                    mark = session.store.get_mark(rng.choice(mine))
                    labels = ACTOR_TYPES if mark.kind == MarkKind.ACTOR else POLARITIES
                    label = rng.choice([x for x in labels if x != mark.label])
                    stored = session.update_mark(mark.with_changes(label=label)).mark
                    acknowledged(mark=stored.id, label=stored.label, at=stored.updated_at)
                elif mine and choice < 0.35:
                    mark_id = mine.pop(rng.randrange(len(mine)))
                    session.remove_mark(mark_id)
                    acknowledged(mark=mark_id, label="deleted")
                elif choice < 0.45:
                    session.set_status(article, rng.choice(STATUSES))
                else:
                    if rng.random() < 0.5:
                        start, end = rng.choice(names[article])
                        kind, label = MarkKind.ACTOR, rng.choice(ACTOR_TYPES)
                    else:
                        start = rng.randrange(len(texts[article]) - 40)
                        end = start + rng.randint(5, 40)
                        kind, label = MarkKind.SENTIMENT, rng.choice(POLARITIES)
                    mark, actors = session.prepare_mark(article, kind, start, end, label)
                    stored = session.add_mark(mark, actors).mark
                    mine.append(stored.id)
                    acknowledged(mark=stored.id, label=stored.label, at=stored.updated_at)
                # Adding a mark may start the article too: log its status as it now stands.
                labels = session.document_labels(article)
                acknowledged(article=article, status=labels.status.value, at=labels.updated_at)
                edits += 1
            except AnnotatorError:
                pass  # e.g. a span of white space: refused, nothing changed, nothing logged
            if rng.random() < 0.15:
                session.sync()
                syncs += 1
    session.close()
    print(f"edits={edits} syncs={syncs}", flush=True)


if __name__ == "__main__":
    main()
