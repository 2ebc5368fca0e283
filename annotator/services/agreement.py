"""Agreement between the project's coders, computed from the stored coding.

Which articles count: those every compared coder has worked on (marks or document labels).
Span measures compare each pair of coders article by article and add the counts up.

The shared articles' marks are laid end to end on one continuum (each article followed by one
separator character), so spans meet only within their own article and each measure runs once
over all of them: pair F1, Krippendorff's unitizing alpha (alpha-u: all coders, per mark kind,
and per label in :meth:`AgreementMixin.agreement_by_label`) and, on request, gamma. Alpha-u
needs one coder's spans of a label apart, so of overlapping ones (nested mentions) the earliest
is kept and the others are counted as left out. Its expected disagreement treats the continuum
as one text, so chance may place a unit across an article boundary: a small effect while spans
are short against articles.

Sentiment intensity (1–3: ordinal alpha) and polarity (nominal alpha) are compared on units of
matched sentiment marks: each pair of coders' sentiment marks is matched one to one by overlap,
ignoring polarity (best Jaccard first, as for F1), and marks linked by those matches form one
unit with at most one value per coder (:func:`annotator.agreement.group_spans`). A mark no one
matched is a unit with one value, which alpha cannot pair; it is counted as left out, as are
marks without an intensity and the marks of a group holding two marks of one coder. Pair rows
apply the same rule to the two coders alone. The tag set declares no other ordered scale (tone,
focus stance, claim stance and form are unordered lists of labels), so intensity is the only
ordinal measure.

Row strings. Measures: ``Krippendorff alpha``, ``Fleiss kappa``, ``Cohen kappa``, ``F1 (exact
match)``, ``F1 (overlap match)``, ``Cohen kappa (matched claims)``, ``Krippendorff alpha-u``,
``Krippendorff alpha (ordinal)``, ``gamma``; per coder ``mean <measure>``. Subjects: ``tone``,
``focus stance``, ``topic:<name>``, ``<kind> spans``, ``claim speaker|topic|stance``,
``sentiment intensity|polarity``, per label ``<kind>:<label>``, per coder ``document fields``
and ``claim attributes``. Coders: ``<a>+<b>`` in the order of
:meth:`AgreementMixin.agreement_scope`, ``all (<n>)``, or one coder's name.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from annotator.agreement import (
    UnitizingAlpha,
    claim_agreement,
    cohen_kappa,
    drop_overlapping,
    fleiss_kappa,
    gamma_agreement,
    gamma_available,
    group_spans,
    krippendorff_alpha,
    span_agreement,
    unitizing_alpha,
)
from annotator.agreement.gamma import EXTRA_HINT
from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentLabels, Mark, MarkKind
from annotator.services.base import SessionBase
from annotator.services.review import mean_pairwise_f1


def _field_alpha(subject: str, data: list[list[object]], everyone: str) -> AgreementRow:
    """Krippendorff's nominal alpha of one document field, all coders together."""
    alpha = krippendorff_alpha(data, level="nominal")
    return AgreementRow(
        "Krippendorff alpha", subject, everyone, alpha.value, alpha.n_pairable, alpha.n_dropped
    )


def _has_topic(name: str, labels: DocumentLabels) -> bool:
    return name in labels.topics


def _pair(a: str, b: str) -> str:
    return f"{a}+{b}"


def _is_nan(value: float) -> bool:
    return value != value


def _subject_group(row: AgreementRow) -> str:
    """Return what a coder's pair rows are averaged over: fields and claim attributes as one."""
    if row.subject in ("tone", "focus stance") or row.subject.startswith("topic:"):
        return "document fields"
    if row.measure == "Cohen kappa (matched claims)":
        return "claim attributes"
    return row.subject


@dataclass(frozen=True)
class AgreementRow:
    """One line of the report: a measure, for a field or kind, between some coders."""

    measure: str
    subject: str  # tone, topic:<name>, actor spans, actor:Person, claim speaker, article title…
    coders: str  # "alice+bob", "all (3)", or one coder (per-coder means)
    value: float
    used: int  # items, spans or pairs the measure used
    left_out: int  # …and how many it had to leave out
    article_id: str | None = None  # the article a by-article row is about


