"""Small hand-made statement sets whose networks the tests work out by hand."""

from __future__ import annotations

from annotator.analysis.statements import Statement

ACTORS = {
    # id: (name, type)
    "A": ("Alpha", "Person"),
    "B": ("Beta", "Party"),
    "C": ("Gamma", "Person"),
    "D": ("Delta", "Country"),
}


def st(
    sid: str,
    article: str,
    day: str | None,
    speaker: str,
    topic: str,
    stance: str | None,
    start: int = 0,
    target: str | None = None,
    coder: str = "alice",
) -> Statement:
    """Return a statement of an actor of ACTORS (ids A–D) on a topic."""
    name, kind = ACTORS[speaker]
    target_name, target_type = ACTORS[target] if target else (None, None)
    return Statement(
        id=sid,
        article_id=article,
        date=day,
        coder=coder,
        speaker=speaker,
        speaker_name=name,
        speaker_type=kind,
        speaker_country=None,
        target=target,
        topic=topic,
        stance=stance,
        form=None,
        start=start,
        end=start + 5,
        text=f"claim {sid}",
        target_name=target_name,
        target_type=target_type,
        article_title=f"Article {article}",
    )


# The base set: per (actor, topic, stance), in order of date.
#   A: T1 support ×2 (d1)          → c[A] = (T1 2, T2 0), r_A = 2
#   B: T1 oppose, T2 neutral (d2)  → c[B] = (1, 1),       r_B = 2
#   C: T2 support → target A, T1 no stance → target B, T2 support (d3)
#                                  → c[C] = (1, 2),       r_C = 3
# With a qualifier used (not "ignore"), s6 (no stance) is dropped: c[C] = (0, 2), r_C = 2.
BASE = (
    st("s1", "d1", "2020-01-06", "A", "T1", "support", 0),
    st("s2", "d1", "2020-01-06", "A", "T1", "support", 10),
    st("s3", "d2", "2020-01-07", "B", "T1", "oppose", 0),
    st("s4", "d2", "2020-01-07", "B", "T2", "neutral", 10),
    st("s5", "d3", "2020-01-08", "C", "T2", "support", 0, target="A"),
    st("s6", "d3", "2020-01-08", "C", "T1", None, 10, target="B"),
    st("s7", "d3", "2020-01-08", "C", "T2", "support", 20),
)


def assert_network(network, rows, expected, columns=None) -> None:
    """Check a network's row (and column) labels and its matrix, to float precision."""
    import numpy as np

    assert list(network.row_labels) == rows
    if columns is not None:
        assert list(network.column_labels) == columns
    np.testing.assert_allclose(network.matrix, np.array(expected, dtype=float), atol=1e-12)
