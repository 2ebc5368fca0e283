"""The report equals measuring the shared articles laid end to end, the way it is defined.

Three coders' random marks (nested, duplicated, relabelled, shifted) on the bundled articles;
every span row is recomputed here on the pooled continuum with the all-pairs reference rules.
"""

from __future__ import annotations

import itertools
import math
import random

import pytest

from annotator.agreement import cohen_kappa, krippendorff_alpha
from annotator.core.model import Actor, Mark, MarkKind, new_id
from annotator.session import Session
from tests.agreement import reference

CODERS = ("alice", "bob", "carol")


def random_marks(session: Session, rng: random.Random) -> None:
    """Give each coder marks on the first three articles: a shared core, each coder's changes."""
    actors = [Actor(new_id(), f"Actor {k}", "Person") for k in range(3)]
    tagset = session.tagset
    labels = {kind: [label.name for label in tagset.spans[kind]][:3] for kind in MarkKind}
    with session.store.transaction():
        for coder in CODERS:
            session.store.ensure_annotator(coder)
        for actor in actors:
            session.store.insert_actor(actor, created_by="alice")
        for summary in session.article_summaries()[:3]:
            text = session.article(summary.id).text
            core = []
            for _ in range(rng.randint(3, 14)):
                kind = rng.choice(list(MarkKind))
                start = rng.randrange(0, len(text) - 2)
                end = min(len(text), start + rng.randint(1, 40))
                core.append((kind, start, end, rng.choice(labels[kind])))
            for coder in CODERS:
                for kind, start, end, label in core:
                    roll = rng.random()
                    if roll < 0.15:
                        continue
                    if roll < 0.3:
                        start = max(0, min(end - 1, start + rng.randint(-3, 3)))
                    elif roll < 0.4:
                        label = rng.choice(labels[kind])
                    copies = 2 if rng.random() < 0.05 else 1  # the same span twice
                    for _ in range(copies):
                        session.store.insert_mark(
                            Mark(
                                id=new_id(),
                                article_id=summary.id,
                                annotator=coder,
                                kind=kind,
                                start=start,
                                end=end,
                                text=text[start:end],
                                label=label,
                                speaker_id=rng.choice([None, *(a.id for a in actors)])
                                if kind == MarkKind.CLAIM
                                else None,
                                stance=rng.choice([None, "support", "oppose"])
                                if kind == MarkKind.CLAIM
                                else None,
                                intensity=rng.choice([None, 1, 2, 3])
                                if kind == MarkKind.SENTIMENT
                                else None,
                                created_at="2026-01-01T00:00:00.000Z",
                                updated_at="2026-01-01T00:00:00.000Z",
                            )
                        )


def pooled(session: Session, shared: list[str]) -> tuple[dict[str, list[Mark]], int]:
    """Return each coder's marks on the articles laid end to end, and the continuum's length."""
    marks: dict[str, list[Mark]] = {c: [] for c in CODERS}
    base = 0
    for article_id in shared:
        for coder in CODERS:
            marks[coder] += [
                m.with_changes(start=m.start + base, end=m.end + base)
                for m in session.store.marks_for(article_id, coder)
            ]
        base += len(session.article(article_id).text) + 1
    return marks, base


def spans(marks: list[Mark], kind: MarkKind) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.label) for m in marks if m.kind == kind]


