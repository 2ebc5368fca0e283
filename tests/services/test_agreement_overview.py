"""The report computed once for every view, its per-article cache, progress and cancelling."""

from __future__ import annotations

import pytest

from annotator.core.model import MarkKind
from annotator.services.agreement import AgreementCache, AgreementCancelledError
from tests.conftest import add
from tests.services.test_agreement_views import three_coders


def same(rows, others) -> bool:
    """Say whether two lists of rows are equal, NaN values included (repr is exact)."""
    return [repr(r) for r in rows] == [repr(r) for r in others]


def same_overview(one, other) -> bool:
    return (one.coders, one.n_articles) == (other.coders, other.n_articles) and all(
        same(getattr(one, part), getattr(other, part))
        for part in ("rows", "label_rows", "article_rows")
    )


@pytest.fixture
def team(tmp_path):
    session = three_coders(tmp_path / "team.db")
    yield session
    session.close()


def test_overview_is_the_three_reports_at_once(team):
    overview = team.agreement_overview()
    assert overview.coders == ["alice", "bob", "carol"]
    assert overview.n_articles == 2
    assert same(overview.rows, team.agreement())
    assert same(overview.label_rows, team.agreement_by_label())
    assert same(overview.article_rows, team.disagreement_by_article())
    _names, matrix = team.pairwise_matrix("F1 (overlap match)", "actor spans")
    assert overview.pairwise_matrix("F1 (overlap match)", "actor spans") == matrix
    assert overview.pair_subjects() == team.pair_subjects()


def test_the_cache_reads_again_only_articles_whose_marks_changed(team):
    cache = AgreementCache()
    first = team.agreement_overview(cache=cache)
    assert (cache.reused, cache.read) == (0, 2)
    assert same_overview(team.agreement_overview(cache=cache), first)
    assert (cache.reused, cache.read) == (2, 0)

    first_article = sorted(s.id for s in team.article_summaries()[:2])[0]
    team.set_annotator("carol")
    add(team, first_article, MarkKind.ACTOR, "Pakistan", "Country")
    changed = team.agreement_overview(cache=cache)
    assert (cache.reused, cache.read) == (1, 1)
    assert same_overview(changed, team.agreement_overview())  # as computed from scratch
    carol = changed.pairwise_matrix("F1 (exact match)", "actor spans")[2]
    assert carol != first.pairwise_matrix("F1 (exact match)", "actor spans")[2]

    # Removing the mark again is a change too (fewer marks), not a return to the cached past.
    mark = next(m for m in team.marks(first_article) if m.text == "Pakistan")
    team.remove_mark(mark.id)
    assert same_overview(team.agreement_overview(cache=cache), first)
    assert (cache.reused, cache.read) == (1, 1)

    # Other coders compared: the cache starts afresh.
    team.agreement_overview(["alice", "bob"], cache=cache)
    assert (cache.reused, cache.read) == (0, 2)


def test_progress_counts_the_articles_and_false_cancels(team):
    seen = []
    team.agreement(progress=lambda done, total: seen.append((done, total)) or True)
    assert seen[-1] == (2, 2)
    assert all(total == 2 and 0 <= done <= 2 for done, total in seen)
    with pytest.raises(AgreementCancelledError):
        team.agreement_overview(progress=lambda done, total: False)


def test_marks_read_article_by_article_or_in_table_order_are_the_same(team):
    """The two ways of reading the shared articles' marks give the same rows."""
    names, shared = team.agreement_scope()
    others = [s.id for s in team.article_summaries()[2:4]]
    team.set_annotator("alice")
    add(team, others[0], MarkKind.ACTOR, "China", "Country")  # not shared: left out
    articles = [*shared, others[1]]  # an article with no marks comes back empty

    def rows(whole_table):
        batches = team.store.agreement_marks(articles, names, whole_table)
        return sorted(row for batch in batches for row in batch)

    by_article = rows(False)
    assert by_article == rows(True)
    assert {row[0] for row in by_article} <= {0, 1}  # places in `articles`: shared only
    assert len(by_article) == sum(
        len(team.store.marks_for(a, c)) for a in shared for c in names
    )
