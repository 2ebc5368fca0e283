"""A process editing a project through the Session as fast as it can, for the crash and
concurrency tests: prints the id of every mark the Session acknowledged (one per line, flushed),
and at the end (if it gets there) how many edits were refused.

    python editing_child.py PROJECT CODER SECONDS
"""

from __future__ import annotations

import sys
import time

from annotator.core.errors import AnnotatorError
from annotator.core.model import ArticleStatus, MarkKind
from annotator.session import Session


def main() -> None:
    path, coder, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    session = Session.open(path, coder)
    articles = [a.id for a in session.article_summaries()]
    texts = {a: session.article(a).text for a in articles}
    refused = 0
    n = 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        article_id = articles[n % len(articles)]
        text = texts[article_id]
        start = (n * 7) % max(1, len(text) - 20)
        try:
            mark, actors = session.prepare_mark(
                article_id, MarkKind.SENTIMENT, start, start + 12, "neutral"
            )
            session.add_mark(mark, actors)
            print(mark.id, flush=True)
            if n % 5 == 0:
                statuses = (ArticleStatus.IN_PROGRESS, ArticleStatus.DONE)
                session.set_status(article_id, statuses[n % 2], note=f"edit {n}")
        except AnnotatorError as exc:
            if "no text" not in str(exc):  # a stretch of white space is no refusal
                refused += 1
                print(f"refused {exc}", file=sys.stderr, flush=True)
        n += 1
    session.close()
    print(f"refused={refused}", flush=True)


if __name__ == "__main__":
    main()
