"""Reading WebAnno TSV 3.x (INCEpTION's, and ours) into articles and records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.model import Article
from annotator.core.offsets import Utf16Map
from annotator.formats._common import strip_coder_hash
from annotator.formats.base import (
    annotation_record,
    FormatContext,
    Origin,
    ReadResult,
    make_article,
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

# DKPro Core's linguistic layers: read only when options["layers"] names them.
_LINGUISTIC = re.compile(
    r"^de\.tudarmstadt\.ukp\.dkpro\.core\.api\.(lexmorph|syntax|segmentation|coref)\."
)
_TOKEN_ID = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")
_WITH_ID = re.compile(r"^(.*?)(?<!\\)\[(\d+)\]$", re.DOTALL)
_REF = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")


# -- reading -------------------------------------------------------------------------------


@dataclass
class _Column:
    layer: str
    feature: str
    kind: str  # "span", "chain", "relation", "ref" (relation governor), "slot" (link target)


@dataclass
class _Layer:
    name: str
    kind: str  # "span", "chain", "relation"
    features: list[str] = field(default_factory=list)
    base: str | None = None
    columns: list[int] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    address: str
    begin: int  # UTF-16
    end: int
    token: str
    cells: list[str]
    sentence: int


@dataclass
class _Span:
    layer: str
    key: str
    begin: int  # UTF-16, later code points
    end: int
    line: int
    features: dict[str, str | None] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)


def _parse_header(line: str, layers: list[_Layer], columns: list[_Column]) -> str | None:
    """Add a ``#T_..`` header line's layer and columns; return a problem or None."""
    prefix, _, rest = line.partition("=")
    kind = {"#T_SP": "span", "#T_CH": "chain", "#T_RL": "relation"}[prefix]
    parts = rest.split("|")
    if not parts[0]:
        return f"{prefix} line names no layer"
    layer = _Layer(parts[0], kind)
    features = parts[1:]
    i = 0
    while i < len(features):
        feat = features[i]
        if feat.startswith("BT_") and kind == "relation":
            layer.base = feat[3:]
            layer.columns.append(len(columns))
            columns.append(_Column(layer.name, "BT", "ref"))
        elif feat.startswith("ROLE_"):
            # A link (slot) feature: a role column, then a target column named by the next entry.
            layer.columns.append(len(columns))
            columns.append(_Column(layer.name, feat, "slot"))
            layer.columns.append(len(columns))
            columns.append(_Column(layer.name, feat + ":target", "slot"))
            i += 1
        else:
            layer.features.append(feat)
            layer.columns.append(len(columns))
            columns.append(_Column(layer.name, feat, kind))
        i += 1
    if kind == "span" and not layer.features and not layer.columns:
        # A span layer without features still has one column marking where it is (``*``).
        layer.columns.append(len(columns))
        columns.append(_Column(layer.name, "", "span"))
    if kind == "relation" and layer.base is None:
        return f"relation layer {layer.name} has no BT_ base type"
    layers.append(layer)
    return None


_EXPORTED_NAME = re.compile(r"^.+-[0-9a-f]{8}\.([^.]+)\.tsv$")


def read_tsv(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read a WebAnno TSV 3.x file, or every ``.tsv`` file of a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".tsv")
        if not files:
            result.problems.append(Origin(str(path)).problem("no .tsv files in folder"))
        for file in files:
            read_tsv_file(file, result, context)
        return
    read_tsv_file(path, result, context)


def read_tsv_file(path: Path, result: ReadResult, context: FormatContext) -> None:
    """Read one WebAnno TSV 3.x file as one annotation record, collecting per-line problems.

    With the option ``lenient`` a file with problems is left out whole (a file is one document,
    one record), each of its problems reported as a warning.
    """
    content = read_text_or_report(path, result)
    if content is None:
        return
    problems: list[InputProblem] = []
    warnings_before = len(result.warnings)
    read = _read_tsv_lines(path, content, result, context, problems)
    if read is not None and not problems:
        record = annotation_record(read[0], read[1], Origin(str(path)), result)
        if record is not None:
            result.annotations.append(record)
    elif context.options.get("lenient"):
        del result.warnings[warnings_before:]  # about a file that is left out
        result.warnings += [p.as_skipped() for p in problems]
    else:
        result.problems += problems


