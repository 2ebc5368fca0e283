"""Inter-coder agreement: pure functions over plain sequences, results as frozen dataclasses.

Document labels: :func:`cohen_kappa` (two coders), :func:`fleiss_kappa` (all coders) and
:func:`krippendorff_alpha` (all coders, missing data allowed). Spans: :func:`span_agreement`
(precision, recall and F1 under exact or overlap matching) and :func:`unitizing_alpha`
(Krippendorff's alpha-u). Claims: :func:`claim_agreement` (speaker, topic and stance of matched
claims). Every result says how many items it used and how many it left out.
"""

from annotator.agreement.claims import AttributeAgreement, ClaimAgreement, claim_agreement
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
    UnitizingAlpha,
    match_spans,
    span_agreement,
    span_agreement_by_label,
    unitizing_alpha,
)

__all__ = [
    "AlphaResult",
    "AttributeAgreement",
    "ClaimAgreement",
    "KappaResult",
    "SpanAgreement",
    "UnitizingAlpha",
    "claim_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "fleiss_kappa_from_table",
    "krippendorff_alpha",
    "match_spans",
    "span_agreement",
    "span_agreement_by_label",
    "unitizing_alpha",
]
