"""Agreement between the project's coders, computed from the stored coding.

Which articles count: those every compared coder has worked on (marks or document labels).
Span measures compare each pair of coders article by article and add the counts up.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from annotator.agreement import (
    claim_agreement,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    span_agreement,
)
from annotator.core.model import GOLD_ANNOTATOR, DocumentLabels, Mark, MarkKind
from annotator.services.base import SessionBase


def _has_topic(name: str, labels: DocumentLabels) -> bool:
    return name in labels.topics


@dataclass(frozen=True)
class AgreementRow:
    """One line of the report: a measure, for a field or kind, between some coders."""

    measure: str
    subject: str  # tone, focus stance, topic:<name>, actor/claim/sentiment spans, claim speaker…
    coders: str  # "alice+bob", or "all (3)"
    value: float
    used: int  # items, spans or pairs the measure used
    left_out: int  # …and how many it had to leave out


class AgreementMixin(SessionBase):
    """The numbers a methods section reports, from the project's coding."""

    def agreement(self, coders: list[str] | None = None) -> list[AgreementRow]:
        """Return agreement rows for document labels, spans and claims between coders."""
        names = coders or [c for c in self.store.annotator_names() if c != GOLD_ANNOTATOR]
        coded = {c: {a for a, coder in self.store.annotated_pairs(c)} for c in names}
        names = [c for c in names if coded[c]]
        rows: list[AgreementRow] = []
        if len(names) < 2:
            return rows
        shared = sorted(set.intersection(*(coded[c] for c in names)))
        labels = {c: {a: self.store.get_document_labels(a, c) for a in shared} for c in names}
        fields: dict[str, Callable[[DocumentLabels], object]] = {
            "tone": lambda d: d.tone,
            "focus stance": lambda d: d.focus_stance,
        }
        for topic in self.tagset.topics:
            fields[f"topic:{topic.name}"] = functools.partial(_has_topic, topic.name)
        everyone = f"all ({len(names)})"
        for subject, value_of in fields.items():
            data = [[value_of(labels[c][a]) for a in shared] for c in names]
            alpha = krippendorff_alpha(data, level="nominal")
            rows.append(
                AgreementRow(
                    "Krippendorff alpha",
                    subject,
                    everyone,
                    alpha.value,
                    alpha.n_pairable,
                    alpha.n_dropped,
                )
            )
            fleiss = fleiss_kappa([list(column) for column in zip(*data, strict=True)])
            rows.append(
                AgreementRow(
                    "Fleiss kappa",
                    subject,
                    everyone,
                    fleiss.value,
                    fleiss.n_pairable,
                    fleiss.n_dropped,
                )
            )
            for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
                kappa = cohen_kappa(data[i], data[j])
                rows.append(
                    AgreementRow(
                        "Cohen kappa",
                        subject,
                        f"{a}+{b}",
                        kappa.value,
                        kappa.n_pairable,
                        kappa.n_dropped,
                    )
                )
        for a, b in itertools.combinations(names, 2):
            rows += self._span_rows(a, b, shared)
        return rows

    def disagreement_by_article(self, coders: list[str] | None = None) -> list[AgreementRow]:
        """Return, per shared article, the mean overlap F1 of all marks over coder pairs.

        Sorted from the least agreement, so a reviewer starts where the coders differ most.
        """
        names = coders or [c for c in self.store.annotator_names() if c != GOLD_ANNOTATOR]
        coded = {c: {a for a, _coder in self.store.annotated_pairs(c)} for c in names}
        names = [c for c in names if coded[c]]
        if len(names) < 2:
            return []
        rows = []
        for article_id in sorted(set.intersection(*(coded[c] for c in names))):
            marks = {c: self.store.marks_for(article_id, c) for c in names}
            scores, matched, unmatched = [], 0, 0
            for a, b in itertools.combinations(names, 2):
                result = span_agreement(
                    [(m.start, m.end, f"{m.kind}:{m.label}") for m in marks[a]],
                    [(m.start, m.end, f"{m.kind}:{m.label}") for m in marks[b]],
                    "overlap",
                )
                if result.f1 == result.f1:  # not NaN (both coded nothing)
                    scores.append(result.f1)
                matched += result.matched
                unmatched += result.only_a + result.only_b
            value = sum(scores) / len(scores) if scores else float("nan")
            title = self.store.get_article(article_id).title
            rows.append(
                AgreementRow(
                    "mean F1 (overlap), all marks",
                    title,
                    f"all ({len(names)})",
                    value,
                    matched,
                    unmatched,
                )
            )
        return sorted(rows, key=lambda r: (r.value if r.value == r.value else 2.0, r.subject))

    def _span_rows(self, a: str, b: str, articles: list[str]) -> list[AgreementRow]:
        """Span F1 per kind and claim attributes for one pair, pooled over the articles."""
        pair = f"{a}+{b}"
        # Articles laid end to end on one continuum, so that spans match only within their
        # own article and one call pools the counts.
        pooled: dict[str, list[Mark]] = {a: [], b: []}
        base = 0
        for article_id in articles:
            for coder in (a, b):
                pooled[coder] += [
                    m.with_changes(start=m.start + base, end=m.end + base)
                    for m in self.store.marks_for(article_id, coder)
                ]
            base += len(self.store.get_article(article_id).text) + 1
        rows = []
        for kind in MarkKind:
            spans = [
                [(m.start, m.end, m.label) for m in pooled[c] if m.kind == kind] for c in (a, b)
            ]
            for mode in ("exact", "overlap"):
                result = span_agreement(spans[0], spans[1], mode)
                rows.append(
                    AgreementRow(
                        f"F1 ({mode} match)",
                        f"{kind.value} spans",
                        pair,
                        result.f1,
                        result.matched,
                        result.only_a + result.only_b,
                    )
                )
        claims = [[m for m in pooled[c] if m.kind == MarkKind.CLAIM] for c in (a, b)]
        agreement = claim_agreement(claims[0], claims[1])
        for attribute in (agreement.speaker, agreement.topic, agreement.stance):
            rows.append(
                AgreementRow(
                    "Cohen kappa (matched claims)",
                    f"claim {attribute.name}",
                    pair,
                    attribute.kappa.value,
                    attribute.kappa.n_pairable,
                    attribute.kappa.n_dropped + agreement.only_a + agreement.only_b,
                )
            )
        return rows