def _read_tsv_lines(
    path: Path,
    content: str,
    result: ReadResult,
    context: FormatContext,
    problems: list[InputProblem],
) -> tuple[Article, dict[str, Any]] | None:
    """Return the article and annotation record data of a TSV file's text, or None when
    ``problems`` (to which it adds what it finds) are in the way."""
    where = str(path)
    lines = content.replace("\r\n", "\n").split("\n")

    def problem(number: int | None, message: str) -> None:
        problems.append(Origin(where, number).problem(message))

    if not lines[0].startswith("#FORMAT=WebAnno TSV 3"):
        problem(1, f"not WebAnno TSV 3.x: expected '#FORMAT=WebAnno TSV 3.3', found {lines[0]!r}")
        return None
    layers: list[_Layer] = []
    columns: list[_Column] = []
    sentences: list[tuple[int, list[str]]] = []  # (line, text lines)
    rows: list[_Row] = []
    in_header = True
    for number, line in enumerate(lines[1:], start=2):
        if in_header and line.startswith(("#T_SP=", "#T_CH=", "#T_RL=")):
            message = _parse_header(line, layers, columns)
            if message:
                problem(number, message)
            continue
        if not line.strip():
            continue
        in_header = False
        if line.startswith("#Text="):
            if sentences and not rows_after(rows, sentences[-1]):
                sentences[-1][1].append(unescape(line[6:]))  # a sentence with line breaks
            else:
                sentences.append((number, [unescape(line[6:])]))
            continue
        if line.startswith("#"):
            continue  # #Sentence.id= and other sentence metadata
        fields = line.split("\t")
        if fields and fields[-1] == "":
            fields.pop()  # token lines end with a tab
        if len(fields) != 3 + len(columns):
            problem(
                number,
                f"expected {3 + len(columns)} tab-separated fields (id, offsets, token and "
                f"{len(columns)} declared column(s)), found {len(fields)}",
            )
            continue
        token_id, offsets = _TOKEN_ID.match(fields[0]), _OFFSETS.match(fields[1])
        if not token_id or not offsets:
            bad = fields[0] if not token_id else fields[1]
            problem(number, f"bad token id or offsets {bad!r} (expected like 1-2 and 5-9)")
            continue
        if not sentences:
            problem(number, "token line before any #Text= sentence line")
            continue
        begin, end = int(offsets.group(1)), int(offsets.group(2))
        if end < begin:
            problem(number, f"token offsets {begin}-{end} end before they begin")
            continue
        rows.append(
            _Row(number, fields[0], begin, end, unescape(fields[2]), fields[3:], len(sentences))
        )
    if not problems and not rows:
        problem(None, "no token lines: nothing to import")
    if problems:
        return None
    text16 = _rebuild_text(sentences, rows, problem)
    if problems:
        return None
    try:
        article = make_article(text16, source=path.name)
    except ValueError as exc:
        problems.append(Origin(where).problem(str(exc)))
        return None
    if article.text != text16:
        problem(None, "text has CR or BOM characters; offsets would not match")
        return None
    data = _annotations(article.text, layers, columns, rows, context, problem, result, where)
    if problems:
        return None
    coder = _EXPORTED_NAME.match(path.name)
    if coder and "annotator" not in data:
        # Our own export names files <title>-<id8>.<coder>.tsv: the coder comes back from there.
        data["annotator"] = strip_coder_hash(coder.group(1))
    return article, data


def rows_after(rows: list[_Row], sentence: tuple[int, list[str]]) -> bool:
    """Say whether token lines follow a sentence's ``#Text=`` line."""
    return bool(rows) and rows[-1].line > sentence[0]


