"""Agreement on claims as statements: who speaks, on which topic, with which stance.

Two coders' claims are first matched by overlap (see :func:`match_spans`), ignoring the topic so
that a topic disagreement is measured rather than turned into two unmatched claims; the speaker,
topic and stance of each matched pair are then compared.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

from annotator.agreement.nominal import KappaResult, cohen_kappa
from annotator.agreement.spans import match_spans


class ClaimLike(Protocol):
    """What a claim needs for agreement; :class:`annotator.core.model.Mark` is one."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...  # the topic
    @property
    def speaker_id(self) -> str | None: ...
    @property
    def stance(self) -> str | None: ...


@dataclass(frozen=True)
class AttributeAgreement:
    """Agreement on one attribute over matched claims.

    ``proportion`` is the share of compared pairs that agree (NaN if none); ``kappa`` is Cohen's
    kappa over the same pairs; pairs where either coder left the attribute empty are dropped and
    counted in ``kappa.n_dropped``.
    """

    name: str
    proportion: float
    kappa: KappaResult


@dataclass(frozen=True)
class ClaimAgreement:
    """Agreement on two coders' claims: matching counts and per-attribute agreement."""

    n_a: int
    n_b: int
    matched: int
    only_a: int
    only_b: int
    speaker: AttributeAgreement
    topic: AttributeAgreement
    stance: AttributeAgreement


def _attribute(
    name: str, a: Sequence[Hashable | None], b: Sequence[Hashable | None]
) -> AttributeAgreement:
    kappa = cohen_kappa(a, b)
    # Kappa's observed agreement is the share of agreeing pairs among those both rated.
    proportion = kappa.observed if kappa.n_pairable else float("nan")
    return AttributeAgreement(name, proportion, kappa)


def claim_agreement(claims_a: Sequence[ClaimLike], claims_b: Sequence[ClaimLike]) -> ClaimAgreement:
    """Match two coders' claims by overlap and return agreement on speaker, topic and stance."""
    spans_a = [(c.start, c.end, c.label) for c in claims_a]
    spans_b = [(c.start, c.end, c.label) for c in claims_b]
    pairs = match_spans(spans_a, spans_b, mode="overlap", same_label=False)
    matched_a = [claims_a[i] for i, _ in pairs]
    matched_b = [claims_b[j] for _, j in pairs]
    return matched_claim_agreement(
        len(claims_a),
        len(claims_b),
        ([c.speaker_id for c in matched_a], [c.speaker_id for c in matched_b]),
        ([c.label for c in matched_a], [c.label for c in matched_b]),
        ([c.stance for c in matched_a], [c.stance for c in matched_b]),
    )


Values = Sequence[Hashable | None]


def matched_claim_agreement(
    n_a: int,
    n_b: int,
    speakers: tuple[Values, Values],
    topics: tuple[Values, Values],
    stances: tuple[Values, Values],
) -> ClaimAgreement:
    """Return agreement on speaker, topic and stance of claims already matched.

    ``n_a`` and ``n_b`` are how many claims each coder made in all; each attribute comes as
    coder a's and coder b's values, one per matched pair, in the same order.
    """
    matched = len(speakers[0])
    return ClaimAgreement(
        n_a,
        n_b,
        matched,
        n_a - matched,
        n_b - matched,
        _attribute("speaker", *speakers),
        _attribute("topic", *topics),
        _attribute("stance", *stances),
    )
