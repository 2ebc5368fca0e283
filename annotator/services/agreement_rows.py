"""The agreement report's rows, built from document-label data and the articles' summed tallies.

Pure: no database, no session. :mod:`annotator.services.agreement` reads and tallies the
coding, then hands the totals here; the order of rows is the report's.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.agreement import (
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    matched_claim_agreement,
)
from annotator.core.model import MarkKind
from annotator.core.tagset import TagSet
from annotator.services.agreement_totals import KINDS, ReportTotals

ARTICLE_MEASURE = "mean F1 (overlap), all marks"


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


def pair_name(a: str, b: str) -> str:
    """Return how rows name a pair of coders."""
    return f"{a}+{b}"


def everyone(names: Sequence[str]) -> str:
    """Return how rows name all compared coders."""
    return f"all ({len(names)})"


def _f1(matched: int, n_a: int, n_b: int) -> float:
    return 2 * matched / (n_a + n_b) if n_a + n_b else math.nan


def _is_nan(value: float) -> bool:
    return value != value


def field_alpha(subject: str, data: list[list[object]], all_coders: str) -> AgreementRow:
    """Return Krippendorff's nominal alpha of one document field, all coders together."""
    alpha = krippendorff_alpha(data, level="nominal")
    return AgreementRow(
        "Krippendorff alpha", subject, all_coders, alpha.value, alpha.n_pairable, alpha.n_dropped
    )


def document_rows(names: list[str], fields: dict[str, list[list[object]]]) -> list[AgreementRow]:
    """Return alpha and Fleiss' kappa of all coders, and each pair's Cohen kappa, per field."""
    rows = []
    all_coders = everyone(names)
    for subject, data in fields.items():
        rows.append(field_alpha(subject, data, all_coders))
        fleiss = fleiss_kappa(list(zip(*data, strict=True)))
        rows.append(
            AgreementRow(
                "Fleiss kappa",
                subject,
                all_coders,
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
                    pair_name(a, b),
                    kappa.value,
                    kappa.n_pairable,
                    kappa.n_dropped,
                )
            )
    return rows


def _kind_sums(totals: ReportTotals) -> dict[str, list[int]]:
    """Return each kind's counts summed over its labels."""
    sums: dict[str, list[int]] = {}
    for (kind, _label), row in totals.spans.items():
        total = sums.setdefault(kind, [0] * len(row))
        for k, value in enumerate(row):
            total[k] += value
    return sums


def span_rows(names: list[str], totals: ReportTotals) -> list[AgreementRow]:
    """Return each pair's F1 per kind (exact, overlap) and kappas of their matched claims."""
    n, n_pairs = len(names), len(totals.pairs)
    sums = _kind_sums(totals)
    empty = [0] * (n + 2 * n_pairs)
    rows = []
    for p, (a, b) in enumerate(totals.pairs):
        pair = pair_name(names[a], names[b])
        for kind in KINDS:
            row = sums.get(kind, empty)
            n_a, n_b = row[a], row[b]
            for mode, matched in (("exact", row[n + p]), ("overlap", row[n + n_pairs + p])):
                rows.append(
                    AgreementRow(
                        f"F1 ({mode} match)",
                        f"{kind} spans",
                        pair,
                        _f1(matched, n_a, n_b),
                        matched,
                        n_a + n_b - 2 * matched,
                    )
                )
        agreement = matched_claim_agreement(*totals.claims[p])
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


def unitizing_rows(names: list[str], totals: ReportTotals) -> list[AgreementRow]:
    """Return alpha-u of all coders per kind."""
    return [
        AgreementRow(
            "Krippendorff alpha-u",
            f"{kind} spans",
            everyone(names),
            alpha.value,
            alpha.n_units,
            sum(dropped.values()),
        )
        for kind, alpha, dropped in zip(KINDS, totals.alphas, totals.dropped, strict=True)
    ]


def sentiment_rows(names: list[str], totals: ReportTotals) -> list[AgreementRow]:
    """Ordinal alpha of intensity and nominal alpha of polarity on matched sentiment marks."""
    groups = [everyone(names)] + [pair_name(names[a], names[b]) for a, b in totals.pairs]
    rows = []
    for coders_label, units in zip(groups, totals.sentiment, strict=True):
        ordinal = krippendorff_alpha(units.intensity, level="ordinal")
        nominal = krippendorff_alpha(units.polarity, level="nominal")
        rows.append(
            AgreementRow(
                "Krippendorff alpha (ordinal)",
                "sentiment intensity",
                coders_label,
                ordinal.value,
                ordinal.n_pairable,
                ordinal.n_dropped + units.ambiguous + units.no_intensity,
            )
        )
        rows.append(
            AgreementRow(
                "Krippendorff alpha",
                "sentiment polarity",
                coders_label,
                nominal.value,
                nominal.n_pairable,
                nominal.n_dropped + units.ambiguous,
            )
        )
    return rows


