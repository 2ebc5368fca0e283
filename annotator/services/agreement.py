"""Agreement between the project's coders, computed from the stored coding.

Which articles count: those every compared coder has worked on (marks or document labels).
Span measures compare each pair of coders article by article and add the counts up.

The shared articles are one continuum, laid end to end in id order (each followed by one
separator character), so spans meet only within their own article: pair F1, Krippendorff's
unitizing alpha (alpha-u: all coders, per mark kind, and per label in
:meth:`AgreementMixin.agreement_by_label`) and, on request, gamma. The measures run on all
articles' marks at once, as columns (:mod:`annotator.services.agreement_totals`), matching
within each article by a sweep over offsets. Alpha-u needs one coder's spans of a label apart,
so of overlapping ones (nested mentions) the earliest is kept and the others are counted as
left out. Its expected disagreement treats the continuum as one text, so chance may place a
unit across an article boundary: a small effect while spans are short against articles.

The marks are read once, in one query (in table order when the shared articles are most of what
the coders coded, else article by article); the report is computed once for all its views
(:meth:`AgreementMixin.agreement_overview`). Given an :class:`AgreementCache`, an article's
marks (as the measures read them) are kept until they change (count, latest edit, row ids), so
that the window reads again only the articles whose coding changed.

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

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.core.lazy import lazy_module
from annotator.services.base import SessionBase

if TYPE_CHECKING:
    from annotator.services.agreement_rows import AgreementRow
    from annotator.services.agreement_totals import ArticleMarks, MarkTable, ReportTotals

# The measures are loaded when agreement is first computed: opening a project (the window's
# start, most commands) does not pay for importing them.
measures = lazy_module("annotator.agreement")
report_rows = lazy_module("annotator.services.agreement_rows")
report_totals = lazy_module("annotator.services.agreement_totals")


def gamma_available() -> bool:
    """Say whether gamma can be computed (the ``annotator[gamma]`` extra is installed)."""
    return bool(measures.gamma_available())


__all__ = [
    "AgreementCache",
    "AgreementCancelledError",
    "AgreementMixin",
    "AgreementOverview",
    "AgreementRow",
]

# progress(done, total) -> bool: False asks the computation to stop.
Progress = Callable[[int, int], bool]


class AgreementCancelledError(AnnotatorError):
    """The user cancelled computing agreement; nothing was changed."""


@dataclass
class AgreementCache:
    """Articles' marks kept between computations, each with the fingerprint of what it is.

    Keyed by the compared coders; a different list of coders starts afresh. One computation
    uses a cache at a time.
    """

    coders: tuple[str, ...] = ()
    articles: dict[str, tuple[object, ArticleMarks]] = field(default_factory=dict)
    reused: int = 0  # articles the last computation took from the cache
    read: int = 0  # …and those it read from the database

    def for_coders(self, coders: list[str]) -> dict[str, tuple[object, ArticleMarks]]:
        """Return the articles kept for these coders (emptied if the coders changed)."""
        if tuple(coders) != self.coders:
            self.coders = tuple(coders)
            self.articles = {}
        return self.articles


@dataclass(frozen=True)
class AgreementOverview:
    """The whole report, computed once: what the window's agreement view shows."""

    coders: list[str]
    n_articles: int
    rows: list[AgreementRow]  # as agreement()
    label_rows: list[AgreementRow]  # as agreement_by_label()
    article_rows: list[AgreementRow]  # as disagreement_by_article()

    def pair_subjects(self) -> list[tuple[str, str]]:
        """Return the (measure, subject) combinations that have pair rows, in report order."""
        return report_rows.pair_subjects(self.coders, self.rows)

    def pairwise_matrix(self, measure: str, subject: str) -> list[list[float]]:
        """Return the coder × coder matrix of one pair measure (see AgreementMixin)."""
        return report_rows.pair_matrix(self.coders, self.rows, measure, subject)


@dataclass
class _Measured:
    """What one pass over the shared articles gives."""

    totals: ReportTotals
    titles: dict[str, str]
    fields: dict[str, list[list[object]]]  # document field -> coders × articles values


