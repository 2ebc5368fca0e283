"""Writing codings as doccano relation-extraction lines (one per article and coder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.core.model import AnnotatedDocument, Mark
from annotator.formats._common import actor_json, role_links, sorted_marks
from annotator.formats.base import FormatContext, json_value, jsonl_writers
from annotator.formats.doccano.common import OFFSETS, convert_offsets, document_categories, to_utf16


def build_line(coding: AnnotatedDocument) -> dict[str, Any]:
    """Return one coder's coding of one article as a doccano relation-extraction line."""
    article = coding.article
    marks = sorted_marks(coding.marks)
    entity_ids = {m.id: n for n, m in enumerate(marks, start=1)}
    relations: list[dict[str, Any]] = []
    fallback: dict[str, dict[str, str]] = {}  # mark id -> role -> actor id without a mention
    for mark, role, mention, actor_id in role_links(marks):
        if mention is None:
            fallback.setdefault(mark.id, {})[role] = actor_id
        else:
            relations.append(
                {
                    "id": len(relations) + 1,
                    "from_id": entity_ids[mark.id],
                    "to_id": entity_ids[mention.id],
                    "type": role,
                }
            )
    return {
        "text": article.text,
        "entities": [
            {"id": entity_ids[m.id], "label": m.label, "start_offset": m.start, "end_offset": m.end}
            for m in marks
        ],
        "relations": relations,
        "cats": document_categories(coding),
        "annotator": coding.annotator,
        "article_id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "meta": json_value(article.meta),
        "status": coding.document.status.value,
        "note": coding.document.note,
        "actors": actor_json(coding, with_mentions=True),
        "attributes": _attributes(marks, fallback),
    }


def _attributes(marks: list[Mark], fallback: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Return what doccano entities cannot carry, by offsets and label: stance, form,
    intensity, and the speaker or target no mention stands for."""
    attributes = []
    for mark in marks:
        values: dict[str, Any] = {
            "stance": mark.stance,
            "form": mark.form,
            "intensity": mark.intensity,
            **fallback.get(mark.id, {}),
        }
        values = {k: v for k, v in values.items() if v is not None}
        if values:
            attributes.append(
                {"start_offset": mark.start, "end_offset": mark.end, "label": mark.label, **values}
            )
    return attributes


def line_builder(context: FormatContext | None) -> Callable[[AnnotatedDocument], dict[str, Any]]:
    """Return the line builder for the context's ``offsets`` option (checked here, up front)."""
    if OFFSETS.value(context) == "codepoints":
        return build_line

    def build_utf16_line(coding: AnnotatedDocument) -> dict[str, Any]:
        line = build_line(coding)
        convert_offsets(line, to_utf16)
        return line

    return build_utf16_line


# One line per article and coder, UTF-8, not ASCII-escaped, keys in a stable order.
stream_documents, write_documents = jsonl_writers(build_line, line_builder)
