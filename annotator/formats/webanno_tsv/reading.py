"""Reading WebAnno TSV 3.x (INCEpTION's, and ours) into articles and draft records.

A file is read in steps: its lines into a ``Table`` and the text its sentences make (table.py),
the span cells of the token rows into ``_Span``s, the spans into ``DraftMark``s, and our
relation cells into the marks' speakers and targets. A file is one document: its problems and
warnings are gathered in a ``DocumentProblems`` and reach the ReadResult once it is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import ProblemCode
from annotator.core.model import Actor, Article
from annotator.core.offsets import Utf16Map
from annotator.formats._common import ROLES, DocumentProblems, strip_coder_hash
from annotator.formats._drafts import DraftMark, DraftRecord
from annotator.formats.base import (
    AnnotationRecord,
    FormatContext,
    Origin,
    ReadResult,
    is_lenient,
    read_text_or_report,
)
from annotator.formats.webanno_tsv.common import (
    ACTOR,
    CLAIM,
    OWN_SPANS,
    RELATION,
    SENTIMENT,
    split_stack,
    unescape,
)
from annotator.formats.webanno_tsv.table import Layer, Row, Table, parse_lines, rebuild_text

# DKPro Core's linguistic layers: read only when options["layers"] names them.
_LINGUISTIC = re.compile(
    r"^de\.tudarmstadt\.ukp\.dkpro\.core\.api\.(lexmorph|syntax|segmentation|coref)\."
)
_WITH_ID = re.compile(r"^(.*?)(?<!\\)\[(\d+)\]$", re.DOTALL)
_REF = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")
_EXPORTED_NAME = re.compile(r"^.+-[0-9a-f]{8}\.([^.]+)\.tsv$")

SpanKey = tuple[str, str]  # (layer, the span's id in the file or its row and stack position)


# -- the article ---------------------------------------------------------------------------


def _article(text: str, path: Path, report: DocumentProblems) -> Article | None:
    """Return the article of the rebuilt text, or None with the reason reported."""
    return report.article(text, source=path.name)


# -- spans ---------------------------------------------------------------------------------


@dataclass
class _Span:
    layer: str
    key: str
    begin: int  # UTF-16, later code points
    end: int
    line: int
    features: dict[str, str | None] = field(default_factory=dict)


@dataclass
class _Spans:
    """The spans of the layers read, by (layer, key), and the spans of a layer on each row."""

    found: dict[SpanKey, _Span] = field(default_factory=dict)
    by_row: dict[SpanKey, list[_Span]] = field(default_factory=dict)  # (layer, row address)

    def add(self, layer: str, key: str, row: Row, values: dict[str, str | None]) -> None:
        """Add a row to the span of this layer and key (a new one on its first row)."""
        span = self.found.get((layer, key))
        if span is None:
            span = self.found[(layer, key)] = _Span(
                layer, key, row.begin, row.end, row.line, values
            )
        span.begin, span.end = min(span.begin, row.begin), max(span.end, row.end)
        self.by_row.setdefault((layer, row.address), []).append(span)

    def endpoint(self, layer: str, span_id: str | None, address: str) -> _Span | None:
        """Return the span a relation names: by its id, else the only one on the row."""
        if span_id not in (None, "0"):
            return self.found.get((layer, str(span_id)))
        here = self.by_row.get((layer, address), [])
        return here[0] if len(here) == 1 else None


def _wanted(layer: Layer, context: FormatContext) -> bool:
    chosen = [x.strip() for x in context.options.get("layers", "").split(",") if x.strip()]
    if chosen:
        return layer.name in chosen or layer.name.rsplit(".", 1)[-1] in chosen
    return layer.name in OWN_SPANS or not _LINGUISTIC.match(layer.name)


def _collect_spans(table: Table, context: FormatContext, report: DocumentProblems) -> _Spans:
    """Collect the spans of the span layers read (a warning names the ones skipped)."""
    spans = _Spans()
    skipped = []
    for layer in table.layers:
        if layer.kind != "span":
            continue
        if _wanted(layer, context):
            _layer_spans(layer, table, spans)
        else:
            skipped.append(layer.name)
    if skipped:
        report.warning(
            "skipped linguistic layer(s) " + ", ".join(skipped) + " (name them with the "
            "'layers' option to import them)"
        )
    return spans


def _layer_spans(layer: Layer, table: Table, spans: _Spans) -> None:
    """Add a span layer's spans: each stack position of a row's cells is one span, which the
    rows where its id (``PER[2]``) recurs widen; one without an id is one row's."""
    feature_columns = [i for i in layer.columns if table.columns[i].kind == "span"]
    features = [table.columns[i].feature for i in feature_columns]
    for row in table.rows:
        stacks = [split_stack(row.cells[i]) for i in feature_columns]
        if all(s == ["_"] for s in stacks):
            continue
        for position in range(max(len(s) for s in stacks)):
            key, values = _stacked_span(features, stacks, position)
            span_key = key if key is not None else f"{row.address}/{position}"
            spans.add(layer.name, span_key, row, values)


