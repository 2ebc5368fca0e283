"""Gamma (optional extra `annotator[gamma]`): skipped when pygamma-agreement is not installed."""

from __future__ import annotations

import math

import pytest

from annotator.agreement import gamma_agreement, gamma_available


def test_gamma_of_no_spans_is_nan_without_importing_the_library():
    result = gamma_agreement({"alice": [], "bob": []})
    assert math.isnan(result.value) and (result.n_coders, result.n_units) == (2, 0)


def test_gamma_is_one_for_identical_spans_and_lower_when_they_differ():
    pytest.importorskip("pygamma_agreement")
    assert gamma_available()
    same = [(0, 5, "Country"), (10, 18, "Person")]
    result = gamma_agreement({"alice": same, "bob": same})
    assert (result.value, result.n_coders, result.n_units) == (1.0, 2, 4)
    # bob misses one unit and adds one where alice has none: gamma is estimated, so a range.
    other = gamma_agreement(
        {"alice": same, "bob": [(0, 5, "Country"), (30, 38, "Person")]}, n_samples=10
    )
    assert -1.0 < other.value < 0.9


def test_gamma_rows_in_the_report(tmp_path):
    pytest.importorskip("pygamma_agreement")
    from annotator.core.model import MarkKind
    from annotator.session import Session
    from tests.conftest import add

    session = Session.open(tmp_path / "p.db", "alice")
    session.import_bundled_corpus()
    first = session.article_summaries()[0].id
    for coder in ("alice", "bob"):
        session.set_annotator(coder)
        add(session, first, MarkKind.ACTOR, "China", "Country")
        add(session, first, MarkKind.ACTOR, "Imran Khan", "Person")
    rows = {(r.measure, r.subject): r for r in session.agreement(gamma=True)}
    actor = rows[("gamma", "actor spans")]
    assert (actor.value, actor.used, actor.left_out, actor.coders) == (1.0, 4, 0, "all (2)")
    assert math.isnan(rows[("gamma", "claim spans")].value)
    assert ("gamma", "actor spans") not in {(r.measure, r.subject) for r in session.agreement()}
    session.close()
