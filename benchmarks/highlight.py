"""What highlighting costs when an article with many marks is opened, and when one mark is added.

Compares, in the same run: showing the text alone (QPlainTextEdit.setPlainText, the baseline),
showing it with 2,000 marks painted by our MarkHighlighter, and the repaint after adding one mark
(only the touched block is rehighlighted). Run:  .venv/bin/python benchmarks/highlight.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.model import Mark, MarkKind  # noqa: E402
from annotator.gui.widgets.article_view import ArticleTextView  # noqa: E402

MARKS = 2000
REPEATS = 5


def synthetic(n_marks: int) -> tuple[str, list[Mark]]:
    """Return an article of paragraphs and n actor marks spread over it."""
    paragraph = "China and Pakistan agreed to deepen cooperation on the corridor, Wang said.\n\n"
    text = paragraph * (n_marks // 2)
    marks = []
    for i in range(n_marks):
        base = (i // 2) * len(paragraph) + (0 if i % 2 == 0 else 10)
        marks.append(
            Mark(f"m{i}", "a", "bench", MarkKind.ACTOR, base, base + 5, text[base : base + 5], "Country")
        )
    return text, marks


def timed(fn) -> float:
    """Return the median seconds of fn over REPEATS runs."""
    times = []
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        fn()
        QApplication.processEvents()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    """Print the comparison table."""
    app = QApplication.instance() or QApplication([])
    text, marks = synthetic(MARKS)
    view = ArticleTextView(lambda m: "#9fd8cb")
    view.resize(900, 700)
    plain = timed(lambda: view.show_article(text, []))
    painted = timed(lambda: view.show_article(text, marks))
    extra = Mark("new", "a", "bench", MarkKind.ACTOR, 20, 28, text[20:28], "Country")
    one = timed(lambda: view.update_marks(marks + [extra], [extra]))
    print(f"{'operation':<44}{'median ms':>10}{'ratio':>8}")
    for name, seconds in (
        ("setPlainText, no marks (baseline)", plain),
        (f"open article with {MARKS} marks", painted),
        ("add one mark (rehighlight touched block)", one),
    ):
        print(f"{name:<44}{seconds * 1000:>10.2f}{seconds / plain:>8.2f}")
    del app


if __name__ == "__main__":
    main()