def _stacked_span(
    features: list[str], stacks: list[list[str]], position: int
) -> tuple[str | None, dict[str, str | None]]:
    """Return the id and feature values of the span at a stack position of a row's cells."""
    key, values = None, {}
    for feature, stack in zip(features, stacks, strict=True):
        raw = stack[position] if position < len(stack) else "_"
        match = _WITH_ID.match(raw)
        if match:
            raw, key = match.group(1), match.group(2)
        values[feature] = None if raw in ("_", "*", "") else unescape(raw)
    return key, values


def _to_code_points(spans: _Spans, text: str, report: DocumentProblems) -> set[SpanKey]:
    """Turn the spans' UTF-16 offsets into code points; return the zero-length spans, which
    cannot be marks (each warned about)."""
    umap = Utf16Map(text)
    empty: set[SpanKey] = set()
    for key, span in spans.found.items():
        if span.begin == span.end:
            empty.add(key)
            label = next((v for v in span.features.values() if v), None)
            named = f" {label!r}" if label else ""
            report.warning(
                f"skipped a zero-length span{named} of layer {span.layer.rsplit('.', 1)[-1]}"
                f" at UTF-16 offset {span.begin} (a mark needs at least one character)",
                ProblemCode.BAD_MARK,
                span.line,
            )
        span.begin, span.end = umap.from_utf16(span.begin), umap.from_utf16(span.end)
    return empty


# -- marks ---------------------------------------------------------------------------------


def _actor_features(mark: DraftMark, span: _Span, report: DocumentProblems) -> None:
    mark.kind, mark.label = "actor", span.features.get("actorType") or ""
    mark.actor = span.features.get("actor") or None


def _claim_features(mark: DraftMark, span: _Span, report: DocumentProblems) -> None:
    features = span.features
    mark.kind, mark.label = "claim", features.get("topic") or ""
    mark.stance, mark.form = features.get("stance"), features.get("form")


def _sentiment_features(mark: DraftMark, span: _Span, report: DocumentProblems) -> None:
    intensity = span.features.get("intensity")
    if intensity is not None and not intensity.isdigit():
        message = f"sentiment intensity {intensity!r} is not a number"
        report.problem(message, ProblemCode.BAD_SHAPE, span.line)
        intensity = None
    mark.kind, mark.label = "sentiment", span.features.get("polarity") or ""
    mark.intensity = int(intensity) if intensity is not None else None


def _foreign_features(mark: DraftMark, span: _Span, report: DocumentProblems) -> None:
    """Label a span of another layer by its ``value``, else its first feature with a value,
    else the layer's short name (for ``--map-label`` to map)."""
    value = span.features.get("value")
    if value is None:
        value = next((v for v in span.features.values() if v), None)
    mark.label = value if value is not None else span.layer.rsplit(".", 1)[-1]


_LAYER_FEATURES: dict[str, Callable[[DraftMark, _Span, DocumentProblems], None]] = {
    ACTOR: _actor_features,
    CLAIM: _claim_features,
    SENTIMENT: _sentiment_features,
}


def _span_mark(span: _Span, text: str, report: DocumentProblems) -> DraftMark:
    """Return a span (in code points) as a draft mark; its ref is its layer and key."""
    mark = DraftMark(
        start=span.begin,
        end=span.end,
        text=text[span.begin : span.end],
        ref=f"{span.layer}#{span.key}",
    )
    _LAYER_FEATURES.get(span.layer, _foreign_features)(mark, span, report)
    if span.layer in OWN_SPANS and not mark.label:
        report.problem(
            f"{span.layer} span without its label feature", ProblemCode.BAD_MARK, span.line
        )
    return mark


def _mention_actor(span: _Span, mark: DraftMark) -> Actor | None:
    """Return the actor an actor mention of ours names (id, name, type), if it names one."""
    if span.layer != ACTOR or not mark.actor:
        return None
    return Actor(id=mark.actor, name=span.features.get("actorName") or mark.text, type=mark.label)


def _draft_marks(
    spans: _Spans, empty: set[SpanKey], text: str, report: DocumentProblems
) -> tuple[dict[SpanKey, DraftMark], dict[str, Actor]]:
    """Return the marks of the spans with a length, and the actors they name, by id."""
    marks: dict[SpanKey, DraftMark] = {}
    actors: dict[str, Actor] = {}
    for key, span in spans.found.items():
        if key in empty:
            continue
        mark = marks[key] = _span_mark(span, text, report)
        actor = _mention_actor(span, mark)
        if actor is not None:
            actors.setdefault(actor.id, actor)
    return marks, actors


# -- our relations -------------------------------------------------------------------------


