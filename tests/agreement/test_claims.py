"""Claim agreement: matched by overlap whatever the topic, then speaker, topic and stance."""

from __future__ import annotations

import math

from sklearn.metrics import cohen_kappa_score

from annotator.agreement import claim_agreement
from annotator.core.model import Mark, MarkKind


def claim(coder, start, end, topic, speaker, stance, n=[0]):  # noqa: B006 - an id counter
    n[0] += 1
    return Mark(
        id=str(n[0]),
        article_id="art",
        annotator=coder,
        kind=MarkKind.CLAIM,
        start=start,
        end=end,
        text="",
        label=topic,
        speaker_id=speaker,
        stance=stance,
    )


A = [
    claim("a", 0, 20, "economy", "merkel", "pro"),
    claim("a", 30, 50, "migration", "scholz", "contra"),
    claim("a", 60, 80, "economy", "merkel", "pro"),
    claim("a", 90, 100, "climate", None, "pro"),
    claim("a", 200, 220, "climate", "baerbock", "pro"),  # b has nothing here
]
B = [
    claim("b", 2, 20, "economy", "merkel", "pro"),
    claim("b", 30, 45, "economy", "scholz", "pro"),  # topic and stance differ
    claim("b", 62, 80, "economy", "lindner", "pro"),  # speaker differs
    claim("b", 90, 100, "climate", "baerbock", "neutral"),
    claim("b", 300, 310, "economy", "merkel", "pro"),  # a has nothing here
]


def test_counts_and_proportions():
    r = claim_agreement(A, B)
    assert (r.n_a, r.n_b, r.matched, r.only_a, r.only_b) == (5, 5, 4, 1, 1)
    assert r.topic.proportion == 3 / 4
    assert r.stance.proportion == 2 / 4
    # a's fourth claim has no speaker: that pair is left out of speaker agreement.
    assert r.speaker.proportion == 2 / 3
    assert (r.speaker.kappa.n_pairable, r.speaker.kappa.n_dropped) == (3, 1)


def test_kappas_match_sklearn():
    r = claim_agreement(A, B)
    topics_a, topics_b = (
        ["economy", "migration", "economy", "climate"],
        ["economy", "economy", "economy", "climate"],
    )
    assert round(r.topic.kappa.value, 3) == round(cohen_kappa_score(topics_a, topics_b), 3)
    stances_a, stances_b = ["pro", "contra", "pro", "pro"], ["pro", "pro", "pro", "neutral"]
    assert round(r.stance.kappa.value, 3) == round(cohen_kappa_score(stances_a, stances_b), 3)


def test_no_claims():
    r = claim_agreement([], [])
    assert r.matched == 0 and math.isnan(r.topic.proportion) and math.isnan(r.speaker.kappa.value)