class AgreementMixin(SessionBase):
    """The numbers a methods section reports, from the project's coding."""

    def agreement_scope(self, coders: list[str] | None = None) -> tuple[list[str], list[str]]:
        """Return the coders compared (those who coded anything) and the articles all coded."""
        names, shared, _coded = self._scope(coders)
        return names, shared

    def _scope(self, coders: list[str] | None) -> tuple[list[str], list[str], int]:
        """Return the coders compared, the articles all coded, and how many any of them coded."""
        wanted = list(dict.fromkeys(coders or self.store.coders_of()))
        coded = self.store.coded_articles(wanted)
        names = [c for c in wanted if coded[c]]
        if not names:
            return [], [], 0
        shared = sorted(set.intersection(*(coded[c] for c in names)))
        return names, shared, len(set.union(*(coded[c] for c in names)))

    def agreement(
        self,
        coders: list[str] | None = None,
        gamma: bool = False,
        progress: Progress | None = None,
    ) -> list[AgreementRow]:
        """Return agreement rows for document labels, spans, claims and sentiment between coders.

        With ``gamma`` (needs the ``annotator[gamma]`` extra; seconds per mark kind) add Mathet's
        gamma per mark kind for all coders. ``progress(done, total)`` hears of the articles
        measured; when it returns False the computation stops (AgreementCancelledError).
        """
        names, shared, coded = self._scope(coders)
        if len(names) < 2 or not shared:
            return []
        if gamma and not gamma_available():
            from annotator.agreement.gamma import EXTRA_HINT

            raise AnnotatorError(EXTRA_HINT)
        measured = self._measure(names, shared, coded, progress)
        rows = self._measure_rows(names, measured)
        if gamma:
            rows += self._gamma_rows(names, shared)
        return rows

    def agreement_by_label(
        self, coders: list[str] | None = None, progress: Progress | None = None
    ) -> list[AgreementRow]:
        """Return per-label rows: F1 per span label (all coders pooled, and pairs), field alpha.

        For each span label a coder used (``<kind>:<label>``, in tag-set order): F1 under exact
        and overlap matching pooled over every pair of coders (2 × matched / spans of both, summed
        over the pairs), then each pair's F1, then alpha-u of all coders; for each document field
        Krippendorff's alpha of all coders.
        """
        names, shared, coded = self._scope(coders)
        if len(names) < 2 or not shared:
            return []
        measured = self._measure(names, shared, coded, progress)
        return self._label_rows(names, measured)

    def agreement_by_coder(
        self,
        coders: list[str] | None = None,
        rows: list[AgreementRow] | None = None,
        progress: Progress | None = None,
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
            rows = self.agreement(coders, progress=progress)
        return report_rows.coder_rows(names, rows)

    def pair_subjects(
        self, coders: list[str] | None = None, rows: list[AgreementRow] | None = None
    ) -> list[tuple[str, str]]:
        """Return the (measure, subject) combinations that have pair rows, in report order."""
        names, _shared = self.agreement_scope(coders)
        if rows is None:
            rows = self.agreement(coders)
        return report_rows.pair_subjects(names, rows)

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
        return names, report_rows.pair_matrix(names, rows, measure, subject)

    def disagreement_by_article(
        self, coders: list[str] | None = None, progress: Progress | None = None
    ) -> list[AgreementRow]:
        """Return, per shared article, the mean overlap F1 of all marks over coder pairs.

        Sorted from the least agreement, so a reviewer starts where the coders differ most.
        Each row's ``article_id`` says which article it is.
        """
        names, shared, coded = self._scope(coders)
        if len(names) < 2 or not shared:
            return []
        measured = self._measure(names, shared, coded, progress)
        return report_rows.article_rows(names, shared, measured.totals, measured.titles)

    def agreement_overview(
        self,
        coders: list[str] | None = None,
        progress: Progress | None = None,
        cache: AgreementCache | None = None,
    ) -> AgreementOverview:
        """Return the report by measure, by label and by article, from one pass over the marks.

        With a ``cache``, articles whose marks did not change since it last saw them are not
        tallied again. ``progress`` as for :meth:`agreement`.
        """
        names, shared, coded = self._scope(coders)
        if len(names) < 2 or not shared:
            return AgreementOverview(names, len(shared), [], [], [])
        measured = self._measure(names, shared, coded, progress, cache)
        return AgreementOverview(
            names,
            len(shared),
            self._measure_rows(names, measured),
            self._label_rows(names, measured),
            report_rows.article_rows(names, shared, measured.totals, measured.titles),
        )

    # -- computing ---------------------------------------------------------------------------

    def _measure(
        self,
        names: list[str],
        shared: list[str],
        coded: int,
        progress: Progress | None,
        cache: AgreementCache | None = None,
    ) -> _Measured:
        """Read the shared articles' marks (or take them from the cache) and measure them.

        ``coded`` is how many articles any of the coders coded.
        """
        # One consistent state: marks a coder saves meanwhile cannot half-enter the numbers, or
        # be kept under a fingerprint they are not of.
        with self.store.snapshot():
            lengths = self.store.article_lengths(shared)
            table = self._mark_table(names, shared, coded, progress, cache)
            fields = self._document_fields(names, shared)
        # The separator after each article is part of the continuum.
        totals = report_totals.measure(table, [lengths[a][0] + 1 for a in shared], len(names))
        titles = {a: title for a, (_n, title) in lengths.items()}
        return _Measured(totals, titles, fields)

    def _mark_table(
        self,
        names: list[str],
        shared: list[str],
        coded: int,
        progress: Progress | None,
        cache: AgreementCache | None,
    ) -> MarkTable:
        """Return the shared articles' marks, reading those not cached in one query."""
        if cache is None:
            return self._read_marks(names, shared, progress, coded)
        kept = cache.for_coders(names)
        stamps = self.store.mark_fingerprints(shared, names)
        fingerprints = {a: tuple(stamps.get((a, c)) for c in names) for a in shared}
        todo = [a for a in shared if a not in kept or kept[a][0] != fingerprints[a]]
        cache.reused, cache.read = len(shared) - len(todo), len(todo)
        fresh = self._read_marks(names, todo, progress, coded).articles(len(todo))
        for article_id, marks in zip(todo, fresh, strict=True):
            kept[article_id] = (fingerprints[article_id], marks)
        if len(kept) > len(shared):
            for article_id in set(kept) - set(shared):
                del kept[article_id]
        return report_totals.MarkTable.join([kept[a][1] for a in shared])

    def _read_marks(
        self, names: list[str], articles: list[str], progress: Progress | None, coded: int
    ) -> MarkTable:
        """Return these articles' marks by the coders, read in one query.

        When the articles are most of the ``coded`` ones, the coders' marks are read in table
        order, else article by article.
        """
        total = len(articles)
        whole_table = 2 * total >= coded
        last_rowid = self.store.last_mark_rowid() if whole_table else 0

        def read_so_far(batch: list[tuple[object, ...]]) -> int:
            # Article by article, the last row's article says how far the reading is; in
            # table order, its row id against the last one.
            if whole_table:
                return min(total, int(batch[-1][9]) * total // max(last_rowid, 1))
            return int(batch[-1][0]) + 1

        def batches() -> Iterator[list[tuple[object, ...]]]:
            for batch in self.store.agreement_marks(articles, names, whole_table):
                yield batch
                if progress is not None and batch and not progress(read_so_far(batch), total):
                    raise AgreementCancelledError("agreement not computed: cancelled")
            if progress is not None and not progress(total, total):
                raise AgreementCancelledError("agreement not computed: cancelled")

        return report_totals.MarkTable.from_rows(batches(), self.store.mark_id_order)

    def _document_fields(
        self, names: list[str], shared: list[str]
    ) -> dict[str, list[list[object]]]:
        """Return each document field's coders × articles values (None where not set)."""
        values = {
            (article_id, coder): (tone, focus_stance, topics)
            for article_id, coder, tone, focus_stance, topics in self.store.document_values(
                shared, names
            )
        }
        unset = (None, None, ())
        table = [[values.get((a, c), unset) for a in shared] for c in names]
        fields = {
            "tone": [[v[0] for v in row] for row in table],
            "focus stance": [[v[1] for v in row] for row in table],
        }
        for topic in self.tagset.topics:
            fields[f"topic:{topic.name}"] = [[topic.name in v[2] for v in row] for row in table]
        return fields

    def _measure_rows(
        self, names: list[str], measured: _Measured
    ) -> list[AgreementRow]:
        """Return the report by measure, in its order."""
        rows = report_rows.document_rows(names, measured.fields)
        rows += report_rows.span_rows(names, measured.totals)
        rows += report_rows.unitizing_rows(names, measured.totals)
        rows += report_rows.sentiment_rows(names, measured.totals)
        return rows

    def _label_rows(
        self, names: list[str], measured: _Measured
    ) -> list[AgreementRow]:
        """Return the report by label, then each document field's alpha."""
        rows = report_rows.label_rows(names, measured.totals, self.tagset)
        all_coders = report_rows.everyone(names)
        for subject, data in measured.fields.items():
            rows.append(report_rows.field_alpha(subject, data, all_coders))
        return rows

    def _gamma_rows(self, names: list[str], shared: list[str]) -> list[AgreementRow]:
        """Return gamma per mark kind over the shared articles laid end to end."""
        lengths = self.store.article_lengths(shared)
        bases = list(itertools.accumulate((lengths[a][0] + 1 for a in shared), initial=0))
        table = self._read_marks(names, shared, None, len(shared))
        c = table.columns
        units: dict[int, dict[str, list[tuple[int, int, str]]]] = {
            k: {name: [] for name in names} for k in range(len(report_totals.KINDS))
        }
        for t, coder, kind, start, end, label in zip(
            c.text.tolist(),
            c.coder.tolist(),
            c.kind.tolist(),
            c.start.tolist(),
            c.end.tolist(),
            c.label.tolist(),
            strict=True,
        ):
            offset = bases[t]
            units[kind][names[coder]].append((start + offset, end + offset, table.labels[label]))
        rows = []
        for k, kind in enumerate(report_totals.KINDS):
            g = measures.gamma_agreement(units[k])
            rows.append(
                report_rows.AgreementRow(
                    "gamma", f"{kind} spans", report_rows.everyone(names), g.value, g.n_units, 0
                )
            )
        return rows


def __getattr__(name: str) -> Any:
    # AgreementRow is part of this module's interface (callers import it from here).
    if name == "AgreementRow":
        return report_rows.AgreementRow
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