def _read_relations(
    layer: Layer,
    table: Table,
    spans: _Spans,
    marks: dict[SpanKey, DraftMark],
    report: DocumentProblems,
) -> None:
    """Turn our ClaimRelation cells into speaker_mark / target_mark of claims and sentiments."""
    role_col = next(i for i in layer.columns if table.columns[i].feature == "role")
    ref_col = next(i for i in layer.columns if table.columns[i].kind == "ref")
    for row in table.rows:
        roles, refs = split_stack(row.cells[role_col]), split_stack(row.cells[ref_col])
        if refs == ["_"]:
            continue
        if len(roles) != len(refs):
            message = f"{len(roles)} role(s) but {len(refs)} governor reference(s)"
            report.problem(message, ProblemCode.BAD_SYNTAX, row.line)
            continue
        for role_raw, ref in zip(roles, refs, strict=True):
            role = unescape(_WITH_ID.sub(r"\1", role_raw))
            _read_relation(row, role, ref, spans, marks, report)


def _read_relation(
    row: Row,
    role: str,
    ref: str,
    spans: _Spans,
    marks: dict[SpanKey, DraftMark],
    report: DocumentProblems,
) -> None:
    """Give the claim or sentiment a relation cell names the actor mention it sits on."""
    match = _REF.match(ref)
    if not match:
        message = f"bad relation reference {ref!r} (expected like 1-2[3_4])"
        report.problem(message, ProblemCode.BAD_SYNTAX, row.line)
        return
    if role not in ROLES:
        message = f"relation role {role!r} is not 'speaker' or 'target'"
        report.problem(message, ProblemCode.BAD_MARK, row.line)
        return
    gov_address, gov_id, dep_id = match.groups()
    dependent = spans.endpoint(ACTOR, dep_id, row.address)
    governor = spans.endpoint(CLAIM, gov_id, gov_address) or spans.endpoint(
        SENTIMENT, gov_id, gov_address
    )
    if dependent is None or governor is None:
        missing = "actor mention" if dependent is None else "claim or sentiment"
        message = f"relation {ref!r}: no {missing} span at its end"
        report.problem(message, ProblemCode.UNKNOWN_REFERENCE, row.line)
        return
    skipped = [s for s in (governor, dependent) if (s.layer, s.key) not in marks]
    if skipped:  # a zero-length span, skipped with a warning: so is its relation
        report.warning(
            f"skipped a {role} relation {ref!r}: its span on line {skipped[0].line} has zero "
            "length",
            ProblemCode.BAD_MARK,
            row.line,
        )
        return
    governing = marks[(governor.layer, governor.key)]
    setattr(governing, f"{role}_mark", marks[(ACTOR, dependent.key)].ref)


# -- files ---------------------------------------------------------------------------------


def read_tsv(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a WebAnno TSV 3.x file, or every ``.tsv`` file of a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".tsv")
        if not files:
            result.problems.append(
                Origin(str(path)).problem(
                    "no .tsv files in folder", skippable=False, code=ProblemCode.UNREADABLE
                )
            )
        for file in files:
            read_tsv_file(file, result, context)
        return
    read_tsv_file(path, result, context)


def read_tsv_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read one WebAnno TSV 3.x file as one annotation record, collecting per-line problems.

    With the option ``lenient`` a file with problems is left out whole (a file is one document,
    one record), each of its problems reported as a warning.
    """
    report = DocumentProblems(str(path))
    read = _read_document(path, context, report)
    if report.settle(result, is_lenient(context)) and read is not None:
        result.annotations.append(AnnotationRecord(read[0], read[1], Origin(str(path))))


def _read_document(
    path: Path, context: FormatContext, report: DocumentProblems
) -> tuple[Article, DraftRecord] | None:
    """Return the article and draft record of a TSV file, or None when the problems it
    reports are in the way."""
    unread = ReadResult()  # read_text_or_report's problems: this document's
    content = read_text_or_report(path, unread)
    report.problems += unread.problems
    if content is None:
        return None
    lines = content.replace("\r\n", "\n").split("\n")
    if not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        message = f"not WebAnno TSV 3.x: expected '#FORMAT=WebAnno TSV 3.3', found {lines[0]!r}"
        report.problem(message, ProblemCode.BAD_SYNTAX, 1)
        return None
    table = parse_lines(lines, report)
    if not report.problems and not table.rows:
        report.problem("no token lines: nothing to import", ProblemCode.MISSING_TEXT)
    if report.problems:
        return None
    text = rebuild_text(table, report)
    article = _article(text, path, report) if not report.problems else None
    if article is None:
        return None
    draft = _draft(article.text, table, context, report)
    coder = _EXPORTED_NAME.match(path.name)
    if coder:
        # Our own export names files <title>-<id8>.<coder>.tsv: the coder comes back from there.
        draft.annotator = strip_coder_hash(coder.group(1))
    return (article, draft) if not report.problems else None


def _draft(
    text: str, table: Table, context: FormatContext, report: DocumentProblems
) -> DraftRecord:
    """Return the draft record of the spans and our relations in the token rows."""
    spans = _collect_spans(table, context, report)
    empty = _to_code_points(spans, text, report)
    marks, actors = _draft_marks(spans, empty, text, report)
    for layer in table.layers:
        if layer.kind == "relation" and layer.name == RELATION:
            _read_relations(layer, table, spans, marks, report)
    return DraftRecord(marks=list(marks.values()), actors=list(actors.values()))