def _rebuild_text(sentences: list[tuple[int, list[str]]], rows: list[_Row], problem: Any) -> str:
    """Place each sentence where its first token says; fill gaps with line breaks."""
    first_rows: dict[int, _Row] = {}
    for row in rows:
        if "." not in row.address:
            first_rows.setdefault(row.sentence, row)
    pieces: list[str] = []
    cursor = 0  # UTF-16
    for index, (line, text_lines) in enumerate(sentences, start=1):
        text = "\n".join(text_lines)
        first = first_rows.get(index)
        if first is None:
            problem(line, "sentence has no token lines; its place in the text is unknown")
            continue
        at = text.find(first.token)
        if at < 0:
            problem(first.line, f"token {first.token!r} is not in its sentence's #Text= line")
            continue
        begin = first.begin - Utf16Map(text[:at]).utf16_length
        if begin < cursor:
            problem(line, f"sentence starts at UTF-16 offset {begin}, inside the one before it")
            continue
        pieces.append("\n" * (begin - cursor))
        pieces.append(text)
        cursor = begin + Utf16Map(text).utf16_length
    full = "".join(pieces)
    umap = Utf16Map(full)
    for row in rows:
        if row.end > umap.utf16_length:
            problem(row.line, f"token offsets {row.begin}-{row.end} run past the text's end")
            continue
        found = full[umap.from_utf16(row.begin) : umap.from_utf16(row.end)]
        if found != row.token:
            problem(
                row.line,
                f"token {row.token!r} at UTF-16 {row.begin}-{row.end} does not match the "
                f"sentence text there ({found!r})",
            )
    return full


def _wanted(layer: _Layer, context: FormatContext) -> bool:
    chosen = [x.strip() for x in context.options.get("layers", "").split(",") if x.strip()]
    if chosen:
        return layer.name in chosen or layer.name.rsplit(".", 1)[-1] in chosen
    return layer.name in OWN_SPANS or not _LINGUISTIC.match(layer.name)


def _annotations(
    text: str,
    layers: list[_Layer],
    columns: list[_Column],
    rows: list[_Row],
    context: FormatContext,
    problem: Any,
    result: ReadResult,
    where: str,
) -> dict[str, Any]:
    """Collect spans and our relations from the token rows into an annotation record."""
    spans: dict[tuple[str, str], _Span] = {}
    by_row: dict[tuple[str, str], list[_Span]] = {}  # (layer, row address) -> spans there
    skipped = []
    for layer in layers:
        if layer.kind != "span":
            continue
        if not _wanted(layer, context):
            skipped.append(layer.name)
            continue
        feature_columns = [i for i in layer.columns if columns[i].kind == "span"]
        for row in rows:
            stacks = [split_stack(row.cells[i]) for i in feature_columns]
            if all(s == ["_"] for s in stacks):
                continue
            depth = max(len(s) for s in stacks)
            for position in range(depth):
                key, values = None, {}
                for col, stack in zip(feature_columns, stacks, strict=True):
                    raw = stack[position] if position < len(stack) else "_"
                    match = _WITH_ID.match(raw)
                    if match:
                        raw, key = match.group(1), match.group(2)
                    values[columns[col].feature] = None if raw in ("_", "*", "") else unescape(raw)
                span_key = key if key is not None else f"{row.address}/{position}"
                span = spans.get((layer.name, span_key))
                if span is None:
                    span = _Span(layer.name, span_key, row.begin, row.end, row.line, values)
                    spans[(layer.name, span_key)] = span
                span.begin, span.end = min(span.begin, row.begin), max(span.end, row.end)
                span.rows.append(row.address)
                by_row.setdefault((layer.name, row.address), []).append(span)
    if skipped:
        result.warnings.append(
            Origin(where).problem(
                "skipped linguistic layer(s) " + ", ".join(skipped) + " (name them with "
                "the 'layers' option to import them)"
            )
        )
    umap = Utf16Map(text)
    empty: set[tuple[str, str]] = set()  # zero-length spans: no mark (see the docstring)
    for (layer_name, key), span in spans.items():
        if span.begin == span.end:
            empty.add((layer_name, key))
            label = next((v for v in span.features.values() if v), None)
            named = f" {label!r}" if label else ""
            result.warnings.append(
                Origin(where, span.line).problem(
                    f"skipped a zero-length span{named} of layer {layer_name.rsplit('.', 1)[-1]}"
                    f" at UTF-16 offset {span.begin} (a mark needs at least one character)"
                )
            )
        span.begin, span.end = umap.from_utf16(span.begin), umap.from_utf16(span.end)
    marks: dict[tuple[str, str], dict[str, Any]] = {}
    actors: dict[str, dict[str, Any]] = {}
    for (layer_name, key), span in spans.items():
        if (layer_name, key) in empty:
            continue
        ref = f"{layer_name}#{key}"
        mark: dict[str, Any] = {
            "start": span.begin,
            "end": span.end,
            "text": text[span.begin : span.end],
            "ref": ref,
        }
        f = span.features
        if layer_name == ACTOR:
            mark.update(kind="actor", label=f.get("actorType") or "")
            actor_id = f.get("actor")
            if actor_id:
                mark["actor"] = actor_id
                actors.setdefault(
                    actor_id,
                    {
                        "id": actor_id,
                        "name": f.get("actorName") or mark["text"],
                        "type": mark["label"],
                    },
                )
        elif layer_name == CLAIM:
            mark.update(
                kind="claim", label=f.get("topic") or "", stance=f.get("stance"), form=f.get("form")
            )
        elif layer_name == SENTIMENT:
            intensity = f.get("intensity")
            if intensity is not None and not intensity.isdigit():
                problem(span.line, f"sentiment intensity {intensity!r} is not a number")
                intensity = None
            mark.update(
                kind="sentiment",
                label=f.get("polarity") or "",
                intensity=int(intensity) if intensity is not None else None,
            )
        else:
            value = f.get("value")
            if value is None:
                value = next((v for v in f.values() if v), None)
            mark["label"] = value if value is not None else layer_name.rsplit(".", 1)[-1]
        if layer_name in OWN_SPANS and not mark["label"]:
            problem(span.line, f"{layer_name} span without its label feature")
        marks[(layer_name, key)] = mark
    for layer in layers:
        if layer.kind == "relation" and layer.name == RELATION:
            _read_relations(layer, columns, rows, spans, by_row, marks, problem, result, where)
    return {"actors": list(actors.values()), "marks": list(marks.values())}


