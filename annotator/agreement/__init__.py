"""Inter-coder agreement: pure functions over plain sequences, results as frozen dataclasses.

Document labels: :func:`cohen_kappa` (two coders), :func:`fleiss_kappa` (all coders) and
:func:`krippendorff_alpha` (all coders, missing data allowed). Spans: :func:`span_agreement`
(precision, recall and F1 under exact or overlap matching), :func:`unitizing_alpha`
(Krippendorff's alpha-u), :func:`group_spans` (several coders' spans as units, for alpha on a
mark's fields) and, with the ``gamma`` extra, :func:`gamma_agreement`. Claims:
:func:`claim_agreement` (speaker, topic and stance of matched claims). Every result says how
many items it used and how many it left out. :mod:`annotator.agreement.columns` applies the
span rules to many texts at once (:class:`SpanColumns`, :class:`PairMatcher`,
:func:`group_units`, :func:`unitizing_columns`), for a whole study's coding.
"""

from annotator.agreement.claims import (
    AttributeAgreement,
    ClaimAgreement,
    claim_agreement,
    matched_claim_agreement,
)
from annotator.agreement.columns import PairMatch, PairMatcher, SpanColumns, Units, group_units
from annotator.agreement.gamma import GammaResult, gamma_agreement, gamma_available
from annotator.agreement.nominal import (
    AlphaResult,
    KappaResult,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_table,
    krippendorff_alpha,
)
from annotator.agreement.spans import (
    SpanAgreement,
    SpanGroups,
    drop_overlapping,
    group_spans,
    match_spans,
    span_agreement,
    span_agreement_by_label,
)
from annotator.agreement.unitizing import UnitizingAlpha, unitizing_alpha, unitizing_columns

__all__ = [
    "AlphaResult",
    "AttributeAgreement",
    "ClaimAgreement",
    "GammaResult",
    "KappaResult",
    "PairMatch",
    "PairMatcher",
    "SpanAgreement",
    "SpanColumns",
    "SpanGroups",
    "UnitizingAlpha",
    "Units",
    "claim_agreement",
    "cohen_kappa",
    "drop_overlapping",
    "fleiss_kappa",
    "fleiss_kappa_from_table",
    "gamma_agreement",
    "gamma_available",
    "group_spans",
    "group_units",
    "krippendorff_alpha",
    "match_spans",
    "matched_claim_agreement",
    "span_agreement",
    "span_agreement_by_label",
    "unitizing_alpha",
    "unitizing_columns",
]
