"""annotator JSONL: one JSON object per line, either an article or one coder's annotations.

An *article line* has ``text`` and optionally ``title``, ``date``, ``source`` and ``meta``. An
*annotation record* (what ``annotator export --format jsonl`` writes) also has ``annotator``,
``document``, ``actors`` and ``marks``; ``schemas/annotation-record.schema.json`` describes it.
A *pre-annotation* (a script's or a model's marks: ``text`` and ``marks`` without our actors
list) is read by formats/_pre_annotation.py; ``schemas/pre-annotation.schema.json`` describes it.
Offsets are Python code-point indexes into ``text``, end exclusive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.errors import ProblemCode
from annotator.core.model import AnnotatedDocument, Article
from annotator.core.resources import schema_path
from annotator.formats import _pre_annotation as pre_annotation
from annotator.formats._common import actor_to_json, mark_to_json
from annotator.formats.base import (
    ArticleError,
    AnnotationRecord,
    ArticleRecord,
    Format,
    annotation_record,
    FormatContext,
    Origin,
    ReadResult,
    is_lenient,
    json_lines,
    json_value,
    jsonl_writers,
    make_article,
    one_record,
    schema_problems,
)

if TYPE_CHECKING:
    import jsonschema

EXTENSIONS = (".jsonl", ".ndjson")
RECORD_KEYS = ("annotator", "marks", "document", "actors")


@cache
def record_validator() -> jsonschema.Draft202012Validator:
    """Return a validator for annotation records (schemas/annotation-record.schema.json)."""
    import jsonschema  # only files with annotation records need it

    schema = json.loads(schema_path("annotation-record.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def read_jsonl_file(path: Path, result: ReadResult, context: FormatContext | None = None) -> None:
    """Read articles and annotation records from a JSONL file, collecting per-line problems."""
    for record in scan_jsonl_file(path, result, context):
        if isinstance(record, ArticleRecord):
            result.articles.append(record)
        else:
            result.annotations.append(record)


def scan_jsonl_file(
    path: Path, result: ReadResult, context: FormatContext | None = None
) -> Iterator[ArticleRecord | AnnotationRecord]:
    """Yield the articles and annotation records of a JSONL file a line at a time; collect
    per-line problems and warnings in the result."""
    lenient = is_lenient(context)
    threshold = pre_annotation.min_score(context)
    for data, origin in json_lines(path, result, lenient):
        with one_record(result, lenient):
            if pre_annotation.is_pre_annotation(data):
                record = pre_annotation.read_pre_annotation(data, origin, result, threshold)
            elif any(key in data for key in RECORD_KEYS):
                record = _read_record(data, origin, result)
            else:
                record = _read_article(data, origin, result)
        if record is not None:
            yield record


def _read_article(data: dict[str, Any], origin: Origin, result: ReadResult) -> ArticleRecord | None:
    text = data.get("text")
    if not isinstance(text, str):
        message = 'missing "text" (a string) for the article'
        result.problems.append(origin.problem(message, code=ProblemCode.MISSING_TEXT))
        return None
    problems = [
        f'"{key}" must be a string'
        for key in ("title", "date", "source")
        if data.get(key) is not None and not isinstance(data[key], str)
    ]
    if data.get("meta") is not None and not isinstance(data["meta"], dict):
        problems.append('"meta" must be an object')
    if problems:
        result.problems += [origin.problem(p, code=ProblemCode.BAD_SHAPE) for p in problems]
        return None
    article = _article(data, origin, result)
    return ArticleRecord(article, origin) if article is not None else None


def _article(data: dict[str, Any], origin: Origin, result: ReadResult) -> Article | None:
    """Build the article a line describes, or record why it cannot be built."""
    try:
        return make_article(
            data["text"],
            title=data.get("title"),
            date=data.get("date"),
            source=data.get("source"),
            meta=data.get("meta"),
        )
    except ArticleError as exc:
        result.problems.append(origin.problem(str(exc), code=exc.code))
        return None


def _read_record(
    data: dict[str, Any], origin: Origin, result: ReadResult
) -> AnnotationRecord | None:
    if not result.rereading:  # ~3 ms a record: once per import is enough
        problems = schema_problems(record_validator(), data, origin)
        if problems:
            result.problems += problems
            return None
    article = _article(data, origin, result)
    if article is None:
        return None
    if article.text != data["text"]:
        result.problems.append(
            origin.problem(
                "text has CR or BOM characters; offsets would not match stored text",
                code=ProblemCode.BAD_TEXT,
            )
        )
        return None
    if data.get("id") not in (None, article.id):
        result.warnings.append(
            origin.problem(
                f"record id {data['id']} does not match its text; "
                f"the article is stored under its content hash {article.id}",
                code=ProblemCode.BAD_TEXT,
            )
        )
    return annotation_record(article, data, origin, result)


def build_record(coding: AnnotatedDocument) -> dict[str, Any]:
    """Return one coder's annotations of one article as an annotation record."""
    article, document = coding.article, coding.document
    record: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
    }
    if article.meta:  # an empty {} everywhere is a struct of no fields, which Parquet refuses
        record["meta"] = json_value(article.meta)
    return record | {
        "text": article.text,
        "annotator": coding.annotator,
        "document": {
            "focus": coding.focus,
            "tone": document.tone,
            "focus_stance": document.focus_stance,
            "topics": list(document.topics),
            "status": document.status.value,
            "note": document.note,
            "updated_at": document.updated_at or None,
        },
        "actors": [actor_to_json(a) for a in coding.actors],
        "marks": [mark_to_json(m) for m in coding.marks],
    }


# One line per article and coder, UTF-8, not ASCII-escaped, keys in a stable order.
stream_documents, write_documents = jsonl_writers(build_record)


FORMAT = Format(
    name="jsonl",
    title="annotator JSONL",
    extensions=EXTENSIONS,
    carries=frozenset(
        {"articles", "spans", "relations", "attributes", "document labels", "coders"}
    ),
    read=read_jsonl_file,
    write=write_documents,
    stream=stream_documents,
    scan=scan_jsonl_file,
    read_options=(pre_annotation.MIN_SCORE,),
)