def _read_relations(
    layer: _Layer,
    columns: list[_Column],
    rows: list[_Row],
    spans: dict[tuple[str, str], _Span],
    by_row: dict[tuple[str, str], list[_Span]],
    marks: dict[tuple[str, str], dict[str, Any]],
    problem: Any,
    result: ReadResult,
    where: str,
) -> None:
    """Turn our ClaimRelation cells into speaker_mark / target_mark of claims and sentiments."""
    role_col = next(i for i in layer.columns if columns[i].feature == "role")
    ref_col = next(i for i in layer.columns if columns[i].kind == "ref")
    for row in rows:
        roles, refs = split_stack(row.cells[role_col]), split_stack(row.cells[ref_col])
        if refs == ["_"]:
            continue
        if len(roles) != len(refs):
            problem(row.line, f"{len(roles)} role(s) but {len(refs)} governor reference(s)")
            continue
        for role_raw, ref in zip(roles, refs, strict=True):
            match = _REF.match(ref)
            role = unescape(_WITH_ID.sub(r"\1", role_raw))
            if not match:
                problem(row.line, f"bad relation reference {ref!r} (expected like 1-2[3_4])")
                continue
            if role not in ("speaker", "target"):
                problem(row.line, f"relation role {role!r} is not 'speaker' or 'target'")
                continue
            gov_address, gov_id, dep_id = match.groups()
            dependent = _endpoint(ACTOR, dep_id, row.address, spans, by_row)
            governor = None
            for layer_name in (CLAIM, SENTIMENT):
                governor = governor or _endpoint(layer_name, gov_id, gov_address, spans, by_row)
            if dependent is None or governor is None:
                missing = "actor mention" if dependent is None else "claim or sentiment"
                problem(row.line, f"relation {ref!r}: no {missing} span at its end")
                continue
            skipped = [s for s in (governor, dependent) if (s.layer, s.key) not in marks]
            if skipped:  # a zero-length span, skipped with a warning: so is its relation
                result.warnings.append(
                    Origin(where, row.line).problem(
                        f"skipped a {role} relation {ref!r}: its span on line "
                        f"{skipped[0].line} has zero length"
                    )
                )
                continue
            gov_mark = marks[(governor.layer, governor.key)]
            gov_mark[f"{role}_mark"] = marks[(ACTOR, dependent.key)]["ref"]


def _endpoint(
    layer: str,
    span_id: str | None,
    address: str,
    spans: dict[tuple[str, str], _Span],
    by_row: dict[tuple[str, str], list[_Span]],
) -> _Span | None:
    if span_id not in (None, "0"):
        return spans.get((layer, str(span_id)))
    here = by_row.get((layer, address), [])
    return here[0] if len(here) == 1 else None