def label_rows(names: list[str], totals: ReportTotals, tagset: TagSet) -> list[AgreementRow]:
    """Return per span label F1 (all pairs pooled, then each pair) and alpha-u of all coders.

    Labels come in tag-set order, then any the tag set does not know, sorted.
    """
    n, n_pairs = len(names), len(totals.pairs)
    all_coders = everyone(names)
    rows = []
    for kind, alpha_u, dropped in zip(KINDS, totals.alphas, totals.dropped, strict=True):
        used = {label for k, label in totals.spans if k == kind}
        known = [label.name for label in tagset.spans[MarkKind(kind)] if label.name in used]
        for label in known + sorted(used - set(known)):
            subject = f"{kind}:{label}"
            row = totals.spans[(kind, label)]
            for mode, offset in (("exact", n), ("overlap", n + n_pairs)):
                results = [
                    (row[offset + p], row[a], row[b]) for p, (a, b) in enumerate(totals.pairs)
                ]
                matched = sum(m for m, _na, _nb in results)
                total = sum(n_a + n_b for _m, n_a, n_b in results)
                rows.append(
                    AgreementRow(
                        f"F1 ({mode} match)",
                        subject,
                        all_coders,
                        2 * matched / total if total else math.nan,
                        matched,
                        sum(n_a + n_b - 2 * m for m, n_a, n_b in results),
                    )
                )
                for (a, b), (m, n_a, n_b) in zip(totals.pairs, results, strict=True):
                    rows.append(
                        AgreementRow(
                            f"F1 ({mode} match)",
                            subject,
                            pair_name(names[a], names[b]),
                            _f1(m, n_a, n_b),
                            m,
                            n_a + n_b - 2 * m,
                        )
                    )
            unit = alpha_u.by_label.get(label)
            rows.append(
                AgreementRow(
                    "Krippendorff alpha-u",
                    subject,
                    all_coders,
                    unit.value if unit else math.nan,
                    unit.n_units if unit else 0,
                    dropped.get(label, 0),
                )
            )
    return rows


def article_rows(
    names: list[str], article_ids: Sequence[str], totals: ReportTotals, titles: dict[str, str]
) -> list[AgreementRow]:
    """Return one row per article (mean overlap F1 of all marks), least agreement first."""
    all_coders = everyone(names)
    rows = [
        AgreementRow(ARTICLE_MEASURE, titles[a], all_coders, value, matched, unmatched, a)
        for a, (value, matched, unmatched) in zip(article_ids, totals.per_article, strict=True)
    ]
    return sorted(rows, key=lambda r: (r.value if r.value == r.value else 2.0, r.subject))


def subject_group(row: AgreementRow) -> str:
    """Return what a coder's pair rows are averaged over: fields and claim attributes as one."""
    if row.subject in ("tone", "focus stance") or row.subject.startswith("topic:"):
        return "document fields"
    if row.measure == "Cohen kappa (matched claims)":
        return "claim attributes"
    return row.subject


def coder_rows(names: list[str], rows: Sequence[AgreementRow]) -> list[AgreementRow]:
    """Return, per coder, the mean of their pair rows with each other coder, per measure."""
    result: list[AgreementRow] = []
    for coder in names:
        mine = {pair_name(a, b) for a, b in itertools.combinations(names, 2) if coder in (a, b)}
        groups: dict[tuple[str, str], list[AgreementRow]] = {}
        for row in rows:
            if row.coders in mine:
                groups.setdefault((f"mean {row.measure}", subject_group(row)), []).append(row)
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


def pair_subjects(names: list[str], rows: Sequence[AgreementRow]) -> list[tuple[str, str]]:
    """Return the (measure, subject) combinations that have pair rows, in report order."""
    pairs = {pair_name(a, b) for a, b in itertools.combinations(names, 2)}
    return list(dict.fromkeys((r.measure, r.subject) for r in rows if r.coders in pairs))


def pair_matrix(
    names: list[str], rows: Sequence[AgreementRow], measure: str, subject: str
) -> list[list[float]]:
    """Return a coder × coder matrix of one pair measure: 1.0 on the diagonal, NaN if absent."""
    values = {r.coders: r.value for r in rows if (r.measure, r.subject) == (measure, subject)}
    matrix = [[1.0 if a == b else math.nan for b in names] for a in names]
    for (i, a), (j, b) in itertools.combinations(enumerate(names), 2):
        matrix[i][j] = matrix[j][i] = values.get(pair_name(a, b), math.nan)
    return matrix