def close(row, value: float, used: int, left_out: int) -> None:
    if math.isnan(value):
        assert math.isnan(row.value)
    else:
        assert row.value == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert (row.used, row.left_out) == (used, left_out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_span_rows_equal_the_pooled_all_pairs_reference(tmp_path, seed):
    session = Session.open(tmp_path / "p.db", "lead")
    session.import_bundled_corpus()
    random_marks(session, random.Random(seed))
    names, shared = session.agreement_scope()
    assert names == list(CODERS)
    marks, length = pooled(session, shared)
    rows = {(r.measure, r.subject, r.coders): r for r in session.agreement()}
    for a, b in itertools.combinations(CODERS, 2):
        pair = f"{a}+{b}"
        for kind in MarkKind:
            sa, sb = spans(marks[a], kind), spans(marks[b], kind)
            for mode in ("exact", "overlap"):
                m = len(reference.match(sa, sb, mode))
                total = len(sa) + len(sb)
                close(
                    rows[(f"F1 ({mode} match)", f"{kind.value} spans", pair)],
                    2 * m / total if total else math.nan,
                    m,
                    total - 2 * m,
                )
        ca = [m for m in marks[a] if m.kind == MarkKind.CLAIM]
        cb = [m for m in marks[b] if m.kind == MarkKind.CLAIM]
        matched = reference.match(
            spans(ca, MarkKind.CLAIM), spans(cb, MarkKind.CLAIM), "overlap", same_label=False
        )
        for name, field in (("speaker", "speaker_id"), ("topic", "label"), ("stance", "stance")):
            kappa = cohen_kappa(
                [getattr(ca[i], field) for i, _ in matched],
                [getattr(cb[j], field) for _, j in matched],
            )
            unmatched = len(ca) + len(cb) - 2 * len(matched)
            close(
                rows[("Cohen kappa (matched claims)", f"claim {name}", pair)],
                kappa.value,
                kappa.n_pairable,
                kappa.n_dropped + unmatched,
            )
    for kind in MarkKind:
        kept = [reference.drop_overlapping(spans(marks[c], kind)) for c in CODERS]
        dropped = sum(
            len(spans(marks[c], kind)) - len(k) for c, k in zip(CODERS, kept, strict=True)
        )
        close(
            rows[("Krippendorff alpha-u", f"{kind.value} spans", "all (3)")],
            reference.alpha_u(kept, length),
            sum(len(k) for k in kept),
            dropped,
        )
    groups = [("all (3)", CODERS)]
    groups += [(f"{a}+{b}", (a, b)) for a, b in itertools.combinations(CODERS, 2)]
    for label, coders in groups:
        sentiment = [[m for m in marks[c] if m.kind == MarkKind.SENTIMENT] for c in coders]
        units, ambiguous = reference.group([spans(s, MarkKind.SENTIMENT) for s in sentiment])
        members = [
            [None if u[c] is None else s[u[c]] for u in units] for c, s in enumerate(sentiment)
        ]
        intensity = [[m.intensity if m else None for m in row] for row in members]
        polarity = [[m.label if m else None for m in row] for row in members]
        no_intensity = sum(m is not None and m.intensity is None for row in members for m in row)
        ordinal = krippendorff_alpha(intensity, level="ordinal")
        nominal = krippendorff_alpha(polarity, level="nominal")
        close(
            rows[("Krippendorff alpha (ordinal)", "sentiment intensity", label)],
            ordinal.value,
            ordinal.n_pairable,
            ordinal.n_dropped + len(ambiguous) + no_intensity,
        )
        close(
            rows[("Krippendorff alpha", "sentiment polarity", label)],
            nominal.value,
            nominal.n_pairable,
            nominal.n_dropped + len(ambiguous),
        )
    session.close()


@pytest.mark.parametrize("seed", [4, 5])
def test_label_and_article_rows_equal_the_pooled_reference(tmp_path, seed):
    session = Session.open(tmp_path / "p.db", "lead")
    session.import_bundled_corpus()
    random_marks(session, random.Random(seed))
    names, shared = session.agreement_scope()
    marks, _length = pooled(session, shared)
    rows = {(r.measure, r.subject, r.coders): r for r in session.agreement_by_label()}
    for kind in MarkKind:
        for label in {m.label for c in CODERS for m in marks[c] if m.kind == kind}:
            of_label = {
                c: [s for s in spans(marks[c], kind) if s[2] == label] for c in CODERS
            }
            for a, b in itertools.combinations(CODERS, 2):
                m = len(reference.match(of_label[a], of_label[b], "overlap"))
                total = len(of_label[a]) + len(of_label[b])
                close(
                    rows[("F1 (overlap match)", f"{kind.value}:{label}", f"{a}+{b}")],
                    2 * m / total if total else math.nan,
                    m,
                    total - 2 * m,
                )
    by_article = {r.article_id: r for r in session.disagreement_by_article()}
    for article_id in shared:
        scores, matched, unmatched = [], 0, 0
        local = {c: session.store.marks_for(article_id, c) for c in CODERS}
        for a, b in itertools.combinations(CODERS, 2):
            sa = [(m.start, m.end, f"{m.kind}:{m.label}") for m in local[a]]
            sb = [(m.start, m.end, f"{m.kind}:{m.label}") for m in local[b]]
            m = len(reference.match(sa, sb, "overlap"))
            if sa or sb:
                scores.append(2 * m / (len(sa) + len(sb)))
            matched += m
            unmatched += len(sa) + len(sb) - 2 * m
        value = sum(scores) / len(scores) if scores else math.nan
        close(by_article[article_id], value, matched, unmatched)
    session.close()