class AgreementMixin(SessionBase):
    """The numbers a methods section reports, from the project's coding."""

    def agreement_scope(self, coders: list[str] | None = None) -> tuple[list[str], list[str]]:
        """Return the coders compared (those who coded anything) and the articles all coded."""
        wanted = coders or self.store.coders_of()
        coded = {c: {a for a, _c in self.store.annotated_pairs(c, coded_only=True)} for c in wanted}
        names = [c for c in dict.fromkeys(wanted) if coded[c]]
        if not names:
            return [], []
        return names, sorted(set.intersection(*(coded[c] for c in names)))

    def agreement(self, coders: list[str] | None = None, gamma: bool = False) -> list[AgreementRow]:
        """Return agreement rows for document labels, spans, claims and sentiment between coders.

        With ``gamma`` (needs the ``annotator[gamma]`` extra; seconds per mark kind) add Mathet's
        gamma per mark kind for all coders.
        """
        names, shared = self.agreement_scope(coders)
        rows: list[AgreementRow] = []
        if len(names) < 2 or not shared:
            return rows
        if gamma and not gamma_available():
            raise AnnotatorError(EXTRA_HINT)
        everyone = f"all ({len(names)})"
        for subject, data in self._document_fields(names, shared).items():
            rows.append(_field_alpha(subject, data, everyone))
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
        pooled, length = self._pooled_marks(names, shared)
        for a, b in itertools.combinations(names, 2):
            rows += self._span_rows(a, b, pooled)
        for kind in MarkKind:
            result, dropped = self._unitizing(names, pooled, length, kind)
            rows.append(
                AgreementRow(
                    "Krippendorff alpha-u",
                    f"{kind.value} spans",
                    everyone,
                    result.value,
                    result.n_units,
                    sum(dropped.values()),
                )
            )
        rows += self._sentiment_rows(names, pooled)
        if gamma:
            for kind in MarkKind:
                units = {
                    c: [(m.start, m.end, m.label) for m in pooled[c] if m.kind == kind]
                    for c in names
                }
                g = gamma_agreement(units)
                rows.append(
                    AgreementRow("gamma", f"{kind.value} spans", everyone, g.value, g.n_units, 0)
                )
        return rows

    def agreement_by_label(self, coders: list[str] | None = None) -> list[AgreementRow]:
        """Return per-label rows: F1 per span label (all coders pooled, and pairs), field alpha.

        For each span label a coder used (``<kind>:<label>``, in tag-set order): F1 under exact
        and overlap matching pooled over every pair of coders (2 × matched / spans of both, summed
        over the pairs), then each pair's F1, then alpha-u of all coders; for each document field
        Krippendorff's alpha of all coders.
        """
        names, shared = self.agreement_scope(coders)
        if len(names) < 2 or not shared:
            return []
        everyone = f"all ({len(names)})"
        pooled, length = self._pooled_marks(names, shared)
        pairs = list(itertools.combinations(names, 2))
        rows: list[AgreementRow] = []
        for kind in MarkKind:
            spans = {
                c: [(m.start, m.end, m.label) for m in pooled[c] if m.kind == kind] for c in names
            }
            used = {s[2] for c in names for s in spans[c]}
            known = [label.name for label in self.tagset.spans[kind] if label.name in used]
            alpha_u, dropped = self._unitizing(names, pooled, length, kind)
            for label in known + sorted(used - set(known)):
                subject = f"{kind.value}:{label}"
                of_label = {c: [s for s in spans[c] if s[2] == label] for c in names}
                for mode in ("exact", "overlap"):
                    results = [span_agreement(of_label[a], of_label[b], mode) for a, b in pairs]
                    matched = sum(r.matched for r in results)
                    total = sum(r.n_a + r.n_b for r in results)
                    rows.append(
                        AgreementRow(
                            f"F1 ({mode} match)",
                            subject,
                            everyone,
                            2 * matched / total if total else math.nan,
                            matched,
                            sum(r.only_a + r.only_b for r in results),
                        )
                    )
                    for (a, b), r in zip(pairs, results, strict=True):
                        rows.append(
                            AgreementRow(
                                f"F1 ({mode} match)",
                                subject,
                                _pair(a, b),
                                r.f1,
                                r.matched,
                                r.only_a + r.only_b,
                            )
                        )
                unit = alpha_u.by_label.get(label)
                rows.append(
                    AgreementRow(
                        "Krippendorff alpha-u",
                        subject,
                        everyone,
                        unit.value if unit else math.nan,
                        unit.n_units if unit else 0,
                        dropped[label],
                    )
                )
        for subject, data in self._document_fields(names, shared).items():
            rows.append(_field_alpha(subject, data, everyone))
        return rows

    def agreement_by_coder(
        self, coders: list[str] | None = None, rows: list[AgreementRow] | None = None
    ) -> list[AgreementRow]:
        """Return, per coder, the mean of their pair rows with each other coder ("vs the rest").

        Pair rows of :meth:`agreement` (or the given ``rows``) are averaged per measure over
        the coder's pairs, NaN values left aside: Cohen kappa over all document fields as one
        ("document fields"), claim attribute kappas as one ("claim attributes"), and each span
        kind's F1 and each sentiment alpha on its own. The measure reads ``mean <measure>``, the
        coders column is the coder; used and left out add up the averaged rows' counts.
        """
        names, _shared = self.agreement_scope(coders)
        if rows is None:
            rows = self.agreement(coders)
        result: list[AgreementRow] = []
        for coder in names:
            mine = {_pair(a, b) for a, b in itertools.combinations(names, 2) if coder in (a, b)}
            groups: dict[tuple[str, str], list[AgreementRow]] = {}
            for row in rows:
                if row.coders in mine:
                    groups.setdefault((f"mean {row.measure}", _subject_group(row)), []).append(row)
            for (measure, subject), members in groups.items():
                values = [r.value for r in members if not _is_nan(r.value)]
                result.append(
                    AgreementRow(
                        measure,
                        subject,
                        coder,
                        sum(values) / len(values) if values else math.nan,
                        sum(r.used for r in members),
                        sum(r.left_out for r in members),
                    )
                )
        return result

    def pair_subjects(
        self, coders: list[str] | None = None, rows: list[AgreementRow] | None = None
    ) -> list[tuple[str, str]]:
        """Return the (measure, subject) combinations that have pair rows, in report order."""
        names, _shared = self.agreement_scope(coders)
        pairs = {_pair(a, b) for a, b in itertools.combinations(names, 2)}
        if rows is None:
            rows = self.agreement(coders)
        return list(dict.fromkeys((r.measure, r.subject) for r in rows if r.coders in pairs))

    def pairwise_matrix(
        self,
        measure: str,
        subject: str,
        coders: list[str] | None = None,
        rows: list[AgreementRow] | None = None,
    ) -> tuple[list[str], list[list[float]]]:
        """Return the coders and a coder × coder matrix of one pair measure, e.g. Cohen kappa.

        Built from the pair rows of :meth:`agreement` (or the given ``rows``, to compute the
        report once for several matrices): symmetric, 1.0 on the diagonal, NaN where the
        measure is undefined or has no row. See :meth:`pair_subjects` for what exists.
        """
        names, _shared = self.agreement_scope(coders)
        if rows is None:
            rows = self.agreement(coders)
        values = {r.coders: r.value for r in rows if (r.measure, r.subject) == (measure, subject)}
        matrix = [[1.0 if a == b else math.nan for b in names] for a in names]
        for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
            matrix[i][j] = matrix[j][i] = values.get(_pair(a, b), math.nan)
        return names, matrix

    def disagreement_by_article(self, coders: list[str] | None = None) -> list[AgreementRow]:
        """Return, per shared article, the mean overlap F1 of all marks over coder pairs.

        Sorted from the least agreement, so a reviewer starts where the coders differ most.
        Each row's ``article_id`` says which article it is.
        """
        names, shared = self.agreement_scope(coders)
        if len(names) < 2:
            return []
        rows = []
        for article_id in shared:
            marks = {c: self.store.marks_for(article_id, c) for c in names}
            value, matched, unmatched = mean_pairwise_f1(marks)
            title = self.store.get_article(article_id).title
            rows.append(
                AgreementRow(
                    "mean F1 (overlap), all marks",
                    title,
                    f"all ({len(names)})",
                    value,
                    matched,
                    unmatched,
                    article_id,
                )
            )
        return sorted(rows, key=lambda r: (r.value if r.value == r.value else 2.0, r.subject))

    def _document_fields(
        self, names: list[str], shared: list[str]
    ) -> dict[str, list[list[object]]]:
        """Return each document field's coders × articles values (None where not set)."""
        labels = {c: {a: self.store.get_document_labels(a, c) for a in shared} for c in names}
        fields: dict[str, Callable[[DocumentLabels], object]] = {
            "tone": lambda d: d.tone,
            "focus stance": lambda d: d.focus_stance,
        }
        for topic in self.tagset.topics:
            fields[f"topic:{topic.name}"] = functools.partial(_has_topic, topic.name)
        return {
            subject: [[value_of(labels[c][a]) for a in shared] for c in names]
            for subject, value_of in fields.items()
        }

    def _pooled_marks(
        self, names: list[str], articles: list[str]
    ) -> tuple[dict[str, list[Mark]], int]:
        """Return each coder's marks on the articles laid end to end, and the continuum length."""
        # One continuum, so that spans match only within their own article and one call pools
        # the counts.
        pooled: dict[str, list[Mark]] = {c: [] for c in names}
        base = 0
        for article_id in articles:
            for coder in names:
                pooled[coder] += [
                    m.with_changes(start=m.start + base, end=m.end + base)
                    for m in self.store.marks_for(article_id, coder)
                ]
            base += len(self.store.get_article(article_id).text) + 1
        return pooled, base

    @staticmethod
    def _unitizing(
        names: list[str], pooled: dict[str, list[Mark]], length: int, kind: MarkKind
    ) -> tuple[UnitizingAlpha, Counter[str]]:
        """Return alpha-u of one mark kind and, per label, the overlapping spans left out."""
        units, dropped = [], Counter[str]()
        for coder in names:
            spans = [(m.start, m.end, m.label) for m in pooled[coder] if m.kind == kind]
            kept, _ = drop_overlapping(spans)
            dropped.update(Counter(s[2] for s in spans) - Counter(s[2] for s in kept))
            units.append(kept)
        return unitizing_alpha(units, length), dropped

    @staticmethod
    def _sentiment_rows(names: list[str], pooled: dict[str, list[Mark]]) -> list[AgreementRow]:
        """Ordinal alpha of intensity and nominal alpha of polarity on matched sentiment marks."""
        rows: list[AgreementRow] = []
        groups = [(f"all ({len(names)})", names)]
        groups += [(_pair(a, b), [a, b]) for a, b in itertools.combinations(names, 2)]
        for coders_label, coders in groups:
            marks = [[m for m in pooled[c] if m.kind == MarkKind.SENTIMENT] for c in coders]
            grouped = group_spans([[(m.start, m.end, m.label) for m in ms] for ms in marks])
            intensity: list[list[object]] = [[None] * len(grouped.units) for _ in coders]
            polarity: list[list[object]] = [[None] * len(grouped.units) for _ in coders]
            no_intensity = 0
            for u, unit in enumerate(grouped.units):
                for c, k in enumerate(unit):
                    if k is not None:
                        intensity[c][u] = marks[c][k].intensity
                        polarity[c][u] = marks[c][k].label
                        no_intensity += marks[c][k].intensity is None
            ambiguous = len(grouped.ambiguous)
            ordinal = krippendorff_alpha(intensity, level="ordinal")
            nominal = krippendorff_alpha(polarity, level="nominal")
            rows.append(
                AgreementRow(
                    "Krippendorff alpha (ordinal)",
                    "sentiment intensity",
                    coders_label,
                    ordinal.value,
                    ordinal.n_pairable,
                    ordinal.n_dropped + ambiguous + no_intensity,
                )
            )
            rows.append(
                AgreementRow(
                    "Krippendorff alpha",
                    "sentiment polarity",
                    coders_label,
                    nominal.value,
                    nominal.n_pairable,
                    nominal.n_dropped + ambiguous,
                )
            )
        return rows

    @staticmethod
    def _span_rows(a: str, b: str, pooled: dict[str, list[Mark]]) -> list[AgreementRow]:
        """Span F1 per kind and claim attributes for one pair, on the pooled marks."""
        pair = _pair(a, b)
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
