"""Mathet et al.'s gamma (2015) for spans that only partly overlap, via ``pygamma-agreement``.

Optional: it needs the ``annotator[gamma]`` extra. Importing pygamma-agreement takes seconds
(numba, cvxpy), so it is imported only when a value is computed. Its expected disorder is
estimated from random samples of the continuum, so two runs may differ in the second decimal.
"""

from __future__ import annotations

import importlib.util
import logging
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from annotator.agreement.spans import Span

EXTRA_HINT = "the gamma measure needs the optional extra: pip install 'annotator[gamma]'"


@dataclass(frozen=True)
class GammaResult:
    """Gamma for several coders' spans; NaN when no coder has a span."""

    value: float
    n_coders: int
    n_units: int


def gamma_available() -> bool:
    """Say whether pygamma-agreement is installed, without importing it."""
    return importlib.util.find_spec("pygamma_agreement") is not None


def _not_cbc(record: logging.LogRecord) -> bool:
    return "CBC solver not installed" not in record.getMessage()


@contextmanager
def _quiet_solver_warning() -> Iterator[None]:
    # pygamma logs "CBC solver not installed. Using GLPK." on the root logger for every
    # alignment; GLPK gives the same alignments, so the warning only floods the terminal.
    root = logging.getLogger()
    root.addFilter(_not_cbc)
    try:
        yield
    finally:
        root.removeFilter(_not_cbc)


def gamma_agreement(
    units_by_coder: Mapping[str, Sequence[Span]], n_samples: int = 30
) -> GammaResult:
    """Return gamma for coders' ``(start, end, label)`` spans, keyed by coder name.

    Uses pygamma's default combined positional and categorical dissimilarity (alpha = beta = 1,
    categories distinct) and ``n_samples`` random continua for the expected disorder.
    Raises ImportError naming the extra when pygamma-agreement is not installed.
    """
    n_units = sum(len(spans) for spans in units_by_coder.values())
    if n_units == 0:
        return GammaResult(math.nan, len(units_by_coder), 0)
    try:
        from pyannote.core import Segment
        from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum
    except ImportError as exc:
        raise ImportError(EXTRA_HINT) from exc
    continuum = Continuum()
    for coder, spans in units_by_coder.items():
        continuum.add_annotator(coder)
        for start, end, label in spans:
            continuum.add(coder, Segment(start, end), label)
    with _quiet_solver_warning():
        result = continuum.compute_gamma(CombinedCategoricalDissimilarity(), n_samples=n_samples)
    return GammaResult(float(result.gamma), len(units_by_coder), n_units)
